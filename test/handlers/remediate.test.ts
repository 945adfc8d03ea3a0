/**
 * Remediation on Config "Compliance Change" events from fixtures/compliance-change, through real
 * SDK clients on the in-memory account.
 */
import { BatchGetResourceConfigCommand, ConfigServiceClient, type BatchGetResourceConfigCommandOutput } from '@aws-sdk/client-config-service';
import { IAMServiceException } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EventError, UserFailuresError, WhitelistError } from '../../src/core/errors.ts';
import { remediate } from '../../src/handlers/remediate.ts';
import * as errors from '../../sim/account-errors.ts';
import { brief, rejectsAsync } from '../support/assert.ts';
import { callNames, carries, container, FALLBACK_GROUP, fixtureAccount, USERS, WHITELIST_PARAMETER } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';
import { recorded } from '../support/recorded.ts';

const change = (name: string) => fixtures.load('compliance-change', name);
const EVENT_ID = 'd1cc902d-88e7-9629-25ad-cf89c077a06c';
const REASON = 'Config reported NON_COMPLIANT at 2023-06-01T09:20:05.902Z';

/** A Config that still holds bob's old item (name bob), as it may for a while after a rename. */
function staleNameConfig(): ConfigServiceClient {
  const client = new ConfigServiceClient({ region: 'us-east-1' });
  mockClient(client)
    .on(BatchGetResourceConfigCommand)
    .resolves({ baseConfigurationItems: [{ resourceType: 'AWS::IAM::User', resourceId: USERS.bob, resourceName: 'bob', configurationItemStatus: 'OK' }], unprocessedResourceKeys: [] });
  return client;
}

const nonCompliant = suite('remediate: NON_COMPLIANT user of our rule');

nonCompliant('the user ID is resolved through Config, then the policy attached: 1 lookup, 1 attach', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  const outcome = await remediate(change('non-compliant-user.json'), deps);
  assert.equal(callNames(account), ['config:BatchGetResourceConfig', 'ssm:GetParameter', 'iam:AttachUserPolicy']);
  assert.equal(account.inputs('BatchGetResourceConfig'), [{ resourceKeys: [{ resourceType: 'AWS::IAM::User', resourceId: USERS.bob }] }]);
  assert.equal(account.inputs('AttachUserPolicy'), [{ UserName: 'bob', PolicyArn: account.policyArn }]);
  assert.ok(carries(account, 'bob'));
  assert.equal(brief(outcome), { decision: 'attach', result: 'attached', user: 'bob', userId: USERS.bob });
  assert.equal(logs, [{ function: 'remediate', eventId: EVENT_ID, eventTime: '2023-06-01T09:20:33Z', decision: 'attach', result: 'attached', user: 'bob', reason: REASON, userId: USERS.bob }]);
});

nonCompliant('a first evaluation (no old result) is remediated the same way', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  await remediate(change('first-evaluation.json'), deps);
  assert.equal(callNames(account), ['config:BatchGetResourceConfig', 'ssm:GetParameter', 'iam:AttachUserPolicy']);
  assert.ok(carries(account, 'bob'));
});

nonCompliant('a user in a path is attached by name', async () => {
  const account = fixtureAccount();
  account.detachPolicy('carol', account.policyArn);
  const { deps } = container(account);
  await remediate(fixtures.withField(change('non-compliant-user.json'), 'detail.resourceId', USERS.carol), deps);
  assert.equal(account.inputs('AttachUserPolicy'), [{ UserName: 'carol', PolicyArn: account.policyArn }]);
});

nonCompliant('a whitelisted user is re-checked against today\'s whitelist and left alone', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  const outcome = await remediate(fixtures.withField(change('non-compliant-user.json'), 'detail.resourceId', USERS.ciDeployer), deps);
  assert.equal(callNames(account), ['config:BatchGetResourceConfig', 'ssm:GetParameter']);
  assert.equal(brief(outcome), { decision: 'skip', result: 'exempt', user: 'ci-deployer' });
  assert.equal(logs.map((l) => l.reason), ['whitelisted: GitHub Actions deploys']);
});

nonCompliant('a user deleted before the lookup is done: Config has no item, IAM confirms it is gone, no attach', async () => {
  const account = fixtureAccount();
  account.users.delete('bob');
  const { deps, logs } = container(account);
  const outcome = await remediate(change('non-compliant-user.json'), deps);
  assert.equal(callNames(account), ['config:BatchGetResourceConfig', 'iam:GetAccountAuthorizationDetails']);
  assert.equal(brief(outcome), { decision: 'skip', result: 'gone', userId: USERS.bob });
  assert.equal(logs.map((l) => l.reason), ['neither AWS Config nor IAM knows this user ID (deleted)']);
});

nonCompliant('a user deleted between the lookup and the attach is done, not an error', async () => {
  const account = fixtureAccount();
  account.fail('AttachUserPolicy', errors.noSuchUser('bob'));
  const { deps } = container(account);
  const outcome = await remediate(change('non-compliant-user.json'), deps);
  assert.equal(brief(outcome), { decision: 'attach', result: 'gone', user: 'bob', userId: USERS.bob });
  assert.is(account.count('iam', 'AttachUserPolicy'), 1);
});

nonCompliant('a stale event for a user fixed meanwhile costs one idempotent attach', async () => {
  const account = fixtureAccount();
  account.attachPolicy('bob', account.policyArn);
  const { deps } = container(account);
  await remediate(change('non-compliant-user.json'), deps);
  assert.equal(callNames(account), ['config:BatchGetResourceConfig', 'ssm:GetParameter', 'iam:AttachUserPolicy']);
  assert.equal(account.user('bob').policies.filter((p) => p === account.policyArn).length, 1);
});

