/**
 * Races and refusals AWS answers with, through the handlers on the in-memory account: users deleted
 * or not yet visible (NoSuchEntity), a user at the managed-policy quota (LimitExceeded), the policy
 * deleted under our feet, and AWS Config refusing evaluations (FailedEvaluations).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EvaluationsFailedError, PolicyNotFoundError } from '../../src/aws/errors.ts';
import { UserFailuresError } from '../../src/core/errors.ts';
import { evaluate } from '../../src/handlers/config-rule.ts';
import { enforce } from '../../src/handlers/enforce.ts';
import { remediate } from '../../src/handlers/remediate.ts';
import * as errors from '../../sim/account-errors.ts';
import { brief, rejectsAsync } from '../support/assert.ts';
import { callNames, carries, container, FALLBACK_GROUP, fixtureAccount, USERS } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';

const POLICY = fixtures.POLICY_ARN;
const trail = (name: string) => fixtures.load('cloudtrail', name);
const policyGone = () => errors.iam.noSuchEntity(`Policy ${POLICY} does not exist or is not attachable.`);

const missing = suite('faults: NoSuchEntity races');

missing('a user deleted between the listing and its attach in a DeletePolicy recovery is done, not an error; the others get the policy', async () => {
  const account = fixtureAccount();
  account.removePolicy(POLICY);
  account.fail('AttachUserPolicy', (input) => (input.UserName === 'bob' ? errors.noSuchUser('bob') : undefined));
  const { deps } = container(account);
  const outcomes = await enforce(trail('delete-policy.json'), deps);
  assert.equal(outcomes.filter((o) => o.user).map((o) => `${o.user}:${o.result}`).sort(), ['alice:attached', 'bob:gone', 'carol:attached']);
  assert.ok(carries(account, 'alice') && carries(account, 'carol'));
});

missing('a new user not visible yet, then throttled once: NoSuchEntity waits its backoff (injected), the throttle is the SDK’s, then the attach lands', async () => {
  const account = fixtureAccount();
  account.detachPolicy('carol', POLICY);
  let attempt = 0;
  account.fail('AttachUserPolicy', () => (++attempt === 1 ? errors.noSuchUser('carol') : attempt === 2 ? errors.throttling('iam') : undefined));
  const slept: number[] = [];
  const { deps } = container(account);
  const outcomes = await enforce(trail('create-user-with-path.json'), deps, { newUserRetry: { sleep: async (ms) => void slept.push(ms) } });
  assert.equal(account.calls.filter((c) => c.command === 'AttachUserPolicy').map((c) => c.error), ['NoSuchEntityException', 'Throttling', undefined]);
  assert.equal(slept, [200]);
  assert.equal(outcomes.map(brief), [{ decision: 'attach', result: 'attached', user: 'carol', userId: 'AIDACKCEVSQ6C2EXAMPLE' }]);
});

missing('a remediation for a user Config has not recorded yet (Config lags IAM) finds it in IAM and attaches: no later Compliance Change would come', async () => {
  const account = fixtureAccount();
  account.user('bob').recorded = false;
  const { deps, logs } = container(account);
  const outcome = await remediate(fixtures.load('compliance-change', 'non-compliant-user.json'), deps);
  assert.equal(brief(outcome), { decision: 'attach', result: 'attached', user: 'bob', userId: USERS.bob });
  assert.equal(callNames(account), ['config:BatchGetResourceConfig', 'iam:GetAccountAuthorizationDetails', 'ssm:GetParameter', 'iam:AttachUserPolicy']);
  assert.ok(carries(account, 'bob'));
  assert.equal(logs.map((l) => l.result), ['attached']);
});

missing.run();

const quota = suite('faults: LimitExceeded');

quota('users at the managed-policy quota among 200 in a DeletePolicy recovery join the fallback group; one also at the group quota is reported by name; every other user gets the policy', async () => {
  const account = fixtureAccount();
  const seeded = account.seed(196, { violating: 0, whitelisted: 0 });
  const full = seeded.users.slice(10, 13).map((u) => u.name);
  account.removePolicy(POLICY);
  for (const name of full) {
    while (account.user(name).policies.length < 10) account.attachPolicy(name, `arn:aws:iam::aws:policy/Filler${account.user(name).policies.length}`);
  }
  const [stuck = '', ...grouped] = full;
  account.user(stuck).groups.length = 0;
  for (let i = 0; i < 10; i++) account.user(stuck).groups.push(account.addGroup(`team-${i}`).name);
  const { deps, logs } = container(account);
  const error = await rejectsAsync(enforce(trail('delete-policy.json'), deps), UserFailuresError);
  assert.equal(error.failures.map((f) => f.user), [stuck]);
  assert.match(error.failures[0]?.reason ?? '', /GroupsPerUser: 10.*PoliciesPerUser: 10/);
  assert.ok(grouped.every((n) => account.user(n).groups.includes(FALLBACK_GROUP)));
  // One attempt each at the quota (LimitExceeded is final), then the group.
  assert.is(account.inputs('AttachUserPolicy').filter((i) => full.includes(String(i.UserName))).length, full.length);
  const others = [...seeded.users.map((u) => u.name), 'alice', 'bob', 'carol'].filter((n) => !full.includes(n));
  assert.ok(others.every((n) => carries(account, n)));
  assert.not.ok(carries(account, 'ci-deployer'));
  assert.is(logs.filter((l) => l.result === 'attached').length, others.length + grouped.length);
});

quota.run();

const policy = suite('faults: the policy deleted under our feet');

policy('a detach’s reattach meets NoSuchEntity for the policy: PolicyNotFoundError, not "user gone"; nothing logged as done', async () => {
  const account = fixtureAccount();
  account.removePolicy(POLICY);
  const { deps, logs } = container(account);
  const error = await rejectsAsync(enforce(trail('detach-user-policy.json'), deps), PolicyNotFoundError);
  assert.is(error.policyArn, POLICY);
  assert.equal(logs, []);
});

policy('a remediation’s attach meets the missing policy: PolicyNotFoundError', async () => {
  const account = fixtureAccount();
  account.removePolicy(POLICY);
  const { deps, logs } = container(account);
  await rejectsAsync(remediate(fixtures.load('compliance-change', 'non-compliant-user.json'), deps), PolicyNotFoundError);
  assert.equal(logs, []);
});

policy('deleted again during a DeletePolicy recovery: the recovery stops with PolicyNotFoundError, and no attach starts after it', async () => {
  const account = fixtureAccount();
  account.removePolicy(POLICY);
  let attaches = 0;
  account.fail('AttachUserPolicy', () => (++attaches >= 2 ? policyGone() : undefined));
  const { deps, logs } = container(account);
  await rejectsAsync(enforce(trail('delete-policy.json'), deps, { concurrency: 1, policyRetry: { sleep: async () => {} } }), PolicyNotFoundError);
  // alice's attach, then bob's 4 attempts (a policy recreated moments ago may not be attachable yet).
  assert.is(account.count('iam', 'AttachUserPolicy'), 5);
  // bob's attach met the missing policy; carol's was never started: both are failures, logged with their reason.
  assert.equal(logs.filter((l) => l.user).map((l) => `${l.user}:${l.result}`), ['alice:attached', 'bob:failed', 'carol:failed']);
  assert.equal(logs.find((l) => l.user === 'carol')?.reason, `not attempted: policy ${POLICY} does not exist`);
});

policy.run();

const refused = suite('faults: FailedEvaluations');

refused('an evaluation Config refuses once is sent again alone, then recorded', async () => {
  const account = fixtureAccount();
  account.failEvaluations((e) => e.ComplianceResourceId === USERS.bob, { times: 1 });
  const { deps } = container(account);
  await evaluate(fixtures.load('config-rule', 'scheduled.json'), deps);
  // The sweep's 4, bob's again alone, then bob's repair.
  assert.equal(account.calls.filter((c) => c.command === 'PutEvaluations').map((c) => (c.input.Evaluations as unknown[]).length), [4, 1, 1]);
  assert.equal(account.evaluations.filter((e) => e.evaluation.ComplianceResourceId === USERS.bob).map((e) => e.evaluation.ComplianceType), ['NON_COMPLIANT', 'COMPLIANT']);
});

refused('an evaluation Config keeps refusing in a 250-user sweep: every batch is tried, then the invocation fails naming that user ID; the log claims nothing', async () => {
  const account = fixtureAccount();
  account.seed(246);
  account.failEvaluations((e) => e.ComplianceResourceId === USERS.bob);
  const { deps, logs } = container(account);
  const error = await rejectsAsync(evaluate(fixtures.load('config-rule', 'scheduled.json'), deps), EvaluationsFailedError);
  assert.equal(error.resourceIds, [USERS.bob]);
  assert.equal(account.calls.filter((c) => c.command === 'PutEvaluations').map((c) => (c.input.Evaluations as unknown[]).length).sort(), [1, 100, 100, 50]);
  assert.is(account.evaluations.length, 249);
  assert.equal(logs.filter((l) => l.result === 'reported'), []);
});

refused.run();
