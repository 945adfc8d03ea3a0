import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Json, Template } from '../../src/cfn/template.ts';
import * as cfnSpec from '../support/cfn-spec.ts';
import { PSEUDO_PARAMETERS, references } from '../support/cfn-references.ts';
import * as iamActions from '../support/iam-actions.ts';
import * as templates from '../support/templates.ts';

const spec = cfnSpec.load();
const files = [templates.HOME, templates.FORWARDER, templates.MONITORING];
const parsed: ReadonlyMap<string, Template> = new Map(files.map((file) => [file, templates.load(file)]));
const home = templates.load(templates.HOME);
const forwarder = templates.load(templates.FORWARDER);
const monitoring = templates.load(templates.MONITORING);

function isRecord(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ofType(t: Template, type: string): Array<[string, Record<string, Json>]> {
  return Object.entries(t.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id, r]) => [id, r.Properties ?? {}]);
}

function danglingReferences(t: Template): string[] {
  const parameters = new Set(Object.keys(t.Parameters ?? {}));
  return references(t).flatMap((ref) => {
    const inRules = ref.path.startsWith('Rules');
    if (ref.kind === 'GetAtt') {
      const target = t.Resources[ref.target];
      if (inRules || !target) return [`${ref.path}: ${ref.target}.${ref.attribute} names no resource`];
      return cfnSpec.hasAttribute(spec, target.Type, ref.attribute) ? [] : [`${ref.path}: ${target.Type} has no attribute ${ref.attribute}`];
    }
    if (ref.kind === 'DependsOn') return t.Resources[ref.target] ? [] : [`${ref.path}: no resource ${ref.target}`];
    const known = PSEUDO_PARAMETERS.has(ref.target) || parameters.has(ref.target) || (!inRules && ref.target in t.Resources);
    return known ? [] : [`${ref.path}: ${ref.target} is neither a parameter, ${inRules ? '' : 'a resource, '}nor a pseudo parameter`];
  });
}

// --- the resource specification ------------------------------------------------------------------

const conformance = suite('templates against the CloudFormation resource specification');

for (const [file, t] of parsed) {
  conformance(`${file}: every type, property, required property and value shape is in the spec`, () => {
    assert.equal(cfnSpec.problems(spec, t), []);
  });
  conformance(`${file}: every Ref, GetAtt (with its attribute), \${} and DependsOn names something that exists`, () => {
    assert.equal(danglingReferences(t), []);
  });
}

conformance('the checker finds a misspelt, a missing, a misplaced and a mistyped property, and an unknown type', () => {
  const broken: Template = {
    Resources: {
      Queue: { Type: 'AWS::SQS::Queue', Properties: { SqsManagedSSEEnabled: true } },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: 'r', Code: { ZipFile: 'x', Handler: 'index.handler' }, Timeout: 'soon' } },
      Rule: { Type: 'AWS::Events::Rule', Properties: { Targets: [{ Id: 'a' }] } },
      Thing: { Type: 'AWS::Lambda::Functions' },
    },
  };
  assert.equal(cfnSpec.problems(spec, broken).map((p) => p.replace(/ \(known: .*\)$/, '')), [
    'Resources.Queue.Properties.SqsManagedSSEEnabled: no such property',
    'Resources.Fn.Properties.Code.Handler: no such property',
    'Resources.Fn.Properties.Timeout: expected a number, found "soon"',
    'Resources.Rule.Properties.Targets[0].Arn: required property missing',
    'Resources.Thing.Type: AWS::Lambda::Functions is not a CloudFormation resource type',
  ]);
});

conformance('the reference check finds a dangling Ref, ${}, GetAtt target and attribute', () => {
  const broken: Template = {
    Parameters: { Name: { Type: 'String' } },
    Resources: {
      Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': '${Name}-${Nme}-${!Literal}' } } },
      Policy: { Type: 'AWS::SQS::QueuePolicy', DependsOn: 'Topic', Properties: { Queues: [{ Ref: 'Queue' }, { Ref: 'Queues' }], PolicyDocument: { a: { 'Fn::GetAtt': ['Queue', 'Url'] }, b: { 'Fn::GetAtt': ['Queue', 'Arm'] } } } },
    },
    Rules: { R: { Assertions: [{ Assert: { 'Fn::Equals': [{ Ref: 'Queue' }, { Ref: 'AWS::Region' }] } }] } },
  };
  assert.equal(danglingReferences(broken), [
    'Resources.Queue.Properties.QueueName: Nme is neither a parameter, a resource, nor a pseudo parameter',
    'Resources.Policy.DependsOn: no resource Topic',
    'Resources.Policy.Properties.Queues[1]: Queues is neither a parameter, a resource, nor a pseudo parameter',
    'Resources.Policy.Properties.PolicyDocument.a: AWS::SQS::Queue has no attribute Url',
    'Resources.Policy.Properties.PolicyDocument.b: AWS::SQS::Queue has no attribute Arm',
    'Rules.R.Assertions[0].Assert.Fn::Equals[0]: Queue is neither a parameter, nor a pseudo parameter',
  ]);
});

