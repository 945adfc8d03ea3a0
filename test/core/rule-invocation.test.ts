import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EventError } from '../../src/core/errors.ts';
import * as ruleInvocation from '../../src/core/rule-invocation.ts';
import { decodesOrRejects, rejects, rejectsEvent } from '../support/assert.ts';
import { load, POLICY_ARN, withField, withInvokingField } from '../../sim/fixtures.ts';
import { mutants } from '../support/mutations.ts';

const event = (name: string) => load('config-rule', `${name}.json`);
const token = (name: string) => String(event(name).resultToken);
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
const ALICE = 'mfa-guard-users/AIDAJQABLZS4A3QDU576Q';
const BOB = 'mfa-guard-users/AIDAIOSFODNN7EXAMPLE';
const ITEM = 'invokingEvent.configurationItem';

/** Checks that decoding `e` throws the EventError naming this event, field and problem. */
const failure = (e: unknown, eventId: string, field: string, problem: string) => rejectsEvent(() => ruleInvocation.decode(e), { eventId, field, problem });

const decoding = suite('ruleInvocation.decode');

decoding("a change of a user carries the user's facts from the item, ordered by its capture time", () => {
  assert.equal(ruleInvocation.decode(event('change-user-compliant')), {
    kind: 'change',
    id: ALICE,
    resultToken: token('change-user-compliant'),
    orderingTimestamp: new Date('2023-06-01T09:12:40.331Z'),
    user: { name: 'alice', id: 'AIDAJQABLZS4A3QDU576Q', path: '/', attachedPolicyArns: [ADMIN_POLICY, POLICY_ARN] },
  });
});

decoding('MFA devices are unknown in a change: the item does not show them', () => {
  const invocation = ruleInvocation.decode(event('change-user-violating'));
  assert.ok(invocation.kind === 'change' && !('mfaDevices' in invocation.user));
});

decoding('a violating user is decoded with the policies it has', () => {
  const invocation = ruleInvocation.decode(event('change-user-violating'));
  assert.equal(invocation.kind === 'change' && invocation.user, { name: 'bob', id: 'AIDAIOSFODNN7EXAMPLE', path: '/', attachedPolicyArns: [ADMIN_POLICY] });
});

decoding('a user with a path keeps it', () => {
  const invocation = ruleInvocation.decode(event('change-user-with-path'));
  assert.equal(invocation.kind === 'change' && invocation.user, { name: 'carol', id: 'AIDACKCEVSQ6C2EXAMPLE', path: '/engineering/', attachedPolicyArns: [POLICY_ARN] });
});

decoding('a null or absent policy list reads as no policies', () => {
  const nullList = ruleInvocation.decode(event('change-user-null-lists'));
  assert.equal(nullList.kind === 'change' && nullList.user.attachedPolicyArns, []);
  const absent = ruleInvocation.decode(withInvokingField(event('change-user-compliant'), `${ITEM}.configuration.attachedManagedPolicies`, undefined));
  assert.equal(absent.kind === 'change' && absent.user.attachedPolicyArns, []);
});

decoding('a deleted user is not applicable', () => {
  assert.equal(ruleInvocation.decode(event('change-user-deleted')), {
    kind: 'not-applicable',
    id: BOB,
    resultToken: token('change-user-deleted'),
    orderingTimestamp: new Date('2023-06-01T10:02:17.615Z'),
    userId: 'AIDAIOSFODNN7EXAMPLE',
    reason: 'the user was deleted (configurationItemStatus ResourceDeleted)',
  });
});

decoding('a deleted user that is no longer recorded is not applicable either', () => {
  const gone = withInvokingField(event('change-user-deleted'), `${ITEM}.configurationItemStatus`, 'ResourceDeletedNotRecorded');
  const invocation = ruleInvocation.decode(gone);
  assert.equal(invocation.kind === 'not-applicable' && invocation.reason, 'the user was deleted (configurationItemStatus ResourceDeletedNotRecorded)');
});

