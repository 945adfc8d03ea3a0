/**
 * `make deployer-policy`, proven with a real IAM policy evaluator (@cloud-copilot/iam-simulate):
 * the deploy, whitelist, report and destroy flows run against the simulated account (IAM, SSM) and
 * scripted CloudFormation, STS, Config and CloudTrail; every call they make is then asked of the
 * evaluator, as the deployer holding only the printed policy.
 */
import { CreatePolicyVersionCommand } from '@aws-sdk/client-iam';
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { deploy } from '../../scripts/deploy/deploy.ts';
import { destroy } from '../../scripts/deploy/destroy.ts';
import { updateWhitelist } from '../../scripts/deploy/update-whitelist.ts';
import { runReport } from '../../scripts/operator/report.ts';
import type { DeployAws } from '../../src/aws/deploy-clients.ts';
import * as template from '../../src/cfn/template.ts';
import * as deployerPolicy from '../../src/deploy/deployer-policy.ts';
import * as settings from '../../src/deploy/settings.ts';
import { fixtureAccount, WHITELIST_PARAMETER } from '../../sim/container.ts';
import { instantPace, scriptedIo } from '../support/deploy-io.ts';
import { event, fakeCloudFormation } from '../support/fake-cloudformation.ts';
import { fakeDeployAws, POLICY_ARN } from '../support/fake-deploy-aws.ts';
import { captured } from '../support/operator-account.ts';
import { sent } from '../support/sent.ts';
import { expand } from '../support/iam-actions.ts';
import { ALLOW, decide, NOT_GRANTED } from '../support/simulate.ts';

const ACCOUNT = '123456789012';
const HOME = 'eu-west-1';
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/deployer`;
const policy = deployerPolicy.document({ partition: 'aws', account: ACCOUNT, region: HOME, stack: 'mfa-guard' });
const identity = [{ name: 'mfa-guard-deployer', policy }];
const STACK = 'AWS::CloudFormation::Stack';
const templates = { home: readFileSync('cfn/mfa-guard.yml', 'utf8'), forwarder: readFileSync('cfn/iam-events.yml', 'utf8'), monitoring: readFileSync('cfn/monitoring.yml', 'utf8') };

/** A request to IAM's authorizer: action, resource, context. */
interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string>;
}

const stackArn = (region: string, name: string) => (name.startsWith('arn:') ? name : `arn:aws:cloudformation:${region}:${ACCOUNT}:stack/${name}/0f1e2d3c`);

/** Every call of a scripted (mocked) client, as IAM authorizes it. */
function mockedRequests(service: string, region: string, calls: { command: string; input: unknown }[]): Request[] {
  return calls.flatMap(({ command, input }) => {
    const operation = command.replace(/Command$/, '');
    const i = input as Record<string, string | string[] | undefined>;
    const action = `${service}:${operation}`;
    if (service === 'sts') return []; // GetCallerIdentity needs no permission.
    if (service === 'cloudformation') return [{ action, resource: stackArn(region, String(i.StackName)), context: {} }];
    if (action === 'config:StartConfigRulesEvaluation') return [{ action, resource: `arn:aws:config:${region}:${ACCOUNT}:config-rule/config-rule-0a1b2c`, context: {} }];
    if (action === 'cloudtrail:GetTrailStatus') return [{ action, resource: String(i.Name), context: {} }];
    return [{ action, resource: '*', context: {} }];
  });
}

/** Every call the simulated account answered (IAM, SSM), as IAM authorizes it. */
function accountRequests(account: ReturnType<typeof fixtureAccount>): Request[] {
  return account.calls.map(({ service, command, input }): Request => {
    const action = `${service}:${command}`;
    const i = input as Record<string, string | undefined>;
    if (service === 'ssm') return { action, resource: `arn:aws:ssm:${HOME}:${ACCOUNT}:parameter${i.Name}`, context: {} };
    if (command === 'DetachUserPolicy') return { action, resource: account.user(String(i.UserName)).arn, context: { 'iam:PolicyARN': String(i.PolicyArn) } };
    if (command === 'DetachGroupPolicy' || command === 'AttachGroupPolicy') return { action, resource: account.iamArn('group', '/', String(i.GroupName)), context: { 'iam:PolicyARN': String(i.PolicyArn) } };
    if (i.GroupName) return { action, resource: account.iamArn('group', '/', String(i.GroupName)), context: {} };
    return { action, resource: i.PolicyArn ?? '*', context: {} };
  });
}

/** The home stack's outputs the monitoring stack is deployed from. */
const HOME_OUTPUTS = [
  ['PolicyArn', POLICY_ARN],
  ['ConfigRuleName', 'mfa-guard-users'],
  ['AlertTopicArn', `arn:aws:sns:${HOME}:${ACCOUNT}:mfa-guard_alerts`],
  ['DeadLetterQueueArn', `arn:aws:sqs:${HOME}:${ACCOUNT}:mfa-guard_dead-letters`],
  ['DeadLetterQueueUrl', `https://sqs.${HOME}.amazonaws.com/${ACCOUNT}/mfa-guard_dead-letters`],
  ['DeadLetterQueueName', 'mfa-guard_dead-letters'],
  ['ConfigRuleFunctionName', 'mfa-guard_config-rule'],
  ['RemediateFunctionName', 'mfa-guard_remediate'],
  ['EnforceFunctionName', 'mfa-guard_enforce'],
].map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }));

