/**
 * What the enforcer and remediation must do to users: the pure half of every attach.
 *
 * @example
 * ```ts
 * const plan = enforcement.plan(users, exemptions, policyArn, now);
 * for (const user of plan.attach) await iam.attachPolicy(client, user.name, policyArn);
 * ```
 */
import { sameUserName } from './names.ts';
import { classify, needsPolicy, type UserFacts, type UserState } from './users.ts';
import { expired, type Exemption } from './whitelist.ts';

/** Users to attach the policy to, and every user's state (for the log). */
export interface Plan {
  readonly attach: readonly UserFacts[];
  readonly states: readonly { readonly user: UserFacts; readonly state: UserState }[];
}

/** Classifies every user and picks the violating ones. */
export function plan(users: readonly UserFacts[], exemptions: readonly Exemption[], policyArn: string, now: Date): Plan {
  const states = users.map((user) => ({ user, state: classify(user, exemptions, policyArn, now) }));
  return { attach: states.filter((s) => needsPolicy(s.state)).map((s) => s.user), states };
}

/**
 * The live exemption a user name may hold. An event names a user, but the user holding that name now
 * may be another one (deleted and re-created since): when this returns one, the user ID must still
 * be checked before the user is treated as exempt; when it returns none, the user is not exempt and
 * no IAM read is needed.
 */
export function exemptionCandidate(exemptions: readonly Exemption[], userName: string, now: Date): Exemption | undefined {
  return exemptions.find((e) => sameUserName(e.name, userName) && !(e.expires && expired(e.expires, now)));
}
