/**
 * The real-time enforcer on users: CreateUser and DetachUserPolicy events from fixtures/cloudtrail,
 * through real SDK clients on the in-memory account; the policy itself is in enforce-policy.test.ts.
 */
import { IAMServiceException } from '@aws-sdk/client-iam';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EventError, UserFailuresError, WhitelistError } from '../../src/core/errors.ts';
import { enforce } from '../../src/handlers/enforce.ts';
import * as errors from '../../sim/account-errors.ts';
import { brief, rejectsAsync } from '../support/assert.ts';
import { callNames, carries, CI_EXEMPTION, container, FALLBACK_GROUP, fixtureAccount, setWhitelist, USERS, WHITELIST_PARAMETER } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';

const trail = (name: string) => fixtures.load('cloudtrail', name);
const ACTOR = 'arn:aws:iam::123456789012:user/thien';
const POLICY = fixtures.POLICY_ARN;

/** A CreateUser event for `name` with the ID CloudTrail recorded in `responseElements`. */
function createUserEvent(name: string, id: string) {
  const event = fixtures.withField(trail('create-user.json'), 'detail.requestParameters.userName', name);
  return fixtures.withField(event, 'detail.responseElements.user', { userName: name, userId: id, path: '/', arn: `arn:aws:iam::123456789012:user/${name}`, createDate: 'May 31, 2023 5:10:02 AM' });
}

function detachEvent(name: string) {
  return fixtures.withField(trail('detach-user-policy.json'), 'detail.requestParameters.userName', name);
}

const createUser = suite('enforce: CreateUser');

createUser('a new user gets the policy: one SSM read and exactly one IAM call, the attach', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  const outcomes = await enforce(trail('create-user.json'), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'iam:AttachUserPolicy']);
  assert.equal(account.inputs('AttachUserPolicy'), [{ UserName: 'bob', PolicyArn: POLICY }]);
  assert.equal(account.inputs('GetParameter'), [{ Name: WHITELIST_PARAMETER }]);
  assert.ok(carries(account, 'bob'));
  assert.equal(outcomes.map(brief), [{ decision: 'attach', result: 'attached', user: 'bob', userId: USERS.bob }]);
  assert.equal(logs, [
    { function: 'enforce', eventId: '3d1c6f0e-7b3a-5f2e-9c4d-2a8b6e1f0c71', actor: ACTOR, eventTime: '2023-05-31T05:10:02Z', eventName: 'CreateUser', sourceIp: '68.21.163.122', decision: 'attach', result: 'attached', user: 'bob', reason: `new user created by ${ACTOR}`, userId: USERS.bob },
  ]);
});

createUser('a new user in a path gets the policy', async () => {
  const account = fixtureAccount();
  account.detachPolicy('carol', POLICY);
  const { deps } = container(account);
  await enforce(trail('create-user-with-path.json'), deps);
  assert.equal(account.inputs('AttachUserPolicy'), [{ UserName: 'carol', PolicyArn: POLICY }]);
  assert.ok(carries(account, 'carol'));
});

createUser('the whitelist is read from SSM at most once per container per minute', async () => {
  const account = fixtureAccount();
  const { deps, advance } = container(account);
  await enforce(trail('create-user.json'), deps);
  advance(59_999);
  await enforce(trail('create-user-with-path.json'), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'iam:AttachUserPolicy', 'iam:AttachUserPolicy']);
  advance(1);
  await enforce(trail('create-user.json'), deps);
  assert.is(account.count('ssm', 'GetParameter'), 2);
  assert.is(account.count('iam'), 3);
});

createUser('a user IAM does not show yet is retried with backoff until it appears', async () => {
  const account = fixtureAccount();
  account.fail('AttachUserPolicy', errors.noSuchUser('bob'), { times: 2 });
  const { deps, logs } = container(account);
  const slept: number[] = [];
  await enforce(trail('create-user.json'), deps, { newUserRetry: { sleep: async (ms) => void slept.push(ms) } });
  assert.equal(slept, [200, 400]);
  assert.is(account.count('iam', 'AttachUserPolicy'), 3);
  assert.is(account.count('iam'), 3);
  assert.ok(carries(account, 'bob'));
  assert.equal(logs.map((l) => l.result), ['attached']);
});

createUser('the backoff is bounded: a user that never appears is given up after 5 attempts, as gone', async () => {
  const account = fixtureAccount();
  account.fail('AttachUserPolicy', errors.noSuchUser('bob'));
  const { deps, logs } = container(account);
  const slept: number[] = [];
  await enforce(trail('create-user.json'), deps, { newUserRetry: { sleep: async (ms) => void slept.push(ms) } });
  assert.equal(slept, [200, 400, 800, 1600]);
  assert.is(account.count('iam', 'AttachUserPolicy'), 5);
  assert.equal(logs.map((l) => [l.decision, l.result]), [['attach', 'gone']]);
});

