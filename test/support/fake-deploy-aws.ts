/**
 * A scripted AWS account for the deploy family's flows: STS, IAM, SSM, Config and CloudTrail behind
 * `aws-sdk-client-mock`, with the fixture users (alice, bob, carol, ci-deployer). CloudFormation comes
 * from fake-cloudformation.ts.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  StartConfigRulesEvaluationCommand,
  type ConfigurationRecorder,
} from '@aws-sdk/client-config-service';
import { GenerateCredentialReportCommand, GetAccountAuthorizationDetailsCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { readFileSync } from 'node:fs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { DeployAws } from '../../src/aws/deploy-clients.ts';
import type { CloudFormation } from '../../src/aws/cloudformation.ts';
import { noSuchStack } from './fake-cloudformation.ts';

/** The policy ARN the fixtures use. */
export const POLICY_ARN = 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA';

const USERS = [
  { UserName: 'alice', UserId: 'AIDAJQABLZS4A3QDU576Q', Path: '/', AttachedManagedPolicies: [{ PolicyName: 'DenyActionWithoutMFA', PolicyArn: POLICY_ARN }] },
  { UserName: 'bob', UserId: 'AIDAIOSFODNN7EXAMPLE', Path: '/', AttachedManagedPolicies: [] },
  { UserName: 'carol', UserId: 'AIDACKCEVSQ6C2EXAMPLE', Path: '/engineering/', AttachedManagedPolicies: [{ PolicyName: 'DenyActionWithoutMFA', PolicyArn: POLICY_ARN }] },
  { UserName: 'ci-deployer', UserId: 'AIDAQ3EGRNG2ZH3EXAMPLE', Path: '/', AttachedManagedPolicies: [] },
].map((u) => ({ ...u, Arn: `arn:aws:iam::123456789012:user${u.Path}${u.UserName}`, CreateDate: new Date('2024-01-01T00:00:00Z') }));

/** A recorder recording everything, global IAM types included. */
export const RECORDS_IAM: ConfigurationRecorder = { name: 'default', roleARN: 'arn:aws:iam::123456789012:role/config', recordingGroup: { allSupported: true, includeGlobalResourceTypes: true, resourceTypes: [] } };

/** How the account is set up. */
export interface Account {
  readonly callerArn?: string;
  readonly callerUserId?: string;
  readonly recorders?: readonly ConfigurationRecorder[];
  readonly recording?: boolean;
  /** Regions (other than home) whose recorder records IAM users; other regions have none. */
  readonly recordsElsewhere?: readonly string[];
  readonly trailLogging?: boolean;
  /** The credential report's CSV (default: fixtures/iam/credential-report.csv, whose keys were last used in 2025). */
  readonly credentialReport?: string;
  /** CloudFormation of the home region, and of other regions by name. */
  readonly cfn: CloudFormation;
  readonly cfnIn?: Readonly<Record<string, CloudFormation>>;
}

/** The clients, and the stubs to read the calls from. */
export function fakeDeployAws(account: Account) {
  const stsClient = new STSClient({ region: 'eu-west-1' });
  const iamClient = new IAMClient({ region: 'eu-west-1' });
  const ssmClient = new SSMClient({ region: 'eu-west-1' });
  const configClient = new ConfigServiceClient({ region: 'eu-west-1' });
  const trailClient = new CloudTrailClient({ region: 'us-east-1' });
  const stubs = { sts: mockClient(stsClient), iam: mockClient(iamClient), ssm: mockClient(ssmClient), config: mockClient(configClient), trail: mockClient(trailClient) };
  stubs.sts.on(GetCallerIdentityCommand).resolves({
    Account: '123456789012',
    Arn: account.callerArn ?? 'arn:aws:sts::123456789012:assumed-role/Admin/deployer',
    UserId: account.callerUserId ?? 'AROAEXAMPLEEXAMPLE01:deployer',
  });
  stubs.iam.on(GetAccountAuthorizationDetailsCommand).resolves({ UserDetailList: USERS, IsTruncated: false });
  stubs.iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
  stubs.iam.on(GetCredentialReportCommand).resolves({
    Content: new TextEncoder().encode(account.credentialReport ?? readFileSync('fixtures/iam/credential-report.csv', 'utf8')),
    ReportFormat: 'text/csv',
    GeneratedTime: new Date('2026-11-29T11:50:00Z'),
  });
  stubs.ssm.on(PutParameterCommand).resolves({ Version: 1, Tier: 'Standard' });
  const recorders = account.recorders ?? [RECORDS_IAM];
  stubs.config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [...recorders] });
  stubs.config.on(DescribeConfigurationRecorderStatusCommand).resolves({
    ConfigurationRecordersStatus: recorders.map((r) => ({ name: r.name, recording: account.recording ?? true, lastStatus: 'Success' })),
  });
  stubs.config.on(StartConfigRulesEvaluationCommand).resolves({});
  const trailArn = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events';
  stubs.trail.on(DescribeTrailsCommand).resolves({
    trailList: [{ Name: 'management-events', TrailARN: trailArn, HomeRegion: 'us-east-1', IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true }],
  });
  stubs.trail.on(GetTrailStatusCommand).resolves({ IsLogging: account.trailLogging ?? true });

  const elsewhere = new Map<string, ReturnType<typeof mockClient>>();
  const configIn = (region: string) => {
    const client = new ConfigServiceClient({ region });
    const stub = mockClient(client);
    const records = (account.recordsElsewhere ?? []).includes(region);
    stub.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: records ? [RECORDS_IAM] : [] });
    stub.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: records ? [{ name: 'default', recording: true }] : [] });
    elsewhere.set(region, stub);
    return client;
  };
  const unscripted: Record<string, CloudFormation> = {};
  const aws: DeployAws = {
    sts: stsClient,
    iam: iamClient,
    ssm: ssmClient,
    config: configClient,
    trail: trailClient,
    cfn: account.cfn,
    // A region with nothing scripted holds no stack: DescribeStacks says so, anything else is a test error.
    cfnIn: (region) => account.cfnIn?.[region] ?? (unscripted[region] ??= noStacks(region)),
    configIn,
  };
  return { aws, stubs, elsewhere };
}

/** A CloudFormation client of `region` in which no stack exists. */
function noStacks(region: string): CloudFormation {
  const client = new CloudFormationClient({ region });
  const stub = mockClient(client);
  stub.onAnyCommand().rejects(new Error(`test: no CloudFormation scripted for ${region}`));
  stub.on(DescribeStacksCommand).callsFake((input: { StackName?: string }) => Promise.reject(noSuchStack(input.StackName ?? '?')));
  return client;
}
