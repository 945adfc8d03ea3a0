/**
 * The offline whitelist check (`make whitelist CHECK=1`, and `make test` on the committed file):
 * syntax, duplicates, expiries and an estimate of the parameter's size, with no AWS call and no
 * credentials. Only resolving names to user IDs needs the account (`make whitelist`).
 *
 * @example
 * ```ts
 * whitelistCheck.check('ci-deployer expires=2027-06-30 # CI\n', 'whitelist.txt', today);
 * // => { ok: true, lines: ['whitelist.txt: 1 exemption (ci-deployer until 2027-06-30), about 88 bytes of 8192; ...'] }
 * ```
 */
import { WhitelistError } from '../core/errors.ts';
import { EXPIRY_WARNING_DAYS } from '../core/report.ts';
import * as whitelist from '../core/whitelist.ts';
import { ADVANCED_BYTES, byteLength } from '../core/whitelist-parameter.ts';

/** What to print, and whether the file passed. */
export interface CheckResult {
  readonly ok: boolean;
  /** Errors (`file:line: …`), warnings, or the summary. */
  readonly lines: string[];
}

const CAPACITY_BYTES = ADVANCED_BYTES;
// An IAM user ID is AIDA and 17 more characters: the size estimate assumes that length.
const TYPICAL_USER_ID = `AIDA${'X'.repeat(17)}`;
const DAY_MS = 86_400_000;

/** Checks `text` as `source`; never calls AWS. */
export function check(text: string, source: string, today: Date): CheckResult {
  let lines: whitelist.WhitelistLine[];
  try {
    lines = whitelist.parse(text, source, today);
  } catch (error) {
    if (error instanceof WhitelistError) return { ok: false, lines: error.message.split('\n') };
    throw error;
  }
  const estimate = byteLength(whitelist.toParameter(lines.map((l) => ({ name: l.name, userId: TYPICAL_USER_ID, ...(l.expires && { expires: l.expires }), ...(l.reason && { reason: l.reason }) }))));
  const warnings = lines.flatMap((l) => {
    if (!l.expires) return [];
    const days = Math.round((Date.parse(`${l.expires}T00:00:00Z`) - Date.parse(`${today.toISOString().slice(0, 10)}T00:00:00Z`)) / DAY_MS);
    return days <= EXPIRY_WARNING_DAYS ? [`${source}:${l.line}: warning: the exemption of "${l.name}" expires on ${l.expires} (${days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`})`] : [];
  });
  if (estimate > CAPACITY_BYTES) {
    return { ok: false, lines: [...warnings, `${source}: about ${estimate} bytes once resolved, over the ${CAPACITY_BYTES} a parameter holds: shorten the reasons or exempt fewer users`] };
  }
  const count = `${lines.length} exemption${lines.length === 1 ? '' : 's'}`;
  return { ok: true, lines: [...warnings, `${source}: ${count}, syntax, duplicates and expiries ok; about ${estimate} bytes of ${CAPACITY_BYTES} once resolved (no AWS call: make whitelist resolves the names)`] };
}
