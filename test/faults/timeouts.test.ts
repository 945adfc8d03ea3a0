/**
 * A DeletePolicy recovery slower than its function's Timeout (IAM throttling thousands of
 * attaches): near the end the enforcer starts no more attaches, fails the invocation naming the
 * users left, and Lambda's retry of the event lists again and attaches exactly those.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UserFailuresError } from '../../src/core/errors.ts';
import { enforce } from '../../src/handlers/enforce.ts';
import { rejectsAsync } from '../support/assert.ts';
import { carries, container, fixtureAccount } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';

const POLICY = fixtures.POLICY_ARN;
const deletePolicy = () => fixtures.load('cloudtrail', 'delete-policy.json');
const OUT_OF_TIME = 'not attached: the function was about to time out; the retry of this event attaches it';

const deadline = suite('faults: the Lambda timeout during a DeletePolicy recovery');

deadline('with less than the reserve left, no attach starts: the users left fail the invocation by name, and the retry attaches exactly them', async () => {
  const account = fixtureAccount();
  const seeded = account.seed(20, { whitelisted: 0, violating: 0 });
  account.removePolicy(POLICY);
  let remainingMs = 120_000;
  account.fail('AttachUserPolicy', () => {
    if (account.count('iam', 'AttachUserPolicy') === 5) remainingMs = 19_999;
    return undefined;
  });
  const { deps, logs } = container(account);
  const error = await rejectsAsync(enforce(deletePolicy(), deps, { concurrency: 1, remainingMs: () => remainingMs }), UserFailuresError);
  assert.is(account.count('iam', 'AttachUserPolicy'), 5);
  const everyone = [...seeded.users.map((u) => u.name), 'alice', 'bob', 'carol'];
  const left = everyone.filter((name) => !carries(account, name));
  assert.is(left.length, everyone.length - 5);
  assert.equal(error.failures.map((f) => f.user).sort(), left.sort());
  assert.ok(error.failures.every((f) => f.reason === OUT_OF_TIME));
  assert.equal(logs.filter((l) => l.result === 'attached').length, 5);

  account.clearFaults();
  account.resetCalls();
  await enforce(deletePolicy(), deps, { remainingMs: () => 300_000 });
  assert.equal(account.inputs('AttachUserPolicy').map((i) => String(i.UserName)).sort(), left.sort());
  assert.ok(everyone.every((name) => carries(account, name)));
  assert.not.ok(carries(account, 'ci-deployer'));
});

deadline('the reserve can be set; without remainingMs (local runs) there is no deadline', async () => {
  const account = fixtureAccount();
  account.removePolicy(POLICY);
  const { deps } = container(account);
  const error = await rejectsAsync(enforce(deletePolicy(), deps, { remainingMs: () => 50_000, reserveMs: 60_000 }), UserFailuresError);
  assert.is(error.failures.length, 3);
  assert.is(account.count('iam', 'AttachUserPolicy'), 0);
  await enforce(deletePolicy(), container(account).deps);
  assert.ok(['alice', 'bob', 'carol'].every((name) => carries(account, name)));
});

deadline('a single-user event is not cut short: the deadline only rations a recovery’s many attaches', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', POLICY);
  const { deps } = container(account);
  await enforce(fixtures.load('cloudtrail', 'detach-user-policy.json'), deps, { remainingMs: () => 1_000 });
  assert.ok(carries(account, 'alice'));
});

deadline.run();
