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
import type { Exemption } from '../core/whitelist.ts';
import { isParameterNotFound } from './errors.ts';

/** What the adapters need of an SSM client. */
export type Ssm = Pick<SSMClient, 'send'>;

/** A Standard parameter's value holds at most 4 KB (Advanced: 8 KB, and charged). */
export const STANDARD_VALUE_LIMIT = 4096;

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
 * Writes the whitelist parameter (a Standard `String`, overwritten). Refuses, with a WhitelistError,
 * a value readers would reject, one over 4096 bytes (mfa-guard does not create charged Advanced
 * parameters), and one holding `{{…}}`, which Parameter Store does not accept in a value.
 */
export async function writeWhitelist(ssm: Ssm, parameterName: string, value: string): Promise<void> {
  const source = sourceOf(parameterName);
  whitelist.fromParameter(value, source);
  const bytes = new TextEncoder().encode(value).length;
  if (bytes > STANDARD_VALUE_LIMIT) {
    const message = `the value is ${bytes} bytes; a Standard parameter holds at most ${STANDARD_VALUE_LIMIT} (shorten the reasons in whitelist.txt, or exempt fewer users)`;
    throw new WhitelistError([{ source, message }]);
  }
  if (/\{\{.*\}\}/s.test(value)) throw new WhitelistError([{ source, message: 'the value may not contain {{...}} (Parameter Store rejects it): remove it from the reasons in whitelist.txt' }]);
  await ssm.send(new PutParameterCommand({ Name: parameterName, Value: value, Type: 'String', Overwrite: true, Tier: 'Standard' }));
}

function sourceOf(parameterName: string): string {
  return `SSM parameter ${parameterName}`;
}
