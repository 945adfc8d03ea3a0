/**
 * Offboarding a user while the enforcer runs (DESIGN §3). The console deletes a user by detaching
 * its policies, then calling DeleteUser; the detach of our policy wakes the enforcer, whose reattach
 * may land before DeleteUser (the delete fails) or after it (nothing left to attach to). The
 * procedure docs/operations.md recommends, whitelist first and wait for the cache, is checked last.
 */
import { DeleteConflictException, DeleteUserCommand } from '@aws-sdk/client-iam';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { enforce } from '../../src/handlers/enforce.ts';
import type { MemoryAccount } from '../../sim/account.ts';
import { brief, rejectsAsync } from '../support/assert.ts';
import { carries, CI_EXEMPTION, container, fixtureAccount, setWhitelist, USERS } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';

const DETACH_ALICE = () => fixtures.load('cloudtrail', 'detach-user-policy.json');
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** The console's first step: detach every managed policy of the user. */
function consoleDetachAll(account: MemoryAccount, name: string): void {
  for (const arn of [...account.user(name).policies]) account.detachPolicy(name, arn);
}

/** The console's last step, through IAM as the console makes it. */
function deleteUser(account: MemoryAccount, name: string) {
  return account.clients().iam.send(new DeleteUserCommand({ UserName: name }));
}

const race = suite('offboarding: the console delete races the enforcer');

race('a reattach that lands between the detach and DeleteUser makes the delete fail (DeleteConflict)', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  consoleDetachAll(account, 'alice');
  await enforce(DETACH_ALICE(), deps);
  const error = await rejectsAsync(deleteUser(account, 'alice'), DeleteConflictException);
  assert.match(error.message, /must detach all policies first/);
  assert.ok(account.hasUser('alice'));
  assert.ok(carries(account, 'alice'));
});

race('a reattach that lands after DeleteUser finds no user: done, not an error', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  consoleDetachAll(account, 'alice');
  await deleteUser(account, 'alice');
  const outcomes = await enforce(DETACH_ALICE(), deps);
  assert.not.ok(account.hasUser('alice'));
  assert.equal(outcomes.map(brief), [{ decision: 'attach', result: 'gone', user: 'alice' }]);
  assert.equal(logs.map((l) => l.result), ['gone']);
});

race.run();

const procedure = suite('offboarding: whitelist first, wait a minute, then delete');

procedure('with the user whitelisted and the cache expired, the enforcer leaves it alone and the delete succeeds', async () => {
  const account = fixtureAccount();
  const { deps, logs, advance } = container(account);
  await enforce(fixtures.load('cloudtrail', 'create-user.json'), deps);
  setWhitelist(account, [CI_EXEMPTION, { name: 'alice', userId: USERS.alice, reason: 'offboarding' }]);
  advance(60_000);
  consoleDetachAll(account, 'alice');
  await enforce(DETACH_ALICE(), deps);
  assert.equal(logs.at(-1), {
    function: 'enforce',
    eventId: '7a4f9c3b-0e6d-8c5b-2f7a-5d1e9b4c3fa4',
    actor: 'arn:aws:iam::123456789012:user/thien',
    eventTime: '2023-05-31T05:14:57Z',
    eventName: 'DetachUserPolicy',
    sourceIp: '68.21.163.122',
    decision: 'skip',
    result: 'exempt',
    user: 'alice',
    reason: 'whitelisted: offboarding',
  });
  assert.is(account.count('iam', 'AttachUserPolicy'), 1);
  await deleteUser(account, 'alice');
  assert.not.ok(account.hasUser('alice'));
});

procedure('within a minute of the whitelist change a warm container still reattaches; after it, the delete goes through', async () => {
  const account = fixtureAccount();
  const { deps, advance } = container(account);
  await enforce(fixtures.load('cloudtrail', 'create-user.json'), deps);
  setWhitelist(account, [CI_EXEMPTION, { name: 'alice', userId: USERS.alice, reason: 'offboarding' }]);
  advance(30_000);
  consoleDetachAll(account, 'alice');
  await enforce(DETACH_ALICE(), deps);
  await rejectsAsync(deleteUser(account, 'alice'), DeleteConflictException);
  advance(30_000);
  consoleDetachAll(account, 'alice');
  await enforce(DETACH_ALICE(), deps);
  await deleteUser(account, 'alice');
  assert.not.ok(account.hasUser('alice'));
});

procedure('the whitelist entry left behind exempts nobody else: a new user of that name gets the policy', async () => {
  const account = fixtureAccount();
  setWhitelist(account, [CI_EXEMPTION, { name: 'alice', userId: USERS.alice, reason: 'offboarding' }]);
  account.detachPolicy('alice', account.policyArn);
  account.detachPolicy('alice', ADMIN);
  await deleteUser(account, 'alice');
  const successor = account.addUser({ name: 'alice' });
  const event = fixtures.withField(fixtures.load('cloudtrail', 'create-user.json'), 'detail.requestParameters.userName', 'alice');
  const { deps } = container(account);
  await enforce(fixtures.withField(event, 'detail.responseElements.user.userId', successor.id), deps);
  assert.ok(carries(account, 'alice'));
});

procedure.run();
