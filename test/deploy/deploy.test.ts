import { readFileSync } from 'node:fs';
import { StartConfigRulesEvaluationCommand } from '@aws-sdk/client-config-service';
import { GenerateCredentialReportCommand } from '@aws-sdk/client-iam';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { deploy, type DeployInput } from '../../scripts/deploy/deploy.ts';
import { DeclinedError, DeployError } from '../../src/deploy/errors.ts';
import * as settings from '../../src/deploy/settings.ts';
import { rejectsAsync } from '../support/assert.ts';
import { instantPace, scriptedIo } from '../support/deploy-io.ts';
import { event, fakeCloudFormation } from '../support/fake-cloudformation.ts';
import { fakeDeployAws, POLICY_ARN } from '../support/fake-deploy-aws.ts';
import { sent } from '../support/sent.ts';

const STACK = 'AWS::CloudFormation::Stack';
const templates = { home: readFileSync('cfn/mfa-guard.yml', 'utf8'), forwarder: readFileSync('cfn/iam-events.yml', 'utf8'), monitoring: readFileSync('cfn/monitoring.yml', 'utf8') };
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:mfa-guard_alerts';
/** What the home stack outputs once deployed. */
const HOME_OUTPUTS = {
  PolicyArn: POLICY_ARN,
  FallbackGroupName: 'mfa-guard-mfa-required',
  ConfigRuleName: 'mfa-guard-users',
  AlertTopicArn: TOPIC,
  DeadLetterQueueArn: 'arn:aws:sqs:eu-west-1:123456789012:mfa-guard_dead-letters',
  DeadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/mfa-guard_dead-letters',
  DeadLetterQueueName: 'mfa-guard_dead-letters',
  ConfigRuleFunctionName: 'mfa-guard_config-rule',
  RemediateFunctionName: 'mfa-guard_remediate',
  EnforceFunctionName: 'mfa-guard_enforce',
};
const outputs = (values: Record<string, string>) => Object.entries(values).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }));
const whitelistText = '# machines\nci-deployer  expires=2027-06-30  # GitHub Actions deploys\n';
const input = (env: Record<string, string>, text = whitelistText, region = 'eu-west-1'): DeployInput => ({
  settings: settings.parse(env),
  region,
  whitelist: { text, source: 'whitelist.txt' },
  templates,
  version: '0.1.0+abc',
});

function homeStack(region = 'eu-west-1') {
  return fakeCloudFormation({
    name: 'mfa-guard',
    region,
    changes: [
      { Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'Policy', ResourceType: 'AWS::IAM::ManagedPolicy' } },
      { Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'EnforceFunction', ResourceType: 'AWS::Lambda::Function' } },
    ],
    history: [event('mfa-guard', STACK, 'REVIEW_IN_PROGRESS', 0, 'User Initiated')],
    batches: [[[event('mfa-guard', STACK, 'CREATE_IN_PROGRESS', 3), event('Policy', 'AWS::IAM::ManagedPolicy', 'CREATE_COMPLETE', 14)], [event('EnforceFunction', 'AWS::Lambda::Function', 'CREATE_COMPLETE', 40), event('mfa-guard', STACK, 'CREATE_COMPLETE', 52)]]],
    after: [{ StackStatus: 'CREATE_COMPLETE', Outputs: outputs(HOME_OUTPUTS), Parameters: [{ ParameterKey: 'EvaluationFrequency', ParameterValue: 'One_Hour' }] }],
  });
}

function monitoringStack(name = 'mfa-guard-monitoring', region = 'eu-west-1') {
  return fakeCloudFormation({
    name,
    region,
    changes: [{ Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'NotifyFunction', ResourceType: 'AWS::Lambda::Function' } }],
    history: [event(name, STACK, 'REVIEW_IN_PROGRESS', 80)],
    batches: [[[event('NotifyFunction', 'AWS::Lambda::Function', 'CREATE_COMPLETE', 95), event(name, STACK, 'CREATE_COMPLETE', 96)]]],
    after: [{ StackStatus: 'CREATE_COMPLETE', Outputs: [{ OutputKey: 'NotifyFunctionName', OutputValue: `${name.replace(/-monitoring$/, '')}_notify` }] }],
  });
}

