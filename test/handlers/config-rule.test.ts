/**
 * The AWS Config custom rule: the invocations of fixtures/config-rule through real SDK clients on
 * the in-memory account, asserting what Config received and which calls it took.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EvaluationsFailedError } from '../../src/aws/errors.ts';
import { EventError, WhitelistError } from '../../src/core/errors.ts';
import { evaluate } from '../../src/handlers/config-rule.ts';
import { MemoryAccount } from '../../sim/account.ts';
import { rejectsAsync } from '../support/assert.ts';
import { callNames, container, FALLBACK_GROUP, fixtureAccount, USERS, WHITELIST_PARAMETER } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';

const invocation = (name: string) => fixtures.load('config-rule', name);
const TOKEN = String(invocation('change-user-compliant.json').resultToken);
const ATTACHED = 'attached: DenyActionWithoutMFA is attached (MFA devices not visible here)';
const VIOLATING = 'violating: DenyActionWithoutMFA is not attached';

/** What Config holds for a user now: [compliance, annotation, ordering time]. */
function held(account: MemoryAccount, userId: string) {
  const e = account.compliance(userId);
  return e && [e.ComplianceType, e.Annotation, e.OrderingTimestamp?.toISOString()];
}

const change = suite('config-rule: configuration change');

change('a user carrying the policy is COMPLIANT, from the item alone: no IAM call, one PutEvaluations', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  await evaluate(invocation('change-user-compliant.json'), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'config:PutEvaluations']);
  assert.equal(account.inputs('PutEvaluations')[0]?.ResultToken, TOKEN);
  assert.equal(held(account, USERS.alice), ['COMPLIANT', ATTACHED, '2023-06-01T09:12:40.331Z']);
  assert.equal(logs, [
    { function: 'config-rule', eventId: `mfa-guard-users/${USERS.alice}`, user: 'alice', decision: 'COMPLIANT', result: 'reported', reason: ATTACHED },
  ]);
});

change('a user without the policy is NON_COMPLIANT, whatever IAM says now (the item is the truth of that moment)', async () => {
  const account = fixtureAccount();
  account.attachPolicy('bob', account.policyArn);
  const { deps } = container(account);
  await evaluate(invocation('change-user-violating.json'), deps);
  assert.is(account.count('iam'), 0);
  assert.is(account.count('config', 'PutEvaluations'), 1);
  assert.equal(held(account, USERS.bob), ['NON_COMPLIANT', VIOLATING, '2023-06-01T09:20:05.902Z']);
});

change('null lists in the item read as "no policies": NON_COMPLIANT', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  await evaluate(invocation('change-user-null-lists.json'), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'config:PutEvaluations']);
  assert.equal(held(account, USERS.bob)?.[0], 'NON_COMPLIANT');
});

change('a user in a path carrying the policy is COMPLIANT', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  await evaluate(invocation('change-user-with-path.json'), deps);
  assert.equal(held(account, USERS.carol)?.[0], 'COMPLIANT');
  assert.is(account.count('iam'), 0);
});

change('a whitelisted user is NOT_APPLICABLE, with the exemption as the annotation', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  let event = invocation('change-user-violating.json');
  for (const [path, value] of [
    ['invokingEvent.configurationItem.resourceId', USERS.ciDeployer],
    ['invokingEvent.configurationItem.resourceName', 'ci-deployer'],
    ['invokingEvent.configurationItem.configuration.userId', USERS.ciDeployer],
    ['invokingEvent.configurationItem.configuration.userName', 'ci-deployer'],
  ] as const) {
    event = fixtures.withInvokingField(event, path, value);
  }
  await evaluate(event, deps);
  assert.equal(held(account, USERS.ciDeployer)?.slice(0, 2), ['NOT_APPLICABLE', 'exempt: whitelisted: GitHub Actions deploys']);
  assert.is(account.count('iam'), 0);
});

