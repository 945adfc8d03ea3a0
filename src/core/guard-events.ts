/**
 * Decodes the events that say someone is switching off what mfa-guard depends on: the whitelist
 * parameter changed ("Parameter Store Change"), a trail stopped, deleted or updated, the Config
 * recorder stopped or deleted, our Config rule deleted, one of our EventBridge rules disabled or
 * deleted. Each arrives in the region of the call (only IAM's events are us-east-1 only).
 *
 * @example
 * ```ts
 * const found = guardEvents.decode(event, { whitelistParameter: '/mfa-guard/whitelist', configRuleName: 'mfa-guard-users', stack: 'mfa-guard' });
 * if (found.kind === 'guard') publish(alerts.render(found, context));
 * ```
 */
import * as alertFacts from './alert-facts.ts';
import type { Alert, GuardKind } from './alerts.ts';
import { EventError } from './errors.ts';
import * as fields from './fields.ts';
import { ownedPrefix } from './names.ts';

/** The names that make an event ours. */
export interface GuardNames {
  readonly whitelistParameter: string;
  readonly configRuleName: string;
  /** The stack: our EventBridge rules and log groups are named `<stack>_…` (`/aws/lambda/<stack>_…`). */
  readonly stack: string;
}

/** A guard alert, or an event that is not about us, and why. */
export type GuardEvent = Extract<Alert, { kind: 'guard' }> | { readonly kind: 'ignored'; readonly id: string; readonly reason: string };

/** The EventBridge `detail-type` of Parameter Store changes. */
export const PARAMETER_STORE_CHANGE = 'Parameter Store Change';

type Call = { readonly what: GuardKind; readonly field: string; readonly consequence: string };

const CALLS: Readonly<Record<string, Readonly<Record<string, Call>>>> = {
  'cloudtrail.amazonaws.com': {
    StopLogging: { what: 'trail-stopped', field: 'name', consequence: 'if this trail delivered IAM events, the real-time path is silent; the hourly Config sweep still repairs' },
    DeleteTrail: { what: 'trail-deleted', field: 'name', consequence: 'if this trail delivered IAM events, the real-time path is silent; the hourly Config sweep still repairs' },
    UpdateTrail: { what: 'trail-updated', field: 'name', consequence: 'check that the trail still logs global service (IAM) events: make report' },
  },
  'config.amazonaws.com': {
    StopConfigurationRecorder: { what: 'recorder-stopped', field: 'configurationRecorderName', consequence: 'Config stops recording IAM users: change-triggered evaluations stop; the enforcer still repairs in real time' },
    DeleteConfigurationRecorder: { what: 'recorder-deleted', field: 'configurationRecorderName', consequence: 'Config stops recording IAM users: change-triggered evaluations stop; the enforcer still repairs in real time' },
    DeleteConfigRule: { what: 'config-rule-deleted', field: 'configRuleName', consequence: 'no hourly sweep, no compliance history and no remediation until make deploy recreates it' },
  },
  'events.amazonaws.com': {
    DisableRule: { what: 'event-rule-disabled', field: 'name', consequence: 'the path this rule feeds is off until it is enabled again (aws events enable-rule, or make deploy)' },
    DeleteRule: { what: 'event-rule-deleted', field: 'name', consequence: 'the path this rule feeds is off until make deploy recreates it' },
  },
  // Alerts about repairs come from the functions' log groups: without the subscription, they stop.
  'logs.amazonaws.com': {
    DeleteSubscriptionFilter: { what: 'log-subscription-deleted', field: 'logGroupName', consequence: 'the alerts of this function stop (its repairs go on) until make deploy recreates the subscription' },
  },
};

/** Decodes one event; malformed input throws an EventError (the invocation fails and is retried). */
export function decode(event: unknown, names: GuardNames): GuardEvent {
  if (!fields.isRecord(event)) throw new EventError('unknown', '(event)', 'not an object');
  const id = fields.identifier(event, 'id', 'unknown');
  const detailType = fields.string(event, 'detail-type', id);
  fields.object(event, 'detail', id);
  const facts = alertFacts.of(event);
  if (detailType === PARAMETER_STORE_CHANGE) {
    const name = fields.string(event, 'detail.name', id);
    const operation = fields.string(event, 'detail.operation', id);
    // The event may spell a hierarchical name with or without its leading slash.
    if (name.replace(/^\//, '') !== names.whitelistParameter.replace(/^\//, '')) return { kind: 'ignored', id, reason: `parameter ${fields.clip(name)} is not the whitelist` };
    const consequence = operation === 'Delete' ? 'the functions now fail every invocation (an unreadable whitelist is never "nobody exempt"): run make whitelist' : 'the functions use it within minutes; check the change was intended (CloudTrail PutParameter names who made it)';
    return { kind: 'guard', what: 'whitelist-changed', target: name, event: facts, action: 'none', result: fields.clip(operation), reason: consequence };
  }
  if (detailType !== 'AWS API Call via CloudTrail') return { kind: 'ignored', id, reason: `detail-type ${fields.clip(detailType)} is not a guard event` };
  const source = fields.string(event, 'detail.eventSource', id);
  const eventName = fields.string(event, 'detail.eventName', id);
  const call = CALLS[source]?.[eventName];
  if (!call) return { kind: 'ignored', id, reason: `${fields.clip(source)} ${fields.clip(eventName)} is not a guard event` };
  const target = fields.string(event, `detail.requestParameters.${call.field}`, id);
  const ours =
    call.what === 'config-rule-deleted' ? target === names.configRuleName
    : call.what.startsWith('event-rule') ? target.startsWith(ownedPrefix(names.stack))
    : call.what === 'log-subscription-deleted' ? target.startsWith(`/aws/lambda/${ownedPrefix(names.stack)}`)
    : true;
  if (!ours) return { kind: 'ignored', id, reason: `${eventName} of ${fields.clip(target)}, not one of ours` };
  // A refused call changed nothing, but someone tried: said, with the error.
  const result = facts.errorCode ? `failed (${fields.clip(facts.errorCode)}): nothing changed` : 'succeeded';
  return { kind: 'guard', what: call.what, target, event: facts, action: 'none', result, reason: facts.errorCode ? `attempted ${eventName}` : call.consequence };
}
