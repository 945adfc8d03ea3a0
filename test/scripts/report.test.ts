import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runReport } from '../../scripts/operator/report.ts';
import { CredentialReportTimeoutError } from '../../src/aws/credential-report.ts';
import { MemoryAccount } from '../../sim/account.ts';
import { rejectsAsync } from '../support/assert.ts';
import { captured, operatorAccount, WHITELIST_PARAMETER } from '../support/operator-account.ts';

const noWait = { delayMs: 1000, sleep: async () => {} };

function setup() {
  const { account, settings } = operatorAccount();
  const { iam, ssm } = account.clients();
  return { account, deps: { iam, ssm, settings, now: () => account.clock(), wait: noWait }, io: captured() };
}

const report = suite('make report (on the in-memory account)');

report('prints the table of every user and exits 1 while someone is violating', async () => {
  const { deps, io } = setup();
  assert.is(await runReport(deps, { json: false, color: false }, io), 1);
  assert.is(
    io.stdout,
    [
      'USER         STATE      PASSWORD  KEYS  MFA  EXEMPT UNTIL  REASON',
      'alice        enforced   yes       1     yes  -             DenyActionWithoutMFA is attached and MFA is active',
      'bob          violating  yes       2     no   -             DenyActionWithoutMFA is not attached',
      'carol        contained  yes       0     no   -             DenyActionWithoutMFA is attached; no MFA device yet, so the user can only enrol one',
      'ci-deployer  exempt     no        1     no   2025-06-30    whitelisted until 2025-06-30: GitHub Actions deploys',
      'dave         violating  yes       0     no   -             DenyActionWithoutMFA is not attached',
      '',
      'Flags:',
      '  ! bob: active access key without MFA: the key works without MFA until the policy is attached',
      '  ! ci-deployer: active access key without MFA: exempt, so the key works without MFA: keep it scoped and rotated',
      '  ! ci-deployer: exemption expires on 2025-06-30 (in 10 days)',
      '  ! dave: at the 10-managed-policy limit: attaching DenyActionWithoutMFA will fail (LimitExceeded)',
      '',
      'Totals: 5 users: 2 violating, 1 contained, 1 enforced, 1 exempt; 3 flagged',
      'Credential report generated 2025-06-20T12:00:00Z (less than a minute old).',
      '',
    ].join('\n'),
  );
});

report('progress goes to stderr while IAM builds the credential report; stdout holds only the result', async () => {
  const { account, deps, io } = setup();
  account.reportPolls = 2;
  await runReport(deps, { json: true, color: false }, io);
  assert.is(
    io.stderr,
    [
      'Policy arn:aws:iam::123456789012:policy/DenyActionWithoutMFA, whitelist /mfa-guard/whitelist (from POLICY_ARN and WHITELIST_PARAMETER).',
      'Waiting for IAM: credential report STARTED, waited 0 s',
      'Waiting for IAM: credential report INPROGRESS, waited 1 s',
      '',
    ].join('\n'),
  );
  assert.ok(JSON.parse(io.stdout));
});

report('JSON=1: the same report as JSON, same exit code', async () => {
  const { deps, io } = setup();
  assert.is(await runReport(deps, { json: true, color: false }, io), 1);
  const value = JSON.parse(io.stdout);
  assert.equal(value.totals, { users: 5, violating: 2, contained: 1, enforced: 1, exempt: 1, flagged: 3 });
  assert.equal(value.users.map((u: { user: string; state: string }) => `${u.user}:${u.state}`), ['alice:enforced', 'bob:violating', 'carol:contained', 'ci-deployer:exempt', 'dave:violating']);
  assert.is(value.users[2].path, '/engineering/');
});

report('exits 0 once nobody is violating', async () => {
  const { account, deps, io } = setup();
  account.attachPolicy('bob', account.policyArn);
  account.user('dave').policies.splice(0, 1);
  account.attachPolicy('dave', account.policyArn);
  assert.is(await runReport(deps, { json: false, color: false }, io), 0);
});

const ok = { check: 'stack mfa-guard', level: 'ok' as const, message: 'UPDATE_COMPLETE, version 0.1.0' };
const stopped = { check: 'cloudtrail', level: 'fail' as const, message: 'no trail that covers IAM is logging', hint: 'aws cloudtrail start-logging --name management-events' };

report('the health block comes before the users; a failed check exits 3, distinct from violating (1)', async () => {
  const { deps, io } = setup();
  assert.is(await runReport({ ...deps, health: async () => [ok, stopped] }, { json: false, color: false }, io), 3);
  assert.ok(
    io.stdout.startsWith(
      [
        'Health:',
        '  ok    stack mfa-guard  UPDATE_COMPLETE, version 0.1.0',
        '  FAIL  cloudtrail       no trail that covers IAM is logging',
        '                         → aws cloudtrail start-logging --name management-events',
        'Some checks failed (exit code 3).',
        '',
        'USER         STATE',
      ].join('\n'),
    ),
    io.stdout,
  );
});

report('healthy: the violating users decide the exit code; JSON carries the checks first', async () => {
  const { deps, io } = setup();
  assert.is(await runReport({ ...deps, health: async () => [ok] }, { json: true, color: false }, io), 1);
  const value = JSON.parse(io.stdout);
  assert.equal(Object.keys(value)[0], 'health');
  assert.equal(value.health, { passed: true, checks: [{ check: 'stack mfa-guard', level: 'ok', message: 'UPDATE_COMPLETE, version 0.1.0', hint: null }] });
  assert.is(value.exitCode, 1);
  const unhealthy = setup();
  assert.is(await runReport({ ...unhealthy.deps, health: async () => [stopped] }, { json: true, color: false }, unhealthy.io), 3);
  assert.is(JSON.parse(unhealthy.io.stdout).exitCode, 3);
});

report('a handful of calls whatever the number of users: no call per user', async () => {
  const account = new MemoryAccount();
  account.seed(2500, { whitelistParameter: WHITELIST_PARAMETER });
  const { iam, ssm } = account.clients();
  const settings = { policyArn: account.policyArn, whitelistParameter: WHITELIST_PARAMETER, source: 'test' };
  await runReport({ iam, ssm, settings, now: () => account.clock(), wait: noWait }, { json: true, color: false }, captured());
  const counts = Object.fromEntries(['GetAccountAuthorizationDetails', 'GenerateCredentialReport', 'GetCredentialReport', 'GetParameter'].map((c) => [c, account.count(undefined, c)]));
  assert.equal(counts, { GetAccountAuthorizationDetails: 3, GenerateCredentialReport: 2, GetCredentialReport: 1, GetParameter: 1 });
  assert.is(account.calls.length, 7);
});

report('a credential report that never completes is an error, not a partial report', async () => {
  const { account, deps, io } = setup();
  account.reportPolls = 1000;
  await rejectsAsync(runReport({ ...deps, wait: { ...noWait, maxWaitMs: 3000 } }, { json: false, color: false }, io), CredentialReportTimeoutError);
  assert.is(io.stdout, '');
});

report.run();
