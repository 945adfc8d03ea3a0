import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Json, Template } from '../../src/cfn/template.ts';
import * as policyDocument from '../../src/core/policy-document.ts';
import { MAX_STACK_LENGTH } from '../../src/deploy/settings.ts';
import * as cfnSpec from '../support/cfn-spec.ts';
import { PSEUDO_PARAMETERS, references } from '../support/cfn-references.ts';
import * as iamActions from '../support/iam-actions.ts';
import * as templates from '../support/templates.ts';
import { NAME_LIMITS } from '../../sim/org-deployer.ts';

const spec = cfnSpec.load();
const files = [templates.HOME, templates.FORWARDER, templates.MONITORING, templates.ORG_ACCESS];
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

/** A dependency cycle between resources (CloudFormation refuses such a template), as `A -> B -> A`, if any. */
function cycle(t: Template): string | undefined {
  const edges = new Map<string, Set<string>>(Object.keys(t.Resources).map((id) => [id, new Set<string>()]));
  for (const ref of references(t)) {
    const from = /^Resources\.([^.[]+)/.exec(ref.path)?.[1];
    if (from !== undefined && ref.target in t.Resources) edges.get(from)?.add(ref.target);
  }
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, trail: string[]): string | undefined => {
    if (state.get(id) === 'open') return [...trail.slice(trail.indexOf(id)), id].join(' -> ');
    if (state.get(id) === 'done') return undefined;
    state.set(id, 'open');
    for (const next of edges.get(id) ?? []) {
      const found = visit(next, [...trail, id]);
      if (found) return found;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    const found = visit(id, []);
    if (found) return found;
  }
  return undefined;
}

const conformance = suite('templates against the CloudFormation resource specification');

for (const [file, t] of parsed) {
  conformance(`${file}: every type, property, required property and value shape is in the spec`, () => {
    assert.equal(cfnSpec.problems(spec, t), []);
  });
  conformance(`${file}: every Ref, GetAtt (with its attribute), \${} and DependsOn names something that exists`, () => {
    assert.equal(danglingReferences(t), []);
  });
  conformance(`${file}: no dependency cycle between resources`, () => {
    assert.is(cycle(t), undefined);
  });
}

conformance('the cycle check finds one: the policy naming the Config rule while a function refers to the policy', () => {
  const home = templates.load(templates.HOME);
  const fn = templates.resource(home, 'ConfigRuleFunction');
  const looped: Template = { ...home, Resources: { ...home.Resources, ConfigRuleFunction: { ...fn, Properties: { ...fn.Properties, Environment: { Variables: { POLICY_ARN: { Ref: 'Policy' } } } } } } };
  assert.is(cycle(looped), 'Policy -> ConfigRule -> ConfigRulePermission -> ConfigRuleFunction -> Policy');
});

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
      const range = p.Type === 'Number' && typeof p.MinValue === 'number' && typeof p.MaxValue === 'number';
      assert.ok(p.AllowedPattern !== undefined || p.AllowedValues !== undefined || range, `${where}: AllowedPattern, AllowedValues or (Number) MinValue and MaxValue`);
      if (p.Default === undefined) continue;
      if (range) assert.ok(Number(p.Default) >= Number(p.MinValue) && Number(p.Default) <= Number(p.MaxValue), `${where}: default vs range`);
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
  assert.equal([pattern(forwarder, 'PolicyName'), pattern(forwarder, 'PolicyPath')], [pattern(home, 'PolicyName'), pattern(home, 'PolicyPath')]);
  assert.match('{"version":1,"exemptions":[]}', pattern(home, 'WhitelistJson'));
  assert.match('', pattern(home, 'WhitelistJson'));
  assert.not.match('[]', pattern(home, 'WhitelistJson'));
});

conventions('every parameter sits in exactly one group of the console interface, every group names real parameters', () => {
  for (const [file, t] of parsed) {
    const ui = t.Metadata?.['AWS::CloudFormation::Interface'];
    const groups = isRecord(ui) && Array.isArray(ui.ParameterGroups) ? ui.ParameterGroups : [];
    const grouped = groups.flatMap((g) => (isRecord(g) && Array.isArray(g.Parameters) ? g.Parameters : []));
    assert.equal([...grouped].sort(), Object.keys(t.Parameters ?? {}).sort(), file);
  }
});

