/**
 * The alerts the functions' results make, end to end: fixture event → real handler on the in-memory
 * account → its decision log lines → the CloudWatch Logs subscription payload → the notify function
 * → the message SNS receives. The functions publish nothing themselves.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type * as snsApi from '../../src/aws/sns.ts';
import type { Message } from '../../src/core/alerts.ts';
import { UserFailuresError } from '../../src/core/errors.ts';
import { enforce } from '../../src/handlers/enforce.ts';
import type { DecisionLog } from '../../src/handlers/log.ts';
import { notify } from '../../src/handlers/notify.ts';
import { remediate } from '../../src/handlers/remediate.ts';
import { carries, container, fixtureAccount } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';
import { rejectsAsync } from '../support/assert.ts';
import { subscription } from '../support/awslogs.ts';

const trail = (name: string) => fixtures.load('cloudtrail', name);
const REPAIRED_AT = new Date('2023-05-31T05:15:04Z');

/** What notify publishes for the decision lines `logs`. */
async function alertsFor(logs: readonly DecisionLog[], options: { notifyNewUsers?: boolean } = {}): Promise<Message[]> {
  const messages: Message[] = [];
  const publisher: snsApi.Publisher = { failed: 0, publish: async (m) => (messages.push(m), { published: true, messageId: 'm' }) };
  const settings = { topicArn: 'arn:aws:sns:eu-west-1:123456789012:t', stack: 'mfa-guard', policyArn: fixtures.POLICY_ARN, notifyNewUsers: options.notifyNewUsers ?? true, whitelistParameter: '/mfa-guard/whitelist', configRuleName: fixtures.RULE_NAME, deadLetterQueueUrl: undefined };
  await notify(subscription('/aws/lambda/mfa-guard_enforce', logs, REPAIRED_AT), { publisher, sqs: { send: async () => assert.unreachable('no SQS call') }, settings, now: () => REPAIRED_AT, log: () => {} });
  return messages;
}
const bodyOf = (message: Message | undefined) => JSON.parse(message?.body ?? '{}') as Record<string, unknown>;
const published = suite('alerts from the functions\' results');

published('a detach undone: one tamper alert naming who, from where, the user, and the seconds to the repair', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', account.policyArn);
  const { deps, logs } = container(account);
  await enforce(trail('detach-user-policy.json'), deps);
  assert.ok(carries(account, 'alice'));
  const messages = await alertsFor(logs);
  assert.equal(messages.map((m) => m.subject), ['mfa-guard: policy detached from alice by thien: attached']);
  const body = bodyOf(messages[0]);
  assert.equal([body.kind, body.what, body.user, body.actor, body.sourceIp, body.eventId, body.eventTime, body.result, body.repairSeconds], ['tamper', 'policy-detached', 'alice', 'arn:aws:iam::123456789012:user/thien', '68.21.163.122', '7a4f9c3b-0e6d-8c5b-2f7a-5d1e9b4c3fa4', '2023-05-31T05:14:57Z', 'attached', 7]);
});

published('MODE=report: the alert says what would have been done, and nothing changed', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', account.policyArn);
  const { deps, logs } = container(account, { mode: 'report' });
  await enforce(trail('detach-user-policy.json'), deps);
  assert.not.ok(carries(account, 'alice'));
  const messages = await alertsFor(logs);
  assert.equal(messages.map((m) => m.subject), ['mfa-guard: policy detached from alice by thien: would reattach (MODE=report)']);
  assert.equal([bodyOf(messages[0]).wouldHave, bodyOf(messages[0]).mode, bodyOf(messages[0]).repairSeconds], [true, 'report', null]);
});

published('a new user enforced is an alert, unless NOTIFY_NEW_USERS=0', async () => {
  const account = fixtureAccount();
  account.addUser({ name: 'bob2', id: 'AIDAEXAMPLEBOB2000001' });
  const event = fixtures.withField(fixtures.withField(trail('create-user.json'), 'detail.requestParameters.userName', 'bob2'), 'detail.responseElements.user.userId', 'AIDAEXAMPLEBOB2000001');
  const { deps, logs } = container(account);
  await enforce(event, deps);
  assert.equal((await alertsFor(logs)).map((m) => m.subject), ['mfa-guard: new user bob2 by thien: attached']);
  assert.equal(await alertsFor(logs, { notifyNewUsers: false }), []);
});