function monitoringStack() {
  return fakeCloudFormation({
    name: 'mfa-guard-monitoring',
    region: HOME,
    changes: [{ Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'NotifyFunction', ResourceType: 'AWS::Lambda::Function' } }],
    history: [event('mfa-guard-monitoring', STACK, 'REVIEW_IN_PROGRESS', 0)],
    batches: [[[event('mfa-guard-monitoring', STACK, 'CREATE_COMPLETE', 7)]]],
    after: [{ StackStatus: 'CREATE_COMPLETE' }],
  });
}

function homeStack() {
  return fakeCloudFormation({
    name: 'mfa-guard',
    region: HOME,
    changes: [{ Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'Policy', ResourceType: 'AWS::IAM::ManagedPolicy' } }],
    history: [event('mfa-guard', STACK, 'REVIEW_IN_PROGRESS', 0)],
    batches: [[[event('mfa-guard', STACK, 'CREATE_COMPLETE', 5)]]],
    after: [{ StackStatus: 'CREATE_COMPLETE', Outputs: HOME_OUTPUTS, Parameters: [{ ParameterKey: 'WhitelistParameterName', ParameterValue: WHITELIST_PARAMETER }] }],
  });
}

function forwarderStack() {
  return fakeCloudFormation({
    name: 'mfa-guard-iam-events',
    region: 'us-east-1',
    changes: [{ Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'ForwardRule', ResourceType: 'AWS::Events::Rule' } }],
    history: [event('mfa-guard-iam-events', STACK, 'REVIEW_IN_PROGRESS', 0)],
    batches: [[[event('mfa-guard-iam-events', STACK, 'CREATE_COMPLETE', 6)]], [[event('mfa-guard-iam-events', STACK, 'DELETE_COMPLETE', 9)]]],
    after: [{ StackStatus: 'CREATE_COMPLETE' }, undefined],
  });
}

/** The home stack as destroy meets it: its first deletion stops at the attached policy. */
function deployedHome() {
  const deployed = { StackStatus: 'UPDATE_COMPLETE' as const, Outputs: [{ OutputKey: 'PolicyArn', OutputValue: POLICY_ARN }], Parameters: [{ ParameterKey: 'WhitelistParameterName', ParameterValue: WHITELIST_PARAMETER }] };
  const conflict = 'Cannot delete a policy attached to entities.';
  return fakeCloudFormation({
    name: 'mfa-guard',
    region: HOME,
    existing: deployed,
    history: [event('mfa-guard', STACK, 'UPDATE_COMPLETE', 0)],
    batches: [[[event('Policy', 'AWS::IAM::ManagedPolicy', 'DELETE_FAILED', 20, conflict), event('mfa-guard', STACK, 'DELETE_FAILED', 21)]], [[event('mfa-guard', STACK, 'DELETE_COMPLETE', 41)]]],
    after: [{ ...deployed, StackStatus: 'DELETE_FAILED' }, undefined],
    resources: [{ LogicalResourceId: 'Policy', PhysicalResourceId: POLICY_ARN, ResourceType: 'AWS::IAM::ManagedPolicy', ResourceStatus: 'DELETE_FAILED', ResourceStatusReason: conflict, LastUpdatedTimestamp: new Date() }],
  });
}

