import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as alarmEvents from '../../src/core/alarm-events.ts';
import * as alertFacts from '../../src/core/alert-facts.ts';
import * as alerts from '../../src/core/alerts.ts';
import * as guardEvents from '../../src/core/guard-events.ts';
import { decodesOrRejects } from '../support/assert.ts';
import { load, text } from '../../sim/fixtures.ts';
import { mutants } from '../support/mutations.ts';

const NAMES = { whitelistParameter: '/mfa-guard/whitelist', configRuleName: 'mfa-guard-users', stack: 'mfa-guard' };
const NOW = new Date('2026-11-30T09:10:03Z');
const ENFORCE = { now: NOW, mode: 'enforce' } as const;
const KEYS = ['source', 'kind', 'what', 'mode', 'wouldHave', 'eventId', 'eventTime', 'eventName', 'actor', 'sourceIp', 'region', 'user', 'target', 'action', 'result', 'repairSeconds', 'reason'];

const guard = (name: string) => {
  const decoded = guardEvents.decode(load('guard', `${name}.json`), NAMES);
  if (decoded.kind === 'ignored') return assert.unreachable(`${name}: ignored (${decoded.reason})`) as never;
  return alerts.render(decoded, ENFORCE);
};
const body = (message: alerts.Message): Record<string, unknown> => JSON.parse(message.body);
const pick = (value: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, value[k]]));

const guards = suite('guard events → messages');

guards('StopLogging: who stopped which trail, from where, and what it means', () => {
  const message = guard('stop-logging');
  assert.is(message.subject, 'mfa-guard: CloudTrail logging stopped: management-events by christophe');
  assert.equal(pick(body(message), ['kind', 'what', 'eventId', 'eventTime', 'eventName', 'actor', 'sourceIp', 'region', 'target', 'action', 'result', 'repairSeconds']), {
    kind: 'guard',
    what: 'trail-stopped',
    eventId: '2b7e4c1d-5a3f-4e8b-9c6d-1f2a3b4c5d01',
    eventTime: '2024-07-31T13:06:24Z',
    eventName: 'StopLogging',
    actor: 'arn:aws:iam::123456789012:user/christophe',
    sourceIp: '86.245.153.234',
    region: 'eu-west-1',
    target: 'management-events',
    action: 'none',
    result: 'succeeded',
    repairSeconds: null,
  });
  assert.match(String(body(message).reason), 'the real-time path is silent');
});