published('at the managed-policy quota the user joins the fallback group: the alert says so', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', account.policyArn);
  for (let i = 0; i < 9; i++) account.attachPolicy('alice', `arn:aws:iam::aws:policy/Other${i}`);
  const { deps, logs } = container(account);
  await enforce(trail('detach-user-policy.json'), deps);
  assert.equal((await alertsFor(logs)).map((m) => m.subject), ['mfa-guard: policy detached from alice by thien: added to group mfa-guard-mfa-required']);
});

published('a user removed from the fallback group, and the policy detached from that group: each a tamper alert', async () => {
  const account = fixtureAccount();
  for (let i = 0; i < 9; i++) account.attachPolicy('bob', `arn:aws:iam::aws:policy/Other${i}`);
  const removed = container(account);
  await enforce(trail('remove-user-from-group.json'), removed.deps);
  assert.equal((await alertsFor(removed.logs)).map((m) => m.subject), ['mfa-guard: bob removed from the fallback group by thien: added to group mfa-guard-mfa-required']);
  const detached = container(account);
  await enforce(trail('detach-group-policy.json'), detached.deps);
  const [message, ...others] = await alertsFor(detached.logs);
  assert.is(others.length, 0);
  assert.match(message?.subject ?? '', /^mfa-guard: policy detached from the fallback group by \S+: restored$/);
});

published('an attach refused by the quotas (managed policies and groups) fails the invocation, and its line is a failure alert', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', account.policyArn);
  for (let i = 0; i < 9; i++) account.attachPolicy('alice', `arn:aws:iam::aws:policy/Other${i}`);
  for (let i = 0; i < 10; i++) account.user('alice').groups.push(`team-${i}`);
  const { deps, logs } = container(account);
  await rejectsAsync(enforce(trail('detach-user-policy.json'), deps), UserFailuresError);
  const messages = await alertsFor(logs);
  assert.equal(messages.map((m) => m.subject), ['mfa-guard: FAILED attach for alice: failed']);
  assert.equal(bodyOf(messages[0]).what, 'policy-limit');
  assert.match(String(bodyOf(messages[0]).reason), 'Cannot exceed quota for GroupsPerUser: 10; AttachUserPolicy: LimitExceeded (Cannot exceed quota for PoliciesPerUser: 10)');
});

published('a refused detach of our policy is a denied attempt naming the user; nothing is repaired', async () => {
  const { deps, logs } = container(fixtureAccount());
  await enforce(trail('detach-user-policy-failed.json'), deps);
  assert.equal((await alertsFor(logs)).map((m) => m.subject), ['mfa-guard: denied attempt on the policy (alice) by thien: refused (AccessDenied)']);
});

published('a deleted policy: recreated and reattached, in one message', async () => {
  const account = fixtureAccount();
  account.removePolicy(account.policyArn);
  const { deps, logs } = container(account);
  await enforce(trail('delete-policy.json'), deps);
  assert.equal((await alertsFor(logs)).map((m) => m.subject), ['mfa-guard: policy deleted by thien: recreated; reattached to 3 user(s)']);
});

published('remediation of a NON_COMPLIANT user: found without the policy, and attached', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  await remediate(fixtures.load('compliance-change', 'non-compliant-user.json'), deps);
  assert.ok(carries(account, 'bob'));
  assert.equal((await alertsFor(logs)).map((m) => m.subject), ['mfa-guard: bob found without the policy: attached']);
});

published('lines that tell nothing (exempt, ignored, other events) make no alert', async () => {
  const { deps, logs } = container(fixtureAccount());
  await enforce(trail('detach-user-policy-other-policy.json'), deps);
  await enforce(trail('get-user-read-only.json'), deps);
  assert.equal(await alertsFor(logs), []);
});

published.run();
