/**
 * `make reconcile`'s decision: the Config sweep's, on demand. Every violating user gets an attach,
 * every other one a skip saying why; the plan is a batch (one user's failure does not stop the others).
 *
 * @example
 * ```ts
 * const facts = await gather(decideReconcile.reads, { iam, whitelist });
 * const plan = decideReconcile.decide(facts, policyArn, now);
 * ```
 */
import * as sweep from './sweep.ts';
import { need, type Facts, type Plan, type Read } from './plan.ts';

/** A reconcile run reads every user and the whitelist, together. */
export function reads(facts: Facts): Read[] {
  return facts.users && facts.exemptions ? [] : [{ kind: 'users' }, { kind: 'whitelist' }];
}

/** The plan: attaches for the violating users, skips for the others (members of the fallback `group` are covered). */
export function decide(facts: Facts, policyArn: string, now: Date, group?: string): Plan {
  return { eventId: 'reconcile', batch: true, actions: sweep.actions(need(facts, 'users'), need(facts, 'exemptions'), policyArn, now, undefined, group) };
}
