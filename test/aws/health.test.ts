import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, DescribeSubscriptionFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient, DescribeConfigRuleEvaluationStatusCommand, DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gather, type HealthAws } from '../../src/aws/health.ts';
import { checks } from '../../src/deploy/health.ts';
import { passed } from '../../src/deploy/preflight.ts';
import { sent } from '../support/sent.ts';
import { zipOf } from '../support/zip-writer.ts';

const ACCOUNT = '123456789012';
const FN = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:`;
const CODE: Record<string, string> = { ConfigRuleFunction: 'config()\n', RemediateFunction: 'remediate()\n', EnforceFunction: 'enforce()\n', NotifyFunction: 'notify()\n' };
const physical: Record<string, string> = { ConfigRuleFunction: 'mfa-guard_config-rule', RemediateFunction: 'mfa-guard_remediate', EnforceFunction: 'mfa-guard_enforce', NotifyFunction: 'mfa-guard_notify' };
const outputs = (values: Record<string, string>) => Object.entries(values).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }));
const resources = (values: Record<string, string>) => Object.entries(values).map(([LogicalResourceId, PhysicalResourceId]) => ({ LogicalResourceId, PhysicalResourceId, ResourceType: 'x', ResourceStatus: 'CREATE_COMPLETE' as const, LastUpdatedTimestamp: new Date() }));

function account(options: { deployedEnforce?: string; forwarderDepth?: string; dropRemediate?: boolean } = {}) {
  const clients = {
    cfn: new CloudFormationClient({ region: 'eu-west-1' }),
    cfnEvents: new CloudFormationClient({ region: 'us-east-1' }),
    events: new EventBridgeClient({ region: 'eu-west-1' }),
    eventsIn: new EventBridgeClient({ region: 'us-east-1' }),
    trail: new CloudTrailClient({ region: 'us-east-1' }),
    config: new ConfigServiceClient({ region: 'eu-west-1' }),
    sqs: new SQSClient({ region: 'eu-west-1' }),
    sqsEvents: new SQSClient({ region: 'us-east-1' }),
    lambda: new LambdaClient({ region: 'eu-west-1' }),
    logs: new CloudWatchLogsClient({ region: 'eu-west-1' }),
  };
  const stubs = Object.fromEntries(Object.entries(clients).map(([k, c]) => [k, mockClient(c as never)])) as Record<keyof typeof clients, ReturnType<typeof mockClient>>;
  const stackId = (name: string, region: string) => `arn:aws:cloudformation:${region}:${ACCOUNT}:stack/${name}/0f1e`;
  stubs.cfn.on(DescribeStacksCommand, { StackName: 'mfa-guard' }).resolves({ Stacks: [{ StackName: 'mfa-guard', StackId: stackId('mfa-guard', 'eu-west-1'), CreationTime: new Date(), StackStatus: 'UPDATE_COMPLETE', Outputs: outputs({ Version: '0.1.0', ConfigRuleName: 'mfa-guard-users', DeadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/home-dlq' }), Parameters: [{ ParameterKey: 'EvaluationFrequency', ParameterValue: 'Three_Hours' }] }] });
  stubs.cfn.on(DescribeStacksCommand, { StackName: 'mfa-guard-monitoring' }).resolves({ Stacks: [{ StackName: 'mfa-guard-monitoring', StackId: stackId('mfa-guard-monitoring', 'eu-west-1'), CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE', Outputs: outputs({ Version: '0.1.0' }) }] });
  stubs.cfn.on(ListStackResourcesCommand, { StackName: 'mfa-guard' }).resolves({ StackResourceSummaries: resources({ CloudTrailRule: 'mfa-guard_iam-calls', ComplianceChangeRule: 'mfa-guard_compliance-change', ConfigRuleFunction: physical.ConfigRuleFunction!, RemediateFunction: physical.RemediateFunction!, EnforceFunction: physical.EnforceFunction! }) });
  stubs.cfn.on(ListStackResourcesCommand, { StackName: 'mfa-guard-monitoring' }).resolves({ StackResourceSummaries: resources({ GuardRule: 'mfa-guard_guard', AlarmRule: 'mfa-guard_alarms', NotifyFunction: physical.NotifyFunction! }) });
  stubs.cfnEvents.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'mfa-guard-iam-events', StackId: stackId('mfa-guard-iam-events', 'us-east-1'), CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE', Outputs: outputs({ Version: '0.1.0', DeadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/fwd-dlq' }) }] });
  stubs.cfnEvents.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: resources({ ForwardRule: 'mfa-guard_iam-events', AlertsForwardRule: 'mfa-guard_iam-events-alerts' }) });
  stubs.events.on(DescribeRuleCommand).resolves({ State: 'ENABLED' });
  stubs.events.on(ListTargetsByRuleCommand, { Rule: 'mfa-guard_iam-calls' }).resolves({ Targets: [{ Id: 'enforce', Arn: `${FN}${physical.EnforceFunction}` }] });
  stubs.events.on(ListTargetsByRuleCommand, { Rule: 'mfa-guard_compliance-change' }).resolves({ Targets: [{ Id: 'x', Arn: `${FN}other` }], NextToken: 'page-2' });
  stubs.events.on(ListTargetsByRuleCommand, { Rule: 'mfa-guard_compliance-change', NextToken: 'page-2' }).resolves({ Targets: [{ Id: 'remediate', Arn: `${FN}${physical.RemediateFunction}` }] });
  stubs.events.on(ListTargetsByRuleCommand, { Rule: 'mfa-guard_guard' }).resolves({ Targets: [{ Id: 'notify', Arn: `${FN}${physical.NotifyFunction}` }] });
  stubs.events.on(ListTargetsByRuleCommand, { Rule: 'mfa-guard_alarms' }).resolves({ Targets: [{ Id: 'notify', Arn: `${FN}${physical.NotifyFunction}` }] });
  stubs.eventsIn.on(DescribeRuleCommand).resolves({ State: 'ENABLED' });
  stubs.eventsIn.on(ListTargetsByRuleCommand).resolves({ Targets: [{ Id: 'home-region-bus', Arn: `arn:aws:events:eu-west-1:${ACCOUNT}:event-bus/default` }] });
  const trailArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`;
  stubs.trail.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'management-events', TrailARN: trailArn, HomeRegion: 'us-east-1', IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true }] });
  stubs.trail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  stubs.trail.on(GetEventSelectorsCommand).resolves({ TrailARN: trailArn, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] });
  stubs.config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [{ name: 'default', recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } }] });
  stubs.config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }] });
  stubs.config.on(DescribeConfigRuleEvaluationStatusCommand).resolves({ ConfigRulesEvaluationStatus: [{ ConfigRuleName: 'mfa-guard-users', LastSuccessfulEvaluationTime: new Date('2026-11-30T10:00:00Z') }] });
  stubs.sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '0' } });
  stubs.sqsEvents.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: options.forwarderDepth ?? '0' } });
  for (const [id, name] of Object.entries(physical)) {
    stubs.lambda.on(GetFunctionCommand, { FunctionName: name }).resolves({ Configuration: { FunctionName: name, CodeSha256: `sha-${id}=` }, Code: { RepositoryType: 'S3', Location: `https://awslambda-eu-west-1-tasks.s3.eu-west-1.amazonaws.com/snapshots/${name}?X-Amz-Signature=x` } });
  }
  const notifyArn = `${FN}${physical.NotifyFunction}`;
  stubs.logs.on(DescribeSubscriptionFiltersCommand).resolves({ subscriptionFilters: [{ filterName: 'f', logGroupName: 'g', destinationArn: notifyArn }] });
  stubs.logs.on(DescribeSubscriptionFiltersCommand, { logGroupName: '/aws/lambda/mfa-guard_remediate' }).resolves({ subscriptionFilters: [{ filterName: 'splunk', destinationArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/splunk' }], nextToken: 'more' });
  stubs.logs.on(DescribeSubscriptionFiltersCommand, { logGroupName: '/aws/lambda/mfa-guard_remediate', nextToken: 'more' }).resolves({ subscriptionFilters: options.dropRemediate ? [] : [{ filterName: 'f', destinationArn: notifyArn }] });
  const downloads: string[] = [];
  const download = async (url: string) => {
    downloads.push(url);
    const id = Object.keys(physical).find((k) => url.includes(`/${physical[k]}?`)) ?? '';
    return zipOf({ 'index.js': id === 'EnforceFunction' && options.deployedEnforce !== undefined ? options.deployedEnforce : (CODE[id] ?? '') });
  };
  const aws: HealthAws = { ...clients, download };
  return { aws, stubs, downloads };
}

const request = { stack: 'mfa-guard', region: 'eu-west-1', eventsRegion: 'us-east-1', version: '0.1.0', expectedCode: CODE, now: new Date('2026-11-30T12:00:00Z') };
const gathering = suite('health.gather');

gathering('a healthy deployment: every check passes, from the real API calls', async () => {
  const { aws, stubs, downloads } = account();
  const verdicts = checks(await gather(aws, request));
  assert.ok(passed(verdicts), JSON.stringify(verdicts.filter((v) => v.level !== 'ok')));
  assert.equal(verdicts.map((v) => v.check), [
    'stack mfa-guard',
    'stack mfa-guard-iam-events',
    'stack mfa-guard-monitoring',
    'rule mfa-guard_iam-calls',
    'rule mfa-guard_compliance-change',
    'rule mfa-guard_iam-events',
    'rule mfa-guard_iam-events-alerts',
    'rule mfa-guard_guard',
    'rule mfa-guard_alarms',
    'cloudtrail',
    'aws-config',
    'queue mfa-guard dead letters',
    'queue mfa-guard-iam-events dead letters',
    `code ${physical.ConfigRuleFunction}`,
    `code ${physical.RemediateFunction}`,
    `code ${physical.EnforceFunction}`,
    `code ${physical.NotifyFunction}`,
    'alerts /aws/lambda/mfa-guard_config-rule',
    'alerts /aws/lambda/mfa-guard_remediate',
    'alerts /aws/lambda/mfa-guard_enforce',
    'last evaluation',
  ]);
  assert.equal(sent(stubs.logs).map((c) => c.input), [
    { logGroupName: '/aws/lambda/mfa-guard_config-rule' },
    { logGroupName: '/aws/lambda/mfa-guard_remediate' },
    { logGroupName: '/aws/lambda/mfa-guard_remediate', nextToken: 'more' },
    { logGroupName: '/aws/lambda/mfa-guard_enforce' },
  ]);
  assert.equal(sent(stubs.events).filter((c) => c.command === 'ListTargetsByRuleCommand').map((c) => c.input).slice(1, 3), [{ Rule: 'mfa-guard_compliance-change' }, { Rule: 'mfa-guard_compliance-change', NextToken: 'page-2' }]);
  assert.equal(sent(stubs.trail).find((c) => c.command === 'GetEventSelectorsCommand')?.input, { TrailName: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events` });
  assert.equal(sent(stubs.config).find((c) => c.command === 'DescribeConfigRuleEvaluationStatusCommand')?.input, { ConfigRuleNames: ['mfa-guard-users'] });
  assert.equal(sent(stubs.lambda).map((c) => c.input), Object.values(physical).map((FunctionName) => ({ FunctionName })));
  assert.is(downloads.length, 4);
});

gathering('code changed behind mfa-guard\'s back, and dead letters in us-east-1, fail their checks', async () => {
  const { aws } = account({ deployedEnforce: 'exports.handler = async () => {};\n', forwarderDepth: '4', dropRemediate: true });
  const failing = checks(await gather(aws, request)).filter((v) => v.level === 'fail');
  assert.equal(failing.map((v) => v.check), ['queue mfa-guard-iam-events dead letters', `code ${physical.EnforceFunction}`, 'alerts /aws/lambda/mfa-guard_remediate']);
});

gathering('a read that is denied fails its own check, not the report', async () => {
  const { aws, stubs } = account();
  stubs.lambda.on(GetFunctionCommand).rejects(Object.assign(new Error('not authorized to perform: lambda:GetFunction'), { name: 'AccessDeniedException' }));
  const verdicts = checks(await gather(aws, request));
  const code = verdicts.filter((v) => v.check.startsWith('code '));
  assert.ok(code.every((v) => v.level === 'fail' && v.message === 'could not be read: AccessDeniedException: not authorized to perform: lambda:GetFunction'));
  assert.is(verdicts.filter((v) => v.level === 'fail').length, 4);
});

gathering('the evaluation may be as old as twice the sweep frequency of the stack (Three_Hours: 6 h)', async () => {
  const { aws } = account();
  const facts = await gather(aws, { ...request, now: new Date('2026-11-30T15:30:00Z') });
  assert.is(facts.evaluation.maxAgeHours, 6);
  assert.is(checks(facts).find((v) => v.check === 'last evaluation')?.level, 'ok');
  assert.is(checks(await gather(aws, { ...request, now: new Date('2026-11-30T16:30:00Z') })).find((v) => v.check === 'last evaluation')?.level, 'fail');
});

gathering.run();
