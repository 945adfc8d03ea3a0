/**
 * Per-user states (DESIGN §1): what mfa-guard decides about one IAM user, and why.
 *
 * @example
 * ```ts
 * users.classify({ name: 'alice', id: 'AIDA...', path: '/', attachedPolicyArns: [] }, [], policyArn, now);
 * // => { kind: 'violating', reason: 'DenyActionWithoutMFA is not attached' }
 * ```
 */
import { samePolicyArn, sameUserName } from './names.ts';
import { lookup } from './exemptions.ts';
import type { Exemption } from './whitelist.ts';

/** What mfa-guard needs to know of an IAM user. */
export interface UserFacts {
  readonly name: string;
  /** The user ID, `AIDA…`: AWS Config's resource ID for `AWS::IAM::User`. */
  readonly id: string;
  readonly path: string;
  readonly attachedPolicyArns: readonly string[];
  /** The groups the user is in, where the source lists them (IAM's listing, a Config item). */
  readonly groups?: readonly string[];
  /** Number of MFA devices, or undefined where the source cannot see them (a Config item). */
  readonly mfaDevices?: number;
}

/**
 * `exempt`: on the whitelist. `violating`: policy not attached. `contained`: attached, no MFA
 * device yet. `enforced`: attached, MFA device present. `attached`: attached, MFA devices unknown
 * (a change-triggered Config evaluation cannot see them).
 */
export type UserState =
  | { readonly kind: 'exempt'; readonly reason: string; readonly exemption: Exemption }
  | { readonly kind: 'violating'; readonly reason: string }
  | { readonly kind: 'contained'; readonly reason: string }
  | { readonly kind: 'enforced'; readonly reason: string }
  | { readonly kind: 'attached'; readonly reason: string };

/** The name part of a managed policy ARN: `arn:aws:iam::1:policy/x/Name` → `Name`. */
export function policyName(policyArn: string): string {
  return policyArn.slice(policyArn.lastIndexOf('/') + 1);
}

/** Whether the user has the policy attached directly. */
export function hasPolicy(user: UserFacts, policyArn: string): boolean {
  return user.attachedPolicyArns.some((arn) => samePolicyArn(arn, policyArn));
}

/** Whether the user is in `group` (IAM group names ignore case). */
export function inGroup(user: UserFacts, group: string): boolean {
  return (user.groups ?? []).some((g) => sameUserName(g, group));
}

/**
 * Decides the state of one user. `group` is the stack's fallback group when it carries the policy:
 * a member is covered through it (users at the managed-policy quota are added to it).
 */
export function classify(user: UserFacts, exemptions: readonly Exemption[], policyArn: string, now: Date, group?: string): UserState {
  const listed = lookup(exemptions, user, now);
  const policy = policyName(policyArn);
  if (listed.kind === 'exempt') return { kind: 'exempt', reason: exemptReason(listed.exemption), exemption: listed.exemption };
  const direct = hasPolicy(user, policyArn);
  if (!direct && !(group !== undefined && inGroup(user, group))) return { kind: 'violating', reason: `${policy} is not attached` };
  const attached = direct ? `${policy} is attached` : `${policy} is attached through group ${group}`;
  if (user.mfaDevices === undefined) return { kind: 'attached', reason: `${attached} (MFA devices not visible here)` };
  if (user.mfaDevices === 0) return { kind: 'contained', reason: `${attached}; no MFA device yet, so the user can only enrol one` };
  const devices = user.mfaDevices === 1 ? '1 MFA device' : `${user.mfaDevices} MFA devices`;
  return { kind: 'enforced', reason: `${attached} and the user has ${devices}` };
}

/** Why an exempt user is left alone: `whitelisted until 2027-06-30: GitHub Actions deploys`. */
export function exemptReason(exemption: Exemption): string {
  const until = exemption.expires ? ` until ${exemption.expires}` : '';
  const why = exemption.reason ? `: ${exemption.reason}` : '';
  return `whitelisted${until}${why}`;
}

/** A user that must get the policy: attach unless exempt or already attached. */
export function needsPolicy(state: UserState): boolean {
  return state.kind === 'violating';
}
