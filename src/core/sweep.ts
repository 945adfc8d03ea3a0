/**
 * What must happen to every user for the policy to be where it belongs: the pure half of a
 * sweep (the DeletePolicy recovery, `make reconcile`).
 *
 * @example
 * ```ts
 * const actions = sweep.actions(users, exemptions, policyArn, now);
 * // [{ kind: 'attach', user: 'bob', reason: 'DenyActionWithoutMFA is not attached' }, { kind: 'skip', why: 'exempt', user: 'ci', … }]
 * ```
 */
import type { Attach, Skip } from './plan.ts';
import { classify, needsPolicy, type UserFacts } from './users.ts';
import type { Exemption } from './whitelist.ts';

/**
 * An attach for each violating user (with `reason`, or its state's; with its ID, so a rename is
 * followed), a skip for every other user; in the users' order. Members of `group`, the fallback
 * group when it carries the policy, are covered.
 */
export function actions(users: readonly UserFacts[], exemptions: readonly Exemption[], policyArn: string, now: Date, reason?: string, group?: string): (Attach | Skip)[] {
  return users.map((user): Attach | Skip => {
    const state = classify(user, exemptions, policyArn, now, group);
    if (needsPolicy(state)) return { kind: 'attach', user: user.name, userId: user.id, reason: reason ?? state.reason };
    return { kind: 'skip', why: state.kind === 'exempt' ? 'exempt' : 'unchanged', user: user.name, reason: state.reason };
  });
}
