/**
 * The notify function, the one publisher to the alert topic. Three inputs: the other functions'
 * decision log lines (a CloudWatch Logs subscription: their repairs, tamper attempts and failures);
 * guard events (the whitelist parameter changed, a trail, the Config recorder or rule, one of our
 * EventBridge rules stopped or deleted); our alarms' state changes, with what waits in the
 * dead-letter queue. decode → gather (peek the queue for a dead-letter alarm) → decide (alerts) →
 * publish → log. The functions themselves publish nothing: a repair never waits on SNS, and the
 * home template (51,200 bytes with the functions inlined) carries no alert code.
 */
import * as sqsApi from '../aws/sqs.ts';
import * as alarmEvents from '../core/alarm-events.ts';
import * as alerts from '../core/alerts.ts';
import * as logSubscription from '../aws/log-subscription.ts';
import * as guardEvents from '../core/guard-events.ts';
import * as logAlerts from '../core/log-alerts.ts';
import { notifyLambdaDeps, type NotifyDeps } from './notify-deps.ts';

/** One alert published (or not), or the event ignored. */
export type NotifyOutcome = { readonly subject: string; readonly result: 'published' | 'not published' } | { readonly ignored: string };

/** Handles one event; throws (so EventBridge retries) only on an event it cannot decode. */
export async function notify(event: unknown, deps: NotifyDeps): Promise<NotifyOutcome[]> {
  const { settings } = deps;
  if (logSubscription.is(event)) {
    const { logEvents, logGroup } = logSubscription.decode(event);
    const found = logAlerts.of(logEvents, { policyArn: settings.policyArn, notifyNewUsers: settings.notifyNewUsers });
    if (found.length === 0) deps.log({ function: 'notify', eventId: logGroup, decision: 'ignore', result: 'nothing to tell', reason: `${logEvents.length} log line(s), no alert among them` });
    return publishAll(found, deps);
  }
  const decoded = isAlarm(event) ? alarmEvents.decode(event, settings.stack) : guardEvents.decode(event, { whitelistParameter: settings.whitelistParameter, configRuleName: settings.configRuleName, stack: settings.stack });
  if (decoded.kind === 'ignored') {
    deps.log({ function: 'notify', eventId: decoded.id, decision: 'ignore', result: 'nothing to tell', reason: decoded.reason });
    return [{ ignored: decoded.reason }];
  }
  const found: alerts.Alert[] = [decoded];
  if (decoded.kind === 'alarm' && alarmEvents.bringsLetters(decoded, settings.stack) && settings.deadLetterQueueUrl) {
    try {
      found.push(...(await sqsApi.peek(deps.sqs, settings.deadLetterQueueUrl)).map(alarmEvents.deadLetter));
    } catch (error) {
      // The alarm itself is still told; the letters can be read by hand.
      deps.log({ function: 'notify', eventId: decoded.event.eventId ?? 'unknown', decision: 'peek', result: 'failed', reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
  return publishAll(found.map((alert) => ({ alert, mode: 'enforce' as const, at: deps.now() })), deps);
}

async function publishAll(found: readonly logAlerts.LoggedAlert[], deps: NotifyDeps): Promise<NotifyOutcome[]> {
  const outcomes: NotifyOutcome[] = [];
  for (const { alert, mode, at } of found) {
    const message = alerts.render(alert, { now: at, mode });
    const sent = await deps.publisher.publish(message);
    const result = sent.published ? 'published' : 'not published';
    outcomes.push({ subject: message.subject, result });
    deps.log({ function: 'notify', eventId: alert.event.eventId ?? 'unknown', decision: 'alert', result, reason: message.subject });
  }
  return outcomes;
}

function isAlarm(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as Record<string, unknown>)['detail-type'] === alarmEvents.ALARM_STATE_CHANGE;
}

/** Lambda entry point. */
export const handler = async (event: unknown): Promise<void> => {
  await notify(event, notifyLambdaDeps());
};
