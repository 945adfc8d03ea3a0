/**
 * How many users, groups and roles carry the policy (`GetPolicy`'s AttachmentCount): one cheap call
 * that tells whether anything was detached since a count taken earlier, without listing every user.
 *
 * @example
 * ```ts
 * const count = await policyAttachments(client, policyArn); // null when the policy does not exist
 * ```
 */
import { GetPolicyCommand } from '@aws-sdk/client-iam';
import { isNoSuchEntity, required } from './errors.ts';
import type { Iam } from './iam.ts';

/** AttachmentCount of the policy; null when it does not exist. */
export async function policyAttachments(iam: Iam, policyArn: string): Promise<number | null> {
  try {
    const { Policy: policy } = await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }));
    return required(policy?.AttachmentCount, 'GetPolicy', 'Policy.AttachmentCount');
  } catch (error) {
    if (isNoSuchEntity(error)) return null;
    throw error;
  }
}