guards('DeleteTrail and UpdateTrail name the trail as the call did (an ARN here)', () => {
  assert.is(body(guard('delete-trail')).target, 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events');
  assert.is(body(guard('delete-trail')).what, 'trail-deleted');
  assert.is(body(guard('update-trail')).what, 'trail-updated');
});

guards('a refused call is still an attempt: told, with its error, as having changed nothing', () => {
  const message = guard('update-trail-failed');
  assert.is(body(message).result, 'failed (TrailNotFoundException): nothing changed');
  assert.is(body(message).reason, 'attempted UpdateTrail');
  assert.match(message.subject, 'by Alice - failed (TrailNotFoundException)');
});

guards('Config: the recorder stopped or deleted, our rule deleted', () => {
  assert.equal(pick(body(guard('stop-configuration-recorder')), ['what', 'target']), { what: 'recorder-stopped', target: 'default' });
  assert.equal(pick(body(guard('delete-configuration-recorder')), ['what', 'target']), { what: 'recorder-deleted', target: 'default' });
  assert.equal(pick(body(guard('delete-config-rule')), ['what', 'target']), { what: 'config-rule-deleted', target: 'mfa-guard-users' });
  assert.is(guard('delete-config-rule').subject, 'mfa-guard: Config rule deleted: mfa-guard-users by testcloudtrail@elastic.co');
});

guards('EventBridge: one of our rules disabled or deleted', () => {
  assert.is(guard('disable-rule').subject, 'mfa-guard: EventBridge rule disabled: mfa-guard_iam-calls by test@elastic.co');
  assert.is(body(guard('delete-rule')).what, 'event-rule-deleted');
});

guards('a deleted log subscription of one of our functions silences its alerts: told; another group\'s is not', () => {
  assert.is(guard('delete-subscription-filter').subject, 'mfa-guard: alert log subscription deleted: /aws/lambda/mfa-guard_enforce by test@elastic.co');
  const other = guardEvents.decode(load('guard', 'delete-subscription-filter-other.json'), NAMES);
  assert.equal(other.kind === 'ignored' && other.reason, 'DeleteSubscriptionFilter of /aws/lambda/billing-export, not one of ours');
});

guards('the whitelist parameter changed or deleted: Parameter Store Change names no actor', () => {
  const updated = guard('parameter-store-change-whitelist-updated');
  assert.is(updated.subject, 'mfa-guard: whitelist parameter updated: /mfa-guard/whitelist');
  assert.equal(pick(body(updated), ['what', 'target', 'actor', 'result', 'eventTime']), { what: 'whitelist-changed', target: '/mfa-guard/whitelist', actor: null, result: 'Update', eventTime: '2026-11-30T09:00:02Z' });
  const deleted = guard('parameter-store-change-whitelist-deleted');
  assert.is(deleted.subject, 'mfa-guard: whitelist parameter deleted: /mfa-guard/whitelist');
  assert.match(String(body(deleted).reason), 'make whitelist');
});

guards('events about other parameters, rules or Config rules are ignored, saying why', () => {
  const reason = (name: string) => {
    const decoded = guardEvents.decode(load('guard', `${name}.json`), NAMES);
    return decoded.kind === 'ignored' ? decoded.reason : 'not ignored';
  };
  assert.is(reason('parameter-store-change-other-parameter'), 'parameter MyExampleParameter is not the whitelist');
  assert.is(reason('delete-rule-other-rule'), 'DeleteRule of DailyLambdaFunction, not one of ours');
  assert.is(reason('delete-config-rule-other-rule'), 'DeleteConfigRule of access-keys-rotated, not one of ours');
});

guards('a malformed guard event is an EventError, never a crash', () => {
  const tried = decodesOrRejects((e) => guardEvents.decode(e, NAMES), mutants('guard', ['stop-logging', 'parameter-store-change-whitelist-updated', 'delete-config-rule', 'disable-rule']));
  assert.ok(tried > 200, `${tried} mutants`);
});

const alarms = suite('alarms and dead letters → messages');

alarms('our dead-letter alarm going to ALARM is told, marked as watching a queue', () => {
  const decoded = alarmEvents.decode(load('alarms', 'dead-letters-alarm.json'), 'mfa-guard');
  assert.is(decoded.kind, 'alarm');
  if (decoded.kind !== 'alarm') return;
  assert.ok(decoded.deadLetters);
  const message = alerts.render(decoded, ENFORCE);
  assert.is(message.subject, 'mfa-guard: alarm mfa-guard_dead-letters is ALARM');
  assert.equal(pick(body(message), ['kind', 'what', 'target', 'region', 'eventTime']), { kind: 'alarm', what: 'ALARM', target: 'mfa-guard_dead-letters', region: 'eu-west-1', eventTime: '2026-11-30T09:10:00Z' });
  assert.match(String(body(message).reason), 'was greater than the threshold (0.0)');
});

alarms('its return to OK is told as a recovery; the forwarder alarm is not a queue alarm', () => {
  const ok = alarmEvents.decode(load('alarms', 'dead-letters-ok.json'), 'mfa-guard');
  assert.is(ok.kind === 'alarm' && alerts.render(ok, ENFORCE).subject, 'mfa-guard: alarm mfa-guard_dead-letters is OK');
  const forward = alarmEvents.decode(load('alarms', 'forward-failures-alarm.json'), 'mfa-guard');
  assert.is(forward.kind === 'alarm' && forward.deadLetters, false);
});

alarms('only our home dead-letter alarm going to ALARM brings the queue\'s letters', () => {
  const brings = (file: string, stack = 'mfa-guard') => {
    const decoded = alarmEvents.decode(load('alarms', file), 'mfa-guard');
    return decoded.kind === 'alarm' && alarmEvents.bringsLetters(decoded, stack);
  };
  assert.is(brings('dead-letters-alarm.json'), true);
  assert.is(brings('dead-letters-ok.json'), false);
  assert.is(brings('forward-failures-alarm.json'), false);
  assert.is(brings('dead-letters-alarm.json', 'mfa-guard-2'), false);
});

alarms('a malformed alarm event is an EventError, never a crash', () => {
  const tried = decodesOrRejects((e) => alarmEvents.decode(e, 'mfa-guard'), mutants('alarms', ['dead-letters-alarm']));
  assert.ok(tried > 100, `${tried} mutants`);
});

alarms("another stack's alarm is ignored", () => {
  const decoded = alarmEvents.decode(load('alarms', 'other-alarm.json'), 'mfa-guard');
  assert.equal(decoded, { kind: 'ignored', id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92', reason: "alarm ServerCpuTooHigh is not one of mfa-guard's" });
});

alarms('a Lambda on-failure record: the function, its attempts, its error, and the event it failed on', () => {
  const message = alerts.render(alarmEvents.deadLetter({ body: text('dead-letters/lambda-failure-record.json'), attributes: {} }), ENFORCE);
  assert.is(message.subject, 'mfa-guard: FAILED invocation on DetachUserPolicy: dead-lettered');
  assert.equal(pick(body(message), ['kind', 'what', 'eventId', 'actor', 'result']), { kind: 'failure', what: 'invocation-failed', eventId: '7a4f9c3b-0e6d-8c5b-2f7a-5d1e9b4c3fa4', actor: 'arn:aws:iam::123456789012:user/thien', result: 'dead-lettered' });
  assert.is(body(message).reason, 'mfa-guard_enforce failed after 3 attempts: UserFailuresError: event 7a4f9c3b-0e6d-8c5b-2f7a-5d1e9b4c3fa4: 1 user(s) not fixed: alice (Cannot exceed quota for PoliciesPerUser: 10)');
});

alarms('an event EventBridge could not deliver, and an unreadable letter, are still told', () => {
  const undelivered = alarmEvents.deadLetter({ body: text('cloudtrail/create-user.json'), attributes: { ERROR_CODE: 'SDK_CLIENT_ERROR', TARGET_ARN: 'arn:aws:lambda:eu-west-1:123456789012:function:mfa-guard-EnforceFunction-AbC123dEf456' } });
  assert.is(undelivered.reason, 'EventBridge could not deliver the event to arn:aws:lambda:eu-west-1:123456789012:function:mfa-guard-EnforceFunction-AbC123dEf456: SDK_CLIENT_ERROR');
  assert.is(undelivered.event.eventName, 'CreateUser');
  assert.match(String(alarmEvents.deadLetter({ body: 'not json', attributes: {} }).reason), 'unreadable dead letter: not json');
});

const rendering = suite('alerts.render');
const detach = alertFacts.of(load('cloudtrail', 'detach-user-policy.json'));

rendering('a repaired detach: who, the user, the repair, and the seconds from the event to the repair', () => {
  const message = alerts.render({ kind: 'tamper', what: 'policy-detached', event: detach, user: 'alice', action: 'reattach', result: 'attached', failed: false }, { now: new Date('2023-05-31T05:15:03Z'), mode: 'enforce' });
  assert.is(message.subject, 'mfa-guard: policy detached from alice by thien: attached');
  assert.equal(pick(body(message), ['kind', 'what', 'user', 'action', 'result', 'repairSeconds', 'wouldHave']), { kind: 'tamper', what: 'policy-detached', user: 'alice', action: 'reattach', result: 'attached', repairSeconds: 6, wouldHave: false });
});

rendering('MODE=report says what it would have done, and claims no repair time', () => {
  const message = alerts.render({ kind: 'tamper', what: 'policy-detached', event: detach, user: 'alice', action: 'reattach', result: 'not attached (MODE=report)', failed: false }, { now: NOW, mode: 'report' });
  assert.is(message.subject, 'mfa-guard: policy detached from alice by thien: would reattach (MODE=report)');
  assert.equal(pick(body(message), ['mode', 'wouldHave', 'repairSeconds']), { mode: 'report', wouldHave: true, repairSeconds: null });
});

rendering('every kind has the same keys, in the same order', () => {
  const all: alerts.Alert[] = [
    { kind: 'tamper', what: 'policy-deleted', event: detach, action: 'recreate', result: 'recreated', failed: false },
    { kind: 'new-user', event: detach, user: 'bob', action: 'attach', result: 'attached', failed: false },
    { kind: 'failure', what: 'policy-limit', event: alertFacts.NO_EVENT, user: 'bob', action: 'attach', result: 'failed', reason: 'Cannot exceed quota for PoliciesPerUser: 10' },
    { kind: 'guard', what: 'trail-stopped', target: 't', event: detach, action: 'none', result: 'succeeded' },
    { kind: 'alarm', alarm: 'mfa-guard-x', state: 'ALARM', event: detach, action: 'none', result: 'ALARM' },
  ];
  for (const alert of all) assert.equal(Object.keys(body(alerts.render(alert, ENFORCE))), KEYS, alert.kind);
  assert.is(alerts.render(all[2] as alerts.Alert, ENFORCE).subject, 'mfa-guard: FAILED attach for bob: failed');
});

rendering('a message stays within SNS limits whatever the event holds: clipped fields, an ASCII subject under 100 characters', () => {
  const huge = '\u0000é'.repeat(600_000);
  const event = alertFacts.of({ id: huge, detail: { eventTime: '2023-05-31T05:14:57Z', eventName: huge, sourceIPAddress: huge, awsRegion: huge, userIdentity: { arn: `arn:aws:iam::123456789012:user/${huge}` } } });
  const message = alerts.render({ kind: 'guard', what: 'trail-stopped', target: huge, event, user: huge, action: huge, result: huge, reason: huge }, ENFORCE);
  assert.ok(new TextEncoder().encode(message.body).length <= alerts.MAX_BODY_BYTES, `${new TextEncoder().encode(message.body).length} bytes`);
  assert.ok(alerts.MAX_BODY_BYTES < 256 * 1024);
  assert.ok(message.subject.length < 100);
  assert.ok(/^[\x20-\x7e]+$/.test(message.subject));
  assert.match(String(body(message).target), '(1200000 characters)');
});

guards.run();
alarms.run();
rendering.run();
