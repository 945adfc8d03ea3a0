/**
 * Alarms and dead letters as alerts. CloudWatch cannot publish to a topic encrypted with the AWS
 * managed key (alias/aws/sns), so alarms reach the topic as "CloudWatch Alarm State Change" events
 * (which CloudWatch guarantees to deliver to EventBridge) through the notify function. A
 * dead-letter alarm also brings what is in the queue: each message becomes a failure alert.
 *
 * @example
 * ```ts
 * const alarm = alarmEvents.decode(event, 'mfa-guard');
 * const failures = messages.map(alarmEvents.deadLetter);
 * ```
 */
import * as alertFacts from './alert-facts.ts';
import type { Alert } from './alerts.ts';
import { EventError } from './errors.ts';
import * as fields from './fields.ts';
import { ownedPrefix } from './names.ts';

/** The EventBridge `detail-type` of alarm state changes. */
export const ALARM_STATE_CHANGE = 'CloudWatch Alarm State Change';

/** An alarm alert (with whether it watches a dead-letter queue), or an alarm not ours or not a transition worth telling. */
export type AlarmEvent =
  | (Extract<Alert, { kind: 'alarm' }> & { readonly deadLetters: boolean })
  | { readonly kind: 'ignored'; readonly id: string; readonly reason: string };

/** Decodes an alarm state change; only alarms named `<stack>_…` going to ALARM or back to OK are told. */
export function decode(event: unknown, stack: string): AlarmEvent {
  if (!fields.isRecord(event)) throw new EventError('unknown', '(event)', 'not an object');
  const id = fields.identifier(event, 'id', 'unknown');
  fields.expect(event, 'detail-type', ALARM_STATE_CHANGE, id);
  const alarm = fields.string(event, 'detail.alarmName', id);
  const state = fields.string(event, 'detail.state.value', id);
  if (!alarm.startsWith(ownedPrefix(stack))) return { kind: 'ignored', id, reason: `alarm ${fields.clip(alarm)} is not one of ${stack}'s` };
  if (state !== 'ALARM' && state !== 'OK') return { kind: 'ignored', id, reason: `alarm ${alarm} is ${fields.clip(state)}: neither a failure nor a recovery` };
  const metrics = fields.list(event, 'detail.configuration.metrics', id);
  const deadLetters = metrics.some((m) => fields.optionalString(m, 'metricStat.metric.namespace', id, 'detail.configuration.metrics[]') === 'AWS/SQS');
  const reason = fields.optionalString(event, 'detail.state.reason', id) ?? '';
  const hint = state === 'OK' ? 'recovered' : (fields.optionalString(event, 'detail.configuration.description', id) ?? '');
  return { kind: 'alarm', alarm, state, deadLetters, event: alertFacts.of(event), action: 'none', result: state, reason: [hint, reason].filter(Boolean).join(': ') };
}

/** Whether notify reads the home dead-letter queue for this alarm: ours, going to ALARM (the forwarder's queue is in us-east-1: make report shows its depth). */
export function bringsLetters(alarm: Extract<AlarmEvent, { kind: 'alarm' }>, stack: string): boolean {
  return alarm.deadLetters && alarm.state === 'ALARM' && alarm.alarm === `${ownedPrefix(stack)}dead-letters`;
}

/** One message read from a dead-letter queue: its body and its string message attributes. */
export interface DeadLetter {
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * A failure alert for one dead letter: a Lambda on-failure record (the function threw after its
 * retries) or an event EventBridge could not deliver (attributes ERROR_CODE, TARGET_ARN). Total:
 * an unreadable message is still reported, never thrown.
 */
export function deadLetter(message: DeadLetter): Extract<Alert, { kind: 'failure' }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.body);
  } catch {
    return { kind: 'failure', what: 'invocation-failed', event: alertFacts.NO_EVENT, action: 'none', result: 'dead-lettered', reason: `unreadable dead letter: ${fields.clip(message.body)}` };
  }
  const errorCode = message.attributes.ERROR_CODE;
  if (errorCode !== undefined) {
    const target = message.attributes.TARGET_ARN ?? 'its target';
    const reason = `EventBridge could not deliver the event to ${target}: ${errorCode}${message.attributes.ERROR_MESSAGE ? ` (${message.attributes.ERROR_MESSAGE})` : ''}`;
    return { kind: 'failure', what: 'invocation-failed', event: alertFacts.of(parsed), action: 'none', result: 'dead-lettered', reason };
  }
  const record = fields.isRecord(parsed) ? parsed : {};
  const context = fields.isRecord(record.requestContext) ? record.requestContext : {};
  const response = fields.isRecord(record.responsePayload) ? record.responsePayload : {};
  const fn = typeof context.functionArn === 'string' ? context.functionArn.replace(/^.*:function:/, '').replace(/:\$LATEST$/, '') : 'a function';
  const attempts = typeof context.approximateInvokeCount === 'number' ? ` after ${context.approximateInvokeCount} attempts` : '';
  const error = [response.errorType, response.errorMessage].filter((part) => typeof part === 'string').join(': ') || 'no error message';
  return { kind: 'failure', what: 'invocation-failed', event: alertFacts.of(record.requestPayload), action: 'none', result: 'dead-lettered', reason: `${fn} failed${attempts}: ${error}` };
}
