import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tell, usersMissingPolicy, type Step } from '../../scripts/demo/story.ts';
import { sameDocument } from '../../src/core/policy-versions.ts';

const story = await tell({ color: false });
const count = (step: Step | undefined, service?: string, command?: string) =>
  step?.calls.filter((c) => (service === undefined || c.service === service) && (command === undefined || c.command === command)).length ?? -1;
const [sweep, remediation, created, detached, deleted, exempt, stopped] = story.steps;

const endState = suite('make demo: the end state');

endState('every user but the whitelisted CI user has the policy; the CI user does not', () => {
  const policy = story.account.policyArn;
  assert.equal(usersMissingPolicy(story.account), []);
  for (const name of ['alice', 'bob', 'carol', 'dave']) assert.ok(story.account.user(name).policies.includes(policy), name);
  assert.equal(story.account.user('ci-deployer').policies, []);
});

endState('the policy deleted in step 5 exists again, with the canonical document as its default', () => {
  const policy = story.account.policy(story.account.policyArn);
  assert.ok(policy);
  const version = policy.versions.find((v) => v.id === policy.defaultVersion);
  assert.ok(sameDocument(JSON.parse(version?.document ?? 'null'), story.canonical));
});

endState('AWS Config holds the sweep\'s verdicts: dave NON_COMPLIANT, then COMPLIANT once the sweep repaired him; ci-deployer NOT_APPLICABLE', () => {
  const dave = story.account.evaluations.filter((e) => e.evaluation.ComplianceResourceId === 'AIDAEXAMPLEDAVE000001').map((e) => e.evaluation.ComplianceType);
  assert.equal(dave, ['NON_COMPLIANT', 'COMPLIANT']);
  assert.is(story.account.compliance('AIDAEXAMPLEDAVE000001')?.ComplianceType, 'COMPLIANT');
  assert.is(story.account.compliance('AIDAQ3EGRNG2ZH3EXAMPLE')?.ComplianceType, 'NOT_APPLICABLE');
  assert.is(story.account.compliance('AIDAJQABLZS4A3QDU576Q')?.ComplianceType, 'COMPLIANT');
});

endState('the closing report finds nobody violating (exit code 0)', () => {
  assert.is(story.report.exitCode, 0);
  assert.match(story.report.table, /Totals: 5 users: 0 violating, 3 contained, 1 enforced, 1 exempt; 2 flagged/);
});

endState('no AWS call failed along the way', () => {
  assert.equal(story.account.calls.filter((c) => c.error), []);
});

const told = suite('make demo: the alert each step sends');

told('each repair is one alert (the healing sweep\'s too, one for its batch); the exempt user sends none', () => {
  assert.equal(story.steps.map((s) => s.alerts), [
    ['mfa-guard: users found without the policy: attached for 1 user(s)'],
    ['mfa-guard: dave found without the policy: attached'],
    ['mfa-guard: new user bob by Admin/thien: attached'],
    ['mfa-guard: policy detached from alice by Admin/thien: attached'],
    ['mfa-guard: policy deleted by Admin/thien: recreated; reattached to 4 user(s)'],
    [],
    ['mfa-guard: CloudTrail logging stopped: management-events by Admin/thien'],
  ]);
  assert.equal([sweep, remediation, created, detached, deleted, exempt, stopped].map((s) => s?.alerts.length), [1, 1, 1, 1, 1, 0, 1]);
  assert.equal(stopped?.calls, []);
});

told.run();

const budgets = suite('make demo: each step within its API-call budget');

budgets('the sweep: 1 IAM listing, 1 group check, 1 compliance listing, 1 whitelist read, 1 attach (dave), 2 PutEvaluations', () => {
  assert.equal([count(sweep, 'iam', 'GetAccountAuthorizationDetails'), count(sweep, 'iam', 'ListAttachedGroupPolicies'), count(sweep, 'iam', 'AttachUserPolicy'), count(sweep, 'config', 'GetComplianceDetailsByConfigRule'), count(sweep, 'config', 'PutEvaluations'), count(sweep, 'ssm')], [1, 1, 1, 1, 2, 1]);
  assert.is(count(sweep), 7);
  assert.equal(sweep?.decisions.map((d) => `${d.user}:${d.decision}`), ['undefined:skip', 'alice:COMPLIANT', 'carol:COMPLIANT', 'ci-deployer:NOT_APPLICABLE', 'dave:NON_COMPLIANT', 'dave:attach', 'dave:COMPLIANT']);
});

