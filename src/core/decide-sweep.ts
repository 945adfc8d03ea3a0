/**
 * The Config rule's scheduled sweep: it evaluates every user, writes to Config only what differs
 * from what Config holds (src/core/evaluation-writes.ts), and in MODE=enforce repairs every violating user.
 *
 * The sequence keeps Config's history honest: a violating user is first reported NON_COMPLIANT
 * (unless Config already holds that), then attached, then reported as it is after the repair. The
 * log has a line for each step. A user the sweep cannot cover stays NON_COMPLIANT with the reason
 * in its annotation, and the invocation fails (retried, then dead-lettered: an alert).
 *
 * @example
 * ```ts
 * const facts = await gather((f) => decideSweep.reads(f, group), sources);
 * const plan = decideSweep.decide(invocation, facts, policyArn, now, group); // put what changed, attach the violating
 * const repaired = decideSweep.afterRepairs(invocation, outcomes, facts, policyArn, now, group); // put their new state
 * ```
 */
import * as sweep from './sweep.ts';
import * as evaluations from './evaluations.ts';
import { need, type Action, type Facts, type Judged, type Outcome, type Plan, type Read } from './plan.ts';
import type { RuleInvocation } from './rule-invocation.ts';
import { toWrite } from './evaluation-writes.ts';
import { classify, policyName, type UserFacts } from './users.ts';

type Scheduled = Extract<RuleInvocation, { kind: 'scheduled' }>;

/** Every user, the whitelist, what Config holds, and (with a fallback group) whether the group carries the policy. */
export function reads(facts: Facts, group: string | undefined): Read[] {
  const wanted: Read[] = [];
  if (facts.users === undefined) wanted.push({ kind: 'users' });
  if (facts.exemptions === undefined) wanted.push({ kind: 'whitelist' });
  if (facts.held === undefined) wanted.push({ kind: 'held-evaluations' });
  if (group !== undefined && facts.groupCarries === undefined) wanted.push({ kind: 'fallback-group' });
  return wanted;
}

/** The sweep's plan: restore the group if it lost the policy, put the evaluations that changed, attach every violating user. */
export function decide(invocation: Scheduled, facts: Facts, policyArn: string, now: Date, group?: string): Plan {
  const at = invocation.orderingTimestamp;
  const users = need(facts, 'users');
  const exemptions = need(facts, 'exemptions');
  const covering = covers(facts, group);
  const judged = users.map((user) => ({ user: user.name, userId: user.id, evaluation: evaluations.forState(user.id, classify(user, exemptions, policyArn, now, covering), at) }));
  const writes = toWrite(judged.map((j) => j.evaluation), need(facts, 'held'), at);
  const byId = new Map(judged.map((j) => [j.userId, j]));
  const put: Judged[] = writes.write.map((e) => byId.get(e.ComplianceResourceId) ?? { userId: e.ComplianceResourceId, evaluation: e });
  const restore: Action[] = group !== undefined && facts.groupCarries === false ? [{ kind: 'restore-group', group, reason: `the fallback group ${group} does not carry the policy` }] : [];
  const summary: Action = { kind: 'skip', why: 'unchanged', reason: writes.fallback ?? `${writes.unchanged} of ${users.length} users unchanged since Config's last evaluation: not written again` };
  const puts: Action[] = put.length > 0 ? [{ kind: 'put-evaluations', resultToken: invocation.resultToken, judged: put }] : [];
  const attaches = sweep.actions(users, exemptions, policyArn, now, undefined, covering)
    .filter((a) => a.kind === 'attach')
    .map((a) => ({ ...a, reason: `the scheduled sweep found it violating (${a.reason})` }));
  return { eventId: invocation.id, batch: true, actions: [...restore, summary, ...puts, ...attaches] };
}

/**
 * After the attaches: each repaired user's evaluation as the next sweep will find it (so it is not
 * written again), a failed one NON_COMPLIANT with why, a deleted one NOT_APPLICABLE. Ordered after
 * the sweep's own evaluations. MODE=report's dry runs change nothing.
 */
export function afterRepairs(invocation: Scheduled, outcomes: readonly Outcome[], facts: Facts, policyArn: string, now: Date, group?: string): Plan {
  // Just after the sweep's own evaluations, so Config orders the repair after the NON_COMPLIANT it follows.
  const at = new Date(invocation.orderingTimestamp.getTime() + 1);
  const byId = new Map(need(facts, 'users').map((u) => [u.id, u]));
  const exemptions = need(facts, 'exemptions');
  const judged: Judged[] = [];
  for (const outcome of outcomes) {
    const user = outcome.decision === 'attach' && outcome.userId !== undefined ? byId.get(outcome.userId) : undefined;
    if (!user) continue;
    if (outcome.result === 'attached') {
      const after = repaired(user, outcome, policyArn);
      judged.push({ user: after.name, userId: user.id, evaluation: evaluations.forState(user.id, classify(after, exemptions, policyArn, now, outcome.throughGroup ?? covers(facts, group)), at) });
    } else if (outcome.result === 'failed') {
      const reason = `${policyName(policyArn)} is not attached, and the scheduled sweep could not attach it: ${outcome.reason}`;
      judged.push({ user: user.name, userId: user.id, evaluation: evaluations.forState(user.id, { kind: 'violating', reason }, at) });
    } else if (outcome.result === 'gone') {
      judged.push({ user: user.name, userId: user.id, evaluation: evaluations.notApplicable(user.id, 'the user was deleted during the scheduled sweep', at) });
    }
  }
  const actions: Action[] = judged.length > 0 ? [{ kind: 'put-evaluations', resultToken: invocation.resultToken, judged }] : [];
  return { eventId: invocation.id, batch: false, actions };
}

/** The fallback group, when its members count as covered: it exists and carries the policy. */
function covers(facts: Facts, group: string | undefined): string | undefined {
  return group !== undefined && facts.groupCarries !== false ? group : undefined;
}

function repaired(user: UserFacts, outcome: Outcome, policyArn: string): UserFacts {
  const name = outcome.user ?? user.name;
  if (outcome.throughGroup !== undefined) return { ...user, name, groups: [...(user.groups ?? []), outcome.throughGroup] };
  return { ...user, name, attachedPolicyArns: [...user.attachedPolicyArns, policyArn] };
}
