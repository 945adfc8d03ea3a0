/**
 * Throttling and 5xx from IAM, AWS Config and SSM, through the three handlers on the in-memory
 * account: the functions' own clients (src/aws/clients.ts: 5 attempts, LimitExceeded final; the
 * account skips only the waits) retry them, and when they give up the invocation fails with the
 * cause, and nothing is logged as done that was not.
 */
import { ConfigServiceServiceException } from '@aws-sdk/client-config-service';
import { IAMServiceException } from '@aws-sdk/client-iam';
import { InternalServerError, ThrottlingException } from '@aws-sdk/client-ssm';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UserFailuresError } from '../../src/core/errors.ts';
import { evaluate } from '../../src/handlers/config-rule.ts';
import { enforce } from '../../src/handlers/enforce.ts';
import { remediate } from '../../src/handlers/remediate.ts';
import { throttling, unavailable } from '../../sim/account-errors.ts';
import { brief, rejectsAsync } from '../support/assert.ts';
import { callNames, carries, container, fixtureAccount, USERS } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';

const POLICY = fixtures.POLICY_ARN;
const scheduled = () => fixtures.load('config-rule', 'scheduled.json');
const detachAlice = () => fixtures.load('cloudtrail', 'detach-user-policy.json');
const nonCompliantBob = () => fixtures.load('compliance-change', 'non-compliant-user.json');

/** The fixture account with alice's policy detached, as the detach event says. */
function detachedAlice() {
  const account = fixtureAccount();
  account.detachPolicy('alice', POLICY);
  return account;
}

const retried = suite('faults: throttling and 5xx are retried by the SDK');

retried('IAM throttling the sweep’s listing twice: the third attempt lists, and every user is reported once', async () => {
  const account = fixtureAccount();
  account.fail('GetAccountAuthorizationDetails', () => throttling('iam'), { times: 2 });
  const { deps } = container(account);
  const put = await evaluate(scheduled(), deps);
  const listing = account.calls.filter((c) => c.command === 'GetAccountAuthorizationDetails');
  assert.equal(listing.map((c) => c.error), ['Throttling', 'Throttling', undefined]);
  assert.equal(account.calls.filter((c) => c.command !== 'GetAccountAuthorizationDetails').map((c) => c.error), [undefined, undefined, undefined, undefined, undefined, undefined]);
  // Four users reported once each, and bob once more after the sweep repaired him.
  assert.equal(put.map((e) => e.ComplianceResourceId).sort(), [USERS.alice, USERS.bob, USERS.bob, USERS.carol, USERS.ciDeployer].sort());
  assert.is(account.compliance(USERS.bob)?.ComplianceType, 'COMPLIANT');
});

retried('a 503 from Config on PutEvaluations is retried, then the evaluation is recorded', async () => {
  const account = fixtureAccount();
  account.fail('PutEvaluations', () => unavailable('config'), { times: 1 });
  const { deps, logs } = container(account);
  await evaluate(fixtures.load('config-rule', 'change-user-violating.json'), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'config:PutEvaluations', 'config:PutEvaluations']);
  assert.is(account.compliance(USERS.bob)?.ComplianceType, 'NON_COMPLIANT');
  assert.equal(logs.map((l) => l.result), ['reported']);
});

retried('SSM throttling the whitelist read is retried, then the detach is undone', async () => {
  const account = detachedAlice();
  account.fail('GetParameter', () => throttling('ssm'), { times: 2 });
  const { deps } = container(account);
  await enforce(detachAlice(), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'ssm:GetParameter', 'ssm:GetParameter', 'iam:AttachUserPolicy']);
  assert.ok(carries(account, 'alice'));
});

retried('a 503 from IAM on the attach is retried: the user gets the policy, logged once as attached', async () => {
  const account = detachedAlice();
  account.fail('AttachUserPolicy', () => unavailable('iam'), { times: 2 });
  const { deps, logs } = container(account);
  await enforce(detachAlice(), deps);
  assert.is(account.count('iam', 'AttachUserPolicy'), 3);
  assert.ok(carries(account, 'alice'));
  assert.equal(logs.map((l) => `${l.user}:${l.result}`), ['alice:attached']);
});

retried('Config throttling the user lookup of a remediation is retried, then the user is attached', async () => {
  const account = fixtureAccount();
  account.fail('BatchGetResourceConfig', () => throttling('config'), { times: 1 });
  const { deps } = container(account);
  const outcome = await remediate(nonCompliantBob(), deps);
  assert.equal(callNames(account), ['config:BatchGetResourceConfig', 'config:BatchGetResourceConfig', 'ssm:GetParameter', 'iam:AttachUserPolicy']);
  assert.equal(brief(outcome), { decision: 'attach', result: 'attached', user: 'bob', userId: USERS.bob });
});