function forwarderStack() {
  return fakeCloudFormation({
    name: 'mfa-guard-iam-events',
    region: 'us-east-1',
    changes: [{ Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'ForwardRule', ResourceType: 'AWS::Events::Rule' } }],
    history: [event('mfa-guard-iam-events', STACK, 'REVIEW_IN_PROGRESS', 60)],
    batches: [[[event('ForwardRule', 'AWS::Events::Rule', 'CREATE_COMPLETE', 75), event('mfa-guard-iam-events', STACK, 'CREATE_COMPLETE', 76)]]],
    after: [{ StackStatus: 'CREATE_COMPLETE', Outputs: [{ OutputKey: 'ForwardRuleArn', OutputValue: 'arn:aws:events:us-east-1:123456789012:rule/mfa-guard-iam-events-ForwardRule' }] }],
  });
}

const flow = suite('deploy');

flow('a first deploy to eu-west-1: home stack (whitelist written once its change set is confirmed), forwarder in us-east-1, first evaluation, outputs', async () => {
  const home = homeStack();
  const forwarder = forwarderStack();
  const monitoring = monitoringStack();
  const { aws, stubs } = fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': forwarder.client, 'eu-west-1': monitoring.client } });
  const io = scriptedIo(true, true, true);
  await deploy(aws, input({ REGION: 'eu-west-1', ALERT_EMAIL: 'security@example.com' }), io, instantPace());

  assert.equal(sent(stubs.ssm), [
    {
      command: 'PutParameterCommand',
      input: {
        Name: '/mfa-guard/whitelist',
        Value: '{"version":1,"exemptions":[{"name":"ci-deployer","userId":"AIDAQ3EGRNG2ZH3EXAMPLE","expires":"2027-06-30","reason":"GitHub Actions deploys"}]}',
        Type: 'String',
        Overwrite: true,
        Tier: 'Standard',
      },
    },
  ]);
  const create = sent(home.stub).find((c) => c.command === 'CreateChangeSetCommand')?.input as Record<string, unknown>;
  assert.equal(create.Parameters, [
    { ParameterKey: 'Mode', ParameterValue: 'enforce' },
    { ParameterKey: 'WhitelistParameterName', ParameterValue: '/mfa-guard/whitelist' },
    { ParameterKey: 'ConfigRuleName', ParameterValue: 'mfa-guard-users' },
    { ParameterKey: 'MfaMaxAgeSeconds', ParameterValue: '3600' },
    { ParameterKey: 'ResourcePrefix', ParameterValue: 'mfa-guard' },
  ]);
  assert.equal(create.Capabilities, ['CAPABILITY_NAMED_IAM']);
  assert.is(create.TemplateBody, templates.home);
  const forward = sent(forwarder.stub).find((c) => c.command === 'CreateChangeSetCommand')?.input as Record<string, unknown>;
  assert.equal(forward.Parameters, [
    { ParameterKey: 'HomeStackName', ParameterValue: 'mfa-guard' },
    { ParameterKey: 'HomeRegion', ParameterValue: 'eu-west-1' },
    { ParameterKey: 'PolicyName', ParameterValue: 'DenyActionWithoutMFA' },
    { ParameterKey: 'PolicyPath', ParameterValue: '/' },
  ]);
  assert.equal(forward.Capabilities, ['CAPABILITY_NAMED_IAM']);
  assert.equal(stubs.config.commandCalls(StartConfigRulesEvaluationCommand).map((c) => c.args[0].input), [{ ConfigRuleNames: ['mfa-guard-users'] }]);
  const watch = sent(monitoring.stub).find((c) => c.command === 'CreateChangeSetCommand')?.input as Record<string, unknown>;
  assert.equal(watch.Parameters, [
    { ParameterKey: 'HomeStack', ParameterValue: 'mfa-guard' },
    ...Object.entries(HOME_OUTPUTS).filter(([key]) => key !== 'ConfigRuleName' && key !== 'FallbackGroupName').map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
    { ParameterKey: 'EvaluationFrequency', ParameterValue: 'One_Hour' },
    { ParameterKey: 'NotifyNewUsers', ParameterValue: '1' },
    { ParameterKey: 'AlertEmail', ParameterValue: 'security@example.com' },
  ]);
  assert.is(watch.TemplateBody, templates.monitoring);
  assert.ok(io.lines.includes('Alerts: SNS has sent security@example.com a confirmation e-mail; nothing is delivered there until the link in it is followed.'));
  const order = ['Creating change set mfa-guard-20261129T120000Z (CREATE) for stack mfa-guard', 'Execute change set mfa-guard-20261129T120000Z on stack mfa-guard? yes', 'Whitelist: wrote', 'Stack mfa-guard: CREATE_COMPLETE.', 'Stack mfa-guard-iam-events: CREATE_COMPLETE.', 'Stack mfa-guard-monitoring: CREATE_COMPLETE.', 'Started an evaluation', 'Outputs:'];
  const positions = order.map((start) => io.lines.findIndex((line) => line.startsWith(start)));
  assert.ok(positions.every((p, i) => p >= 0 && (i === 0 || p > (positions[i - 1] ?? -1))), `out of order: ${positions.join(', ')}`);
  assert.ok(io.lines.some((l) => /mfa-guard-iam-events\s+ForwardRuleArn\s+arn:aws:events:us-east-1/.test(l)));
});

