/**
 * The real-time enforcer on the policy itself: DeletePolicy (recreate, reattach) and document
 * tampering (CreatePolicyVersion, SetDefaultPolicyVersion), from fixtures/cloudtrail.
 */
import { CreatePolicyVersionCommand } from '@aws-sdk/client-iam';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PolicyNotFoundError } from '../../src/aws/errors.ts';
import { UserFailuresError } from '../../src/core/errors.ts';
import { enforce } from '../../src/handlers/enforce.ts';
import type { MemoryAccount } from '../../sim/account.ts';
import * as errors from '../../sim/account-errors.ts';
import { rejectsAsync } from '../support/assert.ts';
import { callNames, canonicalDocument, carries, container, defaultDocument, FALLBACK_GROUP, fixtureAccount } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';

const trail = (name: string) => fixtures.load('cloudtrail', name);
const POLICY = fixtures.POLICY_ARN;
const TAMPERED = String((trail('create-policy-version.json').detail as { requestParameters: { policyDocument: string } }).requestParameters.policyDocument);
const WRITES = /^iam:(Attach|Create|Delete|Set|Detach|Put|Update)/;

/** Adds a version as an attacker would (through IAM, so the account numbers it), then forgets the calls. */
async function addVersion(account: MemoryAccount, document: string, setAsDefault: boolean): Promise<void> {
  await account.clients().iam.send(new CreatePolicyVersionCommand({ PolicyArn: account.policyArn, PolicyDocument: document, SetAsDefault: setAsDefault }));
  account.resetCalls();
}

function attachedUsers(account: MemoryAccount): string[] {
  return account.inputs('AttachUserPolicy').map((i) => String(i.UserName)).sort();
}

const deleted = suite('enforce: DeletePolicy succeeded');

deleted('the policy is recreated from the canonical document, then attached to every non-exempt user', async () => {
  const account = fixtureAccount();
  account.removePolicy(POLICY);
  const { deps, logs } = container(account);
  await enforce(trail('delete-policy.json'), deps);
  // Decide, then act: the users and the whitelist are read before the policy is recreated.
  assert.equal(callNames(account).slice(0, 3), ['iam:GetAccountAuthorizationDetails', 'ssm:GetParameter', 'iam:CreatePolicy']);
  assert.equal(callNames(account).slice(3), ['iam:AttachUserPolicy', 'iam:AttachUserPolicy', 'iam:AttachUserPolicy']);
  assert.equal(account.inputs('CreatePolicy'), [{ PolicyName: 'DenyActionWithoutMFA', Path: '/', PolicyDocument: JSON.stringify(canonicalDocument(POLICY)) }]);
  assert.equal(defaultDocument(account), canonicalDocument(POLICY));
  assert.equal(attachedUsers(account), ['alice', 'bob', 'carol']);
  assert.ok(['alice', 'bob', 'carol'].every((name) => carries(account, name)));
  assert.not.ok(carries(account, 'ci-deployer'));
  assert.equal(logs[0], {
    function: 'enforce',
    eventId: '1e8d3a7f-4c0b-2a9f-6d1e-9b5c3f8a7de8',
    actor: 'arn:aws:iam::123456789012:user/thien',
    eventTime: '2023-05-31T05:20:51Z',
    eventName: 'DeletePolicy',
    sourceIp: '68.21.163.122',
    decision: 'recreate-policy',
    result: 'recreated',
    reason: 'arn:aws:iam::123456789012:user/thien deleted the policy',
  });
  assert.equal(logs.slice(1).map((l) => [l.user, l.decision, l.result]).sort(), [
    ['alice', 'attach', 'attached'],
    ['bob', 'attach', 'attached'],
    ['carol', 'attach', 'attached'],
  ]);
});

deleted('a policy in a path is recreated with the same name and path', async () => {
  const account = fixtureAccount({ policyPath: '/security/' });
  const arn = 'arn:aws:iam::123456789012:policy/security/DenyActionWithoutMFA';
  account.removePolicy(arn);
  const { deps } = container(account, { policyArn: arn });
  await enforce(fixtures.withField(trail('delete-policy.json'), 'detail.requestParameters.policyArn', arn), deps);
  assert.equal(account.inputs('CreatePolicy').map((i) => [i.PolicyName, i.Path]), [['DenyActionWithoutMFA', '/security/']]);
  assert.ok(account.policy(arn));
  assert.equal(defaultDocument(account, arn), canonicalDocument(arn));
  assert.ok(carries(account, 'bob', arn));
});

deleted('a policy already recreated by someone else gets the canonical document back', async () => {
  const account = fixtureAccount();
  account.removePolicy(POLICY);
  account.createPolicy({ name: 'DenyActionWithoutMFA', document: TAMPERED });
  const { deps, logs } = container(account);
  await enforce(trail('delete-policy.json'), deps);
  assert.equal(account.calls.find((c) => c.command === 'CreatePolicy')?.error, 'EntityAlreadyExistsException');
  assert.equal(defaultDocument(account), canonicalDocument(POLICY));
  assert.equal(logs[0]?.result, 'restored');
  assert.equal(attachedUsers(account), ['alice', 'bob', 'carol']);
});