/** Runs the four flows; returns every request they made. */
async function flows(): Promise<Request[]> {
  const account = fixtureAccount();
  const { iam, ssm } = account.clients();
  // An earlier update left a second version, which destroy deletes.
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: POLICY_ARN, PolicyDocument: account.policy(POLICY_ARN)?.versions.at(-1)?.document, SetAsDefault: true }));
  account.resetCalls();
  const requests: Request[] = [];
  const run = async (home: ReturnType<typeof fakeCloudFormation>, forwarder: ReturnType<typeof fakeCloudFormation>, flow: (aws: DeployAws) => Promise<unknown>) => {
    const monitoring = monitoringStack();
    const fake = fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': forwarder.client, [HOME]: monitoring.client } });
    await flow({ ...fake.aws, iam, ssm });
    requests.push(
      ...mockedRequests('cloudformation', HOME, sent(home.stub)),
      ...mockedRequests('cloudformation', 'us-east-1', sent(forwarder.stub)),
      ...mockedRequests('cloudformation', HOME, sent(monitoring.stub)),
      ...mockedRequests('sts', HOME, sent(fake.stubs.sts)),
      ...mockedRequests('config', HOME, sent(fake.stubs.config)),
      ...mockedRequests('cloudtrail', 'us-east-1', sent(fake.stubs.trail)),
    );
  };
  const input = { settings: settings.parse({ REGION: HOME }), region: HOME };
  const whitelist = { text: 'ci-deployer  # GitHub Actions\n', source: 'whitelist.txt' };
  await run(homeStack(), forwarderStack(), (aws) => deploy(aws, { ...input, whitelist, templates, version: '0.1.0+test' }, scriptedIo(true, true, true, true), instantPace()));
  await run(homeStack(), forwarderStack(), (aws) => updateWhitelist(aws, { ...input, whitelist }, scriptedIo(), instantPace()));
  await runReport({ iam, ssm, settings: { policyArn: POLICY_ARN, whitelistParameter: WHITELIST_PARAMETER, source: 'stack mfa-guard' }, now: () => account.clock(), wait: { sleep: async () => {} } }, { json: true, color: false }, captured());
  const forwarder = fakeCloudFormation({ name: 'mfa-guard-iam-events', region: 'us-east-1', existing: { StackStatus: 'CREATE_COMPLETE' }, history: [event('mfa-guard-iam-events', STACK, 'CREATE_COMPLETE', 0)], batches: [[[event('mfa-guard-iam-events', STACK, 'DELETE_COMPLETE', 6)]]], after: [undefined] });
  await run(deployedHome(), forwarder, (aws) => destroy(aws, input, scriptedIo(true), instantPace()));
  requests.push(...accountRequests(account));
  return requests;
}

const proven = suite('deployer policy (IAM policy evaluator)');

proven('allows every call the deploy, whitelist, report and destroy flows make', async () => {
  const requests = await flows();
  const actions = new Set(requests.map((r) => r.action));
  // The flows did run their distinctive calls.
  for (const expected of ['cloudformation:ExecuteChangeSet', 'ssm:PutParameter', 'iam:GenerateCredentialReport', 'iam:DetachUserPolicy', 'iam:DeletePolicyVersion', 'ssm:DeleteParameter', 'cloudformation:DeleteStack', 'config:StartConfigRulesEvaluation']) {
    assert.ok(actions.has(expected), `no ${expected} among ${[...actions].join(', ')}`);
  }
  const denied: string[] = [];
  for (const r of requests) {
    if ((await decide(DEPLOYER, identity, r.action, r.resource, r.context)) !== ALLOW) denied.push(`${r.action} on ${r.resource}`);
  }
  assert.equal(denied, []);
});

