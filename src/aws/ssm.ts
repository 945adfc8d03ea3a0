/**
 * The whitelist parameter in SSM Parameter Store: read (cached per container), write.
 * An unreadable or malformed parameter is an error, never "nobody is exempt".
 *
 * @example
 * ```ts
 * const exemptions = ssm.cachedWhitelist(client, env.WHITELIST_PARAMETER);
 * users.classify(user, await exemptions(), policyArn, new Date());
 * ```
 */
import { GetParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { WhitelistError } from '../core/errors.ts';
import * as whitelist from '../core/whitelist.ts';
import * as whitelistParameter from '../core/whitelist-parameter.ts';
import type { Exemption } from '../core/whitelist.ts';
import { errorMessage, errorName, isParameterNotFound } from './errors.ts';

/** What the adapters need of an SSM client. */
export type Ssm = Pick<SSMClient, 'send'>;

const STANDARD_VALUE_LIMIT = whitelistParameter.STANDARD_BYTES;
const ADVANCED_VALUE_LIMIT = whitelistParameter.ADVANCED_BYTES;

/** The tier a write used: Advanced only when the value needs it (or the parameter already was: AWS cannot downgrade). */
export type Tier = 'Standard' | 'Advanced';

/** Reads and parses the whitelist parameter; WhitelistError if it is missing, empty or malformed. */
export async function readWhitelist(ssm: Ssm, parameterName: string): Promise<Exemption[]> {
  const source = sourceOf(parameterName);
  let value: string | undefined;
  try {
    value = (await ssm.send(new GetParameterCommand({ Name: parameterName }))).Parameter?.Value;
  } catch (error) {
    if (isParameterNotFound(error)) throw new WhitelistError([{ source, message: 'not found (the deploy writes it from whitelist.txt)' }]);
    throw error;
  }
  if (value === undefined) throw new WhitelistError([{ source, message: 'has no value' }]);
  return whitelist.fromParameter(value, source);
}

/** Cache settings of `cachedWhitelist`; `now` is injectable for tests. */
export interface CacheOptions {
  readonly ttlMs?: number;
  readonly now?: () => number;
}

/**
 * A reader that calls SSM at most once per TTL (concurrent callers share one read). A failed
 * read is not cached: the next call reads again.
 */
export function cachedWhitelist(ssm: Ssm, parameterName: string, { ttlMs = 60_000, now = () => Date.now() }: CacheOptions = {}): () => Promise<Exemption[]> {
  let cached: { readonly at: number; readonly read: Promise<Exemption[]> } | undefined;
  return () => {
    const at = now();
    if (!cached || at - cached.at >= ttlMs) {
      const entry = { at, read: readWhitelist(ssm, parameterName) };
      cached = entry;
      entry.read.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    // A copy, so a caller that sorts or filters the list cannot change what the next invocation sees.
    return cached.read.then((exemptions) => [...exemptions]);
  };
}

/**
 * Writes the whitelist parameter (a `String`, overwritten) in the Standard tier, or the Advanced
 * tier only when the value is over 4096 bytes. A parameter that is already Advanced stays so (AWS
 * refuses a downgrade: the write is retried as Advanced). Refuses, with a WhitelistError, a value
 * readers would reject, one over 8192 bytes, and one holding `{{…}}`, which Parameter Store rejects.
 */
export async function writeWhitelist(ssm: Ssm, parameterName: string, value: string): Promise<Tier> {
  const source = sourceOf(parameterName);
  whitelist.fromParameter(value, source);
  const bytes = new TextEncoder().encode(value).length;
  if (bytes > ADVANCED_VALUE_LIMIT) {
    const message = `the value is ${bytes} bytes; a parameter holds at most ${ADVANCED_VALUE_LIMIT} (shorten the reasons in whitelist.txt, or exempt fewer users)`;
    throw new WhitelistError([{ source, message }]);
  }
  if (/\{\{.*\}\}/s.test(value)) throw new WhitelistError([{ source, message: 'the value may not contain {{...}} (Parameter Store rejects it): remove it from the reasons in whitelist.txt' }]);
  const put = (Tier: Tier) => ssm.send(new PutParameterCommand({ Name: parameterName, Value: value, Type: 'String', Overwrite: true, Tier }));
  if (bytes > STANDARD_VALUE_LIMIT) return (await put('Advanced'), 'Advanced');
  try {
    await put('Standard');
    return 'Standard';
  } catch (error) {
    if (!isDowngradeRefused(error)) throw error;
    await put('Advanced');
    return 'Advanced';
  }
}

// "You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier."
function isDowngradeRefused(error: unknown): boolean {
  return errorName(error) === 'ValidationException' && /downgrade/i.test(errorMessage(error));
}

function sourceOf(parameterName: string): string {
  return `SSM parameter ${parameterName}`;
}