createUser('a whitelisted new user is skipped with no IAM call at all', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  await enforce(createUserEvent('ci-deployer', USERS.ciDeployer), deps);
  assert.equal(callNames(account), ['ssm:GetParameter']);
  assert.not.ok(carries(account, 'ci-deployer'));
  assert.equal(logs.map((l) => [l.user, l.decision, l.result, l.reason]), [['ci-deployer', 'skip', 'exempt', 'whitelisted: GitHub Actions deploys']]);
});

createUser('a user re-created under a whitelisted name (another user ID) gets the policy', async () => {
  const account = fixtureAccount();
  account.users.delete('ci-deployer');
  const impostor = account.addUser({ name: 'ci-deployer' });
  assert.is.not(impostor.id, USERS.ciDeployer);
  const { deps, logs } = container(account);
  await enforce(createUserEvent('ci-deployer', impostor.id), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'iam:GetUser', 'iam:ListAttachedUserPolicies', 'iam:AttachUserPolicy']);
  assert.ok(carries(account, 'ci-deployer'));
  assert.equal(logs.map((l) => l.result), ['attached']);
});

createUser('a stale CreateUser of a user since re-created under its whitelisted name leaves the whitelisted user alone', async () => {
  const account = fixtureAccount();
  account.users.delete('ci-deployer');
  const successor = account.addUser({ name: 'ci-deployer' });
  setWhitelist(account, [{ ...CI_EXEMPTION, userId: successor.id }]);
  const { deps, logs } = container(account);
  await enforce(createUserEvent('ci-deployer', USERS.ciDeployer), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'iam:GetUser', 'iam:ListAttachedUserPolicies']);
  assert.not.ok(carries(account, 'ci-deployer'));
  assert.equal(logs.map((l) => [l.user, l.decision, l.result, l.reason]), [
    ['ci-deployer', 'skip', 'exempt', `whitelisted: GitHub Actions deploys; the event is about user ID ${USERS.ciDeployer}, not the user holding the name now`],
  ]);
});

createUser('a CreateUser without the new user ID, under a whitelisted name IAM does not show yet, is attached with the new-user backoff', async () => {
  const account = fixtureAccount();
  account.users.delete('ci-deployer');
  account.addUser({ name: 'ci-deployer' });
  account.fail('GetUser', errors.noSuchUser('ci-deployer'), { times: 1 });
  account.fail('AttachUserPolicy', errors.noSuchUser('ci-deployer'), { times: 1 });
  const { deps, logs } = container(account);
  const slept: number[] = [];
  await enforce(fixtures.withField(createUserEvent('ci-deployer', USERS.ciDeployer), 'detail.responseElements', null), deps, { newUserRetry: { sleep: async (ms) => void slept.push(ms) } });
  assert.equal(callNames(account), ['ssm:GetParameter', 'iam:GetUser', 'iam:AttachUserPolicy', 'iam:AttachUserPolicy']);
  assert.equal(slept, [200]);
  assert.ok(carries(account, 'ci-deployer'));
  assert.equal(logs.map((l) => l.result), ['attached']);
});

createUser('a failed CreateUser is ignored without any call', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  await enforce(trail('create-user-failed.json'), deps);
  assert.equal(callNames(account), []);
  assert.equal(logs.map((l) => [l.decision, l.reason]), [['ignore', 'CreateUser failed with EntityAlreadyExistsException: no user was created']]);
});

createUser.run();

const detach = suite('enforce: DetachUserPolicy');

detach('a detach of our policy is undone with exactly one IAM call, the attach', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', POLICY);
  const { deps, logs } = container(account);
  await enforce(trail('detach-user-policy.json'), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'iam:AttachUserPolicy']);
  assert.equal(account.inputs('AttachUserPolicy'), [{ UserName: 'alice', PolicyArn: POLICY }]);
  assert.ok(carries(account, 'alice'));
  assert.equal(logs, [
    { function: 'enforce', eventId: '7a4f9c3b-0e6d-8c5b-2f7a-5d1e9b4c3fa4', actor: ACTOR, eventTime: '2023-05-31T05:14:57Z', eventName: 'DetachUserPolicy', sourceIp: '68.21.163.122', decision: 'attach', result: 'attached', user: 'alice', reason: `${ACTOR} detached the policy` },
  ]);
});

detach('a detach from a user in a path is undone (the call names the user only)', async () => {
  const account = fixtureAccount();
  account.detachPolicy('carol', POLICY);
  const { deps } = container(account);
  await enforce(trail('detach-user-policy-user-with-path.json'), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'iam:AttachUserPolicy']);
  assert.ok(carries(account, 'carol'));
});