conventions('functions: a supported Node.js runtime (22 or newer), index.handler, named <stack>_<handler>, inline placeholder code', () => {
  const functions = ofType(home, 'AWS::Lambda::Function');
  assert.equal(functions.map(([id]) => id), ['ConfigRuleFunction', 'RemediateFunction', 'EnforceFunction']);
  for (const [id, p] of functions) {
    const version = /^nodejs(\d+)\.x$/.exec(String(p.Runtime))?.[1];
    assert.ok(version !== undefined && Number(version) >= 22 && Number(version) % 2 === 0, `${id}: ${String(p.Runtime)}`);
    assert.is(p.Handler, 'index.handler');
    assert.equal(p.FunctionName, { 'Fn::Sub': `\${ResourcePrefix}_${id.replace(/Function$/, '').replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase()}` }, id);
    assert.ok(isRecord(p.Code) && typeof p.Code.ZipFile === 'string' && p.Code.ZipFile.includes('make synth'), id);
  }
});

conventions('functions: the environment is POLICY_ARN, WHITELIST_PARAMETER, CONFIG_RULE_NAME, MODE, STACK_NAME and RESOURCE_PREFIX; the enforcer\'s also names what its policy document names', () => {
  const common = { POLICY_ARN: { Ref: 'Policy' }, WHITELIST_PARAMETER: { Ref: 'WhitelistParameterName' }, CONFIG_RULE_NAME: { Ref: 'ConfigRuleName' }, MODE: { Ref: 'Mode' }, STACK_NAME: { Ref: 'AWS::StackName' }, RESOURCE_PREFIX: { Ref: 'ResourcePrefix' } };
  // The policy names the Config rule, which needs its function first: that one builds the ARN Ref Policy returns.
  const built = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy${PolicyPath}${PolicyName}' };
  const document = { STACK_NAME: { Ref: 'AWS::StackName' }, RESOURCE_PREFIX: { Ref: 'ResourcePrefix' }, MFA_MAX_AGE_SECONDS: { Ref: 'MfaMaxAgeSeconds' }, CONFIG_RULE_ARN: { 'Fn::GetAtt': ['ConfigRule', 'Arn'] } };
  const expected: Record<string, unknown> = { ConfigRuleFunction: { ...common, POLICY_ARN: built }, RemediateFunction: common, EnforceFunction: { ...common, ...document } };
  for (const [id, p] of ofType(home, 'AWS::Lambda::Function')) assert.equal(isRecord(p.Environment) ? p.Environment.Variables : undefined, expected[id], id);
  assert.is(policyDocument.render(built, templates.vars), templates.vars.names?.Policy);
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

conventions('every action granted or denied exists; every wildcard stands for at least one action', () => {
  for (const [file, t] of parsed) {
    for (const { path, statement } of iamActions.statements(t)) {
      for (const action of [...iamActions.list(statement, 'Action'), ...iamActions.list(statement, 'NotAction')].map(String)) {
        if (action === 'sts:AssumeRole') continue;
        if (/[*?]/.test(action)) assert.ok(iamActions.expand(action).length > 0, `${file} ${path}: ${action} matches no action`);
        else iamActions.resourceTypes(action);
      }
    }
  }
});


conventions(`named resources: <stack>_… (stack names have no _), within their service's limit for the longest STACK (${MAX_STACK_LENGTH} characters)`, () => {
  const stack = `s${'t'.repeat(MAX_STACK_LENGTH - 1)}`;
  const vars = { ...templates.vars, names: { ...templates.vars.names, ResourcePrefix: stack, HomeStackName: stack, HomeStack: stack } };
  const names: string[] = [];
  // The organisation's read-only role is not one of the guard's own resources: its fixed name sits in a one-region StackSet (test/cfn/stackset-safety.test.ts).
  for (const [file, t] of [...parsed].filter(([file]) => file !== templates.ORG_ACCESS)) {
    for (const [type, property, limit] of NAME_LIMITS) {
      for (const [id, p] of ofType(t, type)) {
        const rendered = String(policyDocument.render(p[property] ?? null, vars));
        assert.ok(rendered.startsWith(`${stack}_`) || rendered.startsWith(`/aws/lambda/${stack}_`), `${file} ${id}.${property}: ${rendered}`);
        assert.ok(rendered.length <= limit, `${file} ${id}.${property}: ${rendered.length} characters, more than ${limit}`);
        names.push(rendered.replace(stack, '<stack>'));
      }
    }
  }
  // Home 12 (3 functions, roles and log groups, 2 rules, a queue), the alert topic; forwarder 3 and its
  // alerts' role, rule and 2 alarms; monitoring 5 (notify's function, role, log group, 2 rules) and 6 alarms.
  assert.is(names.length, 31);
  for (const [, p] of [...ofType(home, 'AWS::IAM::Role'), ...ofType(forwarder, 'AWS::IAM::Role'), ...ofType(monitoring, 'AWS::IAM::Role')]) assert.is(p.Path, '/mfa-guard/');
  for (const parameter of [forwarder.Parameters?.HomeStackName, monitoring.Parameters?.HomeStack]) {
    assert.is(parameter?.AllowedPattern, `[A-Za-z][A-Za-z0-9-]{0,${MAX_STACK_LENGTH - 1}}`);
    assert.not.match(`${stack}-x`, new RegExp(`^(?:${parameter?.AllowedPattern ?? ''})$`));
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
      ArnEquals: {
        'aws:SourceArn': [
          { 'Fn::GetAtt': ['ComplianceChangeRule', 'Arn'] },
          { 'Fn::GetAtt': ['CloudTrailRule', 'Arn'] },
          { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${ResourcePrefix}_guard' },
          { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${ResourcePrefix}_alarms' },
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
  assert.equal(attach.map((s) => s.resourceId), ['ConfigRuleRole', 'RemediateRole', 'EnforceRole']);
  for (const { statement } of attach) {
    assert.equal(iamActions.list(statement, 'Action'), ['iam:AttachUserPolicy']);
    assert.equal(statement.Resource, { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*' });
    // The config-rule role builds the ARN (the policy names the Config rule, which needs that role first): the same policy.
    const policy = statement.Condition as { ArnEquals: { 'iam:PolicyARN': unknown } };
    assert.equal(policyDocument.render(policy.ArnEquals['iam:PolicyARN'], templates.vars), templates.vars.names?.Policy);
  }
  const onPolicies = roleStatements.filter((s) => iamActions.list(s.statement, 'Action').some((a) => iamActions.resourceTypes(String(a)).some((r) => r.name === 'policy')));
  assert.equal(onPolicies.map((s) => s.resourceId), ['EnforceRole']);
  for (const { statement } of onPolicies) assert.equal(statement.Resource, { Ref: 'Policy' });
});

wiring('the whitelist parameter is readable by each function, and only that parameter', () => {
  const reads = iamActions.statements(home).filter((s) => s.statement.Effect === 'Allow' && iamActions.list(s.statement, 'Action').some((a) => String(a).startsWith('ssm:')));
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

wiring('outputs: the policy ARN, the fallback group, the rule name and ARN, the function names, the dead-letter queue and the alert topic', () => {
  assert.equal(Object.fromEntries(Object.entries(home.Outputs ?? {}).map(([name, o]) => [name, o.Value])), {
    Version: '0.1.0',
    PolicyArn: { Ref: 'Policy' },
    FallbackGroupName: { Ref: 'FallbackGroup' },
    ConfigRuleName: { Ref: 'ConfigRule' },
    ConfigRuleArn: { 'Fn::GetAtt': ['ConfigRule', 'Arn'] },
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
  for (const [file, t] of [...parsed].filter(([file]) => file !== templates.ORG_ACCESS)) assert.is(t.Outputs?.Version?.Value, version, file);
});

wiring('the fallback group is named from the resource prefix (the stack by default), carries our policy, and the policy denies leaving it', () => {
  assert.equal(templates.resource(home, 'FallbackGroup').Properties, { GroupName: { 'Fn::Sub': '${ResourcePrefix}-mfa-required' }, ManagedPolicyArns: [{ Ref: 'Policy' }] });
  const leave = iamActions.statements(home).find((s) => s.resourceId === 'Policy' && iamActions.list(s.statement, 'Action').includes('iam:RemoveUserFromGroup'));
  assert.equal(leave?.statement.Resource, { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:group/${ResourcePrefix}-mfa-required' });
});

wiring('remediate (5) and enforce (2) reserve concurrency, unless ReservedConcurrency is none', () => {
  assert.equal(home.Conditions?.Reserve, { 'Fn::Equals': [{ Ref: 'ReservedConcurrency' }, 'reserve'] });
  assert.equal(templates.property(home, 'RemediateFunction', 'ReservedConcurrentExecutions'), { 'Fn::If': ['Reserve', 5, { Ref: 'AWS::NoValue' }] });
  assert.equal(templates.property(home, 'EnforceFunction', 'ReservedConcurrentExecutions'), { 'Fn::If': ['Reserve', 2, { Ref: 'AWS::NoValue' }] });
  assert.is(templates.resource(home, 'ConfigRuleFunction').Properties?.ReservedConcurrentExecutions, undefined);
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