deleted('a delete of another policy is ignored without any call', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  await enforce(trail('delete-policy-other-policy.json'), deps);
  assert.equal(callNames(account), []);
  assert.equal(logs.map((l) => l.reason), ['DeletePolicy of another policy (arn:aws:iam::123456789012:policy/test-policy)']);
});

deleted('a user at the managed-policy quota joins the fallback group; the other users get the policy attached', async () => {
  const account = fixtureAccount();
  for (let i = 0; i < 9; i++) account.attachPolicy('bob', `arn:aws:iam::aws:policy/Other${i}`);
  account.removePolicy(POLICY);
  account.addGroup(FALLBACK_GROUP, []);
  const { deps, logs } = container(account);
  await enforce(trail('delete-policy.json'), deps);
  assert.ok(carries(account, 'alice') && carries(account, 'carol'));
  assert.ok(account.user('bob').groups.includes(FALLBACK_GROUP));
  assert.equal(logs.filter((l) => l.user === 'bob').map((l) => l.result), ['attached']);
});

deleted('a policy recreated moments ago that IAM does not let attach yet (NoSuchEntity): the attaches retry briefly, then succeed', async () => {
  const account = fixtureAccount();
  account.removePolicy(POLICY);
  account.fail('AttachUserPolicy', () => errors.iam.noSuchEntity(`Policy ${POLICY} does not exist or is not attachable.`), { times: 2 });
  const { deps } = container(account);
  const slept: number[] = [];
  await enforce(trail('delete-policy.json'), deps, { concurrency: 1, policyRetry: { sleep: async (ms) => void slept.push(ms) } });
  assert.ok(['alice', 'bob', 'carol'].every((name) => carries(account, name)));
  assert.equal(slept, [500, 1000]);
});

deleted('a recreated policy that stays unattachable fails as before: PolicyNotFoundError after the retries', async () => {
  const account = fixtureAccount();
  account.removePolicy(POLICY);
  account.fail('AttachUserPolicy', () => errors.iam.noSuchEntity(`Policy ${POLICY} does not exist or is not attachable.`));
  const { deps } = container(account);
  const slept: number[] = [];
  await rejectsAsync(enforce(trail('delete-policy.json'), deps, { concurrency: 1, policyRetry: { sleep: async (ms) => void slept.push(ms) } }), PolicyNotFoundError);
  assert.equal(slept, [500, 1000, 2000]);
});

deleted('AccessDenied on an attach fails the invocation, naming that user and the cause, after the other users got the policy', async () => {
  const account = fixtureAccount();
  account.removePolicy(POLICY);
  account.fail('AttachUserPolicy', (input) => (input.UserName === 'bob' ? errors.iam.accessDenied('not authorized to perform: iam:AttachUserPolicy') : undefined));
  const { deps, logs } = container(account);
  const error = await rejectsAsync(enforce(trail('delete-policy.json'), deps, { concurrency: 1 }), UserFailuresError);
  assert.equal(error.failures, [{ user: 'bob', reason: 'AttachUserPolicy failed: AccessDenied: not authorized to perform: iam:AttachUserPolicy' }]);
  assert.ok(carries(account, 'alice') && carries(account, 'carol'));
  assert.equal(logs.filter((l) => l.user === 'bob').map((l) => l.result), ['failed']);
});

deleted.run();

const failedDelete = suite('enforce: DeletePolicy failed');

failedDelete('a DeleteConflict after the console detached some users: no recreate, those users reattached', async () => {
  const account = fixtureAccount();
  account.attachPolicy('bob', POLICY);
  account.detachPolicy('alice', POLICY);
  account.detachPolicy('carol', POLICY);
  const { deps, logs } = container(account);
  await enforce(trail('delete-policy-failed.json'), deps);
  // GetPolicy first: no complete check of this container covers the event yet.
  assert.equal(callNames(account), ['iam:GetPolicy', 'iam:GetAccountAuthorizationDetails', 'ssm:GetParameter', 'iam:AttachUserPolicy', 'iam:AttachUserPolicy']);
  assert.equal(attachedUsers(account), ['alice', 'carol']);
  assert.equal(logs.map((l) => l.reason), [
    "policy missing after arn:aws:iam::123456789012:user/thien's DeletePolicy (DeleteConflictException)",
    "policy missing after arn:aws:iam::123456789012:user/thien's DeletePolicy (DeleteConflictException)",
  ]);
});

failedDelete('when every non-exempt user still has the policy, one listing and no write', async () => {
  const account = fixtureAccount();
  account.attachPolicy('bob', POLICY);
  const { deps, logs } = container(account);
  await enforce(trail('delete-policy-failed.json'), deps);
  assert.equal(callNames(account), ['iam:GetPolicy', 'iam:GetAccountAuthorizationDetails', 'ssm:GetParameter']);
  assert.equal(logs.map((l) => [l.decision, l.result, l.reason]), [['skip', 'unchanged', 'checked 4 users']]);
});