detach('a failed detach changed nothing and is ignored without any call', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  await enforce(trail('detach-user-policy-failed.json'), deps);
  assert.equal(callNames(account), []);
  assert.equal(logs.map((l) => [l.decision, l.actor, l.reason]), [['ignore', ACTOR, 'DetachUserPolicy failed with AccessDenied: nothing was detached']]);
});

detach('a detach of another policy is ignored without any call', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  await enforce(trail('detach-user-policy-other-policy.json'), deps);
  assert.equal(callNames(account), []);
  assert.match(logs[0]?.reason ?? '', /^DetachUserPolicy of another policy \(arn:aws:iam::123456789012:policy\/movie-db-policy\)$/);
});

detach('a detach from a whitelisted user is left alone, after checking its user ID in IAM', async () => {
  const account = fixtureAccount();
  account.attachPolicy('ci-deployer', POLICY);
  account.detachPolicy('ci-deployer', POLICY);
  const { deps, logs } = container(account);
  await enforce(detachEvent('ci-deployer'), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'iam:GetUser', 'iam:ListAttachedUserPolicies']);
  assert.not.ok(carries(account, 'ci-deployer'));
  assert.equal(logs.map((l) => [l.user, l.decision, l.result]), [['ci-deployer', 'skip', 'exempt']]);
});

detach('a detach from a user re-created under a whitelisted name is undone', async () => {
  const account = fixtureAccount();
  account.users.delete('ci-deployer');
  account.addUser({ name: 'CI-Deployer' });
  const { deps } = container(account);
  await enforce(detachEvent('CI-Deployer'), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'iam:GetUser', 'iam:ListAttachedUserPolicies', 'iam:AttachUserPolicy']);
  assert.ok(carries(account, 'ci-deployer'));
});

detach('a user deleted meanwhile (NoSuchEntity on attach) is done, not an error', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', POLICY);
  account.users.delete('alice');
  const { deps, logs } = container(account);
  const outcomes = await enforce(trail('detach-user-policy.json'), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'iam:AttachUserPolicy']);
  assert.equal(account.calls[1]?.error, 'NoSuchEntityException');
  assert.equal(outcomes.map(brief), [{ decision: 'attach', result: 'gone', user: 'alice' }]);
  assert.is(logs.length, 1);
});

detach('a user at the managed-policy quota is added to the fallback group, which carries the policy', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', POLICY);
  for (let i = 0; i < 9; i++) account.attachPolicy('alice', `arn:aws:iam::aws:policy/Other${i}`);
  const { deps, logs } = container(account);
  await enforce(trail('detach-user-policy.json'), deps);
  assert.equal(account.inputs('AddUserToGroup'), [{ UserName: 'alice', GroupName: FALLBACK_GROUP }]);
  assert.ok(account.user('alice').groups.includes(FALLBACK_GROUP));
  assert.equal(logs.map((l) => [l.user, l.result]), [['alice', 'attached']]);
  assert.match(logs[0]?.reason ?? '', /at the managed-policy quota: added to group mfa-guard-mfa-required, which carries the policy/);
});

detach('a user at both the policy quota and the group quota fails the invocation, naming the user and both quotas', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', POLICY);
  for (let i = 0; i < 9; i++) account.attachPolicy('alice', `arn:aws:iam::aws:policy/Other${i}`);
  for (let i = 0; i < 10; i++) account.user('alice').groups.push(account.addGroup(`team-${i}`).name);
  const { deps, logs } = container(account);
  const error = await rejectsAsync(enforce(trail('detach-user-policy.json'), deps), UserFailuresError);
  assert.equal(error.failures.map((f) => f.user), ['alice']);
  assert.match(error.message, /GroupsPerUser: 10.*PoliciesPerUser: 10/);
  // The production clients give a quota error up at once: one attempt, not the SDK's five.
  assert.is(account.count('iam', 'AttachUserPolicy'), 1);
  assert.equal(logs.map((l) => [l.user, l.result]), [['alice', 'failed']]);
});

detach('at the quota with the fallback group missing: a failure saying so, never a silent skip', async () => {
  const account = fixtureAccount();
  account.groups.delete(FALLBACK_GROUP);
  account.detachPolicy('alice', POLICY);
  for (let i = 0; i < 9; i++) account.attachPolicy('alice', `arn:aws:iam::aws:policy/Other${i}`);
  const { deps } = container(account);
  const error = await rejectsAsync(enforce(trail('detach-user-policy.json'), deps), UserFailuresError);
  assert.match(error.message, /the fallback group mfa-guard-mfa-required does not exist/);
});

detach.run();

const failures = suite('enforce: unexpected errors propagate');