conformance.run();

// --- conventions every template keeps ------------------------------------------------------------

const conventions = suite('template conventions');

for (const file of files) {
  conventions(`${file}: no literal arn:aws: (ARNs use \${AWS::Partition})`, () => {
    assert.not.match(templates.text(file), 'arn:aws:');
  });
}

conventions('every parameter has a description and a validation its default passes', () => {
  for (const [file, t] of parsed) {
    for (const [name, p] of Object.entries(t.Parameters ?? {})) {
      const where = `${file} ${name}`;
      assert.ok(p.Description, `${where}: Description`);
      assert.ok(p.AllowedPattern !== undefined || p.AllowedValues !== undefined, `${where}: AllowedPattern or AllowedValues`);
      if (p.Default === undefined) continue;
      if (p.AllowedPattern !== undefined) assert.match(String(p.Default), new RegExp(`^(?:${p.AllowedPattern})$`), `${where}: default vs pattern`);
      if (p.AllowedValues !== undefined) assert.ok(p.AllowedValues.includes(p.Default), `${where}: default vs allowed values`);
    }
  }
});

conventions('the parameter patterns refuse what IAM, SSM and regions refuse', () => {
  const pattern = (t: Template, name: string) => new RegExp(`^(?:${t.Parameters?.[name]?.AllowedPattern ?? ''})$`);
  assert.not.match('Deny MFA', pattern(home, 'PolicyName'));
  assert.not.match('/no-trailing-slash', pattern(home, 'PolicyPath'));
  assert.match('/security/', pattern(home, 'PolicyPath'));
  assert.not.match('mfa-guard/whitelist', pattern(home, 'WhitelistParameterName'));
  assert.match('eu-west-1', pattern(forwarder, 'HomeRegion'));
  assert.match('us-gov-west-1', pattern(forwarder, 'HomeRegion'));
  assert.not.match('europe', pattern(forwarder, 'HomeRegion'));
  assert.match('arn:aws-cn:iam::123456789012:policy/a/b/DenyActionWithoutMFA', pattern(forwarder, 'PolicyArn'));
  assert.not.match('arn:aws:iam::aws:policy/AdministratorAccess', pattern(forwarder, 'PolicyArn'));
});

conventions('every parameter sits in exactly one group of the console interface, every group names real parameters', () => {
  for (const [file, t] of parsed) {
    const ui = t.Metadata?.['AWS::CloudFormation::Interface'];
    const groups = isRecord(ui) && Array.isArray(ui.ParameterGroups) ? ui.ParameterGroups : [];
    const grouped = groups.flatMap((g) => (isRecord(g) && Array.isArray(g.Parameters) ? g.Parameters : []));
    assert.equal([...grouped].sort(), Object.keys(t.Parameters ?? {}).sort(), file);
  }
});

conventions('functions: a supported Node.js runtime (22 or newer), index.handler, no FunctionName, inline placeholder code', () => {
  const functions = ofType(home, 'AWS::Lambda::Function');
  assert.equal(functions.map(([id]) => id), ['ConfigRuleFunction', 'RemediateFunction', 'EnforceFunction']);
  for (const [id, p] of functions) {
    const version = /^nodejs(\d+)\.x$/.exec(String(p.Runtime))?.[1];
    assert.ok(version !== undefined && Number(version) >= 22 && Number(version) % 2 === 0, `${id}: ${String(p.Runtime)}`);
    assert.is(p.Handler, 'index.handler');
    assert.is(p.FunctionName, undefined);
    assert.ok(isRecord(p.Code) && typeof p.Code.ZipFile === 'string' && p.Code.ZipFile.includes('make synth'), id);
  }
});

