/**
 * What an alert says about the event that caused it: its ID and time, the call, who made it and
 * from where. Read leniently from an EventBridge envelope: an alert is told what is known and never
 * fails (the event was decoded strictly by the handler already).
 *
 * @example
 * ```ts
 * alertFacts.of(event); // { eventId: '7a4f…', eventTime: '2023-05-31T05:12:40Z', actor: 'arn:aws:iam::…:user/thien', … }
 * ```
 */
import { isRecord } from './fields.ts';

/** Who or what did it, when, from where: as far as the triggering event says (null where it does not). */
export interface EventFacts {
  readonly eventId: string | null;
  /** ISO 8601: CloudTrail's `detail.eventTime`, else the envelope's `time`. */
  readonly eventTime: string | null;
  readonly eventName: string | null;
  /** `detail.userIdentity.arn` (else its principalId or type). */
  readonly actor: string | null;
  readonly sourceIp: string | null;
  readonly region: string | null;
  /** `detail.errorCode` of a failed call. */
  readonly errorCode: string | null;
  /** `detail.requestParameters`, for the decoders of guard events. */
  readonly request: Readonly<Record<string, unknown>>;
}

/** No event: a sweep's own finding, or an operator command. */
export const NO_EVENT: EventFacts = { eventId: null, eventTime: null, eventName: null, actor: null, sourceIp: null, region: null, errorCode: null, request: {} };

/** The facts of an EventBridge event (CloudTrail call or service event); whatever is absent is null. */
export function of(event: unknown): EventFacts {
  if (!isRecord(event)) return NO_EVENT;
  const detail = isRecord(event.detail) ? event.detail : {};
  const identity = isRecord(detail.userIdentity) ? detail.userIdentity : {};
  const time = text(detail.eventTime) ?? text(event.time);
  return {
    eventId: text(event.id),
    eventTime: time !== null && !Number.isNaN(Date.parse(time)) ? time : null,
    eventName: text(detail.eventName),
    actor: text(identity.arn) ?? text(identity.principalId) ?? text(identity.type),
    sourceIp: text(detail.sourceIPAddress),
    region: text(detail.awsRegion) ?? text(event.region),
    errorCode: text(detail.errorCode),
    request: isRecord(detail.requestParameters) ? detail.requestParameters : {},
  };
}

/** The facts of a sweep or a Config notification: only the ID and time are known. */
export function at(eventId: string | null, time: Date): EventFacts {
  return { ...NO_EVENT, eventId, eventTime: time.toISOString() };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The facts a decision log line carries for the notify function (CloudWatch Logs → alerts): only those the event has. */
export interface LogFacts {
  readonly eventTime?: string;
  readonly eventName?: string;
  readonly sourceIp?: string;
  readonly errorCode?: string;
  /** A refused call's policy and user: what a denied attempt names. */
  readonly requestPolicyArn?: string;
  readonly requestUser?: string;
}

/** The log fields of an event's facts (the handler adds them to each decision line). */
export function logFields(event: unknown): LogFacts {
  const f = of(event);
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const refused = f.errorCode !== null;
  const entries = {
    eventTime: f.eventTime,
    eventName: f.eventName,
    sourceIp: f.sourceIp,
    errorCode: f.errorCode,
    requestPolicyArn: refused ? text(f.request.policyArn) : null,
    requestUser: refused ? text(f.request.userName) : null,
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== null)) as LogFacts;
}