change('a deleted user is NOT_APPLICABLE, with no IAM call and no whitelist read', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  await evaluate(invocation('change-user-deleted.json'), deps);
  assert.equal(callNames(account), ['config:PutEvaluations']);
  assert.equal(held(account, USERS.bob), ['NOT_APPLICABLE', 'the user was deleted (configurationItemStatus ResourceDeleted)', '2023-06-01T10:02:17.615Z']);
  assert.equal(logs.map((l) => [l.user, l.userId, l.decision]), [[undefined, USERS.bob, 'NOT_APPLICABLE']]);
});

change('a user that left the scope is NOT_APPLICABLE', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  await evaluate(invocation('change-user-left-scope.json'), deps);
  assert.equal(callNames(account), ['config:PutEvaluations']);
  assert.equal(held(account, USERS.alice)?.slice(0, 2), ['NOT_APPLICABLE', "the user left the rule's scope (eventLeftScope)"]);
});

change('another resource type is ignored, explicitly: no call at all, one log line', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  assert.equal(await evaluate(invocation('change-other-resource.json'), deps), []);
  assert.equal(callNames(account), []);
  assert.equal(logs, [
    {
      function: 'config-rule',
      eventId: 'mfa-guard-users/i-00000000',
      decision: 'ignore',
      result: 'ignored',
      reason: "resource type AWS::EC2::Instance is not AWS::IAM::User: the rule's scope should be users only",
    },
  ]);
});

change.run();

const oversized = suite('config-rule: oversized item');

oversized('the one user is fetched from IAM and evaluated as it is now', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  await evaluate(invocation('oversized-user.json'), deps);
  // GetUser lists no groups: a user without the policy is looked up in the listing, which shows whether the fallback group covers it.
  assert.equal(callNames(account), ['iam:GetUser', 'iam:ListAttachedUserPolicies', 'iam:GetAccountAuthorizationDetails', 'ssm:GetParameter', 'config:PutEvaluations']);
  assert.equal(account.inputs('GetUser'), [{ UserName: 'bob' }]);
  assert.equal(held(account, USERS.bob), ['NON_COMPLIANT', VIOLATING, '2023-06-01T11:00:03.512Z']);
});

oversized('a user that has the policy by now is COMPLIANT', async () => {
  const account = fixtureAccount();
  account.attachPolicy('bob', account.policyArn);
  const { deps } = container(account);
  await evaluate(invocation('oversized-user.json'), deps);
  assert.equal(held(account, USERS.bob)?.[0], 'COMPLIANT');
});

oversized('a user deleted meanwhile is NOT_APPLICABLE', async () => {
  const account = fixtureAccount();
  account.users.delete('bob');
  const { deps, logs } = container(account);
  await evaluate(invocation('oversized-user.json'), deps);
  // Gone by name, looked up by ID (a rename would find it).
  assert.equal(callNames(account), ['iam:GetUser', 'iam:GetAccountAuthorizationDetails', 'config:PutEvaluations']);
  assert.equal(held(account, USERS.bob)?.slice(0, 2), ['NOT_APPLICABLE', 'user bob no longer exists']);
  assert.equal(logs.map((l) => [l.user, l.decision, l.result]), [['bob', 'NOT_APPLICABLE', 'reported']]);
});

oversized('a user re-created under the same name meanwhile is another resource: the item\'s user is NOT_APPLICABLE', async () => {
  const account = fixtureAccount();
  account.users.delete('bob');
  const successor = account.addUser({ name: 'bob' });
  const { deps } = container(account);
  const put = await evaluate(invocation('oversized-user.json'), deps);
  assert.equal(put.map((e) => [e.ComplianceResourceId, e.ComplianceType]), [[USERS.bob, 'NOT_APPLICABLE']]);
  assert.equal(held(account, USERS.bob)?.[1], `user bob (${USERS.bob}) was deleted; the name now belongs to ${successor.id}`);
  assert.is(account.compliance(successor.id), undefined);
});

