/**
 * The SDK clients of the deploy family, built once per run. Credentials come from the SDK's default
 * chain (`AWS_PROFILE`, which `make … PROFILE=x` sets, environment, SSO, instance roles).
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { IAMClient } from '@aws-sdk/client-iam';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { IAM_EVENTS_REGION } from '../deploy/trails.ts';

/** Every client `make deploy` and `make destroy` use: home region, plus us-east-1 where IAM events land. */
export interface DeployClients {
  readonly region: string;
  readonly cfn: CloudFormationClient;
  /** CloudFormation in us-east-1, for the forwarder stack. */
  readonly cfnIamEvents: CloudFormationClient;
  readonly sts: STSClient;
  readonly iam: IAMClient;
  readonly ssm: SSMClient;
  readonly config: ConfigServiceClient;
  /** CloudTrail in us-east-1: the trails that feed IAM events to EventBridge there. */
  readonly trail: CloudTrailClient;
  /** A Config client for another region (the pre-flight's "which region records IAM users?"). */
  readonly configIn: (region: string) => ConfigServiceClient;
}

/**
 * The region to deploy to: `explicit` (REGION), else what the SDK resolves (AWS_REGION, the
 * profile's region). Throws when there is none.
 */
export async function resolveRegion(explicit: string | undefined): Promise<string> {
  if (explicit) return explicit;
  const probe = new STSClient({});
  try {
    return await probe.config.region();
  } catch {
    throw new Error('no AWS region: pass REGION=<region> (or set AWS_REGION, or a region in your AWS profile)');
  } finally {
    probe.destroy();
  }
}

/** Builds the clients for `region`. */
export function deployClients(region: string): DeployClients {
  return {
    region,
    cfn: new CloudFormationClient({ region }),
    cfnIamEvents: new CloudFormationClient({ region: IAM_EVENTS_REGION }),
    sts: new STSClient({ region }),
    iam: new IAMClient({ region }),
    ssm: new SSMClient({ region }),
    config: new ConfigServiceClient({ region }),
    trail: new CloudTrailClient({ region: IAM_EVENTS_REGION }),
    // One attempt: a region that is not enabled answers with an error, which the hint reports.
    configIn: (other) => new ConfigServiceClient({ region: other, maxAttempts: 1 }),
  };
}
