/**
 * What the operator entry points share: yes/no variables, the terminal as two streams, the clients
 * for a region, and the exit code 2 with a plain message for any error.
 */
import process from 'node:process';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { iamClient, OPTIONS, ssmClient } from '../../src/aws/clients.ts';

/** Where a command writes: results to `out` (stdout), progress and context to `err` (stderr). */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** The process's stdout and stderr. */
export const stdio: Output = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** A yes/no make variable (`JSON=1`, `APPLY=1`): 1/true/yes or 0/false/no/unset; anything else throws. */
export function flag(env: Readonly<Record<string, string | undefined>>, name: string): boolean {
  const value = env[name]?.trim().toLowerCase() ?? '';
  if (['', '0', 'false', 'no'].includes(value)) return false;
  if (['1', 'true', 'yes'].includes(value)) return true;
  throw new Error(`${name}="${env[name]}" is neither 1 nor 0`);
}

/** The operator's clients: the Lambdas' retry settings (adaptive, bounded), in `region` (undefined: the SDK's own resolution). */
export function operatorClients(region: string | undefined) {
  const setup = region ? { region } : {};
  return { iam: iamClient(setup), ssm: ssmClient(setup), cfn: new CloudFormationClient({ ...OPTIONS, ...setup }) };
}

/**
 * The line an entry point prints for `error`: `Name: message`, with what to do when the SDK found
 * no region or no credentials (its own messages name neither PROFILE nor REGION).
 */
export function explain(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const text = `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
  if (error.name === 'CredentialsProviderError') return `no usable AWS credentials (${text}): pass PROFILE=<profile> to make, or set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)`;
  if (error.message === 'Region is missing') return 'no AWS region: pass REGION=<region> (or set AWS_REGION, or a region in your AWS profile)';
  return text;
}

/** Runs an entry point: its exit code, or 2 with `command: message` (see `explain`) on stderr for any error. */
export function runMain(command: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${command}: ${explain(error)}\n`);
      process.exitCode = 2;
    },
  );
}