decoding("a user that left the rule's scope is not applicable", () => {
  assert.equal(ruleInvocation.decode(event('change-user-left-scope')), {
    kind: 'not-applicable',
    id: ALICE,
    resultToken: token('change-user-left-scope'),
    orderingTimestamp: new Date('2023-06-01T10:10:09.774Z'),
    userId: 'AIDAJQABLZS4A3QDU576Q',
    reason: "the user left the rule's scope (eventLeftScope)",
  });
});

decoding('an oversized item names the user to fetch', () => {
  assert.equal(ruleInvocation.decode(event('oversized-user')), {
    kind: 'oversized',
    id: BOB,
    resultToken: token('oversized-user'),
    orderingTimestamp: new Date('2023-06-01T11:00:03.512Z'),
    userId: 'AIDAIOSFODNN7EXAMPLE',
    userName: 'bob',
  });
});

decoding('an oversized item of a deleted user, or of one out of scope, is not applicable', () => {
  const deleted = withInvokingField(event('oversized-user'), 'invokingEvent.configurationItemSummary.configurationItemStatus', 'ResourceDeleted');
  assert.is(ruleInvocation.decode(deleted).kind, 'not-applicable');
  assert.is(ruleInvocation.decode(withField(event('oversized-user'), 'eventLeftScope', true)).kind, 'not-applicable');
});

decoding('a change whose configuration Config does not record (ResourceNotRecorded, configuration null) names the user to fetch', () => {
  let e = withInvokingField(event('change-user-violating'), `${ITEM}.configurationItemStatus`, 'ResourceNotRecorded');
  e = withInvokingField(e, `${ITEM}.configuration`, null);
  assert.equal(ruleInvocation.decode(e), {
    kind: 'not-recorded',
    id: BOB,
    resultToken: token('change-user-violating'),
    orderingTimestamp: new Date('2023-06-01T09:20:05.902Z'),
    userId: 'AIDAIOSFODNN7EXAMPLE',
    userName: 'bob',
  });
  failure(withInvokingField(e, `${ITEM}.resourceName`, null), BOB, `${ITEM}.resourceName`, 'missing');
});

decoding('a scheduled notification asks for every user, ordered by the notification time', () => {
  assert.equal(ruleInvocation.decode(event('scheduled')), {
    kind: 'scheduled',
    id: 'mfa-guard-users/scheduled@2023-04-27T13:26:17.741Z',
    resultToken: token('scheduled'),
    orderingTimestamp: new Date('2023-04-27T13:26:17.741Z'),
  });
});

decoding('another resource type is ignored, with the reason', () => {
  assert.equal(ruleInvocation.decode(event('change-other-resource')), {
    kind: 'ignored',
    id: 'mfa-guard-users/i-00000000',
    resultToken: 'myResultToken',
    reason: "resource type AWS::EC2::Instance is not AWS::IAM::User: the rule's scope should be users only",
  });
});

const malformed = suite('ruleInvocation.decode: malformed events');

malformed('anything but an object is rejected as such', () => {
  for (const e of [null, 'event', 0, [event('scheduled')]]) failure(e, 'unknown', '(event)', 'not an object');
});

malformed('the rule name, which names the invocation, is required', () => {
  failure(withField(event('scheduled'), 'configRuleName', undefined), 'unknown', 'configRuleName', 'missing');
});

malformed('a result token is required, and must be a string', () => {
  failure(withField(event('change-user-compliant'), 'resultToken', undefined), 'mfa-guard-users', 'resultToken', 'missing');
  failure(withField(event('change-user-compliant'), 'resultToken', 42), 'mfa-guard-users', 'resultToken', 'expected a string, found a number');
});

malformed('invokingEvent must be a JSON object held in a string', () => {
  failure(withField(event('scheduled'), 'invokingEvent', undefined), 'mfa-guard-users', 'invokingEvent', 'missing');
  const notJson = rejects(() => ruleInvocation.decode(withField(event('scheduled'), 'invokingEvent', '{"messageType":')), EventError);
  assert.equal([notJson.eventId, notJson.field], ['mfa-guard-users', 'invokingEvent']);
  assert.match(notJson.problem, /^not JSON \(.+\)$/);
  failure(withField(event('scheduled'), 'invokingEvent', '[1]'), 'mfa-guard-users', 'invokingEvent', 'expected a JSON object, found an array');
  failure(withField(event('scheduled'), 'invokingEvent', { messageType: 'ScheduledNotification' }), 'mfa-guard-users', 'invokingEvent', 'expected a string, found an object');
});

