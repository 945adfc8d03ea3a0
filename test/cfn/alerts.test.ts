/**
 * The alerting parts of the three templates: the topic and who may publish to it, the alarms, and
 * the rules that bring guard events and alarm state changes to the notify function (their patterns
 * matched against the fixtures, in the regions where those events arrive).
 */
import { readdirSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Json, Template } from '../../src/cfn/template.ts';
import * as guardEvents from '../../src/core/guard-events.ts';
import * as policyDocument from '../../src/core/policy-document.ts';
import { matches } from '../support/event-pattern.ts';
import * as fixtures from '../../sim/fixtures.ts';
import * as iamActions from '../support/iam-actions.ts';
import * as templates from '../support/templates.ts';

const home = templates.load(templates.HOME);
const forwarder = templates.load(templates.FORWARDER);
const monitoring = templates.load(templates.MONITORING);
const here = (import.meta as ImportMeta & { readonly url: string }).url;

const isRecord = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ofType = (t: Template, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type).map(([id, r]) => [id, r.Properties ?? {}] as const);
const render = (value: unknown, stackName: string) => policyDocument.render(value, { ...templates.vars, names: { ...templates.vars.names, HomeStack: 'mfa-guard', 'AWS::StackName': stackName } });
const publishers = (t: Template) => iamActions.statements(t).filter((s) => s.statement.Effect === 'Allow' && iamActions.list(s.statement, 'Action').includes('sns:Publish'));

const topic = suite('the alert topic');

topic('is encrypted with the AWS managed key, and its ARN is an output', () => {
  assert.is(templates.property(home, 'AlertTopic', 'KmsMasterKeyId'), 'alias/aws/sns');
  assert.equal(home.Outputs?.AlertTopicArn?.Value, { Ref: 'AlertTopic' });
});

