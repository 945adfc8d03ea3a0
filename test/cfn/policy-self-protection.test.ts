/**
 * The guard protects itself: whoever the MFA policy binds (an admin with fresh MFA included) cannot
 * change mfa-guard's own resources, while the deploy role, which the policy does not bind, can.
 * Proved with a real IAM policy evaluator on the resources of the fixtures' stack `mfa-guard`.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as template from '../../src/cfn/template.ts';
import * as policyDocument from '../../src/core/policy-document.ts';
import * as iamActions from '../support/iam-actions.ts';
import { ALLOW, decide, DENY, managed, type Decision, type IdentityPolicy } from '../support/simulate.ts';
import * as templates from '../support/templates.ts';

const home = templates.load(templates.HOME);
const ours: IdentityPolicy = { name: 'DenyActionWithoutMFA', policy: policyDocument.render(template.policyDocumentOf(home, templates.HOME), templates.vars) };
const admin = managed('AdministratorAccess');
const powerUser = managed('PowerUserAccess');

const at = (service: string, region = templates.REGION) => `arn:aws:${service}:${region}:${templates.ACCOUNT}:`;
const IAM = `arn:aws:iam::${templates.ACCOUNT}:`;
const EVENTS_REGION = 'us-east-1';

/** mfa-guard's resources in stack `mfa-guard` (home eu-west-1 with `mfa-guard-monitoring`, forwarder stack `mfa-guard-iam-events` in us-east-1), by kind. */
const guard = {
  functions: ['config-rule', 'remediate', 'enforce', 'notify'].map((f) => `${at('lambda')}function:mfa-guard_${f}`),
  roles: ['config-rule', 'remediate', 'enforce', 'iam-events', 'notify', 'iam-events-alerts'].map((f) => `${IAM}role/mfa-guard/mfa-guard_${f}`),
  rules: [
    ...['compliance-change', 'iam-calls', 'guard', 'alarms'].map((r) => `${at('events')}rule/mfa-guard_${r}`),
    ...['iam-events', 'iam-events-alerts'].map((r) => `${at('events', EVENTS_REGION)}rule/mfa-guard_${r}`),
  ],
  topic: `${at('sns')}mfa-guard_alerts`,
  alarms: [
    ...['dead-letters', 'config-rule-errors', 'remediate-errors', 'enforce-errors', 'notify-errors', 'config-rule-silent'].map((a) => `${at('cloudwatch')}alarm:mfa-guard_${a}`),
    ...['iam-events-dead-letters', 'iam-events-forward-failures'].map((a) => `${at('cloudwatch', EVENTS_REGION)}alarm:mfa-guard_${a}`),
  ],
  configRule: templates.CONFIG_RULE_ARN,
  whitelist: `${at('ssm')}parameter/mfa-guard/whitelist`,
  queues: [`${at('sqs')}mfa-guard_dead-letters`, `${at('sqs', EVENTS_REGION)}mfa-guard_iam-events-dead-letters`],
  logGroups: ['config-rule', 'remediate', 'enforce', 'notify'].map((f) => `${at('logs')}log-group:/aws/lambda/mfa-guard_${f}`),
  stacks: [
    `${at('cloudformation')}stack/mfa-guard/5b4e2d10-5a3c-11f0-9a2b-0a1b2c3d4e5f`,
    `${at('cloudformation', EVENTS_REGION)}stack/mfa-guard-iam-events/6c5f3e20-5a3c-11f0-9a2b-0a1b2c3d4e5f`,
    `${at('cloudformation')}stack/mfa-guard-monitoring/8e7b5a40-5a3c-11f0-9a2b-0a1b2c3d4e5f`,
  ],
};

