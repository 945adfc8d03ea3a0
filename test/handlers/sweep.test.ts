/**
 * The healing sweep (src/core/decide-sweep.ts through the config-rule handler): it writes to Config
 * only what changed, and in MODE=enforce it leaves every non-exempt user with the policy within one
 * sweep, whatever happened before: the stuck cases no Compliance Change event would ever repair.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UserFailuresError } from '../../src/core/errors.ts';
import { evaluate } from '../../src/handlers/config-rule.ts';
import { remediate } from '../../src/handlers/remediate.ts';
import type { MemoryAccount } from '../../sim/account.ts';
import { throttling } from '../../sim/account-errors.ts';
import { carries, container, FALLBACK_GROUP, fixtureAccount, USERS } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';
import { rejectsAsync } from '../support/assert.ts';

/** The scheduled notification of the `hour`-th sweep (hour 0: the fixture's own time). */
function sweepAt(hour: number): Record<string, unknown> {
  const at = new Date(Date.parse('2023-04-27T13:26:17.741Z') + hour * 3_600_000).toISOString();
  return fixtures.withInvokingField(fixtures.load('config-rule', 'scheduled.json'), 'invokingEvent.notificationCreationTime', at);
}

/** Every evaluation Config recorded for a resource, in order. */
const history = (account: MemoryAccount, id: string) => account.evaluations.filter((e) => e.evaluation.ComplianceResourceId === id).map((e) => e.evaluation.ComplianceType);
const written = (account: MemoryAccount) => account.inputs('PutEvaluations').reduce((n, i) => n + (Array.isArray(i.Evaluations) ? i.Evaluations.length : 0), 0);

const stuck = suite('sweep: the stuck cases, repaired by the next sweep');

stuck('a remediation that failed for good (dead-lettered) leaves bob NON_COMPLIANT with no event ever again; the next sweep attaches', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  // IAM throttles long enough for the sweep's attach and every remediation attempt to give up.
  account.fail('AttachUserPolicy', () => throttling('iam'), { times: 10 });
  await rejectsAsync(evaluate(sweepAt(0), deps), UserFailuresError);
  await rejectsAsync(remediate(fixtures.load('compliance-change', 'non-compliant-user.json'), deps), Error);
  assert.not.ok(carries(account, 'bob'));
  assert.is(account.compliance(USERS.bob)?.ComplianceType, 'NON_COMPLIANT');
  await evaluate(sweepAt(1), deps);
  assert.ok(carries(account, 'bob'));
  assert.is(account.compliance(USERS.bob)?.ComplianceType, 'COMPLIANT');
});

stuck('an account switched from MODE=report to MODE=enforce: every violating user is repaired by the first enforcing sweep', async () => {
  const account = fixtureAccount();
  account.seed(40, { violating: 0.25, whitelisted: 0 });
  await evaluate(sweepAt(0), container(account, { mode: 'report' }).deps);
  const violating = [...account.users.values()].filter((u) => u.name !== 'ci-deployer' && !carries(account, u.name)).map((u) => u.name);
  assert.ok(violating.length > 5);
  // Config holds them NON_COMPLIANT already: no Compliance Change will come for any of them.
  await evaluate(sweepAt(1), container(account).deps);
  assert.ok(violating.every((name) => carries(account, name)));
  assert.ok(violating.every((name) => account.compliance(account.user(name).id)?.ComplianceType === 'COMPLIANT'));
});

stuck('a user at the managed-policy quota is covered through the fallback group, and Config counts it COMPLIANT', async () => {
  const account = fixtureAccount();
  for (let i = 0; i < 9; i++) account.attachPolicy('bob', `arn:aws:iam::aws:policy/Other${i}`);
  const { deps } = container(account);
  await evaluate(sweepAt(0), deps);
  assert.ok(account.user('bob').groups.includes(FALLBACK_GROUP));
  assert.equal(history(account, USERS.bob), ['NON_COMPLIANT', 'COMPLIANT']);
  account.resetCalls();
  await evaluate(sweepAt(1), deps);
  assert.is(account.count('iam', 'AttachUserPolicy'), 0);
  assert.is(written(account), 0);
});