proven('allows the reads of make report\'s health block: stacks, rules and targets, trail, recorder, queues, code, subscriptions, last evaluation', async () => {
  const fn = (name: string) => `arn:aws:lambda:${HOME}:${ACCOUNT}:function:mfa-guard_${name}`;
  const logGroup = (name: string) => `arn:aws:logs:${HOME}:${ACCOUNT}:log-group:/aws/lambda/mfa-guard_${name}:*`;
  const reads: [string, string][] = [
    ...['mfa-guard', 'mfa-guard-monitoring'].map((s): [string, string] => ['cloudformation:DescribeStacks', stackArn(HOME, s)]),
    ['cloudformation:DescribeStacks', stackArn('us-east-1', 'mfa-guard-iam-events')],
    ...[HOME, 'us-east-1'].flatMap((r) => ['events:DescribeRule', 'events:ListTargetsByRule'].map((a): [string, string] => [a, `arn:aws:events:${r}:${ACCOUNT}:rule/mfa-guard_enforce`])),
    ['cloudtrail:DescribeTrails', '*'],
    ['cloudtrail:GetEventSelectors', `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management`],
    ['config:DescribeConfigurationRecorderStatus', '*'],
    ['config:DescribeConfigRuleEvaluationStatus', '*'],
    ['sqs:GetQueueAttributes', `arn:aws:sqs:${HOME}:${ACCOUNT}:mfa-guard_dead-letters`],
    ['sqs:GetQueueAttributes', `arn:aws:sqs:us-east-1:${ACCOUNT}:mfa-guard_iam-events-dead-letters`],
    ...['enforce', 'remediate', 'config-rule', 'notify'].flatMap((f): [string, string][] => [['lambda:GetFunction', fn(f)], ['logs:DescribeSubscriptionFilters', logGroup(f)]]),
  ];
  const denied: string[] = [];
  for (const [action, resource] of reads) if ((await decide(DEPLOYER, identity, action, resource, {})) !== ALLOW) denied.push(`${action} on ${resource}`);
  assert.equal(denied, []);
});

proven('grants nothing in iam:* beyond what the flows call and CloudFormation needs for the templates', async () => {
  const called = new Set((await flows()).map((r) => r.action).filter((a) => a.startsWith('iam:')));
  const provisioning = new Set(Object.values(deployerPolicy.PROVISIONING));
  const granted = policy.Statement.flatMap((s) => s.Action.filter((a) => a.startsWith('iam:')).map((a) => ({ a, sid: s.Sid })));
  // CloudFormation passes the roles and attaches the policy to the fallback group; destroy detaches from roles too (test/aws/teardown.test.ts).
  const alsoNeeded = new Set(['PassFunctionRoles', 'FallbackGroupPolicy', 'DetachThePolicyOnly']);
  const beyond = granted.filter(({ a, sid }) => !called.has(a) && !provisioning.has(sid) && !alsoNeeded.has(sid));
  assert.equal(beyond.map(({ a }) => a), []);
  // The only iam actions on every resource are the read-only ones without resource-level permissions.
  assert.equal(policy.Statement.filter((s) => s.Resource.includes('*')).flatMap((s) => s.Action.filter((a) => a.startsWith('iam:'))).sort(), ['iam:GenerateCredentialReport', 'iam:GetAccountAuthorizationDetails', 'iam:GetCredentialReport']);
});

