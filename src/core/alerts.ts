/**
 * Alerts: what a person is told, as one SNS message each, a readable subject and a JSON body with
 * stable keys. Pure: the typed alert in, the message out; the adapter (src/aws/sns.ts) publishes it.
 *
 * @example
 * ```ts
 * const message = alerts.render({ kind: 'tamper', what: 'policy-detached', event, user: 'bob', action: 'reattach', result: 'attached', failed: false }, { now, mode: 'enforce' });
 * // message.subject: 'mfa-guard: policy detached from bob by thien: reattached'
 * ```
 */
import type { EventFacts } from './alert-facts.ts';
import { subject } from './alert-subjects.ts';

/** Tampering with the policy or its attachments, and the repair. */
export type TamperKind = 'policy-detached' | 'group-detached' | 'policy-deleted' | 'document-changed' | 'removed-from-group' | 'attempt-denied' | 'found-violating';

/** Attempts to switch off what mfa-guard depends on. */
export type GuardKind =
  | 'whitelist-changed'
  | 'trail-stopped'
  | 'trail-deleted'
  | 'trail-updated'
  | 'recorder-stopped'
  | 'recorder-deleted'
  | 'config-rule-deleted'
  | 'event-rule-disabled'
  | 'event-rule-deleted'
  | 'log-subscription-deleted';

/** Failures left for a person. */
export type FailureKind = 'policy-limit' | 'attach-failed' | 'invocation-failed';

interface Common {
  readonly event: EventFacts;
  /** The IAM user concerned, if any. */
  readonly user?: string;
  /** What mfa-guard did or would do: `reattach`, `recreate`, `restore`, `attach`, `none`. */
  readonly action: string;
  /** What came of it: `attached`, `recreated`, `failed`, `not attached (MODE=report)`… */
  readonly result: string;
  /** Why, in a sentence (the decision's reason, an error message). */
  readonly reason?: string;
}

/** One alert, typed by what happened. */
export type Alert =
  | (Common & { readonly kind: 'tamper'; readonly what: TamperKind; readonly failed: boolean })
  | (Common & { readonly kind: 'new-user'; readonly failed: boolean })
  | (Common & { readonly kind: 'failure'; readonly what: FailureKind })
  | (Common & { readonly kind: 'guard'; readonly what: GuardKind; readonly target: string })
  | (Common & { readonly kind: 'alarm'; readonly alarm: string; readonly state: string });

/** An SNS message: `subject` (ASCII, under 100 characters) and `body` (JSON). */
export interface Message {
  readonly subject: string;
  readonly body: string;
}

/** What rendering needs besides the alert: the clock (repair latency) and the mode (report mode says "would have"). */
export interface RenderContext {
  readonly now: Date;
  readonly mode: 'enforce' | 'report';
}

/** SNS accepts 256 KiB a message; a body stays below half of it, whatever the event held. */
export const MAX_BODY_BYTES = 128 * 1024;
/** Longest string field in a body, in UTF-16 units: JSON spends at most 6 bytes on one, so 17 fields stay under MAX_BODY_BYTES. */
export const MAX_FIELD = 1024;

/** The message for `alert`. */
export function render(alert: Alert, context: RenderContext): Message {
  const wouldHave = context.mode === 'report';
  const e = alert.event;
  const repaired = alert.kind !== 'failure' && alert.kind !== 'guard' && alert.kind !== 'alarm' && !alert.failed && !wouldHave && alert.action !== 'none';
  const body = {
    source: 'mfa-guard',
    kind: alert.kind,
    what: whatOf(alert),
    mode: context.mode,
    wouldHave,
    eventId: e.eventId,
    eventTime: e.eventTime,
    eventName: e.eventName,
    actor: e.actor,
    sourceIp: e.sourceIp,
    region: e.region,
    user: alert.user ?? null,
    target: alert.kind === 'guard' ? alert.target : alert.kind === 'alarm' ? alert.alarm : null,
    action: alert.action,
    result: alert.result,
    repairSeconds: repaired && e.eventTime ? Math.max(0, Math.round((context.now.getTime() - Date.parse(e.eventTime)) / 1000)) : null,
    reason: alert.reason ?? null,
  };
  return { subject: subject(alert, wouldHave), body: bounded(body) };
}

function whatOf(alert: Alert): string {
  switch (alert.kind) {
    case 'new-user':
      return 'user-created';
    case 'alarm':
      return alert.state;
    default:
      return alert.what;
  }
}

/** JSON with every string clipped to MAX_FIELD, so an event's megabytes never reach SNS (a test checks the worst case). */
function bounded(value: Record<string, unknown>): string {
  const clipped = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' && v.length > MAX_FIELD ? `${v.slice(0, MAX_FIELD)}… (${v.length} characters)` : v]));
  return JSON.stringify(clipped, null, 2);
}
