/**
 * Events delivered twice, late or out of order (EventBridge and Config promise neither order nor
 * exactly-once): each handler re-reads what it needs, so any order converges to the state the
 * in-order delivery gives, and the only writes repeated are idempotent ones.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { brief } from '../support/assert.ts';
import { evaluate } from '../../src/handlers/config-rule.ts';
import { enforce, type EnforceOptions } from '../../src/handlers/enforce.ts';
import { remediate } from '../../src/handlers/remediate.ts';
import type { MemoryAccount } from '../../sim/account.ts';
import { callNames, container, fixtureAccount, USERS } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';

const POLICY = fixtures.POLICY_ARN;
const DAVE = 'AIDAZ7Q3EXAMPLEDAVE01';
const WRITES = /^(iam:(Attach|Create|Delete|Set|Detach|Put|Update|Remove|Add)|config:PutEvaluations)/;
const noWait: EnforceOptions = { newUserRetry: { sleep: async () => {} } };

const trail = (name: string) => fixtures.load('cloudtrail', name);

function createUser(name: string, id: string) {
  const event = fixtures.withField(trail('create-user.json'), 'detail.requestParameters.userName', name);
  return fixtures.withField(event, 'detail.responseElements.user', { userName: name, userId: id, path: '/', arn: `arn:aws:iam::123456789012:user/${name}`, createDate: 'May 31, 2023 5:10:02 AM' });
}

const detach = (name: string) => fixtures.withField(trail('detach-user-policy.json'), 'detail.requestParameters.userName', name);

function nonCompliant(userId: string) {
  return fixtures.withField(fixtures.load('compliance-change', 'non-compliant-user.json'), 'detail.resourceId', userId);
}

/** Each user's managed policies, in order: duplicates would show. */
function policies(account: MemoryAccount): Record<string, string[]> {
  return Object.fromEntries([...account.users.values()].map((u) => [u.name, [...u.policies]]));
}

const writes = (account: MemoryAccount) => callNames(account).filter((c) => WRITES.test(c));

/** dave, just created: he has no policy yet. */
function withDave(): MemoryAccount {
  const account = fixtureAccount();
  account.addUser({ name: 'dave', id: DAVE });
  return account;
}

const order = suite('faults: duplicate and out-of-order events');

order('a detach, then the older CreateUser of the same user: the in-order end state, and only idempotent attaches written', async () => {
  const inOrder = withDave();
  const late = withDave();
  for (const event of [createUser('dave', DAVE), detach('dave')]) await enforce(event, container(inOrder).deps, noWait);
  const { deps } = container(late);
  for (const event of [detach('dave'), createUser('dave', DAVE)]) await enforce(event, deps, noWait);
  assert.equal(policies(late), policies(inOrder));
  assert.equal(late.user('dave').policies, [POLICY]);
  assert.equal(writes(late), ['iam:AttachUserPolicy', 'iam:AttachUserPolicy']);
});

order('the same DetachUserPolicy twice: two idempotent attaches, one attachment', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', POLICY);
  const { deps } = container(account);
  const first = await enforce(detach('alice'), deps);
  const second = await enforce(detach('alice'), deps);
  assert.equal(second, first);
  assert.equal(account.user('alice').policies.filter((p) => p === POLICY), [POLICY]);
  assert.equal(writes(account), ['iam:AttachUserPolicy', 'iam:AttachUserPolicy']);
});

order('a DeletePolicy twice: the second recreates nothing (EntityAlreadyExists), finds the document canonical, lists once and attaches no one', async () => {
  const account = fixtureAccount();
  account.removePolicy(POLICY);
  const { deps } = container(account);
  await enforce(trail('delete-policy.json'), deps);
  const after = policies(account);
  account.resetCalls();
  const outcomes = await enforce(trail('delete-policy.json'), deps);
  assert.equal(policies(account), after);
  assert.equal(callNames(account), ['iam:GetAccountAuthorizationDetails', 'iam:CreatePolicy', 'iam:ListPolicyVersions', 'iam:GetPolicyVersion']);
  assert.is(account.calls[1]?.error, 'EntityAlreadyExistsException');
  assert.equal(outcomes.map((o) => o.result), ['unchanged', 'unchanged']);
});

order('a stale NON_COMPLIANT after the enforcer reattached: one idempotent attach, no other write', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', POLICY);
  const { deps } = container(account);
  await enforce(detach('alice'), deps);
  const after = policies(account);
  account.resetCalls();
  await remediate(nonCompliant(USERS.alice), deps);
  assert.equal(policies(account), after);
  assert.equal(writes(account), ['iam:AttachUserPolicy']);
});

order('an older change notification arriving after a newer one: each carries its own capture time, so Config keeps the newer result', async () => {
  const older = fixtures.load('config-rule', 'change-user-violating.json');
  let newer = fixtures.withInvokingField(older, 'invokingEvent.configurationItem.configuration.attachedManagedPolicies', [{ policyName: 'DenyActionWithoutMFA', policyArn: POLICY }]);
  newer = fixtures.withInvokingField(newer, 'invokingEvent.configurationItem.configurationItemCaptureTime', '2023-06-01T09:25:00.000Z');
  const account = fixtureAccount();
  const { deps } = container(account);
  const [put] = await evaluate(newer, deps);
  const [late] = await evaluate(older, deps);
  assert.is(put?.ComplianceType, 'COMPLIANT');
  assert.is(late?.ComplianceType, 'NON_COMPLIANT');
  assert.equal(late?.OrderingTimestamp, new Date('2023-06-01T09:20:05.902Z'));
  assert.is(account.compliance(USERS.bob)?.ComplianceType, 'COMPLIANT');
});

order('the same scheduled notification twice: the second finds Config holding every answer and bob repaired, and writes nothing', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  const first = await evaluate(fixtures.load('config-rule', 'scheduled.json'), deps);
  const second = await evaluate(fixtures.load('config-rule', 'scheduled.json'), deps);
  assert.is(first.length, 5);
  assert.equal(second, []);
  assert.equal(writes(account), ['config:PutEvaluations', 'iam:AttachUserPolicy', 'config:PutEvaluations']);
});

order('events for a user deleted meanwhile, in any order: each is done without error, and no user is created', async () => {
  for (const events of [['detach', 'create', 'noncompliant'], ['noncompliant', 'create', 'detach']]) {
    const account = fixtureAccount();
    const { deps } = container(account);
    for (const kind of events) {
      if (kind === 'detach') assert.equal((await enforce(detach('dave'), deps)).map(brief), [{ decision: 'attach', result: 'gone', user: 'dave' }]);
      if (kind === 'create') assert.equal((await enforce(createUser('dave', DAVE), deps, noWait)).map(brief), [{ decision: 'attach', result: 'gone', user: 'dave', userId: DAVE }]);
      if (kind === 'noncompliant') assert.is((await remediate(nonCompliant(DAVE), deps)).result, 'gone');
    }
    assert.not.ok(account.hasUser('dave'));
    assert.equal(writes(account).filter((w) => w !== 'iam:AttachUserPolicy'), []);
  }
});

order.run();