/** Each change that would switch the guard off or blind it, on every resource it applies to. */
// prettier-ignore
const changes: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['replace a function\'s code',                   'lambda:UpdateFunctionCode',              guard.functions],
  ['set MODE=report or another role',            'lambda:UpdateFunctionConfiguration',     guard.functions],
  ['throttle a function to zero',                'lambda:PutFunctionConcurrency',          guard.functions],
  ['lift a function\'s concurrency setting',     'lambda:DeleteFunctionConcurrency',       guard.functions],
  ['delete a function',                          'lambda:DeleteFunction',                  guard.functions],
  ['remove the rules\' invoke permission',       'lambda:RemovePermission',                guard.functions],
  ['let anyone invoke a function',               'lambda:AddPermission',                   guard.functions],
  ['replace a function\'s resource policy',      'lambda:PutResourcePolicy',               guard.functions],
  ['delete a function\'s resource policy',       'lambda:DeleteResourcePolicy',            guard.functions],
  ['drop failed events instead of dead-lettering', 'lambda:PutFunctionEventInvokeConfig',  guard.functions.map((f) => `${f}:$LATEST`)],
  ['retarget failed events',                     'lambda:UpdateFunctionEventInvokeConfig', [...guard.functions, ...guard.functions.map((f) => `${f}:$LATEST`)]],
  ['delete the failure destination',             'lambda:DeleteFunctionEventInvokeConfig', guard.functions.map((f) => `${f}:$LATEST`)],
  ['pin an old runtime',                         'lambda:PutRuntimeManagementConfig',      guard.functions],
  ['block code updates with code signing',       'lambda:PutFunctionCodeSigningConfig',    guard.functions],
  ['rewrite a role\'s permissions',              'iam:PutRolePolicy',                      guard.roles],
  ['delete a role\'s permissions',               'iam:DeleteRolePolicy',                   guard.roles],
  ['give a role more permissions',               'iam:AttachRolePolicy',                   guard.roles],
  ['fence a role with a permissions boundary',   'iam:PutRolePermissionsBoundary',         guard.roles],
  ['lift a role\'s boundary',                    'iam:DeleteRolePermissionsBoundary',      guard.roles],
  ['let someone else assume a role',             'iam:UpdateAssumeRolePolicy',             guard.roles],
  ['pass a role to one\'s own function',         'iam:PassRole',                           guard.roles],
  ['delete a role',                              'iam:DeleteRole',                         guard.roles],
  ['disable a rule',                             'events:DisableRule',                     guard.rules],
  ['change a rule\'s pattern',                   'events:PutRule',                         guard.rules],
  ['delete a rule',                              'events:DeleteRule',                      guard.rules],
  ['retarget a rule',                            'events:PutTargets',                      guard.rules],
  ['remove a rule\'s target',                    'events:RemoveTargets',                   guard.rules],
  ['rewrite the Config rule',                    'config:PutConfigRule',                   [guard.configRule]],
  ['delete the Config rule',                     'config:DeleteConfigRule',                [guard.configRule]],
  ['erase the compliance history',               'config:DeleteEvaluationResults',         [guard.configRule]],
  ['report a user compliant from outside',       'config:PutExternalEvaluation',           [guard.configRule]],
  ['write evaluations from outside',             'config:PutEvaluations',                  ['*']],
  ['overwrite the whitelist',                    'ssm:PutParameter',                       [guard.whitelist]],
  ['delete the whitelist',                       'ssm:DeleteParameter',                    [guard.whitelist]],
  ['delete the whitelist among others',          'ssm:DeleteParameters',                   [guard.whitelist]],
  ['label a whitelist version',                  'ssm:LabelParameterVersion',              [guard.whitelist]],
  ['unlabel a whitelist version',                'ssm:UnlabelParameterVersion',            [guard.whitelist]],
  ['deny the functions the whitelist',           'ssm:PutResourcePolicy',                  [guard.whitelist]],
  ['purge the dead letters',                     'sqs:PurgeQueue',                         guard.queues],
  ['delete a dead-letter queue',                 'sqs:DeleteQueue',                        guard.queues],
  ['rewrite a queue\'s policy',                  'sqs:SetQueueAttributes',                 guard.queues],
  ['grant a queue to others',                    'sqs:AddPermission',                      guard.queues],
  ['delete a log group',                         'logs:DeleteLogGroup',                    [...guard.logGroups, ...guard.logGroups.map((g) => `${g}:*`)]],
  ['shorten the logs\' retention',               'logs:PutRetentionPolicy',                [...guard.logGroups, ...guard.logGroups.map((g) => `${g}:*`)]],
  ['delete a log stream',                        'logs:DeleteLogStream',                   guard.logGroups.map((g) => `${g}:log-stream:2025/06/20/[$LATEST]0a1b2c3d`)],
  ['encrypt the logs with a key Lambda cannot use', 'logs:AssociateKmsKey',                guard.logGroups],
  ['delete the log subscription that feeds notify', 'logs:DeleteSubscriptionFilter',      guard.logGroups],
  ['send the functions\' lines elsewhere',        'logs:PutSubscriptionFilter',             guard.logGroups],
  ['delete the alert topic',                     'sns:DeleteTopic',                        [guard.topic]],
  ['rewrite the topic\'s policy or key',         'sns:SetTopicAttributes',                 [guard.topic]],
  ['grant the topic to others',                  'sns:AddPermission',                      [guard.topic]],
  ['remove a permission of the topic',           'sns:RemovePermission',                   [guard.topic]],
  ['subscribe an endpoint to the alerts',        'sns:Subscribe',                          [guard.topic]],
  ['unsubscribe the security team',              'sns:Unsubscribe',                        [guard.topic]],
  ['filter every alert out of a subscription',   'sns:SetSubscriptionAttributes',          [guard.topic]],
  ['mask the alerts with a data protection policy', 'sns:PutDataProtectionPolicy',         [guard.topic]],
  ['delete an alarm',                            'cloudwatch:DeleteAlarms',                guard.alarms],
  ['rewrite an alarm so it never fires',         'cloudwatch:PutMetricAlarm',              guard.alarms],
  ['disable an alarm\'s actions',                'cloudwatch:DisableAlarmActions',         guard.alarms],
  ['force an alarm back to OK',                  'cloudwatch:SetAlarmState',               guard.alarms],
  ['mute an alarm',                              'cloudwatch:PutAlarmMuteRule',            guard.alarms],
  ['update a stack',                             'cloudformation:UpdateStack',             guard.stacks],
  ['delete a stack',                             'cloudformation:DeleteStack',             guard.stacks],
  ['create a change set',                        'cloudformation:CreateChangeSet',         guard.stacks],
  ['execute a change set',                       'cloudformation:ExecuteChangeSet',        guard.stacks],
  ['allow updates through a stack policy',       'cloudformation:SetStackPolicy',          guard.stacks],
  ['roll a stack back',                          'cloudformation:RollbackStack',           guard.stacks],
];