flow('in us-east-1 the home stack sees IAM events itself: no forwarder', async () => {
  const home = homeStack('us-east-1');
  const { aws } = fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': monitoringStack('mfa-guard-monitoring', 'us-east-1').client } });
  const io = scriptedIo(true, true);
  await deploy(aws, input({}, whitelistText, 'us-east-1'), io, instantPace());
  assert.ok(io.lines.includes('IAM events reach EventBridge in us-east-1 itself: no forwarder stack needed.'));
});

const UNCHANGED = { Status: 'FAILED', StatusReason: 'No updates are to be performed.' } as const;


flow('MODE=report, MFA_MAX_AGE, NOTIFY_NEW_USERS and another STACK reach the stack parameters', async () => {
  const home = fakeCloudFormation({ name: 'guard-2', region: 'us-east-1', existing: { StackStatus: 'UPDATE_COMPLETE', Outputs: outputs(HOME_OUTPUTS) }, changeSet: UNCHANGED });
  const monitoring = fakeCloudFormation({ name: 'guard-2-monitoring', region: 'us-east-1', existing: { StackStatus: 'UPDATE_COMPLETE' }, changeSet: UNCHANGED });
  const { aws } = fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': monitoring.client } });
  await deploy(aws, input({ STACK: 'guard-2', MODE: 'report', MFA_MAX_AGE: '900', NOTIFY_NEW_USERS: '0' }, whitelistText, 'us-east-1'), scriptedIo(), instantPace());
  const create = sent(home.stub).find((c) => c.command === 'CreateChangeSetCommand')?.input as Record<string, unknown>;
  assert.equal(create.Parameters, [
    { ParameterKey: 'Mode', ParameterValue: 'report' },
    { ParameterKey: 'WhitelistParameterName', ParameterValue: '/guard-2/whitelist' },
    { ParameterKey: 'ConfigRuleName', ParameterValue: 'guard-2-users' },
    { ParameterKey: 'MfaMaxAgeSeconds', ParameterValue: '900' },
    { ParameterKey: 'ResourcePrefix', ParameterValue: 'guard-2' },
  ]);
  const watch = sent(monitoring.stub).find((c) => c.command === 'CreateChangeSetCommand')?.input as Record<string, unknown>;
  const given = Object.fromEntries((watch.Parameters as { ParameterKey: string; ParameterValue: string }[]).map((p) => [p.ParameterKey, p.ParameterValue]));
  assert.equal([given.HomeStack, given.NotifyNewUsers, given.AlertEmail], ['guard-2', '0', '']);
});

