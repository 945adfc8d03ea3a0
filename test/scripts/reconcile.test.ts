import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Iam } from '../../src/aws/iam.ts';
import { runReconcile } from '../../scripts/operator/reconcile.ts';
import { WhitelistError } from '../../src/core/errors.ts';
import { rejectsAsync } from '../support/assert.ts';
import * as faults from '../../sim/account-errors.ts';
import { captured, operatorAccount } from '../support/operator-account.ts';

function setup() {
  const { account, settings } = operatorAccount();
  const { iam, ssm } = account.clients();
  return { account, iam, ssm, settings, now: () => account.clock(), io: captured() };
}

const attachedTo = (account: ReturnType<typeof setup>['account']) => account.inputs('AttachUserPolicy').map((i) => i.UserName);

const dryRun = suite('reconcile without APPLY');

dryRun('lists the violating users and changes nothing', async () => {
  const { account, iam, ssm, settings, now, io } = setup();
  const { exitCode, summary } = await runReconcile({ iam, ssm, settings, now }, { apply: false }, io);
  assert.is(exitCode, 0);
  assert.equal(summary.toAttach.map((u) => u.user), ['bob', 'dave']);
  assert.equal(summary.attached, []);
  assert.equal(account.calls.map((c) => c.command).sort(), ['GetAccountAuthorizationDetails', 'GetParameter']);
  assert.not.ok(account.user('bob').policies.includes(settings.policyArn));
  assert.is(
    io.stdout,
    [
      'Would attach DenyActionWithoutMFA to 2 users (dry run; APPLY=1 attaches):',
      '  bob   DenyActionWithoutMFA is not attached',
      '  dave  DenyActionWithoutMFA is not attached',
      'Skipped: 2 already attached, 1 exempt (ci-deployer).',
      '',
    ].join('\n'),
  );
  assert.is(io.stderr, 'Policy arn:aws:iam::123456789012:policy/DenyActionWithoutMFA, whitelist /mfa-guard/whitelist (from POLICY_ARN and WHITELIST_PARAMETER).\n');
});

dryRun('says so when there is nothing to attach', async () => {
  const { account, iam, ssm, settings, now, io } = setup();
  account.attachPolicy('bob', settings.policyArn);
  account.user('dave').policies.splice(0, 1);
  account.attachPolicy('dave', settings.policyArn);
  await runReconcile({ iam, ssm, settings, now }, { apply: false }, io);
  assert.is(io.stdout, 'Nothing to attach: all 5 users have DenyActionWithoutMFA or are exempt.\nSkipped: 4 already attached, 1 exempt (ci-deployer).\n');
});

dryRun('an unreadable whitelist stops the run before any decision', async () => {
  const { account, iam, ssm, settings, now, io } = setup();
  account.parameters.clear();
  await rejectsAsync(runReconcile({ iam, ssm, settings, now }, { apply: true }, io), WhitelistError);
  assert.is(account.count('iam', 'AttachUserPolicy'), 0);
});

const apply = suite('reconcile with APPLY=1');

apply('with the stack\'s fallback group: the user at the policy limit joins it, and a member counts as covered the next time', async () => {
  const { account, iam, ssm, settings, now, io } = setup();
  account.addGroup('mfa-guard-mfa-required', [settings.policyArn]);
  const withGroup = { ...settings, fallbackGroup: 'mfa-guard-mfa-required' };
  const { exitCode, summary } = await runReconcile({ iam, ssm, settings: withGroup, now }, { apply: true }, io);
  assert.is(exitCode, 0);
  assert.equal(summary.attached, ['bob', 'dave']);
  assert.ok(account.user('dave').groups.includes('mfa-guard-mfa-required'));
  const again = await runReconcile({ iam, ssm, settings: withGroup, now }, { apply: false }, captured());
  assert.equal(again.summary.toAttach, []);
});

apply('attaches to every violating user, reports the one at the policy limit, exits 1', async () => {
  const { account, iam, ssm, settings, now, io } = setup();
  const { exitCode, summary } = await runReconcile({ iam, ssm, settings, now }, { apply: true }, io);
  assert.is(exitCode, 1);
  assert.equal(summary.attached, ['bob']);
  assert.equal(summary.failed, [{ user: 'dave', reason: 'AttachUserPolicy: LimitExceeded (Cannot exceed quota for PoliciesPerUser: 10); no fallback group configured (STACK_NAME unset, or the stack has no FallbackGroupName output)' }]);
  assert.equal(summary.skipped.map((s) => [s.user, s.why]), [['alice', 'already attached'], ['carol', 'already attached'], ['ci-deployer', 'exempt']]);
  assert.ok(account.user('bob').policies.includes(settings.policyArn));
  assert.not.ok(account.user('ci-deployer').policies.includes(settings.policyArn));
  // The SDK classes LimitExceededException as throttling; the functions' clients give it up at once: dave costs one call.
  assert.equal(attachedTo(account), ['bob', 'dave']);
  assert.equal(account.inputs('AttachUserPolicy')[0], { UserName: 'bob', PolicyArn: settings.policyArn });
  assert.is(
    io.stdout,
    [
      'Attaching DenyActionWithoutMFA to 2 users (8 at a time):',
      '  attached  bob',
      '  failed    dave  AttachUserPolicy: LimitExceeded (Cannot exceed quota for PoliciesPerUser: 10); no fallback group configured (STACK_NAME unset, or the stack has no FallbackGroupName output)',
      'Summary: 1 attached, 1 failed, 3 skipped (2 already attached, 1 exempt (ci-deployer)).',
      '  failed: dave: AttachUserPolicy: LimitExceeded (Cannot exceed quota for PoliciesPerUser: 10); no fallback group configured (STACK_NAME unset, or the stack has no FallbackGroupName output)',
      '',
    ].join('\n'),
  );
});