budgets('remediation: 1 Config lookup and 1 attach', () => {
  assert.equal([count(remediation, 'config', 'BatchGetResourceConfig'), count(remediation, 'iam', 'AttachUserPolicy'), count(remediation, 'iam'), count(remediation)], [1, 1, 1, 3]);
  assert.equal(remediation?.decisions.map((d) => [d.user, d.result]), [['dave', 'attached']]);
});

budgets('CreateUser and DetachUserPolicy of a non-exempt user: exactly 1 IAM call each, the attach', () => {
  for (const step of [created, detached]) {
    assert.equal(step?.calls.filter((c) => c.service === 'iam').map((c) => c.command), ['AttachUserPolicy']);
    assert.ok(count(step, 'ssm') <= 1);
  }
  assert.equal(created?.decisions.map((d) => [d.user, d.result]), [['bob', 'attached']]);
  assert.equal(detached?.decisions.map((d) => [d.user, d.result]), [['alice', 'attached']]);
});

budgets('DeletePolicy recovery: 1 listing, recreate, 1 attach per user missing the policy (4), CI user skipped', () => {
  assert.equal(deleted?.calls.filter((c) => c.service === 'iam').map((c) => c.command), [
    'GetAccountAuthorizationDetails',
    'CreatePolicy',
    'AttachUserPolicy',
    'AttachUserPolicy',
    'AttachUserPolicy',
    'AttachUserPolicy',
  ]);
  assert.equal(deleted?.decisions.map((d) => d.user ?? d.decision), ['recreate-policy', 'alice', 'bob', 'carol', 'dave']);
});

budgets('a Config change of the whitelisted user: 0 IAM calls, 1 PutEvaluations, NOT_APPLICABLE', () => {
  assert.equal([count(exempt, 'iam'), count(exempt, 'config', 'PutEvaluations')], [0, 1]);
  assert.equal(exempt?.decisions.map((d) => [d.user, d.decision]), [['ci-deployer', 'NOT_APPLICABLE']]);
});

budgets('the report: a handful of calls (listing, credential report, whitelist)', () => {
  assert.equal(story.report.calls.map((c) => c.command), ['GetAccountAuthorizationDetails', 'GenerateCredentialReport', 'GetParameter', 'GenerateCredentialReport', 'GetCredentialReport']);
});

const cli = suite('make demo: the command');

cli('runs with no AWS credentials in seconds, from any directory, prints the timeline, exits 0', () => {
  const started = Date.now();
  const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', AWS_REGION: '', NO_COLOR: '1' };
  const script = fileURLToPath(new URL('../../scripts/demo.ts', import.meta.url));
  const run = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), script], { encoding: 'utf8', env, cwd: tmpdir() });
  assert.is(run.status, 0, run.stderr);
  assert.ok(Date.now() - started < 15_000);
  for (const line of [
    '09:00:00  1. The hourly sweep: AWS Config evaluates every user',
    '          AWS calls  2: SSM GetParameter · IAM AttachUserPolicy',
    '          AWS calls  7: IAM GetAccountAuthorizationDetails, CreatePolicy, 4 × AttachUserPolicy · SSM GetParameter',
    'End state: every user but the whitelisted has DenyActionWithoutMFA; 28 AWS calls in all.',
    '          alert      mfa-guard: policy detached from alice by Admin/thien: attached',
  ]) {
    assert.ok(run.stdout.includes(`${line}\n`), line);
  }
  assert.not.match(run.stdout, /\u001b\[/);
});

endState.run();
budgets.run();
cli.run();