topic('ALERT_EMAIL subscribes an address only when given', () => {
  const subscription = templates.resource(monitoring, 'AlertSubscription');
  assert.is(subscription.Condition, 'HasAlertEmail');
  assert.equal(subscription.Properties, { TopicArn: { Ref: 'AlertTopicArn' }, Protocol: 'email', Endpoint: { Ref: 'AlertEmail' } });
  assert.equal(monitoring.Conditions?.HasAlertEmail, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlertEmail' }, ''] }] });
  const pattern = new RegExp(`^(?:${monitoring.Parameters?.AlertEmail?.AllowedPattern ?? ''})$`);
  assert.match('', pattern);
  assert.match('security@example.com', pattern);
  assert.not.match('not an address', pattern);
});

topic('its policy denies publishing to everyone but the notify function\'s role', () => {
  const [statement, ...others] = iamActions.statements(monitoring).filter((s) => s.resourceId === 'AlertTopicPolicy');
  assert.is(others.length, 0);
  assert.equal(templates.property(monitoring, 'AlertTopicPolicy', 'Topics'), [{ Ref: 'AlertTopicArn' }]);
  assert.equal(statement?.statement, {
    Sid: 'OnlyNotifyPublishes',
    Effect: 'Deny',
    Principal: '*',
    Action: 'sns:Publish',
    Resource: { Ref: 'AlertTopicArn' },
    Condition: { ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': ['NotifyRole', 'Arn'] } } },
  });
});

topic('only the notify function may publish, to our topic alone; the enforcer and the other functions publish nothing', () => {
  assert.equal(publishers(home), []);
  assert.equal(publishers(forwarder), []);
  assert.equal(publishers(monitoring).map((s) => [s.resourceId, iamActions.list(s.statement, 'Action'), s.statement.Resource]), [['NotifyRole', ['sns:Publish'], { Ref: 'AlertTopicArn' }]]);
});

topic('the functions\' decisions reach notify: a subscription on each home log group, invoked only by Logs for that group', () => {
  for (const [id, name] of [['ConfigRule', 'config-rule'], ['Remediate', 'remediate'], ['Enforce', 'enforce']] as const) {
    const filter = templates.resource(monitoring, `${id}Decisions`);
    assert.is(filter.DependsOn, `${id}LogsPermission`);
    assert.equal(filter.Properties, { LogGroupName: { 'Fn::Sub': `/aws/lambda/\${HomeStack}_${name}` }, FilterPattern: '', DestinationArn: { 'Fn::GetAtt': ['NotifyFunction', 'Arn'] } });
    assert.equal(templates.property(monitoring, `${id}LogsPermission`, 'SourceArn'), { 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/\${HomeStack}_${name}:*` });
    // The home stack names its log groups so: the two templates must agree.
    assert.ok(Object.values(home.Resources).some((r) => r.Type === 'AWS::Logs::LogGroup' && JSON.stringify(r.Properties?.LogGroupName) === JSON.stringify({ 'Fn::Sub': `/aws/lambda/\${ResourcePrefix}_${name}` })), name);
  }
});

topic('the monitoring stack takes the home stack\'s outputs by their names, and its sweep frequencies', () => {
  const required = Object.entries(monitoring.Parameters ?? {}).filter(([, p]) => p.Default === undefined).map(([name]) => name);
  assert.equal(required.filter((name) => name !== 'HomeStack').filter((name) => !(name in (home.Outputs ?? {}))), []);
  assert.ok(required.includes('PolicyArn') && required.includes('AlertTopicArn'));
  assert.equal(monitoring.Parameters?.EvaluationFrequency?.AllowedValues, home.Parameters?.EvaluationFrequency?.AllowedValues);
});

topic('the home dead-letter queue admits the monitoring stack\'s two rules by the names that stack gives them', () => {
  const [queuePolicy] = iamActions.statements(home).filter((s) => s.resourceId === 'DeadLetterQueuePolicy');
  const sources = (queuePolicy?.statement.Condition as { ArnEquals: { 'aws:SourceArn': Json[] } }).ArnEquals['aws:SourceArn'];
  const admitted = sources.filter((arn) => isRecord(arn) && 'Fn::Sub' in arn).map((arn) => render(arn, 'mfa-guard'));
  assert.is(admitted.length, 2);
  for (const id of ['GuardRule', 'AlarmRule']) {
    const name = render(templates.property(monitoring, id, 'Name'), 'mfa-guard-monitoring');
    assert.ok(admitted.includes(`arn:aws:events:${templates.REGION}:${templates.ACCOUNT}:rule/${String(name)}`), id);
    assert.equal(templates.property(monitoring, id, 'Targets'), [{ Id: 'notify', Arn: { 'Fn::GetAtt': ['NotifyFunction', 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 }, DeadLetterConfig: { Arn: { Ref: 'DeadLetterQueueArn' } } }]);
  }
});

topic('the notify function reads the dead-letter queue without other rights, and fails into it', () => {
  const sqs = iamActions.statements(monitoring).filter((s) => iamActions.list(s.statement, 'Action').some((a) => String(a).startsWith('sqs:')));
  assert.equal(sqs.map((s) => [s.resourceId, iamActions.list(s.statement, 'Action'), s.statement.Resource]), [['NotifyRole', ['sqs:ReceiveMessage', 'sqs:SendMessage'], { Ref: 'DeadLetterQueueArn' }]]);
  assert.equal(templates.property(monitoring, 'NotifyInvokeConfig', 'DestinationConfig'), { OnFailure: { Destination: { Ref: 'DeadLetterQueueArn' } } });
});

topic.run();

const alarms = suite('alarms');
const alarmsOf = (t: Template) => ofType(t, 'AWS::CloudWatch::Alarm');

alarms('named <STACK>_… (which the alarm rules match), and without actions: CloudWatch cannot publish to an alias/aws/sns topic', () => {
  for (const [t, prefix] of [[monitoring, '${HomeStack}_'], [forwarder, '${HomeStackName}_iam-events-']] as const) {
    for (const [id, p] of alarmsOf(t)) {
      assert.ok(isRecord(p.AlarmName) && String(p.AlarmName['Fn::Sub']).startsWith(prefix), id);
      for (const actions of ['AlarmActions', 'OKActions', 'InsufficientDataActions']) assert.is(p[actions], undefined, `${id} ${actions}`);
    }
  }
});

alarms('the dead-letter queues and every function\'s errors, above zero', () => {
  const watched = (t: Template) => alarmsOf(t).filter(([, p]) => p.MetricName !== undefined).map(([, p]) => [p.Namespace, p.MetricName, Array.isArray(p.Dimensions) && isRecord(p.Dimensions[0]) ? p.Dimensions[0].Value : undefined, p.ComparisonOperator, p.Threshold]);
  assert.equal(watched(monitoring), [
    ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', { Ref: 'DeadLetterQueueName' }, 'GreaterThanThreshold', 0],
    ['AWS/Lambda', 'Errors', { Ref: 'ConfigRuleFunctionName' }, 'GreaterThanThreshold', 0],
    ['AWS/Lambda', 'Errors', { Ref: 'RemediateFunctionName' }, 'GreaterThanThreshold', 0],
    ['AWS/Lambda', 'Errors', { Ref: 'EnforceFunctionName' }, 'GreaterThanThreshold', 0],
    ['AWS/Lambda', 'Errors', { Ref: 'NotifyFunction' }, 'GreaterThanThreshold', 0],
  ]);
  assert.equal(watched(forwarder), [
    ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', { 'Fn::GetAtt': ['ForwardDeadLetterQueue', 'QueueName'] }, 'GreaterThanThreshold', 0],
    ['AWS/Events', 'FailedInvocations', { Ref: 'ForwardRule' }, 'GreaterThanThreshold', 0],
  ]);
});

alarms('the Config rule\'s function silent for twice the sweep frequency: one period of 2× the frequency, no data counting as silence', () => {
  const p = templates.resource(monitoring, 'ConfigRuleSilentAlarm').Properties ?? {};
  assert.equal([p.ComparisonOperator, p.Threshold, p.EvaluationPeriods, p.TreatMissingData], ['LessThanThreshold', 1, 1, 'breaching']);
  const hours: Record<string, number> = { One_Hour: 1, Three_Hours: 3, Six_Hours: 6, Twelve_Hours: 12, TwentyFour_Hours: 24 };
  for (const frequency of home.Parameters?.EvaluationFrequency?.AllowedValues ?? []) {
    const seconds = (monitoring.Mappings?.SilenceSeconds as Record<string, { Seconds: number }> | undefined)?.[String(frequency)]?.Seconds;
    assert.is(seconds, 2 * 3600 * (hours[String(frequency)] ?? NaN), String(frequency));
    // CloudWatch: Period × EvaluationPeriods at most 7 days for periods of an hour or more.
    assert.ok(seconds !== undefined && seconds % 60 === 0 && seconds <= 604_800);
  }
});

alarms.run();

const patterns = suite('guard and alarm rules against the fixtures');
const guardPattern = render(templates.property(monitoring, 'GuardRule', 'EventPattern'), 'mfa-guard-monitoring');
const alarmPattern = render(templates.property(monitoring, 'AlarmRule', 'EventPattern'), 'mfa-guard-monitoring');
const forwardPattern = render(templates.property(forwarder, 'AlertsForwardRule', 'EventPattern'), 'mfa-guard-iam-events');
const guardFixtures = readdirSync(new URL('../../fixtures/guard/', here)).filter((f) => f.endsWith('.json')).sort();
const NAMES = { whitelistParameter: '/mfa-guard/whitelist', configRuleName: fixtures.RULE_NAME, stack: 'mfa-guard' };

patterns('the guard rule matches exactly the guard fixtures that notify turns into alerts', () => {
  assert.ok(guardFixtures.length >= 14);
  for (const name of guardFixtures) {
    const event = fixtures.load('guard', name);
    assert.is(matches(guardPattern, event), guardEvents.decode(event, NAMES).kind === 'guard', name);
  }
});

patterns('the guard rule takes forwarded us-east-1 trail events too, and no IAM event', () => {
  assert.ok(matches(guardPattern, fixtures.load('guard', 'delete-trail.json')));
  for (const name of readdirSync(new URL('../../fixtures/cloudtrail/', here)).filter((f) => f.endsWith('.json'))) assert.not.ok(matches(guardPattern, fixtures.load('cloudtrail', name)), name);
});

patterns('the alarm rule takes our alarms and the forwarder\'s, not another stack\'s', () => {
  for (const name of ['dead-letters-alarm', 'dead-letters-ok', 'forward-failures-alarm']) assert.ok(matches(alarmPattern, fixtures.load('alarms', `${name}.json`)), name);
  assert.not.ok(matches(alarmPattern, fixtures.load('alarms', 'other-alarm.json')));
  assert.not.ok(matches(alarmPattern, fixtures.withField(fixtures.load('alarms', 'dead-letters-alarm.json'), 'detail.state.value', 'INSUFFICIENT_DATA')));
});

patterns('the forwarder sends its own alarms, trail calls and calls on its rules, nothing of the home region\'s', () => {
  assert.ok(matches(forwardPattern, fixtures.load('alarms', 'forward-failures-alarm.json')));
  assert.ok(matches(forwardPattern, fixtures.load('guard', 'stop-logging.json')));
  assert.ok(matches(forwardPattern, fixtures.withField(fixtures.load('guard', 'disable-rule.json'), 'detail.requestParameters.name', 'mfa-guard_iam-events')));
  assert.not.ok(matches(forwardPattern, fixtures.load('guard', 'disable-rule.json')));
  assert.not.ok(matches(forwardPattern, fixtures.load('alarms', 'dead-letters-alarm.json')));
  assert.not.ok(matches(forwardPattern, fixtures.load('cloudtrail', 'detach-user-policy.json')));
});

patterns('the forwarder\'s alert rule has a role of its own that may only put events on the home bus, and dead-letters', () => {
  const [target] = templates.property(forwarder, 'AlertsForwardRule', 'Targets') as Array<Record<string, Json>>;
  assert.equal(target?.RoleArn, { 'Fn::GetAtt': ['AlertsForwardRole', 'Arn'] });
  assert.equal(target?.DeadLetterConfig, { Arn: { 'Fn::GetAtt': ['ForwardDeadLetterQueue', 'Arn'] } });
  const allowed = iamActions.statements(forwarder).filter((s) => s.resourceId === 'AlertsForwardRole' && !s.path.includes('AssumeRolePolicyDocument'));
  assert.equal(allowed.map((s) => s.statement), [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:events:${HomeRegion}:${AWS::AccountId}:event-bus/default' } }]);
});

patterns.run();