apply('exits 0 when every attach succeeds, and a second run attaches nothing', async () => {
  const { account, iam, ssm, settings, now, io } = setup();
  account.user('dave').policies.splice(0, 1);
  assert.is((await runReconcile({ iam, ssm, settings, now }, { apply: true }, io)).exitCode, 0);
  assert.equal(attachedTo(account), ['bob', 'dave']);
  account.resetCalls();
  const again = await runReconcile({ iam, ssm, settings, now }, { apply: true }, captured());
  assert.is(again.exitCode, 0);
  assert.is(account.count('iam', 'AttachUserPolicy'), 0);
});

apply('the same decisions as the Lambdas: an exemption past its expiry no longer protects', async () => {
  const { account, iam, ssm, settings, io } = setup();
  const { summary } = await runReconcile({ iam, ssm, settings, now: () => new Date('2025-07-01T00:00:00Z') }, { apply: true }, io);
  assert.ok(summary.attached.includes('ci-deployer'));
  assert.ok(account.user('ci-deployer').policies.includes(settings.policyArn));
});

apply('throttling is retried by the SDK, not reported as a failure', async () => {
  const { account, iam, ssm, settings, now, io } = setup();
  account.user('dave').policies.splice(0, 1);
  account.fail('iam:AttachUserPolicy', faults.throttling('iam'), { times: 2 });
  const { exitCode, summary } = await runReconcile({ iam, ssm, settings, now, concurrency: 1 }, { apply: true }, io);
  assert.is(exitCode, 0);
  assert.equal(summary.attached, ['bob', 'dave']);
  assert.equal(account.calls.filter((c) => c.command === 'AttachUserPolicy').map((c) => c.error ?? 'ok'), ['Throttling', 'Throttling', 'ok', 'ok']);
});

apply('one user\'s unexpected error does not stop the others, and fails the run', async () => {
  const { account, iam, ssm, settings, now, io } = setup();
  account.user('dave').policies.splice(0, 1);
  account.fail('iam:AttachUserPolicy', (input) => (input.UserName === 'bob' ? faults.iam.accessDenied('User is not authorized to perform: iam:AttachUserPolicy') : undefined));
  const { exitCode, summary } = await runReconcile({ iam, ssm, settings, now }, { apply: true }, io);
  assert.is(exitCode, 1);
  assert.equal(summary.attached, ['dave']);
  assert.equal(summary.failed, [{ user: 'bob', reason: 'AttachUserPolicy failed: AccessDenied: User is not authorized to perform: iam:AttachUserPolicy' }]);
});

apply('a user deleted between the listing and the attach is skipped, not failed', async () => {
  const { account, iam, ssm, settings, now, io } = setup();
  account.user('dave').policies.splice(0, 1);
  account.fail('iam:AttachUserPolicy', (input) => (input.UserName === 'bob' ? faults.noSuchUser('bob') : undefined));
  const { exitCode, summary } = await runReconcile({ iam, ssm, settings, now }, { apply: true }, io);
  assert.is(exitCode, 0);
  assert.equal(summary.skipped.at(-1), { user: 'bob', reason: 'user no longer exists', why: 'gone' });
  assert.match(io.stdout, /  skipped   bob   user no longer exists\n/);
  assert.match(io.stdout, /4 skipped \(2 already attached, 1 exempt \(ci-deployer\), 1 gone \(bob\)\)/);
});

apply('a policy that does not exist fails the first attach, and no other is started', async () => {
  const { account, iam, ssm, settings, now, io } = setup();
  for (let i = 0; i < 10; i++) account.addUser({ name: `user${i}` });
  account.removePolicy(settings.policyArn);
  const { exitCode, summary } = await runReconcile({ iam, ssm, settings, now, concurrency: 1 }, { apply: true }, io);
  assert.is(exitCode, 1);
  assert.is(account.count('iam', 'AttachUserPolicy'), 1);
  assert.equal(summary.attached, []);
  assert.is(summary.failed.length, 14);
  assert.match(summary.failed[0]?.reason ?? '', /^AttachUserPolicy failed: PolicyNotFoundError: policy arn:aws:iam::123456789012:policy\/DenyActionWithoutMFA does not exist/);
  assert.ok(summary.failed.slice(1).every((f) => f.reason === `not attempted: policy ${settings.policyArn} does not exist`));
});

apply('keeps at most `concurrency` attaches in flight', async () => {
  const { account, ssm, settings, now, io } = setup();
  for (let i = 0; i < 20; i++) account.addUser({ name: `user${i}` });
  account.latencyMs = 2;
  const { iam: real } = account.clients();
  let inFlight = 0;
  let most = 0;
  const iam: Iam = {
    send: (async (command: Parameters<Iam['send']>[0]) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        return await real.send(command);
      } finally {
        inFlight--;
      }
    }) as Iam['send'],
  };
  await runReconcile({ iam, ssm, settings, now, concurrency: 4 }, { apply: true }, io);
  assert.is(account.count('iam', 'AttachUserPolicy'), 22, 'bob, 20 new users, dave once (LimitExceeded is final)');
  assert.is(most, 4);
});

dryRun.run();
apply.run();
