/**
 * The payload CloudWatch Logs hands a subscribed Lambda: `{ awslogs: { data } }`, the data being
 * Base64 of gzipped JSON (`messageType`, `logGroup`, `logEvents` of `{ id, timestamp, message }`).
 *
 * @example
 * ```ts
 * if (logSubscription.is(event)) for (const e of logSubscription.decode(event).logEvents) handle(e.message);
 * ```
 */
import { gunzipSync } from 'node:zlib';
import type { LogEvent } from '../core/log-alerts.ts';
import { EventError } from '../core/errors.ts';
import { isRecord } from '../core/fields.ts';

/** A decoded payload: CONTROL_MESSAGE (Logs checking the destination) carries no events worth telling. */
export interface Subscription {
  readonly messageType: string;
  readonly logGroup: string;
  readonly logEvents: readonly LogEvent[];
}

/** Whether the event is a CloudWatch Logs subscription payload. */
export function is(event: unknown): event is { awslogs: { data: string } } {
  return isRecord(event) && isRecord(event.awslogs) && typeof event.awslogs.data === 'string';
}

/** Decodes the payload; a payload that is not Base64 gzipped JSON is an EventError (retried, then dead-lettered). */
export function decode(event: { awslogs: { data: string } }): Subscription {
  let value: unknown;
  try {
    value = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));
  } catch (error) {
    throw new EventError('awslogs', 'awslogs.data', `not Base64 gzipped JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(value) || !Array.isArray(value.logEvents)) throw new EventError('awslogs', 'awslogs.data', 'has no logEvents list');
  const logEvents = value.logEvents.flatMap((e: unknown) => (isRecord(e) && typeof e.message === 'string' && typeof e.timestamp === 'number' ? [{ timestamp: e.timestamp, message: e.message }] : []));
  return { messageType: String(value.messageType ?? ''), logGroup: String(value.logGroup ?? ''), logEvents };
}
