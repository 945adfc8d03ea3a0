/**
 * Remediation's decision on a Compliance Change event: what to read first, then the attach (or why not).
 *
 * The event may be stale: the decision is made from the name Config holds now and today's
 * whitelist. Config holds no item for a user it has not recorded yet (it lags IAM) as for a deleted
 * one, and no later Compliance Change would come for a user skipped here: IAM's listing tells them apart.
 *
 * @example
 * ```ts
 * const change = complianceChange.decode(event, ruleName);
 * const facts = await gather((f) => decideComplianceChange.reads(change, f), deps);
 * const plan = decideComplianceChange.decide(change, facts, now);
 * ```
 */
import type { ComplianceChange } from './compliance-change.ts';
import { need, type Action, type Facts, type Plan, type Read } from './plan.ts';
import { exemptReason } from './users.ts';
import { lookup } from './exemptions.ts';

/** What to read next, given the facts so far (none left: decide). */
export function reads(change: ComplianceChange, facts: Facts): Read[] {
  if (change.kind === 'ignored') return [];
  if (facts.configUserName === undefined) return [{ kind: 'config-user-name', userId: change.userId }];
  if (facts.configUserName === null && facts.users === undefined) return [{ kind: 'users' }];
  return subject(change.userId, facts) && !facts.exemptions ? [{ kind: 'whitelist' }] : [];
}

/** One action: ignore, skip (gone or exempt) or attach. */
export function decide(change: ComplianceChange, facts: Facts, now: Date): Plan {
  const plan = (action: Action): Plan => ({ eventId: change.id, batch: false, actions: [action] });
  if (change.kind === 'ignored') return plan({ kind: 'ignore', reason: change.reason });
  const user = subject(change.userId, facts);
  if (!user) return plan({ kind: 'skip', why: 'gone', userId: change.userId, reason: 'neither AWS Config nor IAM knows this user ID (deleted)' });
  const listed = lookup(need(facts, 'exemptions'), user, now);
  if (listed.kind === 'exempt') return plan({ kind: 'skip', why: 'exempt', user: user.name, reason: exemptReason(listed.exemption) });
  // Attaching is idempotent: no read of the user's policies, whose Config item may lag IAM anyway.
  // With the ID, a user renamed since Config recorded the name is found under its new one.
  return plan({ kind: 'attach', user: user.name, userId: change.userId, reason: `Config reported NON_COMPLIANT at ${change.orderingTimestamp.toISOString()}` });
}

function subject(userId: string, facts: Facts): { readonly name: string; readonly id: string } | undefined {
  if (typeof facts.configUserName === 'string') return { name: facts.configUserName, id: userId };
  return facts.users?.find((u) => u.id === userId);
}
