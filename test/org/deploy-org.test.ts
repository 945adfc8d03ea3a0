import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DeployError } from '../../src/deploy/errors.ts';
import { rejectsAsync } from '../support/assert.ts';
import { instantPace } from '../support/deploy-io.ts';
import { HOME_REGION, run, scene } from './harness.ts';

const POLICY = (account: string) => `arn:aws:iam::${account}:policy/DenyActionWithoutMFA`;

const rollout = suite('deploy-org: rollout');

rollout('12 accounts in 3 nested OUs: every account gets the three StackSets, the management account is named, exit 0', async () => {
  const { org, outer, ids } = scene();
  const { code, output } = await run(org, { OUS: outer });
  assert.is(code, 0, output);
  for (const id of ids) {
    const member = org.member(id);
    assert.equal([...member.stacks.keys()].sort(), [`${HOME_REGION}/mfa-guard-access`, `${HOME_REGION}/mfa-guard-home`, 'us-east-1/mfa-guard-iam-events'], id);
    assert.ok(member.account.policy(POLICY(id)), `${id} has the policy`);
    assert.is(member.account.parameters.get('/mfa-guard/whitelist')?.value, '{"version":1,"exemptions":[]}');
  }
  assert.is(org.member(org.managementId).stacks.size, 0);
  assert.match(output, `The management account ${org.managementId} is not covered`);
  assert.match(output, `make deploy REGION=${HOME_REGION} MODE=enforce`);
  assert.match(output, 'Every target account is covered (12 active, 0 suspended skipped).');
});

rollout('a rerun says "no changes", starts no operation and exits 0', async () => {
  const { org, outer } = scene();
  await run(org, { OUS: outer });
  const before = org.calls.length;
  const { code, output } = await run(org, { OUS: outer }, '', []);
  assert.is(code, 0, output);
  assert.match(output, 'No changes.');
  const writes = org.calls.slice(before).filter((c) => /^(Create|Update|Delete)/.test(c.command));
  assert.equal(writes, []);
});

rollout('StackSets are service-managed with automatic deployment, retain on removal, managed execution, and home depends on access', async () => {
  const { org, outer } = scene();
  await run(org, { OUS: outer });
  const access = org.stackSets.get('mfa-guard-access');
  const home = org.stackSets.get('mfa-guard-home');
  assert.equal(access?.autoDeployment, { Enabled: true, RetainStacksOnAccountRemoval: true });
  assert.equal(home?.autoDeployment, { Enabled: true, RetainStacksOnAccountRemoval: true, DependsOn: [access?.arn] });
  assert.ok(home?.managedExecution);
  assert.equal([...(home?.regions ?? [])], [HOME_REGION]);
  assert.equal([...(org.stackSets.get('mfa-guard-iam-events')?.regions ?? [])], ['us-east-1']);
});

rollout('in us-east-1 there is no forwarder StackSet', async () => {
  const { org, outer } = scene();
  for (const id of org.accounts.keys()) org.addRecorder(id, 'us-east-1');
  const { code, output } = await run(org, { OUS: outer, HOME_REGION: 'us-east-1' });
  assert.is(code, 0, output);
  assert.equal([...org.stackSets.keys()], ['mfa-guard-access', 'mfa-guard-home']);
});

rollout('a declined confirmation changes nothing and exits 1', async () => {
  const { org, outer } = scene();
  const { code, output } = await run(org, { OUS: outer }, '', [false]);
  assert.is(code, 1);
  assert.match(output, 'Nothing was changed.');
  assert.is(org.stackSets.size, 0);
});

const failures = suite('deploy-org: failures');

