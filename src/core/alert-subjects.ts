/**
 * The subject line of an alert: what happened, to whom, by whom, and what came of it, in the ASCII
 * under 100 characters SNS accepts (e-mail clients show it first).
 *
 * @example
 * ```ts
 * subject(alert, false); // 'mfa-guard: policy detached from alice by thien: attached'
 * ```
 */
import type { Alert, GuardKind, TamperKind } from './alerts.ts';

const MAX_SUBJECT = 99;

const TAMPER: Record<TamperKind, (user: string) => string> = {
  'policy-detached': (user) => `policy detached from ${user}`,
  'group-detached': () => 'policy detached from the fallback group',
  'policy-deleted': () => 'policy deleted',
  'document-changed': () => 'policy document changed',
  'removed-from-group': (user) => `${user} removed from the fallback group`,
  'attempt-denied': (user) => `denied attempt on the policy${user === '-' ? '' : ` (${user})`}`,
  'found-violating': (user) => (user === '-' ? 'users found without the policy' : `${user} found without the policy`),
};

const GUARD: Record<GuardKind, string> = {
  'whitelist-changed': 'whitelist parameter changed',
  'trail-stopped': 'CloudTrail logging stopped',
  'trail-deleted': 'CloudTrail trail deleted',
  'trail-updated': 'CloudTrail trail updated',
  'recorder-stopped': 'Config recorder stopped',
  'recorder-deleted': 'Config recorder deleted',
  'config-rule-deleted': 'Config rule deleted',
  'event-rule-disabled': 'EventBridge rule disabled',
  'event-rule-deleted': 'EventBridge rule deleted',
  'log-subscription-deleted': 'alert log subscription deleted',
};

/** Parameter Store Change `operation` values. */
const OPERATIONS: Readonly<Record<string, string>> = { Create: 'created', Update: 'updated', Delete: 'deleted' };

/** The subject of `alert`; `wouldHave` (MODE=report) says what would have been done instead of the result. */
export function subject(alert: Alert, wouldHave: boolean): string {
  const by = alert.event.actor ? ` by ${shortActor(alert.event.actor)}` : '';
  const outcome = wouldHave ? `would ${alert.action} (MODE=report)` : alert.result;
  const user = alert.user ?? '-';
  const text = (() => {
    switch (alert.kind) {
      case 'tamper':
        return `${TAMPER[alert.what](user)}${by}: ${outcome}`;
      case 'new-user':
        return `new user ${user}${by}: ${outcome}`;
      case 'failure':
        return `FAILED ${alert.what === 'invocation-failed' ? `invocation${alert.event.eventName ? ` on ${alert.event.eventName}` : ''}` : alert.action}${alert.user ? ` for ${alert.user}` : ''}: ${alert.result}`;
      case 'guard':
        return alert.what === 'whitelist-changed' ? `whitelist parameter ${OPERATIONS[alert.result] ?? `changed (${alert.result})`}: ${alert.target}` : `${GUARD[alert.what]}: ${alert.target}${by}${alert.result === 'succeeded' ? '' : ` - ${alert.result}`}`;
      case 'alarm':
        return `alarm ${alert.alarm} is ${alert.state}`;
    }
  })();
  return clipSubject(`mfa-guard: ${text}`);
}

/** `arn:aws:iam::123456789012:user/thien` → `thien`; an assumed role → `role/session`. */
function shortActor(actor: string): string {
  const m = /:(?:user|assumed-role|role)\/(.+)$/.exec(actor);
  return m?.[1] ?? actor;
}

/** SNS subjects: ASCII, no line breaks or control characters, under 100 characters. */
function clipSubject(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= MAX_SUBJECT ? ascii : `${ascii.slice(0, MAX_SUBJECT - 3)}...`;
}