const MFA = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '60' };
const alice = `${IAM}user/alice`;
const deployRole = `arn:aws:sts::${templates.ACCOUNT}:assumed-role/mfa-guard-deployer/thien`;
const asAlice = (base: IdentityPolicy, action: string, resource: string) => decide(alice, [base, ours], action, resource, { 'aws:username': 'alice', ...MFA });
const asDeployRole = (action: string, resource: string) => decide(deployRole, [admin], action, resource, {});

async function decisions(run: (action: string, resource: string) => Promise<Decision>, action: string, resources: readonly string[]): Promise<Record<string, Decision>> {
  const out: Record<string, Decision> = {};
  for (const resource of resources) out[resource] = await run(action, resource);
  return out;
}
const all = (resources: readonly string[], decision: Decision) => Object.fromEntries(resources.map((r) => [r, decision]));

const denied = suite('a user the policy binds cannot change mfa-guard, even an admin with fresh MFA; the deploy role can');

for (const [what, action, resources] of changes) {
  denied(`${what} (${action}): denied to an admin and a power user with MFA, allowed to the deploy role`, async () => {
    assert.equal(await decisions((a, r) => asAlice(admin, a, r), action, resources), all(resources, DENY), 'admin with MFA');
    assert.equal(await decisions((a, r) => asAlice(powerUser, a, r), action, resources), all(resources, DENY), 'power user with MFA');
    assert.equal(await decisions(asDeployRole, action, resources), all(resources, ALLOW), 'deploy role');
  });
}

denied('the table covers every kind of resource the issue names', () => {
  const covered = new Set(changes.flatMap(([, action]) => [action.split(':')[0]]));
  assert.equal([...covered].sort(), ['cloudformation', 'cloudwatch', 'config', 'events', 'iam', 'lambda', 'logs', 'sns', 'sqs', 'ssm']);
});

denied.run();