proven('denies what the deployer does not need: attaching, user changes, other policies, stacks, parameters and roles', async () => {
  const other = `arn:aws:iam::${ACCOUNT}:policy/Other`;
  for (const [action, resource, context] of [
    ['iam:AttachUserPolicy', `arn:aws:iam::${ACCOUNT}:user/bob`, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' }],
    ['iam:DetachUserPolicy', `arn:aws:iam::${ACCOUNT}:user/bob`, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' }],
    ['iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/mallory`, {}],
    ['iam:DeleteUser', `arn:aws:iam::${ACCOUNT}:user/bob`, {}],
    ['iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/bob`, {}],
    ['iam:CreatePolicyVersion', other, {}],
    ['iam:DeletePolicy', other, {}],
    ['iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/admin-backdoor`, {}],
    ['iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`, {}],
    ['iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/admin`, { 'iam:PassedToService': 'lambda.amazonaws.com' }],
    ['iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/mfa-guard/mfa-guard_enforce`, { 'iam:PassedToService': 'ec2.amazonaws.com' }],
    ['cloudformation:DeleteStack', `arn:aws:cloudformation:${HOME}:${ACCOUNT}:stack/prod-vpc/0f1e2d3c`, {}],
    ['ssm:PutParameter', `arn:aws:ssm:${HOME}:${ACCOUNT}:parameter/prod/db-password`, {}],
    ['lambda:UpdateFunctionCode', `arn:aws:lambda:${HOME}:${ACCOUNT}:function:payments`, {}],
    ['lambda:UpdateFunctionCode', `arn:aws:lambda:${HOME}:${ACCOUNT}:function:mfa-guard-2_enforce`, {}],
    ['iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/mfa-guard/mfa-guard-2_enforce`, {}],
  ] as const) {
    assert.is(await decide(DEPLOYER, identity, action, resource, { ...context }), NOT_GRANTED, `${action} on ${resource}`);
  }
});

proven('allows what CloudFormation does for the templates, on the resources STACK names only', async () => {
  for (const [action, resource, context] of [
    ['iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/mfa-guard/mfa-guard_enforce`, {}],
    ['iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/mfa-guard/mfa-guard_iam-events`, { 'iam:PassedToService': 'events.amazonaws.com' }],
    ['iam:CreatePolicyVersion', POLICY_ARN, {}],
    ['lambda:CreateFunction', `arn:aws:lambda:${HOME}:${ACCOUNT}:function:mfa-guard_enforce`, {}],
    ['events:PutRule', `arn:aws:events:us-east-1:${ACCOUNT}:rule/mfa-guard_iam-events`, {}],
    ['sqs:CreateQueue', `arn:aws:sqs:${HOME}:${ACCOUNT}:mfa-guard_dead-letters`, {}],
    ['logs:CreateLogGroup', `arn:aws:logs:${HOME}:${ACCOUNT}:log-group:/aws/lambda/mfa-guard_enforce`, {}],
    ['config:PutConfigRule', `arn:aws:config:${HOME}:${ACCOUNT}:config-rule/config-rule-0a1b2c`, {}],
  ] as const) {
    assert.is(await decide(DEPLOYER, identity, action, resource, { ...context }), ALLOW, `${action} on ${resource}`);
  }
});

const shape = suite('deployer policy document');

shape('every resource type of both templates has the statement CloudFormation needs to manage it', () => {
  const sids = new Set(policy.Statement.map((s) => s.Sid));
  for (const [file, text] of Object.entries(templates)) {
    const types = Object.values(template.parse(text, file).Resources ?? {}).map((r) => String((r as { Type?: unknown }).Type));
    assert.equal(types.filter((t) => !sids.has(deployerPolicy.PROVISIONING[t] ?? '')), [], file);
  }
});

shape('its one action wildcard stands for the four event invoke config actions, no other', () => {
  const wildcards = policy.Statement.flatMap((st) => st.Action.filter((a) => a.includes('*')));
  assert.equal(wildcards, ['lambda:*FunctionEventInvokeConfig']);
  assert.equal(expand('lambda:*FunctionEventInvokeConfig').map((a) => a.action).sort(), ['lambda:DeleteFunctionEventInvokeConfig', 'lambda:GetFunctionEventInvokeConfig', 'lambda:PutFunctionEventInvokeConfig', 'lambda:UpdateFunctionEventInvokeConfig']);
});

shape("partition-aware and within a managed policy's 6,144 characters", () => {
  const china = JSON.stringify(deployerPolicy.document({ partition: 'aws-cn', account: '*', region: 'cn-northwest-1', stack: 'mfa-guard' }));
  assert.not.match(china, 'arn:aws:');
  assert.match(china, 'arn:aws-cn:cloudformation:cn-north-1:*:stack/mfa-guard-iam-events/*');
  assert.ok(JSON.stringify(policy).replace(/\s/g, '').length <= 6144);
});

proven.run();
shape.run();
