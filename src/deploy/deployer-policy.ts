/**
 * The IAM policy a principal needs to run `make deploy`, `make whitelist`, `make destroy` and
 * `make report`, its health block included (`make deployer-policy` prints it). Two parts: the calls the commands make
 * themselves (proven against the simulated account in test/deploy/deployer-policy.test.ts), and
 * the calls CloudFormation makes with the caller's credentials to create, update and delete each
 * resource type of the templates (`PROVISIONING`, from the resource handlers' documented
 * permissions; a type without an entry fails the test). Every resource is scoped to the names
 * STACK gives it (`<STACK>_…`, roles under /mfa-guard/: no stack name has `_`, so no other stack's);
 * only actions without resource-level permissions get `*`.
 *
 * @example
 * ```ts
 * deployerPolicy.document({ partition: 'aws', account: '123456789012', region: '*', stack: 'mfa-guard' });
 * ```
 */

/** Where the deploy runs: `*` for any account or region. */
export interface Scope {
  readonly partition: string;
  readonly account: string;
  /** The home region; the forwarder's us-east-1 (cn-north-1) is added when it differs. `*`: any. */
  readonly region: string;
  readonly stack: string;
  /** The managed policy's name (template parameter PolicyName, path /). */
  readonly policyName?: string;
}

/** One policy statement. */
export interface Statement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** Per template resource type: the Sid of the statement that lets CloudFormation manage it. */
export const PROVISIONING: Readonly<Record<string, string>> = {
  'AWS::IAM::ManagedPolicy': 'ThePolicy',
  'AWS::IAM::Role': 'FunctionRoles',
  'AWS::IAM::RolePolicy': 'FunctionRoles',
  'AWS::IAM::Group': 'FallbackGroup',
  'AWS::Lambda::Function': 'Functions',
  'AWS::Lambda::EventInvokeConfig': 'Functions',
  'AWS::Lambda::Permission': 'Functions',
  'AWS::Logs::LogGroup': 'LogGroups',
  'AWS::SQS::Queue': 'DeadLetterQueues',
  'AWS::SQS::QueuePolicy': 'DeadLetterQueues',
  'AWS::Events::Rule': 'EventRules',
  'AWS::Config::ConfigRule': 'ConfigRule',
  'AWS::SNS::Topic': 'AlertTopic',
  'AWS::SNS::TopicPolicy': 'AlertTopic',
  'AWS::SNS::Subscription': 'AlertTopic',
  'AWS::CloudWatch::Alarm': 'Alarms',
  'AWS::Logs::SubscriptionFilter': 'LogGroups',
  // Only under StackSets (make deploy-org passes WhitelistJson); make deploy writes the parameter itself.
  'AWS::SSM::Parameter': 'WhitelistParameter',
};