// --- what stays possible ---------------------------------------------------------------------------

const spared = suite('what the self-protection leaves alone');

// prettier-ignore
const neighbours: ReadonlyArray<readonly [string, string, string]> = [
  ['a function of another stack whose name starts like ours', 'lambda:UpdateFunctionCode', `${at('lambda')}function:mfa-guard-2_enforce`],
  ['a function named like ours with a hyphen',       'lambda:UpdateFunctionConfiguration', `${at('lambda')}function:mfa-guard-enforce`],
  ['an application function',                        'lambda:DeleteFunction',          `${at('lambda')}function:payments-api`],
  ['stack mfa-guard-2\'s role',                      'iam:PutRolePolicy',              `${IAM}role/mfa-guard/mfa-guard-2_enforce`],
  ['a role of ours by name, outside the path',       'iam:PassRole',                   `${IAM}role/mfa-guard_enforce`],
  ['another stack\'s rule',                          'events:DisableRule',             `${at('events')}rule/mfa-guard-2_iam-calls`],
  ['another parameter under the same prefix',        'ssm:PutParameter',               `${at('ssm')}parameter/mfa-guard/whitelist-draft`],
  ['another stack\'s queue',                         'sqs:PurgeQueue',                 `${at('sqs')}mfa-guard-2_dead-letters`],
  ['stack mfa-guard-2\'s log group',                 'logs:DeleteLogGroup',            `${at('logs')}log-group:/aws/lambda/mfa-guard-2_enforce`],
  ['another log group of the same prefix',           'logs:DeleteLogGroup',            `${at('logs')}log-group:/aws/lambda/mfa-guard-enforce`],
  ['another stack',                                  'cloudformation:DeleteStack',     `${at('cloudformation')}stack/mfa-guard-2/7d6a4f30-5a3c-11f0-9a2b-0a1b2c3d4e5f`],
  ['another Config rule',                            'config:DeleteConfigRule',        `${at('config')}config-rule/config-rule-z9y8x7`],
  ['another stack\'s alert topic',                   'sns:DeleteTopic',                `${at('sns')}mfa-guard-2_alerts`],
  ['an application topic',                           'sns:Subscribe',                  `${at('sns')}orders`],
  ['another stack\'s alarm',                         'cloudwatch:DeleteAlarms',        `${at('cloudwatch')}alarm:mfa-guard-2_dead-letters`],
  ['an application alarm',                           'cloudwatch:SetAlarmState',       `${at('cloudwatch')}alarm:ServerCpuTooHigh`],
  ['a subscription on an application log group',     'logs:PutSubscriptionFilter',     `${at('logs')}log-group:/aws/lambda/payments-api`],
  ['another stack named like the monitoring one',    'cloudformation:DeleteStack',     `${at('cloudformation')}stack/mfa-guard-monitoring-2/9f8c6b50-5a3c-11f0-9a2b-0a1b2c3d4e5f`],
];

for (const [what, action, resource] of neighbours) {
  spared(`${what}: ${action} stays allowed to an admin with MFA`, async () => {
    assert.is(await asAlice(admin, action, resource), ALLOW);
  });
}

// prettier-ignore
const reads: ReadonlyArray<readonly [string, string]> = [
  ['lambda:GetFunction', guard.functions[2] ?? ''],
  ['lambda:InvokeFunction', guard.functions[1] ?? ''],
  ['iam:GetRolePolicy', guard.roles[2] ?? ''],
  ['events:DescribeRule', guard.rules[1] ?? ''],
  ['config:GetComplianceDetailsByConfigRule', guard.configRule],
  ['config:StartConfigRulesEvaluation', guard.configRule],
  ['ssm:GetParameter', guard.whitelist],
  ['sqs:ReceiveMessage', guard.queues[0] ?? ''],
  ['sqs:DeleteMessage', guard.queues[0] ?? ''],
  ['logs:GetLogEvents', `${guard.logGroups[2] ?? ''}:log-stream:2025/06/20/[$LATEST]0a1b2c3d`],
  ['cloudformation:DescribeStacks', guard.stacks[0] ?? ''],
  ['cloudformation:DescribeChangeSet', guard.stacks[0] ?? ''],
  ['sns:GetTopicAttributes', guard.topic],
  ['sns:ListSubscriptionsByTopic', guard.topic],
  ['cloudwatch:DescribeAlarms', guard.alarms[0] ?? ''],
  ['cloudwatch:DescribeAlarmHistory', guard.alarms[0] ?? ''],
  ['logs:DescribeSubscriptionFilters', guard.logGroups[2] ?? ''],
];