failures('an account without a Config recorder: FAILED with the reason, the others fine, exit 1; a rerun once it records fixes it', async () => {
  const { org, outer } = scene({ without: ['222222222205'] });
  const first = await run(org, { OUS: outer });
  assert.is(first.code, 1, first.output);
  const row = first.lines.find((l) => l.includes('222222222205') && l.includes('mfa-guard-home') && l.includes('FAILED'));
  assert.ok(row, first.output);
  assert.match(row ?? '', 'NoAvailableConfigurationRecorderException');
  assert.match(first.output, 'warn  AWS Config does not record IAM users in eu-west-1 in 222222222205 (account-5): no configuration recorder');
  assert.ok(org.member('222222222204').account.policy(POLICY('222222222204')));
  org.addRecorder('222222222205', HOME_REGION);
  const second = await run(org, { OUS: outer });
  assert.is(second.code, 0, second.output);
  assert.match(second.output, 'run again in 222222222205');
  assert.ok(org.member('222222222205').account.policy(POLICY('222222222205')));
});

failures('tolerance exceeded in the region: the operation fails, the rest is not attempted, the forwarder is not started, exit 1', async () => {
  const { org, outer } = scene({ without: ['222222222201', '222222222202', '222222222203'] });
  const { code, output, lines } = await run(org, { OUS: outer });
  assert.is(code, 1);
  assert.match(output, /operation op-\d+ FAILED: The Operation .* has exceeded the failure tolerance/);
  assert.ok(lines.some((l) => l.includes('NOT ATTEMPTED')), output);
  assert.match(output, 'Rollout stopped; later StackSets were not changed.');
  assert.not.ok(org.stackSets.has('mfa-guard-iam-events'));
});

failures('CANARY goes first with tolerance 0: when it fails, nothing else is created', async () => {
  const { org, outer } = scene({ without: ['222222222207'] });
  const { code, output } = await run(org, { OUS: outer, CANARY: '222222222207' });
  assert.is(code, 1);
  assert.match(output, 'create the canary 222222222207');
  const home = org.stackSets.get('mfa-guard-home');
  assert.equal([...(home?.instances.keys() ?? [])], [`222222222207/${HOME_REGION}`]);
  const canaryOp = home?.operations[0];
  assert.equal([canaryOp?.preferences.FailureToleranceCount, canaryOp?.preferences.MaxConcurrentCount], [0, 1]);
});

failures('a CANARY that succeeds is followed by everyone else', async () => {
  const { org, outer } = scene();
  const { code, output } = await run(org, { OUS: outer, CANARY: '222222222207' });
  assert.is(code, 0, output);
  assert.ok(output.indexOf('create the canary 222222222207') < output.indexOf('create 11 accounts'), output);
});

failures('a change to existing instances goes to the CANARY first (tolerance 0), then to everyone else', async () => {
  const { org, outer } = scene();
  await run(org, { OUS: outer, MODE: 'report' });
  const { code, output } = await run(org, { OUS: outer, MODE: 'enforce', CANARY: '222222222207' });
  assert.is(code, 0, output);
  assert.ok(output.indexOf('mfa-guard-home: update the canary 222222222207') < output.indexOf('mfa-guard-home: update 11 more accounts'), output);
  for (const member of [...org.accounts.values()].filter((a) => a.id !== org.managementId)) assert.is(member.stacks.get(`${HOME_REGION}/mfa-guard-home`)?.parameters.Mode, 'enforce', member.id);
  const update = org.calls.find((c) => c.command === 'UpdateStackSet');
  assert.equal(update?.input.OperationPreferences, { FailureToleranceCount: 0, MaxConcurrentCount: 1, RegionConcurrencyType: 'SEQUENTIAL', RegionOrder: [HOME_REGION] });
  assert.equal((update?.input.DeploymentTargets as { Accounts?: string[] } | undefined)?.Accounts, ['222222222207']);
});

failures('a suspended account is skipped and named; the rollout still exits 0', async () => {
  const { org, outer } = scene();
  org.suspend('222222222212');
  const { code, output } = await run(org, { OUS: outer });
  assert.is(code, 0, output);
  assert.match(output, 'skipped: 222222222212 (account-12, suspended)');
  assert.match(output, 'Every target account is covered (11 active, 1 suspended skipped).');
  assert.is(org.member('222222222212').stacks.size, 0);
});

