/**
 * The enforcer on renames and on the fallback group: UpdateUser with NewUserName, RemoveUserFromGroup
 * of the group, DetachGroupPolicy of our policy from it; and a flood of refused DeletePolicy calls,
 * which must not cause one full listing per event.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { enforce } from '../../src/handlers/enforce.ts';
import { callNames, carries, CI_EXEMPTION, container, FALLBACK_GROUP, fixtureAccount, setWhitelist, USERS } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';

const trail = (name: string) => fixtures.load('cloudtrail', name);
const POLICY = fixtures.POLICY_ARN;

const renames = suite('enforce: UpdateUser renames');

renames('a renamed user is re-checked under its new name and gets the policy if it lacks it', async () => {
  const account = fixtureAccount();
  account.renameUser('bob', 'robert');
  const { deps, logs } = container(account);
  await enforce(trail('update-user-rename.json'), deps);
  assert.equal(account.inputs('AttachUserPolicy'), [{ UserName: 'robert', PolicyArn: POLICY }]);
  assert.ok(carries(account, 'robert'));
  assert.match(logs[0]?.reason ?? '', /renamed bob to robert \(a whitelisted name does not follow the user\)/);
});

renames('a new user renamed before the CreateUser attach lands: found by the event\'s user ID, the policy reaches it under its new name', async () => {
  const account = fixtureAccount();
  account.renameUser('bob', 'robert');
  const { deps, logs } = container(account);
  await enforce(trail('create-user.json'), deps, { newUserRetry: { attempts: 2, sleep: async () => {} } });
  assert.equal(account.inputs('AttachUserPolicy').map((i) => i.UserName), ['bob', 'bob', 'robert']);
  assert.ok(carries(account, 'robert'));
  assert.equal([logs[0]?.user, logs[0]?.userId, logs[0]?.result], ['robert', USERS.bob, 'attached']);
  assert.match(logs[0]?.reason ?? '', /renamed from bob to robert/);
});

renames('a whitelisted user renamed loses its exemption (name and ID must both match): it gets the policy', async () => {
  const account = fixtureAccount();
  account.renameUser('ci-deployer', 'robert');
  setWhitelist(account, [CI_EXEMPTION]);
  const { deps } = container(account);
  await enforce(fixtures.withField(trail('update-user-rename.json'), 'detail.requestParameters.userName', 'ci-deployer'), deps);
  assert.ok(carries(account, 'robert'));
});

renames('an UpdateUser that only moves the path is ignored, explicitly', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  await enforce(trail('update-user-path-only.json'), deps);
  assert.equal(callNames(account), []);
  assert.equal(logs.map((l) => [l.decision, l.reason]), [['ignore', 'UpdateUser without newUserName: the name is unchanged']]);
});

renames.run();

const group = suite('enforce: the fallback group');

group('a user removed from the fallback group is covered again: attach, and at the quota back into the group', async () => {
  const account = fixtureAccount();
  // bob has AdministratorAccess and 9 more: at the quota.
  for (let i = 0; i < 9; i++) account.attachPolicy('bob', `arn:aws:iam::aws:policy/Other${i}`);
  const { deps, logs } = container(account);
  await enforce(trail('remove-user-from-group.json'), deps);
  assert.equal(account.inputs('AddUserToGroup'), [{ UserName: 'bob', GroupName: FALLBACK_GROUP }]);
  assert.ok(account.user('bob').groups.includes(FALLBACK_GROUP));
  assert.match(logs[0]?.reason ?? '', /removed the user from the fallback group mfa-guard-mfa-required/);
});

group('a removal from another group is ignored', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  await enforce(trail('remove-user-from-group-other-group.json'), deps);
  assert.equal(callNames(account), []);
  assert.equal(logs.map((l) => l.decision), ['ignore']);
});

group('our policy detached from the fallback group is attached to it again; from another group, ignored', async () => {
  const account = fixtureAccount();
  account.groups.get(FALLBACK_GROUP)?.policies.splice(0);
  const { deps } = container(account);
  await enforce(trail('detach-group-policy.json'), deps);
  assert.equal(callNames(account), ['iam:AttachGroupPolicy']);
  assert.equal(account.groups.get(FALLBACK_GROUP)?.policies, [POLICY]);
  account.resetCalls();
  await enforce(trail('detach-group-policy-other-group.json'), deps);
  assert.equal(callNames(account), []);
});

group.run();

const flood = suite('enforce: a flood of refused DeletePolicy calls');

flood('50 refused DeletePolicy events: one full listing, then each a single GetPolicy that finds the attachments unchanged', async () => {
  const account = fixtureAccount();
  account.seed(2500, { violating: 0, whitelisted: 0 });
  account.attachPolicy('bob', POLICY);
  const { deps, logs } = container(account);
  account.resetCalls();
  for (let i = 0; i < 50; i++) await enforce(trail('delete-policy-failed.json'), deps);
  assert.is(account.count('iam', 'GetAccountAuthorizationDetails'), 3);
  assert.is(account.count('iam', 'GetPolicy'), 50);
  assert.is(logs.filter((l) => l.reason.startsWith('coalesced:')).length, 49);
});

flood('a detach between two refused DeletePolicy calls changes the count: the next one lists again and repairs', async () => {
  const account = fixtureAccount();
  account.attachPolicy('bob', POLICY);
  const { deps } = container(account);
  await enforce(trail('delete-policy-failed.json'), deps);
  account.detachPolicy('carol', POLICY);
  account.resetCalls();
  await enforce(trail('delete-policy-failed.json'), deps);
  assert.is(account.count('iam', 'GetAccountAuthorizationDetails'), 1);
  assert.ok(carries(account, 'carol'));
});

flood('a check older than the window does not cover the next refused call', async () => {
  const account = fixtureAccount();
  account.attachPolicy('bob', POLICY);
  let now = Date.parse('2025-01-15T12:00:00.000Z');
  const { deps } = container(account);
  const later = { ...deps, now: () => new Date(now) };
  await enforce(trail('delete-policy-failed.json'), later);
  now += 5 * 60_000 + 1;
  account.resetCalls();
  await enforce(trail('delete-policy-failed.json'), later);
  assert.is(account.count('iam', 'GetAccountAuthorizationDetails'), 1);
});

flood.run();