flow('an update keeps the deployed FREQUENCY and LOG_RETENTION unless given (UsePreviousValue, not the template defaults)', async () => {
  const deployed = { StackStatus: 'UPDATE_COMPLETE' as const, Outputs: outputs(HOME_OUTPUTS), Parameters: [{ ParameterKey: 'Mode', ParameterValue: 'enforce' }, { ParameterKey: 'EvaluationFrequency', ParameterValue: 'Six_Hours' }, { ParameterKey: 'LogRetentionDays', ParameterValue: '365' }] };
  const parametersSent = async (env: Record<string, string>) => {
    const home = fakeCloudFormation({ name: 'mfa-guard', region: 'us-east-1', existing: deployed, changeSet: UNCHANGED });
    const monitoring = fakeCloudFormation({ name: 'mfa-guard-monitoring', region: 'us-east-1', existing: { StackStatus: 'UPDATE_COMPLETE' }, changeSet: UNCHANGED });
    await deploy(fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': monitoring.client } }).aws, input(env, whitelistText, 'us-east-1'), scriptedIo(), instantPace());
    return (sent(home.stub).find((c) => c.command === 'CreateChangeSetCommand')?.input as Record<string, unknown>).Parameters as unknown[];
  };
  const kept = await parametersSent({});
  assert.equal(kept.slice(5), [{ ParameterKey: 'EvaluationFrequency', UsePreviousValue: true }, { ParameterKey: 'LogRetentionDays', UsePreviousValue: true }]);
  const given = await parametersSent({ FREQUENCY: 'One_Hour', LOG_RETENTION: '30' });
  assert.equal(given.slice(5), [{ ParameterKey: 'EvaluationFrequency', ParameterValue: 'One_Hour' }, { ParameterKey: 'LogRetentionDays', ParameterValue: '30' }]);
});

flow('the code parameters of make synth reach the home stack', async () => {
  const home = homeStack('us-east-1');
  const code = { EnforceFunctionCode0: 'G6sAAI', EnforceFunctionCode1: 'xQ==' };
  const monitoring = monitoringStack('mfa-guard-monitoring', 'us-east-1');
  await deploy(fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': monitoring.client } }).aws, { ...input({}, whitelistText, 'us-east-1'), code }, scriptedIo(true, true), instantPace());
  const create = sent(home.stub).find((c) => c.command === 'CreateChangeSetCommand')?.input as Record<string, unknown>;
  assert.equal((create.Parameters as unknown[]).slice(5), [
    { ParameterKey: 'EnforceFunctionCode0', ParameterValue: 'G6sAAI' },
    { ParameterKey: 'EnforceFunctionCode1', ParameterValue: 'xQ==' },
  ]);
});

flow('a first deploy with FREQUENCY and LOG_RETENTION sends them; without, the template defaults apply', async () => {
  const home = homeStack('us-east-1');
  const monitoring = monitoringStack('mfa-guard-monitoring', 'us-east-1');
  await deploy(fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': monitoring.client } }).aws, input({ FREQUENCY: 'Three_Hours', LOG_RETENTION: '14' }, whitelistText, 'us-east-1'), scriptedIo(true, true), instantPace());
  const create = sent(home.stub).find((c) => c.command === 'CreateChangeSetCommand')?.input as Record<string, unknown>;
  assert.equal((create.Parameters as unknown[]).slice(5), [{ ParameterKey: 'EvaluationFrequency', ParameterValue: 'Three_Hours' }, { ParameterKey: 'LogRetentionDays', ParameterValue: '14' }]);
});

flow('failed pre-flight checks are all reported, and nothing is written or deployed', async () => {
  const home = homeStack();
  const { aws, stubs } = fakeDeployAws({
    cfn: home.client,
    recorders: [{ name: 'default', recordingGroup: { allSupported: true, includeGlobalResourceTypes: false } }],
    recordsElsewhere: ['us-east-1'],
    trailLogging: false,
  });
  const io = scriptedIo(true);
  const text = 'ci-deployer\nbob smith\nmallory # contractor\n';
  const error = await rejectsAsync(deploy(aws, input({}, text), io, instantPace()), DeployError);
  assert.is(error.message, 'pre-flight: 2 check(s) failed; nothing was changed');
  const report = io.lines.join('\n');
  assert.match(report, 'FAIL  whitelist    whitelist.txt:2: "bob smith" is not a valid IAM user name');
  assert.match(report, 'FAIL  aws-config   recorder "default" in eu-west-1 does not record IAM users');
  assert.match(report, 'IAM users are recorded in us-east-1: deploy there, e.g. make deploy REGION=us-east-1');
  assert.match(report, 'warn  cloudtrail   no trail that covers IAM is logging');
  assert.equal(sent(stubs.ssm), []);
  assert.equal(sent(home.stub), []);
});

flow('a name that is not a user of the account is refused at its line', async () => {
  const home = homeStack();
  const { aws, stubs } = fakeDeployAws({ cfn: home.client });
  const io = scriptedIo(true);
  await rejectsAsync(deploy(aws, input({}, 'ci-deployer\nmallory # contractor\n'), io, instantPace()), DeployError);
  assert.ok(io.lines.some((l) => l.includes('whitelist.txt:2: no IAM user named "mallory" in this account')));
  assert.equal(sent(stubs.ssm), []);
});

flow('the lock-out guard stops an IAM user who is not exempt even with YES=1; only ALLOW_SELF_LOCKOUT=1 passes it', async () => {
  const caller = { callerArn: 'arn:aws:iam::123456789012:user/bob', callerUserId: 'AIDAIOSFODNN7EXAMPLE' };
  const refused = fakeDeployAws({ cfn: homeStack().client, ...caller });
  const io = scriptedIo(true, true);
  await rejectsAsync(deploy(refused.aws, input({ YES: '1' }), io, instantPace()), DeployError);
  const line = io.lines.find((l) => l.includes('FAIL  lock-out')) ?? '';
  assert.match(line, 'you are IAM user bob, not on the whitelist');
  assert.ok(io.lines.some((l) => l.includes('pass ALLOW_SELF_LOCKOUT=1 to go ahead anyway (YES=1 does not)')));
  assert.equal(sent(refused.stubs.ssm), []);

  const home = homeStack();
  const allowed = fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': forwarderStack().client, 'eu-west-1': monitoringStack().client }, ...caller });
  const passed = scriptedIo(true, true, true);
  await deploy(allowed.aws, input({ ALLOW_SELF_LOCKOUT: '1' }), passed, instantPace());
  assert.ok(passed.lines.some((l) => l.includes('warn  lock-out') && l.includes('(going ahead: ALLOW_SELF_LOCKOUT=1)')));
  assert.is(sent(allowed.stubs.ssm).length, 1);
});

flow('a declined home change set writes no whitelist: a declined deploy changes nothing', async () => {
  const home = homeStack();
  const { aws, stubs } = fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': forwarderStack().client } });
  const io = scriptedIo(false);
  await rejectsAsync(deploy(aws, input({}), io, instantPace()), DeclinedError);
  assert.equal(sent(stubs.ssm), []);
  assert.equal(sent(home.stub).filter((c) => c.command === 'ExecuteChangeSetCommand'), []);
  assert.ok(sent(home.stub).some((c) => c.command === 'DeleteChangeSetCommand'));
});

flow('an unchanged home stack still gets the new whitelist (there is no change set to confirm)', async () => {
  const home = fakeCloudFormation({ name: 'mfa-guard', region: 'us-east-1', existing: { StackStatus: 'UPDATE_COMPLETE', Outputs: outputs(HOME_OUTPUTS) }, changeSet: UNCHANGED });
  const monitoring = fakeCloudFormation({ name: 'mfa-guard-monitoring', region: 'us-east-1', existing: { StackStatus: 'UPDATE_COMPLETE' }, changeSet: UNCHANGED });
  const { aws, stubs } = fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': monitoring.client } });
  await deploy(aws, input({}, whitelistText, 'us-east-1'), scriptedIo(), instantPace());
  assert.is(sent(stubs.ssm).length, 1);
});

const recentCsv = (): string => {
  const lines = readFileSync('fixtures/iam/credential-report.csv', 'utf8').trimEnd().split('\n');
  // bob (no MFA) and alice (MFA) used a key on 2026-11-20; ci-deployer too, but it is whitelisted.
  return lines.map((line) => (/^(alice|bob|ci-deployer),/.test(line) ? line.replace(/2025-06-\d\dT[\d:]+\+00:00,(us-east-1|eu-west-1)/, '2026-11-20T10:00:00+00:00,$1') : line)).join('\n');
};

flow('impact preview: users the policy will bind whose keys are in use are listed, and the deploy asks before anything changes', async () => {
  const home = homeStack();
  const { aws, stubs } = fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': forwarderStack().client }, credentialReport: recentCsv() });
  const io = scriptedIo(false);
  await rejectsAsync(deploy(aws, input({}), io, instantPace()), DeclinedError);
  const report = io.lines.join('\n');
  assert.match(report, 'warn  impact       2 user(s) the policy will bind used an access key in the last 90 days (credential report of 2026-11-29 11:50 UTC)');
  assert.match(report, 'alice: key last used 2026-11-20 (has MFA: only calls through an MFA session keep working)');
  assert.match(report, 'bob: key last used 2026-11-20, no MFA: will be contained');
  assert.not.match(report, 'ci-deployer: key');
  assert.match(report, 'Safer: make deploy MODE=report, then make report');
  assert.equal(io.questions, ['Deploy MODE=enforce all the same (see impact above)?']);
  assert.equal(sent(stubs.ssm), []);
  assert.equal(sent(home.stub).filter((c) => c.command === 'CreateChangeSetCommand'), []);
});

flow('impact preview: YES=1 answers its question; MODE=report reads no credential report', async () => {
  const home = homeStack('us-east-1');
  const yes = fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': monitoringStack('mfa-guard-monitoring', 'us-east-1').client }, credentialReport: recentCsv() });
  const io = scriptedIo(true, true, true);
  await deploy(yes.aws, input({}, whitelistText, 'us-east-1'), io, instantPace());
  assert.is(io.questions[0], 'Deploy MODE=enforce all the same (see impact above)?');

  const report = fakeDeployAws({ cfn: homeStack('us-east-1').client, cfnIn: { 'us-east-1': monitoringStack('mfa-guard-monitoring', 'us-east-1').client }, credentialReport: recentCsv() });
  const quiet = scriptedIo(true, true);
  await deploy(report.aws, input({ MODE: 'report' }, whitelistText, 'us-east-1'), quiet, instantPace());
  assert.equal(report.stubs.iam.commandCalls(GenerateCredentialReportCommand), []);
  assert.equal(quiet.questions[0], 'Execute change set mfa-guard-20261129T120000Z on stack mfa-guard?');
  assert.not.ok(quiet.questions.some((q) => q.includes('impact')));
});

flow('impact preview: an unreadable credential report is said, and the deploy asks', async () => {
  const home = homeStack();
  const { aws, stubs } = fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': forwarderStack().client } });
  stubs.iam.on(GenerateCredentialReportCommand).rejects(Object.assign(new Error('not authorized to perform: iam:GenerateCredentialReport'), { name: 'AccessDenied' }));
  const io = scriptedIo(false);
  await rejectsAsync(deploy(aws, input({}), io, instantPace()), DeclinedError);
  assert.ok(io.lines.some((l) => l.includes('warn  impact') && l.includes('cannot read the IAM credential report (AccessDenied: not authorized')));
  assert.equal(sent(stubs.ssm), []);
});

flow('a STACK name held by a stack without the mfa-guard:role tag is refused before anything changes, YES=1 or not', async () => {
  const home = fakeCloudFormation({ name: 'mfa-guard', existing: { StackStatus: 'UPDATE_COMPLETE', Tags: [{ Key: 'team', Value: 'network' }] } });
  const { aws, stubs } = fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': forwarderStack().client } });
  const error = await rejectsAsync(deploy(aws, input({ YES: '1' }), scriptedIo(true, true), instantPace()), DeployError);
  assert.match(error.message, 'stack mfa-guard: exists but has no mfa-guard:role tag: it is not a stack make deploy created; refusing to change or delete it');
  assert.equal(sent(stubs.ssm), []);
  assert.equal(sent(home.stub).map((c) => c.command), ['DescribeStacksCommand']);
});

flow('a forwarder name held by a stack of another role is refused before the home stack is touched', async () => {
  const home = homeStack();
  const forwarder = fakeCloudFormation({ name: 'mfa-guard-iam-events', region: 'us-east-1', existing: { Tags: [{ Key: 'mfa-guard:role', Value: 'home' }] } });
  const { aws } = fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': forwarder.client } });
  const error = await rejectsAsync(deploy(aws, input({ YES: '1' }), scriptedIo(true, true), instantPace()), DeployError);
  assert.match(error.message, 'stack mfa-guard-iam-events: is tagged mfa-guard:role=home, not forwarder');
  assert.equal(sent(home.stub).filter((c) => c.command === 'CreateChangeSetCommand'), []);
});

flow('the stacks are created with the role and version tags', async () => {
  const home = homeStack();
  const forwarder = forwarderStack();
  const monitoring = monitoringStack();
  const { aws } = fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': forwarder.client, 'eu-west-1': monitoring.client } });
  await deploy(aws, input({}), scriptedIo(true, true, true), instantPace());
  const tagsOf = (stub: typeof home.stub) => (sent(stub).find((c) => c.command === 'CreateChangeSetCommand')?.input as Record<string, unknown>).Tags;
  assert.equal(tagsOf(home.stub), [{ Key: 'mfa-guard:role', Value: 'home' }, { Key: 'mfa-guard:version', Value: '0.1.0+abc' }]);
  assert.equal(tagsOf(forwarder.stub), [{ Key: 'mfa-guard:role', Value: 'forwarder' }, { Key: 'mfa-guard:version', Value: '0.1.0+abc' }]);
  assert.equal(tagsOf(monitoring.stub), [{ Key: 'mfa-guard:role', Value: 'monitoring' }, { Key: 'mfa-guard:version', Value: '0.1.0+abc' }]);
});

flow('GovCloud (and any unsupported partition) is refused in the pre-flight with no AWS call at all', async () => {
  for (const region of ['us-gov-west-1', 'us-iso-east-1', 'eusc-de-east-1']) {
    const home = homeStack(region);
    const { aws, stubs } = fakeDeployAws({ cfn: home.client });
    const io = scriptedIo(true, true);
    await rejectsAsync(deploy(aws, input({ YES: '1' }, whitelistText, region), io, instantPace()), DeployError);
    assert.ok(io.lines.some((l) => l.includes('FAIL  partition') && l.includes(`${region} is in partition`)), region);
    assert.equal([...sent(stubs.sts), ...sent(stubs.iam), ...sent(home.stub)], [], region);
  }
});

flow('an evaluation that cannot start is a printed warning; the deploy still succeeds', async () => {
  const home = homeStack('us-east-1');
  const { aws, stubs } = fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': monitoringStack('mfa-guard-monitoring', 'us-east-1').client } });
  stubs.config.on(StartConfigRulesEvaluationCommand).rejects(Object.assign(new Error('Rule evaluation is already in progress'), { name: 'ResourceInUseException' }));
  const io = scriptedIo(true, true);
  await deploy(aws, input({}, whitelistText, 'us-east-1'), io, instantPace());
  assert.ok(io.lines.some((l) => l.startsWith('warning: could not start an evaluation of mfa-guard-users (ResourceInUseException: Rule evaluation is already in progress)')));
});

flow('a home stack without the outputs the monitoring stack needs is an error naming them', async () => {
  const home = fakeCloudFormation({ name: 'mfa-guard', region: 'us-east-1', existing: { StackStatus: 'UPDATE_COMPLETE', Outputs: outputs({ PolicyArn: POLICY_ARN }) }, changeSet: { Status: 'FAILED', StatusReason: 'No updates are to be performed.' } });
  const { aws } = fakeDeployAws({ cfn: home.client });
  const error = await rejectsAsync(deploy(aws, input({}, whitelistText, 'us-east-1'), scriptedIo(), instantPace()), DeployError);
  assert.match(error.message, 'stack mfa-guard: has no output AlertTopicArn, DeadLetterQueueArn, DeadLetterQueueUrl, DeadLetterQueueName, ConfigRuleFunctionName, RemediateFunctionName, EnforceFunctionName');
});

flow.run();