retried.run();

const exhausted = suite('faults: when the SDK gives up, the invocation fails with the cause');

exhausted('IAM throttling that does not stop: the sweep fails with Throttling after 5 attempts; nothing is put to Config or logged', async () => {
  const account = fixtureAccount();
  account.fail('iam:*', () => throttling('iam'));
  const { deps, logs } = container(account);
  const error = await rejectsAsync(evaluate(scheduled(), deps), IAMServiceException);
  assert.is(error.name, 'Throttling');
  assert.is(error.$metadata.attempts, 5);
  assert.is(account.count('iam', 'GetAccountAuthorizationDetails'), 5);
  // The compliance listing was read (all reads run together); nothing was put.
  assert.is(account.count('config', 'PutEvaluations'), 0);
  assert.equal(logs, []);
});

exhausted('Config throttling from the second batch of a 150-user sweep: the invocation fails with the cause, and no evaluation is logged as reported', async () => {
  const account = fixtureAccount();
  account.seed(146);
  let puts = 0;
  account.fail('PutEvaluations', () => (++puts >= 2 ? throttling('config') : undefined));
  const { deps, logs } = container(account);
  const error = await rejectsAsync(evaluate(scheduled(), deps), ConfigServiceServiceException);
  assert.is(error.name, 'ThrottlingException');
  assert.equal(account.calls.filter((c) => c.command === 'PutEvaluations').map((c) => (c.input.Evaluations as unknown[]).length), [100, 50, 50, 50, 50, 50]);
  // What Config did record is the first batch only; the log claims nothing, and the retried invocation reports all again.
  assert.is(account.evaluations.length, 100);
  assert.equal(logs.filter((l) => l.result === 'reported'), []);
});

exhausted('SSM unavailable: the whitelist cannot be read, so no IAM call is made and the error is the 5xx', async () => {
  const account = detachedAlice();
  account.fail('GetParameter', () => unavailable('ssm'));
  const { deps, logs } = container(account);
  const error = await rejectsAsync(enforce(detachAlice(), deps), InternalServerError);
  assert.is(error.$metadata.attempts, 5);
  assert.equal(callNames(account), Array(5).fill('ssm:GetParameter'));
  assert.not.ok(carries(account, 'alice'));
  assert.equal(logs, []);
});

exhausted('SSM throttling that does not stop fails a change evaluation before anything is put to Config', async () => {
  const account = fixtureAccount();
  account.fail('GetParameter', () => throttling('ssm'));
  const { deps } = container(account);
  await rejectsAsync(evaluate(fixtures.load('config-rule', 'change-user-violating.json'), deps), ThrottlingException);
  assert.is(account.count('config'), 0);
});

exhausted('IAM throttling every attach of a DeletePolicy recovery: each user fails after the SDK’s attempts, named with the cause; none is logged as attached', async () => {
  const account = fixtureAccount();
  account.removePolicy(POLICY);
  account.fail('AttachUserPolicy', () => throttling('iam'));
  const { deps, logs } = container(account);
  const error = await rejectsAsync(enforce(fixtures.load('cloudtrail', 'delete-policy.json'), deps), UserFailuresError);
  assert.equal(error.failures.map((f) => f.user).sort(), ['alice', 'bob', 'carol']);
  for (const failure of error.failures) assert.is(failure.reason, 'AttachUserPolicy failed: Throttling: Rate exceeded');
  assert.is(account.count('iam', 'AttachUserPolicy'), 15, '5 attempts for each of the 3 users');
  assert.equal(logs.filter((l) => l.result === 'attached'), []);
  // The recreate did happen, and is logged as done.
  assert.ok(account.policy(POLICY));
  assert.equal(logs.filter((l) => l.decision === 'recreate-policy').map((l) => l.result), ['recreated']);
});

exhausted('a remediation whose Config lookup keeps failing attaches nothing', async () => {
  const account = fixtureAccount();
  account.fail('BatchGetResourceConfig', () => unavailable('config'));
  const { deps, logs } = container(account);
  const error = await rejectsAsync(remediate(nonCompliantBob(), deps), ConfigServiceServiceException);
  assert.is(error.name, 'ServiceUnavailable');
  assert.is(account.count('iam'), 0);
  assert.equal(logs, []);
});

exhausted.run();
