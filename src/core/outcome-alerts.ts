/**
 * Which alerts a trigger's outcomes make: the typed results of the executor (src/core/plan.ts
 * Outcome) with the event that caused them → the alerts to publish. Pure. A single repair is one
 * message; a batch (a DeletePolicy recovery, a sweep) is one message for its repairs and one for its
 * failures, so 5,000 users make two e-mails, not 5,000.
 *
 * @example
 * ```ts
 * const found = outcomeAlerts.of({ kind: 'trail', call: 'detach-user-policy' }, outcomes, alertFacts.of(event), options);
 * ```
 */
import type { EventFacts } from './alert-facts.ts';
import type { Alert, TamperKind } from './alerts.ts';
import { samePolicyArn } from './names.ts';

/** What an executor outcome says (structurally src/core/plan.ts Outcome). */
export interface OutcomeLike {
  readonly decision: string;
  readonly result: string;
  readonly reason: string;
  readonly user?: string;
}

/** What triggered the plan: a CloudTrail call the enforcer decoded (its kind), a Compliance Change, or a sweep. */
export type Trigger = { readonly kind: 'trail'; readonly call: string } | { readonly kind: 'compliance-change' } | { readonly kind: 'sweep' };

/** What deciding on alerts needs besides the outcomes. */
export interface AlertOptions {
  readonly policyArn: string;
  readonly notifyNewUsers: boolean;
  /** Users named in a batch message at most. */
  readonly maxNamed?: number;
}

const REPAIRS = new Set(['attached', 'recreated', 'restored', 'dry-run', 'unchanged']);
const isRepair = (result: string) => REPAIRS.has(result) || result.startsWith('added to group ');
const TAMPER_CALLS = new Set(['DetachUserPolicy', 'DeletePolicy', 'CreatePolicyVersion', 'SetDefaultPolicyVersion', 'DeletePolicyVersion']);

/** The alerts for one invocation's outcomes. */
export function of(trigger: Trigger, outcomes: readonly OutcomeLike[], event: EventFacts, options: AlertOptions): Alert[] {
  const attaches = outcomes.filter((o) => o.decision === 'attach');
  const failed = outcomes.filter((o) => o.result === 'failed');
  const alerts: Alert[] = [];
  const what = tamperOf(trigger);
  if (trigger.kind === 'trail' && trigger.call === 'ignored') return deniedAttempt(event, options.policyArn);
  for (const o of outcomes.filter((x) => x.decision === 'restore-group')) {
    alerts.push({ kind: 'tamper', what: 'group-detached', event, action: 'restore', result: o.result, reason: o.reason, failed: o.result === 'failed' });
  }
  for (const o of outcomes.filter((x) => x.decision === 'recreate-policy' || x.decision === 'restore-document')) {
    const kind: TamperKind = o.decision === 'recreate-policy' ? 'policy-deleted' : 'document-changed';
    const repaired = attaches.filter((a) => a.result === 'attached' || a.result === 'dry-run').length;
    const also = kind === 'policy-deleted' && repaired > 0 ? `; reattached to ${repaired} user(s)` : '';
    alerts.push({ kind: 'tamper', what: kind, event, action: kind === 'policy-deleted' ? 'recreate' : 'restore', result: `${o.result}${also}`, reason: o.reason, failed: o.result === 'failed' });
  }
  const repaired = attaches.filter((a) => a.result === 'attached' || a.result === 'dry-run');
  const batch = trigger.kind === 'sweep' || (trigger.kind === 'trail' && trigger.call === 'delete-policy');
  if (batch) {
    // A failed DeletePolicy recreates nothing, but the console detached first: the reattaches are the news.
    if (repaired.length > 0 && !alerts.some((a) => a.kind === 'tamper' && a.what === 'policy-deleted')) {
      const kind: TamperKind = trigger.kind === 'trail' && event.errorCode ? 'attempt-denied' : what;
      alerts.push({ kind: 'tamper', what: kind, event, action: trigger.kind === 'sweep' ? 'attach' : 'reattach', result: `${repaired[0]?.result} for ${repaired.length} user(s)`, reason: named(repaired, options), failed: false });
    }
    if (failed.length > 0) alerts.push({ kind: 'failure', what: failureOf(failed), event, action: 'attach', result: `failed for ${failed.length} user(s)`, reason: named(failed, options, true) });
    return alerts;
  }
  for (const o of attaches) {
    const user = o.user !== undefined ? { user: o.user } : {};
    if (o.result === 'failed') alerts.push({ kind: 'failure', what: failureOf([o]), event, ...user, action: 'attach', result: 'failed', reason: o.reason });
    else if (!isRepair(o.result)) continue;
    else if (trigger.kind === 'trail' && trigger.call === 'create-user') {
      if (options.notifyNewUsers) alerts.push({ kind: 'new-user', event, ...user, action: 'attach', result: o.result, reason: o.reason, failed: false });
    } else alerts.push({ kind: 'tamper', what, event, ...user, action: trigger.kind === 'trail' ? 'reattach' : 'attach', result: o.result, reason: o.reason, failed: false });
  }
  return alerts;
}

function tamperOf(trigger: Trigger): TamperKind {
  if (trigger.kind !== 'trail') return 'found-violating';
  if (trigger.call === 'left-group') return 'removed-from-group';
  if (trigger.call === 'rename-user') return 'found-violating';
  return trigger.call === 'delete-policy' ? 'policy-deleted' : trigger.call === 'policy-version' ? 'document-changed' : 'policy-detached';
}

/** A quota (LimitExceeded) is a limit a person must lift; anything else an attach that failed. */
function failureOf(failed: readonly OutcomeLike[]): 'policy-limit' | 'attach-failed' {
  return failed.every((o) => /quota|LimitExceeded/i.test(o.reason)) ? 'policy-limit' : 'attach-failed';
}

function named(outcomes: readonly OutcomeLike[], options: AlertOptions, withReasons = false): string {
  const max = options.maxNamed ?? 20;
  const names = outcomes.slice(0, max).map((o) => (withReasons ? `${o.user ?? '(policy)'} (${o.reason})` : (o.user ?? '(policy)')));
  return `${names.join(', ')}${outcomes.length > max ? `, and ${outcomes.length - max} more` : ''}`;
}

/** A refused call on our policy (AccessDenied): nothing changed, but someone tried. */
function deniedAttempt(event: EventFacts, policyArn: string): Alert[] {
  const arn = event.request.policyArn;
  if (!event.errorCode || !event.eventName || !TAMPER_CALLS.has(event.eventName) || typeof arn !== 'string' || !samePolicyArn(arn, policyArn)) return [];
  const user = typeof event.request.userName === 'string' ? { user: event.request.userName } : {};
  return [{ kind: 'tamper', what: 'attempt-denied', event, ...user, action: 'none', result: `refused (${event.errorCode})`, reason: `${event.eventName} failed: nothing changed`, failed: false }];
}
