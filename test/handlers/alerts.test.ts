/**
 * The alerts the functions publish, end to end: fixture event → real handler on the in-memory
 * account → the message SNS would receive. A publish that fails never fails or undoes the repair.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as snsApi from '../../src/aws/sns.ts';
import { UserFailuresError } from '../../src/core/errors.ts';
import { enforce } from '../../src/handlers/enforce.ts';
import { remediate } from '../../src/handlers/remediate.ts';
import { carries, container, fixtureAccount } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';
import { rejectsAsync } from '../support/assert.ts';

const trail = (name: string) => fixtures.load('cloudtrail', name);
const bodyOf = (message: { body: string } | undefined) => JSON.parse(message?.body ?? '{}') as Record<string, unknown>;
const published = suite('alerts published by the functions');

published('a detach undone: one tamper alert naming who, the user and the repair', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', account.policyArn);
  const { deps, messages } = container(account);
  await enforce(trail('detach-user-policy.json'), deps);
  assert.ok(carries(account, 'alice'));
  assert.equal(messages.map((m) => m.subject), ['mfa-guard: policy detached from alice by thien: attached']);
  const body = bodyOf(messages[0]);
  assert.equal([body.kind, body.what, body.user, body.actor, body.sourceIp, body.eventId, body.result, body.wouldHave], ['tamper', 'policy-detached', 'alice', 'arn:aws:iam::123456789012:user/thien', '68.21.163.122', '7a4f9c3b-0e6d-8c5b-2f7a-5d1e9b4c3fa4', 'attached', false]);
  assert.type(body.repairSeconds, 'number');
});

published('MODE=report publishes what it would have done, and changes nothing', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', account.policyArn);
  const { deps, messages } = container(account, { mode: 'report' });
  await enforce(trail('detach-user-policy.json'), deps);
  assert.not.ok(carries(account, 'alice'));
  assert.equal(messages.map((m) => m.subject), ['mfa-guard: policy detached from alice by thien: would reattach (MODE=report)']);
  assert.equal([bodyOf(messages[0]).wouldHave, bodyOf(messages[0]).repairSeconds], [true, null]);
});

published('a new user enforced is an alert, unless NOTIFY_NEW_USERS=0', async () => {
  const account = fixtureAccount();
  account.addUser({ name: 'bob2', id: 'AIDAEXAMPLEBOB2000001' });
  const event = fixtures.withField(fixtures.withField(trail('create-user.json'), 'detail.requestParameters.userName', 'bob2'), 'detail.responseElements.user.userId', 'AIDAEXAMPLEBOB2000001');
  const told = container(account);
  await enforce(event, told.deps);
  assert.equal(told.messages.map((m) => m.subject), ['mfa-guard: new user bob2 by thien: attached']);
  const quiet = container(account, { notifyNewUsers: false });
  await enforce(event, quiet.deps);
  assert.equal(quiet.messages, []);
});

published('an attach refused by the quota: the failure is published, then the invocation fails', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', account.policyArn);
  for (let i = 0; i < 9; i++) account.attachPolicy('alice', `arn:aws:iam::aws:policy/Other${i}`);
  const { deps, messages } = container(account);
  await rejectsAsync(enforce(trail('detach-user-policy.json'), deps), UserFailuresError);
  assert.equal(messages.map((m) => m.subject), ['mfa-guard: FAILED attach for alice: failed']);
  assert.equal(bodyOf(messages[0]).what, 'policy-limit');
});

published('a refused detach of our policy is a denied attempt; nothing is repaired', async () => {
  const { deps, messages } = container(fixtureAccount());
  await enforce(trail('detach-user-policy-failed.json'), deps);
  assert.equal(messages.map((m) => m.subject), ['mfa-guard: denied attempt on the policy (alice) by thien: refused (AccessDenied)']);
});

published('remediation of a NON_COMPLIANT user: the user found without the policy, and attached', async () => {
  const account = fixtureAccount();
  const { deps, messages } = container(account);
  await remediate(fixtures.load('compliance-change', 'non-compliant-user.json'), deps);
  assert.ok(carries(account, 'bob'));
  assert.equal(messages.map((m) => m.subject), ['mfa-guard: bob found without the policy: attached']);
});

published('an SNS publish that fails does not fail the invocation nor undo the repair: logged and counted', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', account.policyArn);
  const sns = new SNSClient({ region: 'eu-west-1', maxAttempts: 1 });
  mockClient(sns).on(PublishCommand).rejects(Object.assign(new Error('Topic does not exist'), { name: 'NotFoundException' }));
  const lines: string[] = [];
  const publisher = snsApi.publisher(sns, 'arn:aws:sns:eu-west-1:123456789012:gone', 'enforce', (line) => lines.push(line));
  const { deps } = container(account, { publisher });
  const outcomes = await enforce(trail('detach-user-policy.json'), deps);
  assert.equal(outcomes.map((o) => o.result), ['attached']);
  assert.ok(carries(account, 'alice'));
  assert.is(publisher.failed, 1);
  assert.equal([JSON.parse(lines[0] ?? '{}').result, JSON.parse(lines[0] ?? '{}').AlertsNotPublished], ['not published', 1]);
});

published.run();