conventions('functions: the environment is POLICY_ARN, WHITELIST_PARAMETER, CONFIG_RULE_NAME and MODE, from the policy and parameters', () => {
  for (const [id, p] of ofType(home, 'AWS::Lambda::Function')) {
    assert.equal(isRecord(p.Environment) ? p.Environment.Variables : undefined, {
      POLICY_ARN: { Ref: 'Policy' },
      WHITELIST_PARAMETER: { Ref: 'WhitelistParameterName' },
      CONFIG_RULE_NAME: { Ref: 'ConfigRuleName' },
      MODE: { Ref: 'Mode' },
    }, id);
  }
});

conventions('functions: each has its own role and its own log group, and may write only there', () => {
  const functions = ofType(home, 'AWS::Lambda::Function');
  const roles = functions.map(([, p]) => (isRecord(p.Role) ? p.Role['Fn::GetAtt'] : undefined));
  const groups = functions.map(([, p]) => (isRecord(p.LoggingConfig) && isRecord(p.LoggingConfig.LogGroup) ? p.LoggingConfig.LogGroup.Ref : undefined));
  assert.equal(roles, [['ConfigRuleRole', 'Arn'], ['RemediateRole', 'Arn'], ['EnforceRole', 'Arn']]);
  assert.equal(groups, ['ConfigRuleLogGroup', 'RemediateLogGroup', 'EnforceLogGroup']);
  for (const [i, [role]] of roles.map((r) => r as [string, string]).entries()) {
    const logs = iamActions.statements(home).filter((s) => s.resourceId === role && iamActions.list(s.statement, 'Action').some((a) => String(a).startsWith('logs:')));
    assert.equal(logs.map((s) => [iamActions.list(s.statement, 'Action'), s.statement.Resource]), [[['logs:CreateLogStream', 'logs:PutLogEvents'], { 'Fn::GetAtt': [groups[i] as string, 'Arn'] }]], role);
  }
  for (const [id, p] of ofType(home, 'AWS::Logs::LogGroup')) assert.equal(p.RetentionInDays, { Ref: 'LogRetentionDays' }, id);
});

conventions('no policy grants every action or every action of a service (*, logs:*)', () => {
  for (const [file, t] of parsed) {
    for (const { path, statement } of iamActions.statements(t)) {
      for (const action of iamActions.list(statement, 'Action')) assert.not.match(String(action), /(^|:)\*$/, `${file} ${path}`);
    }
  }
});

conventions('a role is allowed Resource "*" only for actions that take no resource (no ARN could narrow them)', () => {
  for (const [file, t] of parsed) {
    for (const { path, statement } of iamActions.statements(t).filter((s) => s.statement.Effect === 'Allow' && !s.path.includes('AssumeRolePolicyDocument'))) {
      if (!iamActions.list(statement, 'Resource').includes('*')) continue;
      for (const action of iamActions.list(statement, 'Action')) {
        assert.equal(iamActions.resourceTypes(String(action)), [], `${file} ${path}: ${String(action)} takes a resource ARN`);
      }
    }
  }
});

conventions('every action granted or denied exists', () => {
  for (const [, t] of parsed) {
    for (const { statement } of iamActions.statements(t)) {
      for (const action of [...iamActions.list(statement, 'Action'), ...iamActions.list(statement, 'NotAction')]) {
        if (String(action) !== 'sts:AssumeRole') iamActions.resourceTypes(String(action));
      }
    }
  }
});

conventions('every Lambda permission is scoped by SourceArn or SourceAccount (confused deputy)', () => {
  const permissions = [...ofType(home, 'AWS::Lambda::Permission'), ...ofType(monitoring, 'AWS::Lambda::Permission')];
  assert.is(permissions.length, 8);
  for (const [id, p] of permissions) assert.ok(p.SourceArn !== undefined || p.SourceAccount !== undefined, id);
});

conventions.run();

// --- the home stack's wiring ---------------------------------------------------------------------

const wiring = suite('home stack wiring');