malformed('an unknown message type is rejected, naming it', () => {
  const unknown = withInvokingField(event('scheduled'), 'invokingEvent.messageType', 'ComplianceChangeNotification');
  failure(unknown, 'mfa-guard-users', 'invokingEvent.messageType', 'unknown message type "ComplianceChangeNotification"');
  failure(withInvokingField(event('scheduled'), 'invokingEvent.messageType', undefined), 'mfa-guard-users', 'invokingEvent.messageType', 'missing');
});

malformed('eventLeftScope must be a boolean when present', () => {
  failure(withField(event('change-user-compliant'), 'eventLeftScope', 'true'), 'mfa-guard-users', 'eventLeftScope', 'expected a boolean, found a string');
});

malformed('a change without its item, or the item without a resource ID, is named', () => {
  failure(withInvokingField(event('change-user-compliant'), ITEM, undefined), 'mfa-guard-users', ITEM, 'missing');
  failure(withInvokingField(event('change-user-compliant'), `${ITEM}.resourceId`, undefined), 'mfa-guard-users', `${ITEM}.resourceId`, 'missing');
});

malformed("a user item without the user's facts is named, with the invocation's ID", () => {
  for (const field of ['resourceType', 'configurationItemStatus', 'configuration', 'configuration.userName', 'configuration.userId', 'configuration.path']) {
    failure(withInvokingField(event('change-user-compliant'), `${ITEM}.${field}`, undefined), ALICE, `${ITEM}.${field}`, 'missing');
  }
});

malformed('a policy entry without its ARN is named by its index', () => {
  const e = withInvokingField(event('change-user-compliant'), `${ITEM}.configuration.attachedManagedPolicies`, [{ policyArn: ADMIN_POLICY }, { policyName: 'DenyActionWithoutMFA' }]);
  failure(e, ALICE, `${ITEM}.configuration.attachedManagedPolicies[1].policyArn`, 'missing');
  const notList = withInvokingField(event('change-user-compliant'), `${ITEM}.configuration.attachedManagedPolicies`, { policyArn: POLICY_ARN });
  failure(notList, ALICE, `${ITEM}.configuration.attachedManagedPolicies`, 'expected an array, found an object');
});

malformed("a configuration of another user than the item's is rejected", () => {
  const e = withInvokingField(event('change-user-compliant'), `${ITEM}.configuration.userId`, 'AIDAIOSFODNN7EXAMPLE');
  failure(e, ALICE, `${ITEM}.configuration.userId`, 'is AIDAIOSFODNN7EXAMPLE but resourceId is AIDAJQABLZS4A3QDU576Q');
});

malformed('capture and notification times must be ISO-8601', () => {
  failure(withInvokingField(event('change-user-compliant'), `${ITEM}.configurationItemCaptureTime`, '06/01/2023'), ALICE, `${ITEM}.configurationItemCaptureTime`, '"06/01/2023" is not an ISO-8601 timestamp');
  const at = 'invokingEvent.notificationCreationTime';
  failure(withInvokingField(event('scheduled'), at, '2023-02-30T00:00:00Z'), 'mfa-guard-users/scheduled@2023-02-30T00:00:00Z', at, '"2023-02-30T00:00:00Z" is not an ISO-8601 timestamp');
  failure(withInvokingField(event('scheduled'), at, undefined), 'mfa-guard-users', at, 'missing');
});

malformed('an oversized item without the user name is named', () => {
  const at = 'invokingEvent.configurationItemSummary.resourceName';
  failure(withInvokingField(event('oversized-user'), at, null), BOB, at, 'missing');
});

malformed('no change to any field of any fixture crashes the decoder: it decodes or throws an EventError', () => {
  const names = ['change-user-compliant', 'change-user-deleted', 'change-user-null-lists', 'oversized-user', 'scheduled', 'change-other-resource'];
  const tried = decodesOrRejects(ruleInvocation.decode, mutants('config-rule', names));
  assert.ok(tried > 1000, `only ${tried} mutations tried`);
});

decoding.run();
malformed.run();