failedDelete.run();

const versions = suite('enforce: policy document tampering');

versions('CreatePolicyVersion with another document: the canonical one is made the default again', async () => {
  const account = fixtureAccount();
  await addVersion(account, TAMPERED, true);
  const { deps, logs } = container(account);
  await enforce(trail('create-policy-version.json'), deps);
  assert.equal(callNames(account), ['iam:ListPolicyVersions', 'iam:GetPolicyVersion', 'iam:CreatePolicyVersion']);
  assert.equal(account.inputs('CreatePolicyVersion'), [{ PolicyArn: POLICY, PolicyDocument: JSON.stringify(canonicalDocument(POLICY)), SetAsDefault: true }]);
  assert.equal(defaultDocument(account), canonicalDocument(POLICY));
  assert.equal(logs.map((l) => [l.decision, l.result, l.reason]), [
    ['restore-document', 'restored', 'arn:aws:iam::123456789012:user/thien called CreatePolicyVersion'],
  ]);
});

versions('SetDefaultPolicyVersion to a tampered version: the canonical document is restored', async () => {
  const account = fixtureAccount();
  await addVersion(account, TAMPERED, false);
  const policy = account.policy(POLICY);
  if (policy) policy.defaultVersion = 'v2';
  const { deps } = container(account);
  await enforce(trail('set-default-policy-version.json'), deps);
  assert.equal(defaultDocument(account), canonicalDocument(POLICY));
  assert.is(account.policy(POLICY)?.defaultVersion, 'v3');
});

versions('with 5 versions, the oldest non-default one is deleted first', async () => {
  const account = fixtureAccount();
  for (let i = 0; i < 4; i++) await addVersion(account, TAMPERED.replace('"*"', `"s3:Get${i}"`), true);
  const { deps } = container(account);
  await enforce(trail('create-policy-version.json'), deps);
  assert.equal(callNames(account), ['iam:ListPolicyVersions', 'iam:GetPolicyVersion', 'iam:DeletePolicyVersion', 'iam:CreatePolicyVersion']);
  assert.equal(account.inputs('DeletePolicyVersion'), [{ PolicyArn: POLICY, VersionId: 'v1' }]);
  assert.equal(account.policy(POLICY)?.versions.map((v) => v.id), ['v2', 'v3', 'v4', 'v5', 'v6']);
  assert.equal(defaultDocument(account), canonicalDocument(POLICY));
});

versions('a document that is already canonical is left unchanged, with no write', async () => {
  const account = fixtureAccount();
  await addVersion(account, JSON.stringify(canonicalDocument(POLICY), null, 2), true);
  const { deps, logs } = container(account);
  await enforce(trail('create-policy-version.json'), deps);
  assert.equal(callNames(account), ['iam:ListPolicyVersions', 'iam:GetPolicyVersion']);
  assert.equal(logs.map((l) => l.result), ['unchanged']);
});

versions.run();

const report = suite('enforce: MODE=report on the policy');

report('a deleted policy: the recreate and every attach are logged, nothing is written', async () => {
  const account = fixtureAccount();
  account.removePolicy(POLICY);
  const { deps, logs } = container(account, { mode: 'report' });
  await enforce(trail('delete-policy.json'), deps);
  assert.equal(callNames(account).filter((c) => WRITES.test(c)), []);
  assert.not.ok(account.policy(POLICY));
  assert.equal(logs.map((l) => [l.user, l.decision, l.result]), [
    [undefined, 'recreate-policy', 'dry-run'],
    ['alice', 'attach', 'dry-run'],
    ['bob', 'attach', 'dry-run'],
    ['carol', 'attach', 'dry-run'],
  ]);
});

report('a tampered document: the restore is decided from the current document, nothing is written', async () => {
  const account = fixtureAccount();
  await addVersion(account, TAMPERED, true);
  const { deps, logs } = container(account, { mode: 'report' });
  await enforce(trail('create-policy-version.json'), deps);
  await enforce(trail('set-default-policy-version.json'), deps);
  assert.equal(callNames(account), ['iam:ListPolicyVersions', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:GetPolicyVersion']);
  assert.equal(defaultDocument(account), JSON.parse(TAMPERED));
  assert.equal(logs.map((l) => [l.decision, l.result]), [
    ['restore-document', 'dry-run'],
    ['restore-document', 'dry-run'],
  ]);
});

report('a document already canonical is reported as such', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account, { mode: 'report' });
  await enforce(trail('create-policy-version.json'), deps);
  assert.equal(logs.map((l) => l.result), ['unchanged']);
});

report('a failed delete: the reattaches are logged, nothing is written', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', POLICY);
  const { deps, logs } = container(account, { mode: 'report' });
  await enforce(trail('delete-policy-failed.json'), deps);
  assert.equal(callNames(account), ['iam:GetPolicy', 'iam:GetAccountAuthorizationDetails', 'ssm:GetParameter']);
  assert.equal(logs.map((l) => [l.user, l.result]).sort(), [
    ['alice', 'dry-run'],
    ['bob', 'dry-run'],
  ]);
});

report.run();