for (const [action, resource] of reads) {
  spared(`reading or running the guard: ${action} stays allowed to an admin with MFA`, async () => {
    assert.is(await asAlice(admin, action, resource), ALLOW);
  });
}

spared.run();

// --- no write action left out by accident --------------------------------------------------------

/**
 * Write actions on a protected kind of resource that the policy leaves allowed, each with why that
 * cannot switch the guard off. Any other write action must be denied: a new one in the reference
 * data fails this test until someone decides.
 */
const LEFT_ALLOWED: Readonly<Record<string, string>> = {
  'lambda:InvokeFunction': 'an invocation can only repair (handlers re-read IAM and act idempotently)',
  'lambda:InvokeAsync': 'deprecated InvokeFunction',
  'lambda:InvokeFunctionUrl': 'no URL exists, and creating a public one needs AddPermission (denied)',
  'lambda:CreateFunctionUrlConfig': 'invoking through it needs AddPermission (denied); an invocation only repairs',
  'lambda:CreateFunction': 'the names are taken; a new function with our role needs iam:PassRole (denied)',
  'lambda:CreateAlias': 'the rules and Config invoke the unqualified function',
  'lambda:PublishVersion': 'a version is a frozen copy; the unqualified function is what runs',
  'lambda:EnableReplication': 'Lambda@Edge only',
  'lambda:DisableReplication': 'Lambda@Edge only',
  'lambda:TagResource': 'nothing reads the functions\' tags',
  'lambda:UntagResource': 'nothing reads the functions\' tags',
  'iam:CreateRole': 'the names are taken',
  'iam:CreateServiceLinkedRole': 'service-linked roles live under /aws-service-role/, not /mfa-guard/',
  'iam:DetachRolePolicy': 'the roles have inline policies only; detaching the MFA policy is denied by DenyDetachingThisPolicy',
  'iam:TagRole': 'nothing reads the roles\' tags',
  'iam:UntagRole': 'nothing reads the roles\' tags',
  'events:EnableRule': 'turns a rule on',
  'events:TagResource': 'nothing reads the rules\' tags',
  'events:UntagResource': 'nothing reads the rules\' tags',
  'config:StartConfigRulesEvaluation': 'runs an evaluation, which repairs',
  'config:TagResource': 'nothing reads the rule\'s tags',
  'config:UntagResource': 'nothing reads the rule\'s tags',
  'ssm:AddTagsToResource': 'nothing reads the parameter\'s tags',
  'ssm:RemoveTagsFromResource': 'nothing reads the parameter\'s tags',
  'sqs:SendMessage': 'adds noise to the dead letters; none is lost',
  'sqs:ReceiveMessage': 'operators read the dead letters',
  'sqs:DeleteMessage': 'operators handle dead letters; the hourly sweep repairs whatever they were about',
  'sqs:ChangeMessageVisibility': 'part of reading the dead letters',
  'sqs:StartMessageMoveTask': 'redrive',
  'sqs:CancelMessageMoveTask': 'redrive',
  'logs:CreateLogGroup': 'the names are taken',
  'logs:CreateLogStream': 'adds a stream; removes nothing',
  'logs:CreateExportTask': 'copies logs',
  'logs:CreateLogAnomalyDetector': 'reads logs',
  'logs:DisassociateKmsKey': 'back to CloudWatch Logs\' own encryption, which Lambda can always write',
  'logs:ProcessWithPipeline': 'a pipeline source for the group; stores a copy',
  'logs:IntegrateWithS3Table': 'delivers a copy',
  'logs:IntegrateWithDataset': 'delivers a copy',
  'logs:TagLogGroup': 'nothing reads the log groups\' tags',
  'logs:UntagLogGroup': 'nothing reads the log groups\' tags',
  'logs:TagResource': 'nothing reads the log groups\' tags',
  'logs:UntagResource': 'nothing reads the log groups\' tags',
  'cloudformation:DeleteChangeSet': 'removes a change set not executed; the deploy creates its own',
  'cloudformation:UpdateTerminationProtection': 'DeleteStack is denied anyway',
  'cloudformation:CreateStackRefactor': 'moving resources between stacks leaves each resource and its own denial in place',
  'cloudformation:ExecuteStackRefactor': 'moving resources between stacks leaves each resource and its own denial in place',
  'cloudformation:RecordHandlerProgress': 'called by resource type handlers, not by users',
  'cloudformation:ContinueUpdateRollback': 'finishes a rollback to the template last deployed',
  'cloudformation:SignalResource': 'the stack has no wait condition nor creation policy to signal',
  'cloudformation:TagResource': 'tags propagate to resources whose tags nothing reads',
  'cloudformation:UntagResource': 'tags propagate to resources whose tags nothing reads',
  'sns:Publish': 'the topic\'s policy lets only the notify function\'s role publish',
  'sns:ConfirmSubscription': 'needs the token SNS sent to the endpoint; subscribing one is denied',
  'sns:CreateTopic': 'the name is taken',
  'sns:TagResource': 'nothing reads the topic\'s tags',
  'sns:UntagResource': 'nothing reads the topic\'s tags',
  'cloudwatch:TagResource': 'nothing reads the alarms\' tags',
  'cloudwatch:UntagResource': 'nothing reads the alarms\' tags',
};