/** The policy document, least privilege for `scope`. */
export function document(scope: Scope): { Version: '2012-10-17'; Statement: Statement[] } {
  const { partition: p, account: a, stack } = scope;
  const regions = scope.region === '*' ? ['*'] : [...new Set([scope.region, p === 'aws-cn' ? 'cn-north-1' : 'us-east-1'])];
  const inRegions = (service: string, resource: string) => regions.map((r) => `arn:${p}:${service}:${r}:${a}:${resource}`);
  const home = scope.region;
  const policyArn = `arn:${p}:iam::${a}:policy/${scope.policyName ?? 'DenyActionWithoutMFA'}`;
  const allow = (Sid: string, Action: string[], Resource: string[], Condition?: Statement['Condition']): Statement => ({ Sid, Effect: 'Allow', Action, Resource, ...(Condition && { Condition }) });
  return {
    Version: '2012-10-17',
    Statement: [
      // Reads without resource-level permissions, and the trail reads (the trails are not ours to name).
      allow('ReadAccountState', ['iam:GetAccountAuthorizationDetails', 'iam:GenerateCredentialReport', 'iam:GetCredentialReport', 'config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus', 'cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'config:DescribeConfigRules', 'config:DescribeConfigRuleEvaluationStatus', 'logs:DescribeLogGroups', 'cloudtrail:GetEventSelectors'], ['*']),
      allow(
        'Stacks',
        ['cloudformation:CreateChangeSet', 'cloudformation:DescribeChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:DeleteChangeSet', 'cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents', 'cloudformation:ListStackResources', 'cloudformation:DeleteStack', 'cloudformation:TagResource'],
        [...inRegions('cloudformation', `stack/${stack}/*`), ...inRegions('cloudformation', `stack/${stack}-iam-events/*`), ...inRegions('cloudformation', `stack/${stack}-monitoring/*`)],
      ),
      allow('WhitelistParameter', ['ssm:PutParameter', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:DeleteParameter', 'ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource'], [`arn:${p}:ssm:${home}:${a}:parameter/${stack}/whitelist`]),
      // A Config rule's ARN holds its ID (config-rule/config-rule-ab12cd), not its name.
      allow('ConfigRule', ['config:PutConfigRule', 'config:DeleteConfigRule', 'config:StartConfigRulesEvaluation', 'config:TagResource', 'config:UntagResource', 'config:ListTagsForResource'], [`arn:${p}:config:${home}:${a}:config-rule/*`]),
      allow('ThePolicy', ['iam:CreatePolicy', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:DeletePolicy', 'iam:ListEntitiesForPolicy', 'iam:TagPolicy', 'iam:UntagPolicy', 'iam:ListPolicyTags'], [policyArn]),
      // make destroy frees the policy before its stack can delete it: detach this policy only.
      allow('DetachThePolicyOnly', ['iam:DetachUserPolicy', 'iam:DetachGroupPolicy', 'iam:DetachRolePolicy'], [`arn:${p}:iam::${a}:user/*`, `arn:${p}:iam::${a}:group/*`, `arn:${p}:iam::${a}:role/*`], { ArnEquals: { 'iam:PolicyARN': policyArn } }),
      // The group that carries the policy for users at their managed-policy quota: this policy only.
      allow('FallbackGroup', ['iam:CreateGroup', 'iam:GetGroup', 'iam:DeleteGroup', 'iam:ListAttachedGroupPolicies', 'iam:ListGroupPolicies'], [`arn:${p}:iam::${a}:group/${stack}-mfa-required`]),
      allow('FallbackGroupPolicy', ['iam:AttachGroupPolicy', 'iam:DetachGroupPolicy'], [`arn:${p}:iam::${a}:group/${stack}-mfa-required`], { ArnEquals: { 'iam:PolicyARN': policyArn } }),
      allow(
        'FunctionRoles',
        ['iam:CreateRole', 'iam:GetRole', 'iam:DeleteRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:TagRole', 'iam:UntagRole'],
        [`arn:${p}:iam::${a}:role/mfa-guard/${stack}_*`],
      ),
      allow('PassFunctionRoles', ['iam:PassRole'], [`arn:${p}:iam::${a}:role/mfa-guard/${stack}_*`], { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com', 'events.amazonaws.com'] } }),
      allow(
        'Functions',
        [
          'lambda:CreateFunction', 'lambda:GetFunction', 'lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:DeleteFunction',
          'lambda:TagResource', 'lambda:UntagResource', 'lambda:ListTags', 'lambda:AddPermission', 'lambda:RemovePermission', 'lambda:GetPolicy',
          // Put, Update, Get and Delete FunctionEventInvokeConfig, no other (the 6,144 characters bind).
          'lambda:*FunctionEventInvokeConfig',
        ],
        inRegions('lambda', `function:${stack}_*`),
      ),
      allow('LogGroups', ['logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy', 'logs:PutSubscriptionFilter', 'logs:DeleteSubscriptionFilter', 'logs:DescribeSubscriptionFilters', 'logs:TagResource', 'logs:UntagResource', 'logs:ListTagsForResource', 'logs:TagLogGroup'], inRegions('logs', `log-group:/aws/lambda/${stack}_*`)),
      allow('DeadLetterQueues', ['sqs:CreateQueue', 'sqs:DeleteQueue', 'sqs:GetQueueAttributes', 'sqs:SetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:TagQueue', 'sqs:UntagQueue', 'sqs:ListQueueTags'], inRegions('sqs', `${stack}_*`)),
      allow('AlertTopic', ['sns:CreateTopic', 'sns:DeleteTopic', 'sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:TagResource', 'sns:UntagResource', 'sns:ListTagsForResource', 'sns:Subscribe', 'sns:Unsubscribe', 'sns:GetSubscriptionAttributes', 'sns:ListSubscriptionsByTopic'], inRegions('sns', `${stack}_*`)),
      allow('Alarms', ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource', 'cloudwatch:ListTagsForResource'], inRegions('cloudwatch', `alarm:${stack}_*`)),
      allow('EventRules', ['events:PutRule', 'events:DescribeRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets', 'events:ListTargetsByRule', 'events:TagResource', 'events:UntagResource', 'events:ListTagsForResource'], inRegions('events', `rule/${stack}_*`)),
    ],
  };
}