stuck('a user the sweep cannot cover stays NON_COMPLIANT with the reason, and the invocation fails (retried, then dead-lettered)', async () => {
  const account = fixtureAccount();
  for (let i = 0; i < 9; i++) account.attachPolicy('bob', `arn:aws:iam::aws:policy/Other${i}`);
  for (let i = 0; i < 10; i++) account.user('bob').groups.push(account.addGroup(`team-${i}`).name);
  const { deps } = container(account);
  const error = await rejectsAsync(evaluate(sweepAt(0), deps), UserFailuresError);
  assert.equal(error.failures.map((f) => f.user), ['bob']);
  assert.is(account.compliance(USERS.bob)?.ComplianceType, 'NON_COMPLIANT');
  assert.match(account.compliance(USERS.bob)?.Annotation ?? '', /could not attach it: at the policy and the group quota: remove a policy or a group \(AddUserToGroup mfa-guard-mfa-required: Cannot exceed quota for GroupsPerUser: 10/);
});

stuck('the fallback group lost the policy: the sweep attaches it to the group again', async () => {
  const account = fixtureAccount();
  account.groups.get(FALLBACK_GROUP)?.policies.splice(0);
  const { deps } = container(account);
  await evaluate(sweepAt(0), deps);
  assert.equal(account.inputs('AttachGroupPolicy'), [{ GroupName: FALLBACK_GROUP, PolicyArn: account.policyArn }]);
  assert.equal(account.groups.get(FALLBACK_GROUP)?.policies, [account.policyArn]);
});

stuck.run();

const changes = suite('sweep: Config is written only when an evaluation changes');

changes('a second sweep with nothing changed writes nothing; the first wrote every user', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  await evaluate(sweepAt(0), deps);
  assert.is(written(account), 5);
  account.resetCalls();
  logs.length = 0;
  await evaluate(sweepAt(1), deps);
  assert.is(written(account), 0);
  assert.equal(logs.map((l) => [l.decision, l.result, l.reason]), [['skip', 'unchanged', "4 of 4 users unchanged since Config's last evaluation: not written again"]]);
});

changes('a user whose state changed is written, the others not', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  await evaluate(sweepAt(0), deps);
  account.detachPolicy('alice', account.policyArn);
  account.resetCalls();
  await evaluate(sweepAt(1), deps);
  const ids = account.inputs('PutEvaluations').flatMap((i) => (i.Evaluations as { ComplianceResourceId: string }[]).map((e) => e.ComplianceResourceId));
  // Reported NON_COMPLIANT, then repaired: the only two evaluations written.
  assert.equal(ids, [USERS.alice, USERS.alice]);
});

changes('a user deleted without a change notification: the ID Config still holds gets NOT_APPLICABLE, once', async () => {
  const account = fixtureAccount();
  const { deps } = container(account);
  await evaluate(sweepAt(0), deps);
  account.users.delete('carol');
  await evaluate(sweepAt(1), deps);
  assert.is(account.compliance(USERS.carol)?.ComplianceType, 'NOT_APPLICABLE');
  account.resetCalls();
  await evaluate(sweepAt(2), deps);
  assert.is(written(account), 0);
});

changes('an unreadable compliance listing falls back to writing every evaluation, and the log says so', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  await evaluate(sweepAt(0), deps);
  account.fail('GetComplianceDetailsByConfigRule', () => throttling('config'));
  account.resetCalls();
  logs.length = 0;
  await evaluate(sweepAt(1), deps);
  assert.is(written(account), 4);
  assert.match(logs[0]?.reason ?? '', /^compliance listing unreadable \(ThrottlingException: Rate exceeded\): writing all 4 evaluations$/);
});

changes('if Config does not list NOT_APPLICABLE results, the exempt users are written each sweep, and nothing else', async () => {
  const account = fixtureAccount();
  account.listsNotApplicable = false;
  const { deps } = container(account);
  await evaluate(sweepAt(0), deps);
  account.resetCalls();
  await evaluate(sweepAt(1), deps);
  assert.equal(account.inputs('PutEvaluations').flatMap((i) => (i.Evaluations as { ComplianceResourceId: string }[]).map((e) => e.ComplianceResourceId)), [USERS.ciDeployer]);
});

changes.run();