failures('AccessDenied on the attach fails the invocation and nothing is logged as done', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', POLICY);
  account.fail('AttachUserPolicy', errors.iam.accessDenied('User: arn:aws:sts::123456789012:assumed-role/mfa-guard-enforce/x is not authorized to perform: iam:AttachUserPolicy'));
  const { deps, logs } = container(account);
  const error = await rejectsAsync(enforce(trail('detach-user-policy.json'), deps), IAMServiceException);
  assert.is(error.name, 'AccessDenied');
  assert.equal(logs, []);
  assert.not.ok(carries(account, 'alice'));
});

failures('a missing whitelist parameter fails the invocation before any IAM call', async () => {
  const account = fixtureAccount();
  account.parameters.delete(WHITELIST_PARAMETER);
  const { deps, logs } = container(account);
  const error = await rejectsAsync(enforce(trail('create-user.json'), deps), WhitelistError);
  assert.match(error.message, /SSM parameter \/mfa-guard\/whitelist: not found/);
  assert.equal(callNames(account), ['ssm:GetParameter']);
  assert.equal(logs, []);
});

failures('a malformed whitelist is never read as "nobody is exempt"', async () => {
  const account = fixtureAccount();
  account.setParameter(WHITELIST_PARAMETER, '{"version":1,"exemptions":[{"name":"ci-deployer"}]}');
  const { deps } = container(account);
  const error = await rejectsAsync(enforce(createUserEvent('ci-deployer', USERS.ciDeployer), deps), WhitelistError);
  assert.match(error.message, /exemptions\[0\]\.userId is not an IAM user ID/);
  assert.is(account.count('iam'), 0);
});

failures('a failed whitelist read is not cached: the next event reads it again', async () => {
  const account = fixtureAccount();
  account.fail('GetParameter', errors.ssm.validation('boom'), { times: 1 });
  const { deps } = container(account);
  await rejectsAsync(enforce(trail('create-user.json'), deps), Error);
  await enforce(trail('create-user.json'), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'ssm:GetParameter', 'iam:AttachUserPolicy']);
});

failures('an event that is not a CloudTrail API call is an EventError naming the event id', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  const error = await rejectsAsync(enforce(fixtures.load('compliance-change', 'non-compliant-user.json'), deps), EventError);
  assert.is(error.eventId, 'd1cc902d-88e7-9629-25ad-cf89c077a06c');
  assert.is(error.field, 'detail-type');
  assert.equal(callNames(account), []);
  assert.equal(logs, []);
});

failures('a CreateUser event without the user name is an EventError naming the event and the field', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  const error = await rejectsAsync(enforce(fixtures.withField(trail('create-user.json'), 'detail.requestParameters.userName', undefined), deps), EventError);
  assert.is(error.eventId, '3d1c6f0e-7b3a-5f2e-9c4d-2a8b6e1f0c71');
  assert.is(error.field, 'detail.requestParameters.userName');
  assert.equal(callNames(account), []);
});

failures.run();

const ignored = suite('enforce: events it does not act on');

for (const [file, reason] of [
  ['attach-user-policy.json', 'AttachUserPolicy is not a call mfa-guard acts on'],
  ['attach-group-policy.json', 'AttachGroupPolicy is not a call mfa-guard acts on'],
  ['get-user-read-only.json', 'GetUser is not a call mfa-guard acts on'],
  ['other-service-s3.json', 'eventSource s3.amazonaws.com is not iam.amazonaws.com'],
] as const) {
  ignored(`${file} is ignored, explicitly, without any call`, async () => {
    const account = fixtureAccount();
    const { deps, logs } = container(account);
    const outcomes = await enforce(trail(file), deps);
    assert.equal(callNames(account), []);
    assert.equal(outcomes.map(brief), [{ decision: 'ignore', result: 'ignored' }]);
    assert.is(logs.length, 1);
    assert.equal([logs[0]?.function, logs[0]?.decision, logs[0]?.reason], ['enforce', 'ignore', reason]);
    assert.type(logs[0]?.eventId, 'string');
  });
}

ignored.run();

const report = suite('enforce: MODE=report');

report('decisions are logged and nothing is written to IAM', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', POLICY);
  setWhitelist(account, [CI_EXEMPTION]);
  const { deps, logs } = container(account, { mode: 'report' });
  await enforce(trail('create-user.json'), deps);
  await enforce(trail('detach-user-policy.json'), deps);
  await enforce(createUserEvent('ci-deployer', USERS.ciDeployer), deps);
  assert.equal(callNames(account), ['ssm:GetParameter']);
  assert.not.ok(carries(account, 'alice'));
  assert.not.ok(carries(account, 'bob'));
  assert.equal(logs.map((l) => [l.user, l.decision, l.result]), [
    ['bob', 'attach', 'dry-run'],
    ['alice', 'attach', 'dry-run'],
    ['ci-deployer', 'skip', 'exempt'],
  ]);
});

report.run();