nonCompliant('a user whose Config item is ResourceNotRecorded (configuration null) is attached by the name the item gives', async () => {
  const account = fixtureAccount();
  const configClient = new ConfigServiceClient({ region: 'us-east-1' });
  const bob = recorded<BatchGetResourceConfigCommandOutput>('config/batch-get-resource-config.json').baseConfigurationItems?.[1];
  mockClient(configClient).on(BatchGetResourceConfigCommand).resolves({ baseConfigurationItems: [{ ...bob, configurationItemStatus: 'ResourceNotRecorded', configuration: undefined }] });
  const { deps } = container(account);
  const outcome = await remediate(change('non-compliant-user.json'), { ...deps, config: configClient });
  assert.equal(brief(outcome), { decision: 'attach', result: 'attached', user: 'bob', userId: USERS.bob });
  assert.ok(carries(account, 'bob'));
});

nonCompliant.run();

const ignored = suite('remediate: events it does not act on');

for (const [file, reason] of [
  ['compliant-user.json', 'new compliance COMPLIANT is not NON_COMPLIANT'],
  ['other-rule.json', 'rule access-keys-rotated is not mfa-guard-users'],
  ['other-resource-type.json', 'resource type AWS::IAM::Role is not AWS::IAM::User'],
] as const) {
  ignored(`${file} is ignored with a log line and no call`, async () => {
    const account = fixtureAccount();
    const { deps, logs } = container(account);
    assert.equal(brief(await remediate(change(file), deps)), { decision: 'ignore', result: 'ignored' });
    assert.equal(callNames(account), []);
    assert.equal(logs.map((l) => [l.function, l.decision, l.reason]), [['remediate', 'ignore', reason]]);
  });
}

ignored.run();

const failures = suite('remediate: failures and MODE=report');

failures('MODE=report decides and logs, and writes nothing to IAM', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account, { mode: 'report' });
  await remediate(change('non-compliant-user.json'), deps);
  assert.equal(callNames(account), ['config:BatchGetResourceConfig', 'ssm:GetParameter']);
  assert.not.ok(carries(account, 'bob'));
  assert.equal(logs.map((l) => [l.user, l.decision, l.result]), [['bob', 'attach', 'dry-run']]);
});

failures('a user at the managed-policy quota joins the fallback group; one already in 10 groups fails the invocation, naming both quotas', async () => {
  const account = fixtureAccount();
  for (let i = 0; i < 9; i++) account.attachPolicy('bob', `arn:aws:iam::aws:policy/Other${i}`);
  const { deps } = container(account);
  await remediate(change('non-compliant-user.json'), deps);
  assert.ok(account.user('bob').groups.includes(FALLBACK_GROUP));
  account.user('bob').groups.length = 0;
  for (let i = 0; i < 10; i++) account.user('bob').groups.push(account.addGroup(`team-${i}`).name);
  const { deps: again, logs } = container(account);
  account.resetCalls();
  const error = await rejectsAsync(remediate(change('non-compliant-user.json'), again), UserFailuresError);
  assert.equal(error.failures.map((f) => f.user), ['bob']);
  assert.match(error.failures[0]?.reason ?? '', /GroupsPerUser: 10.*PoliciesPerUser: 10/);
  assert.equal(logs.map((l) => l.result), ['failed']);
  assert.is(account.count('iam', 'AttachUserPolicy'), 1, 'LimitExceeded is final: one attempt');
});

failures('a user renamed since Config recorded the name: found by ID, and the policy reaches it under its new name', async () => {
  const account = fixtureAccount();
  account.renameUser('bob', 'robert');
  const { deps, logs } = container(account);
  // Config still names the user bob (its item lags IAM): the attach to bob answers NoSuchEntity.
  const outcome = await remediate(change('non-compliant-user.json'), { ...deps, config: staleNameConfig() });
  assert.ok(carries(account, 'robert'));
  assert.equal(brief(outcome), { decision: 'attach', result: 'attached', user: 'robert', userId: USERS.bob });
  assert.match(logs[0]?.reason ?? '', /renamed from bob to robert/);
});

failures('AccessDenied on the attach propagates and nothing is logged as done', async () => {
  const account = fixtureAccount();
  account.fail('AttachUserPolicy', errors.iam.accessDenied('not authorized to perform: iam:AttachUserPolicy'));
  const { deps, logs } = container(account);
  const error = await rejectsAsync(remediate(change('non-compliant-user.json'), deps), IAMServiceException);
  assert.is(error.name, 'AccessDenied');
  assert.equal(logs, []);
});

failures('a missing whitelist fails the invocation before any IAM call', async () => {
  const account = fixtureAccount();
  account.parameters.delete(WHITELIST_PARAMETER);
  const { deps } = container(account);
  await rejectsAsync(remediate(change('non-compliant-user.json'), deps), WhitelistError);
  assert.is(account.count('iam'), 0);
});

failures('a CloudTrail event is an EventError naming its id', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  const error = await rejectsAsync(remediate(fixtures.load('cloudtrail', 'create-user.json'), deps), EventError);
  assert.is(error.eventId, '3d1c6f0e-7b3a-5f2e-9c4d-2a8b6e1f0c71');
  assert.equal(callNames(account), []);
});

failures.run();