wiring('the Config rule: custom Lambda, IAM users, on change, oversized change and on schedule (default one hour)', () => {
  const rule = templates.resource(home, 'ConfigRule');
  assert.equal(rule.DependsOn, 'ConfigRulePermission');
  assert.equal(rule.Properties?.Scope, { ComplianceResourceTypes: ['AWS::IAM::User'] });
  assert.equal(rule.Properties?.ConfigRuleName, { Ref: 'ConfigRuleName' });
  assert.equal(rule.Properties?.Source, {
    Owner: 'CUSTOM_LAMBDA',
    SourceIdentifier: { 'Fn::GetAtt': ['ConfigRuleFunction', 'Arn'] },
    SourceDetails: [
      { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
      { EventSource: 'aws.config', MessageType: 'OversizedConfigurationItemChangeNotification' },
      { EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: { Ref: 'EvaluationFrequency' } },
    ],
  });
  assert.is(home.Parameters?.EvaluationFrequency?.Default, 'One_Hour');
  assert.equal(templates.resource(home, 'ConfigRulePermission').Properties, {
    FunctionName: { 'Fn::GetAtt': ['ConfigRuleFunction', 'Arn'] },
    Action: 'lambda:InvokeFunction',
    Principal: 'config.amazonaws.com',
    SourceAccount: { Ref: 'AWS::AccountId' },
  });
});

wiring('each EventBridge rule invokes its function, retries, dead-letters, and its permission names that rule', () => {
  for (const [rule, fn, permission] of [['ComplianceChangeRule', 'RemediateFunction', 'RemediatePermission'], ['CloudTrailRule', 'EnforceFunction', 'EnforcePermission']] as const) {
    const [target, ...others] = templates.property(home, rule, 'Targets') as Array<Record<string, Json>>;
    assert.is(others.length, 0);
    assert.equal(target?.Arn, { 'Fn::GetAtt': [fn, 'Arn'] });
    assert.ok(isRecord(target?.RetryPolicy) && Number(target.RetryPolicy.MaximumRetryAttempts) > 0, rule);
    assert.equal(target?.DeadLetterConfig, { Arn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } });
    assert.equal(templates.resource(home, permission).Properties, {
      FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [rule, 'Arn'] },
    });
  }
});

wiring('the dead-letter queue is encrypted and takes messages only from this stack\'s two rules and the monitoring stack\'s', () => {
  assert.is(templates.property(home, 'DeadLetterQueue', 'SqsManagedSseEnabled'), true);
  const [statement, ...others] = iamActions.statements(home).filter((s) => s.resourceId === 'DeadLetterQueuePolicy');
  assert.is(others.length, 0);
  assert.equal(statement?.statement, {
    Sid: 'EventBridgeRulesOfThisStack',
    Effect: 'Allow',
    Principal: { Service: 'events.amazonaws.com' },
    Action: 'sqs:SendMessage',
    Resource: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
    Condition: {
      ArnLike: {
        'aws:SourceArn': [
          { 'Fn::GetAtt': ['ComplianceChangeRule', 'Arn'] },
          { 'Fn::GetAtt': ['CloudTrailRule', 'Arn'] },
          { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${AWS::StackName}-monitoring-*' },
        ],
      },
    },
  });
});

wiring('every function sends what it fails to handle asynchronously to the queue, and its role may', () => {
  const configs = ofType(home, 'AWS::Lambda::EventInvokeConfig');
  assert.equal(configs.map(([, p]) => p.FunctionName), [{ Ref: 'ConfigRuleFunction' }, { Ref: 'RemediateFunction' }, { Ref: 'EnforceFunction' }]);
  for (const [id, p] of configs) {
    assert.equal(p.DestinationConfig, { OnFailure: { Destination: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } } }, id);
    assert.ok(Number(p.MaximumRetryAttempts) >= 1, id);
  }
  for (const role of ['ConfigRuleRole', 'RemediateRole', 'EnforceRole']) {
    const send = iamActions.statements(home).filter((s) => s.resourceId === role && iamActions.list(s.statement, 'Action').includes('sqs:SendMessage'));
    assert.equal(send.map((s) => s.statement.Resource), [{ 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] }], role);
  }
});

