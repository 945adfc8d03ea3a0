/**
 * Pre-flight verdicts of `make deploy`, decided from recorded SDK responses without calling AWS:
 * the caller, whether AWS Config records IAM users, whether a trail feeds the real-time path, and
 * the lock-out guard. Each check says ok, warn (go on) or fail (stop before changing anything).
 *
 * @example
 * ```ts
 * preflight.lockout({ Arn: 'arn:aws:iam::1:user/alice', UserId: 'AIDA...' }, exemptions, now, false);
 * // => { check: 'lock-out', level: 'fail', message: 'you are IAM user alice, ...', hint: '...' }
 * ```
 */
import { lookup } from '../core/exemptions.ts';
import type { Exemption } from '../core/whitelist.ts';

/** `fail` stops the deploy; `warn` is printed and the deploy goes on. */
export type Level = 'ok' | 'warn' | 'fail';

/** The outcome of one check. */
export interface Verdict {
  readonly check: string;
  readonly level: Level;
  readonly message: string;
  readonly hint?: string;
}

/** `sts:GetCallerIdentity`'s answer (field names as in the API). */
export interface CallerFacts {
  readonly Account?: string | undefined;
  readonly Arn?: string | undefined;
  readonly UserId?: string | undefined;
}

/** Who is deploying, read from the caller ARN. */
export type Principal =
  | { readonly kind: 'user'; readonly name: string; readonly partition: string }
  | { readonly kind: 'root' | 'role' | 'other'; readonly partition: string };

const USER_ARN = /^arn:([\w-]+):iam::\d{12}:user\/(?:.*\/)?([\w+=,.@-]+)$/;

/** Reads the caller ARN: an IAM user (`…:user/path/name`), the root user, a role session, or other. */
export function principalOf(arn: string): Principal {
  const partition = arn.split(':')[1] ?? 'aws';
  const user = USER_ARN.exec(arn);
  if (user?.[2]) return { kind: 'user', name: user[2], partition };
  if (/^arn:[\w-]+:iam::\d{12}:root$/.test(arn)) return { kind: 'root', partition };
  if (/^arn:[\w-]+:sts::\d{12}:assumed-role\//.test(arn)) return { kind: 'role', partition };
  return { kind: 'other', partition };
}

/** The credentials work: says which account and principal the deploy runs as. */
export function caller(facts: CallerFacts): Verdict {
  if (!facts.Account || !facts.Arn || !facts.UserId) {
    return { check: 'credentials', level: 'fail', message: `GetCallerIdentity answered without Account, Arn or UserId: ${JSON.stringify(facts)}` };
  }
  return { check: 'credentials', level: 'ok', message: `account ${facts.Account} as ${facts.Arn}` };
}

/**
 * The lock-out guard: an IAM user who is not exempt gets the policy too, and then cannot update or
 * delete this stack (the policy forbids editing and detaching itself). Requires `YES=1`.
 */
export function lockout(facts: CallerFacts, exemptions: readonly Exemption[], now: Date, yes: boolean): Verdict {
  const principal = principalOf(facts.Arn ?? '');
  if (principal.kind === 'root') {
    return { check: 'lock-out', level: 'warn', message: 'you are the root user: the policy does not bind root, but deploying as root is not advisable' };
  }
  if (principal.kind !== 'user') return { check: 'lock-out', level: 'ok', message: 'the caller is not an IAM user: the policy does not bind it' };
  if (lookup(exemptions, { name: principal.name, id: facts.UserId ?? '' }, now).kind === 'exempt') return { check: 'lock-out', level: 'ok', message: `you are IAM user ${principal.name}, exempt by the whitelist` };
  const message =
    `you are IAM user ${principal.name}, not on the whitelist: the policy will be attached to you too. ` +
    'Every later call then needs an MFA session, and you can no longer update or delete this stack, ' +
    'since the policy forbids editing or detaching itself';
  const hint = 'Deploy from a role (or a whitelisted user) instead; or pass YES=1 to go ahead anyway.';
  return yes ? { check: 'lock-out', level: 'warn', message: `${message} (going ahead: YES=1)` } : { check: 'lock-out', level: 'fail', message, hint };
}

/** A recorded whitelist problem (from parse or resolve) as a failed check, every line kept. */
export function whitelistFailed(message: string): Verdict {
  return { check: 'whitelist', level: 'fail', message, hint: 'Fix the lines above (one IAM user name a line; see the header of whitelist.txt), then run again.' };
}

/** The whitelist resolved: how many users are exempt, by name. */
export function whitelistResolved(exemptions: readonly Exemption[]): Verdict {
  if (exemptions.length === 0) return { check: 'whitelist', level: 'ok', message: 'no exemptions: every IAM user gets the policy' };
  const names = exemptions.map((e) => `${e.name}${e.expires ? ` (until ${e.expires})` : ''}`).join(', ');
  return { check: 'whitelist', level: 'ok', message: `${exemptions.length} exempt: ${names}` };
}

/** Overall: whether any check failed. */
export function passed(verdicts: readonly Verdict[]): boolean {
  return verdicts.every((v) => v.level !== 'fail');
}

/** The verdicts as aligned lines, hints indented under their check. */
export function report(verdicts: readonly Verdict[]): string[] {
  const width = Math.max(...verdicts.map((v) => v.check.length));
  return verdicts.flatMap((v) => {
    const head = `  ${v.level === 'fail' ? 'FAIL' : v.level.padEnd(4)}  ${v.check.padEnd(width)}  `;
    const [first = '', ...rest] = v.message.split('\n');
    const pad = ' '.repeat(head.length);
    return [head + first, ...rest.map((line) => pad + line), ...(v.hint ? v.hint.split('\n').map((line) => `${pad}→ ${line}`) : [])];
  });
}