oversized('a change item Config did not record (ResourceNotRecorded, configuration null) is evaluated from IAM, like an oversized one', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  const item = 'invokingEvent.configurationItem';
  const event = fixtures.withInvokingField(fixtures.withInvokingField(invocation('change-user-violating.json'), `${item}.configurationItemStatus`, 'ResourceNotRecorded'), `${item}.configuration`, null);
  await evaluate(event, deps);
  assert.equal(callNames(account), ['iam:GetUser', 'iam:ListAttachedUserPolicies', 'iam:GetAccountAuthorizationDetails', 'ssm:GetParameter', 'config:PutEvaluations']);
  assert.equal(account.inputs('GetUser'), [{ UserName: 'bob' }]);
  assert.equal(held(account, USERS.bob), ['NON_COMPLIANT', VIOLATING, '2023-06-01T09:20:05.902Z']);
  account.attachPolicy('bob', account.policyArn);
  await evaluate(event, deps);
  assert.equal(held(account, USERS.bob)?.[0], 'COMPLIANT');
});

oversized('a user renamed since the item: found by ID in the listing and evaluated under its new name', async () => {
  const account = fixtureAccount();
  account.renameUser('bob', 'robert');
  const { deps, logs } = container(account);
  await evaluate(invocation('oversized-user.json'), deps);
  assert.equal(held(account, USERS.bob)?.slice(0, 2), ['NON_COMPLIANT', VIOLATING]);
  assert.equal(logs.map((l) => l.user), ['robert']);
});

oversized('a user at the quota covered through the fallback group is COMPLIANT', async () => {
  const account = fixtureAccount();
  account.user('bob').groups.push(FALLBACK_GROUP);
  const { deps } = container(account);
  await evaluate(invocation('oversized-user.json'), deps);
  assert.equal(held(account, USERS.bob)?.slice(0, 2), ['COMPLIANT', `attached: DenyActionWithoutMFA is attached through group ${FALLBACK_GROUP} (MFA devices not visible here)`]);
});

oversized.run();

const scheduled = suite('config-rule: scheduled sweep');

scheduled('every user is evaluated; the violating one is reported NON_COMPLIANT, then attached, then reported as it is now', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  await evaluate(invocation('scheduled.json'), deps);
  const reads = ['iam:GetAccountAuthorizationDetails', 'ssm:GetParameter', 'config:GetComplianceDetailsByConfigRule', 'iam:ListAttachedGroupPolicies'];
  assert.equal(callNames(account).slice(0, 4).sort(), [...reads].sort());
  assert.equal(callNames(account).slice(4), ['config:PutEvaluations', 'iam:AttachUserPolicy', 'config:PutEvaluations']);
  assert.equal(held(account, USERS.alice), ['COMPLIANT', ATTACHED, '2023-04-27T13:26:17.741Z']);
  assert.equal(held(account, USERS.carol)?.[0], 'COMPLIANT');
  assert.equal(held(account, USERS.ciDeployer)?.[0], 'NOT_APPLICABLE');
  // Config's history for bob: NON_COMPLIANT at the notification, COMPLIANT once repaired.
  const bob = account.evaluations.filter((e) => e.evaluation.ComplianceResourceId === USERS.bob).map((e) => e.evaluation.ComplianceType);
  assert.equal(bob, ['NON_COMPLIANT', 'COMPLIANT']);
  assert.ok(account.user('bob').policies.includes(account.policyArn));
  assert.equal(logs.map((l) => [l.user, l.decision, l.result]), [
    [undefined, 'skip', 'unchanged'],
    ['alice', 'COMPLIANT', 'reported'],
    ['bob', 'NON_COMPLIANT', 'reported'],
    ['carol', 'COMPLIANT', 'reported'],
    ['ci-deployer', 'NOT_APPLICABLE', 'reported'],
    ['bob', 'attach', 'attached'],
    ['bob', 'COMPLIANT', 'reported'],
  ]);
  assert.ok(logs.every((l) => l.eventId === 'mfa-guard-users/scheduled@2023-04-27T13:26:17.741Z'));
});

