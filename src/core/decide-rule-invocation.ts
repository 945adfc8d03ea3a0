/**
 * The Config rule's decision on an invocation: what to read first, then the evaluations to put.
 *
 * @example
 * ```ts
 * const invocation = ruleInvocation.decode(event);
 * const facts = await gather((f) => decideRuleInvocation.reads(invocation, f), deps);
 * const plan = decideRuleInvocation.decide(invocation, facts, policyArn, now);
 * ```
 */
import * as evaluations from './evaluations.ts';
import { need, type Facts, type Judged, type Plan, type Read } from './plan.ts';
import type { RuleInvocation } from './rule-invocation.ts';
import * as decideSweep from './decide-sweep.ts';
import { classify, hasPolicy, type UserFacts } from './users.ts';

/** What to read next, given the facts so far (none left: decide). `group`: the stack's fallback group, if any. */
export function reads(invocation: RuleInvocation, facts: Facts, policyArn = '', group?: string): Read[] {
  switch (invocation.kind) {
    case 'ignored':
    case 'not-applicable':
      return [];
    case 'change':
      return facts.exemptions ? [] : [{ kind: 'whitelist' }];
    case 'scheduled':
      return decideSweep.reads(facts, group);
    // Neither item carries the configuration: IAM says how the user is now.
    case 'oversized':
    case 'not-recorded': {
      if (facts.user === undefined) return [{ kind: 'user', name: invocation.userName }];
      // The name answers for another user or none: the ID may have been renamed. GetUser lists no groups: the listing does.
      const listing = facts.user?.id !== invocation.userId || (group !== undefined && facts.user !== null && !hasPolicy(facts.user, policyArn));
      if (listing && facts.users === undefined) return [{ kind: 'users' }];
      return subject(invocation, facts) && !facts.exemptions ? [{ kind: 'whitelist' }] : [];
    }
  }
}

/** The evaluations for the invocation (or `ignore`), from the facts `reads` asked for. */
export function decide(invocation: RuleInvocation, facts: Facts, policyArn: string, now: Date, group?: string): Plan {
  if (invocation.kind === 'ignored') return { eventId: invocation.id, batch: false, actions: [{ kind: 'ignore', reason: invocation.reason }] };
  if (invocation.kind === 'scheduled') return decideSweep.decide(invocation, facts, policyArn, now, group);
  const at = invocation.orderingTimestamp;
  const judge = (users: readonly UserFacts[]): Judged[] => {
    const exemptions = need(facts, 'exemptions');
    return users.map((user) => ({ user: user.name, evaluation: evaluations.forState(user.id, classify(user, exemptions, policyArn, now, group), at) }));
  };
  const put = (judged: Judged[]): Plan => ({ eventId: invocation.id, batch: false, actions: [{ kind: 'put-evaluations', resultToken: invocation.resultToken, judged }] });
  switch (invocation.kind) {
    case 'not-applicable':
      return put([{ userId: invocation.userId, evaluation: evaluations.notApplicable(invocation.userId, invocation.reason, at) }]);
    case 'change':
      return put(judge([invocation.user]));
    case 'oversized':
    case 'not-recorded': {
      const found = subject(invocation, facts);
      if (found) return put(judge([found]));
      const user = need(facts, 'user');
      // A user re-created under that name is another resource, with its own notification.
      const reason = user ? `user ${invocation.userName} (${invocation.userId}) was deleted; the name now belongs to ${user.id}` : `user ${invocation.userName} no longer exists`;
      return put([{ user: invocation.userName, evaluation: evaluations.notApplicable(invocation.userId, reason, at) }]);
    }
  }
}

/** The item's user as IAM has it now: under its name, or found by ID in the listing (renamed). */
function subject(invocation: Extract<RuleInvocation, { kind: 'oversized' | 'not-recorded' }>, facts: Facts): UserFacts | undefined {
  return facts.users?.find((u) => u.id === invocation.userId) ?? (facts.user?.id === invocation.userId ? facts.user : undefined);
}
