/** STS adapter for the deploy family: who the credentials belong to. */
import { GetCallerIdentityCommand, type GetCallerIdentityCommandOutput, type STSClient } from '@aws-sdk/client-sts';

/** GetCallerIdentity's answer. */
export type CallerIdentity = GetCallerIdentityCommandOutput;

/** The client, narrowed to what the adapter uses. */
export type Sts = Pick<STSClient, 'send'>;

/** `sts:GetCallerIdentity`: account, ARN and user ID of the caller (needs no permission). */
export async function callerIdentity(sts: Sts): Promise<GetCallerIdentityCommandOutput> {
  return sts.send(new GetCallerIdentityCommand({}));
}
