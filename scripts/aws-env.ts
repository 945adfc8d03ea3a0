/**
 * The AWS CLI's conventions, for every command that calls AWS: `AWS_DEFAULT_REGION` counts like
 * `AWS_REGION` (the JavaScript SDK reads only the latter); a profile that does not exist is said
 * so before any call; and a credentials or region problem comes with what to do, which never
 * tells an operator to pass `PROFILE=` when they did.
 *
 * @example
 * ```ts
 * awsEnv.prepare(process.env); // throws AwsSetupError('AWS profile "prod" does not exist in ...')
 * ```
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isRegionName, regionProblem } from '../src/core/names.ts';

type Env = Record<string, string | undefined>;

/** A local AWS configuration problem, found before any call. */
export class AwsSetupError extends Error {
  override name = 'AwsSetupError';
}

/** The shared config and credentials files, where the SDK looks for them. */
export function sharedFiles(env: Env): { config: string; credentials: string } {
  return {
    config: env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials'),
  };
}

/** The profile names the two files define (`[profile x]` and `[default]` in config, `[x]` in credentials). */
export function profilesIn(config: string, credentials: string): Set<string> {
  const names = new Set<string>();
  for (const line of config.split(/\r?\n/)) {
    const m = /^\s*\[\s*(profile\s+)?([^\]\s]+)\s*\]/.exec(line);
    if (m?.[2] && (m[1] || m[2] === 'default')) names.add(m[2]);
  }
  for (const line of credentials.split(/\r?\n/)) {
    const m = /^\s*\[\s*([^\]\s]+)\s*\]/.exec(line);
    if (m?.[1]) names.add(m[1]);
  }
  return names;
}

/**
 * Before any AWS call: refuses a region variable that is not a region name, applies
 * AWS_DEFAULT_REGION when AWS_REGION is unset, and refuses a profile that does not exist.
 */
export function prepare(env: Env): void {
  checkRegions(env);
  if (!env.AWS_REGION?.trim() && env.AWS_DEFAULT_REGION?.trim()) env.AWS_REGION = env.AWS_DEFAULT_REGION.trim();
  const profile = env.AWS_PROFILE?.trim();
  if (!profile) return;
  const files = sharedFiles(env);
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  if (profilesIn(read(files.config), read(files.credentials)).has(profile)) return;
  throw new AwsSetupError(`AWS profile "${profile}" does not exist in ${files.config} nor ${files.credentials}: check PROFILE (or AWS_PROFILE); \`aws configure list-profiles\` lists them`);
}

/** Refuses REGION, AWS_REGION or AWS_DEFAULT_REGION when set to something that is not a region name. */
export function checkRegions(env: Env, variables: readonly string[] = ['REGION', 'AWS_REGION', 'AWS_DEFAULT_REGION']): void {
  for (const variable of variables) {
    const value = env[variable]?.trim();
    if (value && !isRegionName(value)) throw new AwsSetupError(regionProblem(variable, value));
  }
}

/** What to do about missing or unusable credentials, given whether a profile was chosen. */
export function credentialsHint(env: Env): string {
  const profile = env.AWS_PROFILE?.trim();
  if (profile) return `profile "${profile}" gave no usable credentials: for an SSO profile run \`aws sso login --profile ${profile}\`; otherwise check its keys or role in the AWS config files`;
  return 'pass PROFILE=<profile> to make, or set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)';
}

/** What to do about a missing region. */
export function regionHint(env: Env): string {
  const profile = env.AWS_PROFILE?.trim();
  return `pass REGION=<region> (or set AWS_REGION or AWS_DEFAULT_REGION${profile ? `, or a region in profile "${profile}"` : ', or a region in your AWS profile'})`;
}

/** The line for an SDK error that is about local setup (no credentials, no region), else undefined. */
export function explainSetup(error: unknown, env: Env): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'CredentialsProviderError') return `no usable AWS credentials (${error.name}: ${error.message}): ${credentialsHint(env)}`;
  if (error.message === 'Region is missing') return `no AWS region: ${regionHint(env)}`;
  return undefined;
}
