/**
 * The clients of the organisation commands: the administrator's (Organizations, STS,
 * CloudFormation), and a member account's, reached through STS AssumeRole into the read-only role
 * that the access StackSet put there. Adaptive retries throughout: a sweep over hundreds of
 * accounts is throttled, and backs off instead of failing.
 *
 * @example
 * ```ts
 * const aws = orgClients('eu-west-1');
 * const member = await openMember(aws, '222222222222', 'eu-west-1');
 * ```
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ACCESS_ROLE } from '../org/settings.ts';
import { finalOn, OPTIONS, QUOTA_ERRORS } from './clients.ts';
import type { CloudFormation } from './cloudformation.ts';
import type { ConfigService } from './config-recorders.ts';
import type { Iam } from './iam.ts';
import type { Organizations } from './organizations.ts';
import type { Ssm } from './ssm.ts';

/** A member account's clients (read-only role). */
export interface MemberClients {
  readonly iam: Iam;
  readonly ssm: Ssm;
  readonly config: ConfigService;
  readonly cloudformation: CloudFormation;
}

/** What the organisation commands call. */
export interface OrgAws {
  readonly organizations: Organizations;
  readonly sts: Pick<STSClient, 'send'>;
  readonly cloudformation: CloudFormation;
  /** A member's clients from AssumeRole's credentials. */
  readonly member: (credentials: AwsCredentialIdentity, region: string) => MemberClients;
}

/** The real clients; the administrator's CloudFormation in `region` (StackSets live in the region they are created in). */
export function orgClients(region: string): OrgAws {
  const options = { ...OPTIONS, region };
  return {
    organizations: new OrganizationsClient(options),
    sts: new STSClient(options),
    cloudformation: new CloudFormationClient(options),
    member: (credentials, memberRegion) => {
      const member = { ...OPTIONS, region: memberRegion, credentials };
      return {
        iam: finalOn(new IAMClient(member), QUOTA_ERRORS),
        ssm: new SSMClient(member),
        config: new ConfigServiceClient(member),
        cloudformation: new CloudFormationClient(member),
      };
    },
  };
}

/** AssumeRole into `account`'s read-only role; the partition comes from the caller's ARN. */
export async function openMember(aws: OrgAws, account: string, region: string, partition = 'aws'): Promise<MemberClients> {
  const out = await aws.sts.send(new AssumeRoleCommand({ RoleArn: `arn:${partition}:iam::${account}:role/${ACCESS_ROLE}`, RoleSessionName: 'mfa-guard-org', DurationSeconds: 3600 }));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole into ${account} returned no credentials`);
  return aws.member({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken && { sessionToken: c.SessionToken }), ...(c.Expiration && { expiration: c.Expiration }) }, region);
}