/** Each protected kind of resource: its service, its resource type in the reference, and one of ours. */
const KINDS: ReadonlyArray<readonly [string, string, string]> = [
  ['lambda', 'function', guard.functions[2] ?? ''],
  ['iam', 'role', guard.roles[2] ?? ''],
  ['events', 'rule-on-default-event-bus', guard.rules[1] ?? ''],
  ['config', 'ConfigRule', guard.configRule],
  ['ssm', 'parameter', guard.whitelist],
  ['sqs', 'queue', guard.queues[0] ?? ''],
  ['logs', 'log-group', guard.logGroups[2] ?? ''],
  ['cloudformation', 'stack', guard.stacks[0] ?? ''],
  ['sns', 'topic', guard.topic],
  ['cloudwatch', 'alarm', guard.alarms[0] ?? ''],
];

/** Access levels that change something (the reference writes `Write`, `Tagging, Write`, `Permissions management, Write`). */
const WRITE = new Set(['Write', 'Tagging, Write', 'Permissions management, Write']);
const complete = suite('every write action on a protected kind of resource is denied, or left allowed for a stated reason');

for (const [service, type, resource] of KINDS) {
  complete(`${service} ${type}`, async () => {
    const writes = iamActions.actionsOf(service).filter((a) => WRITE.has(a.accessLevel) && a.resourceTypes.includes(type));
    assert.ok(writes.length > 0, `no write action on ${type}`);
    const wrong: string[] = [];
    for (const { action } of writes) {
      const expected = Object.hasOwn(LEFT_ALLOWED, action) ? ALLOW : DENY;
      const actual = await asAlice(admin, action, resource);
      if (actual !== expected) wrong.push(`${action}: ${actual}, expected ${expected}`);
    }
    assert.equal(wrong, []);
  });
}

complete('every action left allowed exists in the reference', () => {
  for (const action of Object.keys(LEFT_ALLOWED)) iamActions.resourceTypes(action);
});

complete('every wildcard the policy denies stands for write actions only (no read is denied by accident)', () => {
  const document = ours.policy as { Statement: Array<{ Effect: string; Action?: string | string[] }> };
  const wildcards = document.Statement.filter((st) => st.Effect === 'Deny').flatMap((st) => [st.Action ?? []].flat()).filter((a) => /[*?]/.test(a));
  assert.ok(wildcards.length > 0);
  for (const pattern of wildcards) {
    const expanded = iamActions.expand(pattern);
    assert.ok(expanded.length > 0, `${pattern} matches nothing`);
    assert.equal(expanded.filter((a) => !WRITE.has(a.accessLevel)).map((a) => a.action), [], pattern);
  }
});

complete.run();