failures('an operation already running on the StackSet is named and waited for, then the rollout goes on', async () => {
  const { org, outer } = scene();
  await run(org, { OUS: outer });
  const access = org.stackSets.get('mfa-guard-access');
  if (!access) throw new Error('no access StackSet');
  access.managedExecution = false;
  access.templateBody += '\n# changed\n';
  access.operations.push({ id: 'op-someone-else', action: 'UPDATE', status: 'RUNNING', preferences: {}, regions: [HOME_REGION], steps: [{ account: '222222222201', region: HOME_REGION, ou: outer, status: 'PENDING' }], created: org.now });
  const { code, output } = await run(org, { OUS: outer });
  assert.is(code, 0, output);
  assert.match(output, 'mfa-guard-access is busy with operation op-someone-else (UPDATE, RUNNING');
  assert.match(output, 'operation op-someone-else ended SUCCEEDED; going on');
  assert.ok(org.calls.some((c) => c.command === 'UpdateStackSet' && c.error === 'OperationInProgressException'));
});

failures('an operation that outlasts the bound stops the command, naming the operation and how to watch it', async () => {
  const { org, outer } = scene();
  const error = await rejectsAsync(run(org, { OUS: outer }, '', [true], instantPace(undefined, 0)), DeployError);
  assert.match(error.message, /StackSet mfa-guard-access: operation op-\d+ still RUNNING after 0 minutes; it goes on in AWS/);
  assert.match(error.message, 'aws cloudformation describe-stack-set-operation --stack-set-name mfa-guard-access --operation-id op-');
});

const callers = suite('deploy-org: callers');

callers('a delegated administrator: every StackSet call carries CallAs=DELEGATED_ADMIN', async () => {
  const { org, outer } = scene();
  org.delegatedAdmins.add('222222222201');
  org.actAs('222222222201', 'Deployer');
  const { code, output } = await run(org, { OUS: outer });
  assert.is(code, 0, output);
  const cfn = org.calls.filter((c) => c.service === 'cloudformation' && c.role === undefined);
  assert.ok(cfn.length > 20);
  assert.equal(cfn.filter((c) => c.input.CallAs !== 'DELEGATED_ADMIN').map((c) => c.command), []);
  assert.match(output, 'a delegated administrator for StackSets (CallAs DELEGATED_ADMIN)');
});

callers('any other caller is refused in pre-flight with the registration command, and nothing changes', async () => {
  const { org, outer } = scene();
  org.actAs('222222222203', 'Someone');
  const { code, output } = await run(org, { OUS: outer });
  assert.is(code, 1);
  assert.match(output, 'account 222222222203 is neither the management account (111111111111) nor a delegated administrator for StackSets');
  assert.match(output, 'aws organizations register-delegated-administrator --service-principal member.org.stacksets.cloudformation.amazonaws.com --account-id 222222222203');
  assert.match(output, 'Nothing was changed.');
  assert.equal(org.calls.filter((c) => /^(Create|Update|Delete|Activate)/.test(c.command)), []);
});

callers('trusted access off: the activation command, nothing changed', async () => {
  const { org, outer } = scene();
  org.trustedAccess = false;
  const { code, output } = await run(org, { OUS: outer });
  assert.is(code, 1);
  assert.match(output, 'aws cloudformation activate-organizations-access');
  assert.is(org.stackSets.size, 0);
});

callers('an OU that does not exist fails the pre-flight', async () => {
  const { org } = scene();
  const { code, output } = await run(org, { OUS: 'ou-a1b2-99999999' });
  assert.is(code, 1);
  assert.match(output, 'no such root or OU: ou-a1b2-99999999');
});

rollout.run();
failures.run();
callers.run();