wiring('iam:AttachUserPolicy is granted only on users and only for our policy; policy-version actions only on our policy', () => {
  const roleStatements = iamActions.statements(home).filter((s) => s.resourceId.endsWith('Role') && s.statement.Effect === 'Allow');
  const attach = roleStatements.filter((s) => iamActions.list(s.statement, 'Action').includes('iam:AttachUserPolicy'));
  assert.equal(attach.map((s) => s.resourceId), ['RemediateRole', 'EnforceRole']);
  for (const { statement } of attach) {
    assert.equal(iamActions.list(statement, 'Action'), ['iam:AttachUserPolicy']);
    assert.equal(statement.Resource, { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*' });
    assert.equal(statement.Condition, { ArnEquals: { 'iam:PolicyARN': { Ref: 'Policy' } } });
  }
  const onPolicies = roleStatements.filter((s) => iamActions.list(s.statement, 'Action').some((a) => iamActions.resourceTypes(String(a)).some((r) => r.name === 'policy')));
  assert.equal(onPolicies.map((s) => s.resourceId), ['EnforceRole']);
  for (const { statement } of onPolicies) assert.equal(statement.Resource, { Ref: 'Policy' });
});

wiring('the whitelist parameter is readable by each function, and only that parameter', () => {
  const reads = iamActions.statements(home).filter((s) => iamActions.list(s.statement, 'Action').some((a) => String(a).startsWith('ssm:')));
  assert.equal(reads.map((s) => s.resourceId), ['ConfigRuleRole', 'RemediateRole', 'EnforceRole']);
  for (const { statement } of reads) {
    assert.equal(iamActions.list(statement, 'Action'), ['ssm:GetParameter']);
    assert.equal(statement.Resource, { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${WhitelistParameterName}' });
  }
});

wiring('the policy document appears once: one managed policy, functions and patterns refer to it by Ref', () => {
  assert.equal(ofType(home, 'AWS::IAM::ManagedPolicy').map(([id]) => id), ['Policy']);
  const elsewhere = [...parsed].flatMap(([file, t]) => Object.entries(t.Resources).filter(([id, r]) => !(file === templates.HOME && id === 'Policy') && JSON.stringify(r).includes('MultiFactorAuthAge')).map(([id]) => `${file} ${id}`));
  assert.equal(elsewhere, []);
});

wiring('outputs: the policy ARN, the rule name, the function names, the dead-letter queue and the alert topic', () => {
  assert.equal(Object.fromEntries(Object.entries(home.Outputs ?? {}).map(([name, o]) => [name, o.Value])), {
    Version: '0.1.0',
    PolicyArn: { Ref: 'Policy' },
    ConfigRuleName: { Ref: 'ConfigRule' },
    ConfigRuleFunctionName: { Ref: 'ConfigRuleFunction' },
    RemediateFunctionName: { Ref: 'RemediateFunction' },
    EnforceFunctionName: { Ref: 'EnforceFunction' },
    DeadLetterQueueUrl: { Ref: 'DeadLetterQueue' },
    DeadLetterQueueArn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
    DeadLetterQueueName: { 'Fn::GetAtt': ['DeadLetterQueue', 'QueueName'] },
    AlertTopicArn: { Ref: 'AlertTopic' },
  });
});

wiring('every stack outputs the release it was deployed from: the version of package.json', () => {
  const { version } = JSON.parse(templates.text('package.json')) as { version: string };
  for (const [file, t] of parsed) assert.is(t.Outputs?.Version?.Value, version, file);
});

wiring.run();

// --- the us-east-1 forwarder ---------------------------------------------------------------------

const forwarding = suite('us-east-1 forwarder');

const homeBus = { 'Fn::Sub': 'arn:${AWS::Partition}:events:${HomeRegion}:${AWS::AccountId}:event-bus/default' };

forwarding('its rule targets the home region\'s default bus, with a role, retries and a dead-letter queue', () => {
  const [target, ...others] = templates.property(forwarder, 'ForwardRule', 'Targets') as Array<Record<string, Json>>;
  assert.is(others.length, 0);
  assert.equal(target?.Arn, homeBus);
  assert.equal(target?.RoleArn, { 'Fn::GetAtt': ['ForwardRole', 'Arn'] });
  assert.ok(isRecord(target?.RetryPolicy));
  assert.equal(target?.DeadLetterConfig, { Arn: { 'Fn::GetAtt': ['ForwardDeadLetterQueue', 'Arn'] } });
  assert.is(templates.property(forwarder, 'ForwardDeadLetterQueue', 'SqsManagedSseEnabled'), true);
});

forwarding('its role may only put events on that bus', () => {
  const allowed = iamActions.statements(forwarder).filter((s) => s.resourceId === 'ForwardRole' && !s.path.includes('AssumeRolePolicyDocument'));
  assert.equal(allowed.map((s) => s.statement), [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: homeBus }]);
});

forwarding('it refuses to deploy outside us-east-1 (cn-north-1 in China) and into the home region itself', () => {
  const assertions = isRecord(forwarder.Rules?.IamEventsRegion) ? forwarder.Rules.IamEventsRegion.Assertions : undefined;
  assert.equal(Array.isArray(assertions) ? assertions.map((a) => (isRecord(a) ? a.Assert : undefined)) : undefined, [
    { 'Fn::Contains': [['us-east-1', 'cn-north-1'], { Ref: 'AWS::Region' }] },
    { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'HomeRegion' }, { Ref: 'AWS::Region' }] }] },
  ]);
});

forwarding.run();
