/**
 * The impact preview of a `MODE=enforce` deploy, decided from the IAM credential report: the users
 * who will carry the policy while an access key of theirs was used in the last 90 days. Those are
 * the machine users whose jobs start failing: a long-term key's calls carry no MFA, so the policy
 * denies them (a user with an MFA device too, unless its jobs call through an MFA session).
 *
 * @example
 * ```ts
 * impact.keyUsers(rows, exemptions, now); // [{ user: 'bob', lastUsed: 2026-11-20…, mfa: false }]
 * ```
 */
import type { CredentialRow } from '../core/credential-report.ts';
import type { Exemption } from '../core/whitelist.ts';
import type { Verdict } from './preflight.ts';

/** How far back a key's last use counts as "in use". */
export const RECENT_DAYS = 90;

/** A user the policy will bind whose access key is in use. */
export interface KeyUser {
  readonly user: string;
  readonly lastUsed: Date;
  /** Has an MFA device: `enforced` rather than `contained`, yet its key's plain calls are denied all the same. */
  readonly mfa: boolean;
}

/** The users, not exempt, with an active access key last used within RECENT_DAYS of `now`; by name. */
export function keyUsers(rows: readonly CredentialRow[], exemptions: readonly Exemption[], now: Date): KeyUser[] {
  const exempt = new Set(exemptions.map((e) => e.name.toLowerCase()));
  const since = now.getTime() - RECENT_DAYS * 86_400_000;
  return rows
    .filter((row) => !row.isRoot && !exempt.has(row.user.toLowerCase()))
    .flatMap((row) => {
      const used = row.accessKeys.flatMap((key) => (key.active && key.lastUsedDate instanceof Date && key.lastUsedDate.getTime() >= since ? [key.lastUsedDate.getTime()] : []));
      return used.length === 0 ? [] : [{ user: row.user, lastUsed: new Date(Math.max(...used)), mfa: row.mfaActive }];
    })
    .sort((a, b) => a.user.localeCompare(b.user));
}

const SEQUENCE = 'Safer: make deploy MODE=report, then make report, whitelist the machine users (make whitelist), then make deploy MODE=enforce.';

/** The preview as a check: `warn` (the deploy then asks) when any key user will be bound, else `ok`. */
export function verdict(users: readonly KeyUser[], reportAt: Date): Verdict {
  const age = `credential report of ${reportAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (users.length === 0) return { check: 'impact', level: 'ok', message: `no user the policy will bind used an access key in the last ${RECENT_DAYS} days (${age})` };
  const lines = users.map((u) => `${u.user}: key last used ${u.lastUsed.toISOString().slice(0, 10)}${u.mfa ? ' (has MFA: only calls through an MFA session keep working)' : ', no MFA: will be contained'}`);
  return {
    check: 'impact',
    level: 'warn',
    message: [`${users.length} user(s) the policy will bind used an access key in the last ${RECENT_DAYS} days (${age}); their key calls will be denied:`, ...lines].join('\n'),
    hint: SEQUENCE,
  };
}

/** The preview could not be made: the deploy asks, since it cannot say who will lose access. */
export function unknown(reason: string): Verdict {
  return { check: 'impact', level: 'warn', message: `cannot read the IAM credential report (${reason}): which users' access keys will stop working is unknown`, hint: SEQUENCE };
}
