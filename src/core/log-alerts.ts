/**
 * Alerts from the functions' decision log lines, as CloudWatch Logs hands them to the notify
 * function: each line is an executor Outcome with its function, event ID and the event's facts
 * (src/handlers/log.ts). The lines of one event are grouped, its trigger told by the function and
 * the call, and src/core/outcome-alerts.ts decides. Pure.
 *
 * @example
 * ```ts
 * const found = logAlerts.of(lines, { policyArn, notifyNewUsers: true });
 * for (const { alert, mode, at } of found) publish(alerts.render(alert, { now: at, mode }));
 * ```
 */
import type { EventFacts } from './alert-facts.ts';
import type { Alert } from './alerts.ts';
import { isRecord } from './fields.ts';
import * as outcomeAlerts from './outcome-alerts.ts';

/** One log event: when it was written, and its message. */
export interface LogEvent {
  readonly timestamp: number;
  readonly message: string;
}

/** An alert, with the mode its outcome was decided in and when it was logged (the repair's time). */
export interface LoggedAlert {
  readonly alert: Alert;
  readonly mode: 'enforce' | 'report';
  readonly at: Date;
}

const CALLS: Readonly<Record<string, string>> = {
  CreateUser: 'create-user',
  DetachUserPolicy: 'detach-user-policy',
  DeletePolicy: 'delete-policy',
  CreatePolicyVersion: 'policy-version',
  SetDefaultPolicyVersion: 'policy-version',
  UpdateUser: 'rename-user',
  RemoveUserFromGroup: 'left-group',
  DetachGroupPolicy: 'detach-group-policy',
};

/** The JSON of a Lambda log line: the runtime's text format puts time, request ID and level first. */
export function lineOf(message: string): Record<string, unknown> | undefined {
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  try {
    const value: unknown = JSON.parse(message.slice(start));
    return isRecord(value) && typeof value.function === 'string' && typeof value.eventId === 'string' && typeof value.decision === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The alerts the lines tell, grouped by event, in the order the events first appear. */
export function of(events: readonly LogEvent[], options: outcomeAlerts.AlertOptions): LoggedAlert[] {
  const groups = new Map<string, { lines: Record<string, unknown>[]; at: number }>();
  for (const event of events) {
    const line = lineOf(event.message);
    if (!line) continue;
    const key = `${String(line.function)} ${String(line.eventId)}`;
    const group = groups.get(key) ?? { lines: [], at: event.timestamp };
    group.lines.push(line);
    group.at = Math.max(group.at, event.timestamp);
    groups.set(key, group);
  }
  return [...groups.values()].flatMap(({ lines, at }) => {
    const first = lines[0] ?? {};
    const trigger = triggerOf(first, lines);
    if (!trigger) return [];
    const outcomes = lines.map((l) => ({
      decision: String(l.decision),
      // Attached through the fallback group (the user at the quota): said, as the group is what carries it.
      result: typeof l.throughGroup === 'string' && l.result === 'attached' ? `added to group ${l.throughGroup}` : String(l.result),
      reason: String(l.reason ?? ''),
      ...(typeof l.user === 'string' && { user: l.user }),
    }));
    const mode = outcomes.some((o) => o.result === 'dry-run') ? 'report' : 'enforce';
    return outcomeAlerts.of(trigger, outcomes, factsOf(first), options).map((alert) => ({ alert, mode, at: new Date(at) }) as const);
  });
}

function triggerOf(line: Record<string, unknown>, lines: readonly Record<string, unknown>[]): outcomeAlerts.Trigger | undefined {
  switch (line.function) {
    case 'remediate':
      return { kind: 'compliance-change' };
    case 'config-rule':
      return { kind: 'sweep' };
    case 'enforce': {
      if (lines.every((l) => l.decision === 'ignore')) return { kind: 'trail', call: 'ignored' };
      const call = CALLS[String(line.eventName)];
      return call ? { kind: 'trail', call } : undefined;
    }
    default:
      return undefined;
  }
}

function factsOf(line: Record<string, unknown>): EventFacts {
  const text = (key: string) => (typeof line[key] === 'string' && line[key] !== '' ? (line[key] as string) : null);
  const request: Record<string, unknown> = {};
  if (text('requestPolicyArn')) request.policyArn = text('requestPolicyArn');
  if (text('requestUser')) request.userName = text('requestUser');
  return { eventId: text('eventId'), eventTime: text('eventTime'), eventName: text('eventName'), actor: text('actor'), sourceIp: text('sourceIp'), region: null, errorCode: text('errorCode'), request };
}