scheduled('2,345 users on a first sweep: 3 listing calls, 1 group check, 1 attach per violating user, 24 + 3 PutEvaluations', async () => {
  const account = new MemoryAccount();
  const seeded = account.seed(2345, { whitelistParameter: WHITELIST_PARAMETER });
  account.resetCalls();
  const { deps } = container(account);
  const put = await evaluate(invocation('scheduled.json'), deps);
  assert.is(account.count('iam', 'GetAccountAuthorizationDetails'), 3);
  assert.is(account.count('iam', 'ListAttachedGroupPolicies'), 1);
  assert.is(account.count('iam', 'AttachUserPolicy'), seeded.violating.length);
  assert.is(account.count('config', 'GetComplianceDetailsByConfigRule'), 1);
  assert.is(account.count('config', 'PutEvaluations'), 24 + Math.ceil(seeded.violating.length / 100));
  assert.is(account.count('ssm', 'GetParameter'), 1);
  assert.ok(account.inputs('PutEvaluations').every((i) => Array.isArray(i.Evaluations) && i.Evaluations.length <= 100));
  const counted = (type: string) => put.filter((e) => e.ComplianceType === type).length;
  assert.is(counted('NON_COMPLIANT'), seeded.violating.length);
  assert.is(counted('NOT_APPLICABLE'), seeded.whitelisted.length);
  assert.is(counted('COMPLIANT'), 2345 - seeded.whitelisted.length);
  assert.ok(seeded.violating.every((u) => held(account, u.id)?.[0] === 'COMPLIANT' && u.policies.includes(account.policyArn)));
});

scheduled('MODE=report still reports to Config and writes nothing to IAM', async () => {
  const account = fixtureAccount();
  const { deps } = container(account, { mode: 'report' });
  await evaluate(invocation('scheduled.json'), deps);
  assert.equal(callNames(account).slice(4), ['config:PutEvaluations']);
  assert.equal(account.count('iam', 'AttachUserPolicy'), 0);
  assert.equal(held(account, USERS.bob)?.[0], 'NON_COMPLIANT');
  assert.not.ok(account.user('bob').policies.includes(account.policyArn));
});

scheduled.run();

const failures = suite('config-rule: failures');

failures('evaluations Config keeps refusing fail the invocation after one retry', async () => {
  const account = fixtureAccount();
  account.failEvaluations((e) => e.ComplianceResourceId === USERS.bob);
  const { deps } = container(account);
  const error = await rejectsAsync(evaluate(invocation('scheduled.json'), deps), EvaluationsFailedError);
  assert.equal(error.resourceIds, [USERS.bob]);
  assert.is(account.count('config', 'PutEvaluations'), 2);
});

failures('a missing whitelist fails the invocation and nothing is reported to Config', async () => {
  const account = fixtureAccount();
  account.parameters.delete(WHITELIST_PARAMETER);
  const { deps, logs } = container(account);
  await rejectsAsync(evaluate(invocation('change-user-violating.json'), deps), WhitelistError);
  assert.is(account.count('config'), 0);
  assert.equal(logs, []);
});

failures('an unknown message type is an EventError naming the rule and the field', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  const event = fixtures.withInvokingField(invocation('scheduled.json'), 'invokingEvent.messageType', 'SomethingNew');
  const error = await rejectsAsync(evaluate(event, deps), EventError);
  assert.is(error.eventId, 'mfa-guard-users');
  assert.is(error.field, 'invokingEvent.messageType');
  assert.equal(callNames(account), []);
});

failures('a CloudTrail event is an EventError, with no call', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  await rejectsAsync(evaluate(fixtures.load('cloudtrail', 'create-user.json'), deps), EventError);
  assert.equal(callNames(account), []);
});

failures.run();

const testMode = suite('config-rule: TestMode (local runs)');

testMode('with testMode, Config is sent TestMode and records nothing; the log says so', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  await evaluate(invocation('change-user-violating.json'), deps, { testMode: true });
  assert.equal(account.inputs('PutEvaluations').map((i) => i.TestMode), [true]);
  assert.is(account.evaluations.length, 0);
  assert.equal(logs.map((l) => [l.decision, l.result]), [['NON_COMPLIANT', 'checked']]);
});

testMode.run();
