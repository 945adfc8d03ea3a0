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
import { iamEventsRegion } from '../deploy/trails.ts';
import { requestHandler } from './clients.ts';
import type { CloudFormation } from './cloudformation.ts';
import type { ConfigService } from './config-recorders.ts';
import type { Iam } from './iam.ts';
import type { Ssm } from './ssm.ts';
import type { Sts } from './sts.ts';
import type { CloudTrail } from './trails.ts';

/** What `make deploy|whitelist|destroy` call: the home region's clients, and factories for other regions. */
export interface DeployAws {
  readonly sts: Sts;
  readonly iam: Iam;
  readonly ssm: Ssm;
  readonly config: ConfigService;
  readonly cfn: CloudFormation;
  /** CloudTrail where IAM events reach EventBridge (us-east-1): the trails that feed them. */
  readonly trail: CloudTrail;
  /** CloudFormation in another region: the forwarder stack's. */
  readonly cfnIn: (region: string) => CloudFormation;
  /** AWS Config in another region: the pre-flight's "which region records IAM users?". */
  readonly configIn: (region: string) => ConfigService;
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
  } catch (error) {
    throw new Error(`no AWS region: pass REGION=<region> (or set AWS_REGION, or a region in your AWS profile); the SDK said: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    probe.destroy();
  }
}

/** Builds the clients for a home region, each with the per-attempt timeouts of `clients.ts`. */
export function deployClients(region: string): DeployAws {
  const at = (r: string) => ({ region: r, requestHandler: requestHandler() });
  return {
    sts: new STSClient(at(region)),
    iam: new IAMClient(at(region)),
    ssm: new SSMClient(at(region)),
    config: new ConfigServiceClient(at(region)),
    cfn: new CloudFormationClient(at(region)),
    trail: new CloudTrailClient(at(iamEventsRegion(region))),
    cfnIn: (other) => new CloudFormationClient(at(other)),
    // One attempt: a region that is not enabled answers with an error, which the hint reports.
    configIn: (other) => new ConfigServiceClient({ ...at(other), maxAttempts: 1 }),
  };
}
