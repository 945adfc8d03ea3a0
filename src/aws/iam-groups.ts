/**
 * The stack's fallback group: adding a user at the managed-policy quota to it, and keeping our
 * policy attached to it. The group carries the policy, so a member is covered without a policy slot.
 *
 * @example
 * ```ts
 * const outcome = await iamGroups.addToGroup(client, 'bob', 'mfa-guard-mfa-required');
 * if (outcome.kind === 'limit-exceeded') failures.push({ user: 'bob', reason: outcome.message });
 * ```
 */
import { AddUserToGroupCommand, AttachGroupPolicyCommand, ListAttachedGroupPoliciesCommand } from '@aws-sdk/client-iam';
import { samePolicyArn } from '../core/names.ts';
import { errorMessage, isLimitExceeded, isNoSuchEntity, required } from './errors.ts';
import type { Iam } from './iam.ts';
import * as paging from './paging.ts';

/** What adding a user to the group came to. `limit-exceeded`: the user is in as many groups as IAM allows (10). */
export type AddOutcome = { kind: 'added' } | { kind: 'user-gone' } | { kind: 'group-missing'; message: string } | { kind: 'limit-exceeded'; message: string };

/** AddUserToGroup (idempotent: adding a member succeeds). IAM says in the message which entity `NoSuchEntity` is about. */
export async function addToGroup(iam: Iam, userName: string, groupName: string): Promise<AddOutcome> {
  try {
    await iam.send(new AddUserToGroupCommand({ UserName: userName, GroupName: groupName }));
    return { kind: 'added' };
  } catch (error) {
    if (isLimitExceeded(error)) return { kind: 'limit-exceeded', message: errorMessage(error) };
    if (!isNoSuchEntity(error)) throw error;
    const message = errorMessage(error);
    if (/\bgroup\b/i.test(message) && message.toLowerCase().includes(groupName.toLowerCase())) return { kind: 'group-missing', message };
    if (/\buser\b/i.test(message) && message.toLowerCase().includes(userName.toLowerCase())) return { kind: 'user-gone' };
    throw error;
  }
}

/** Whether the group has the policy attached (ListAttachedGroupPolicies); false when the group does not exist. */
export async function groupCarries(iam: Iam, groupName: string, policyArn: string): Promise<boolean> {
  const operation = 'ListAttachedGroupPolicies';
  try {
    const pages = await paging.all(operation, (Marker) => iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: groupName, ...(Marker && { Marker }) })));
    return pages.some((page, p) => (page.AttachedPolicies ?? []).some((a, i) => samePolicyArn(required(a.PolicyArn, operation, `page ${p + 1}: AttachedPolicies[${i}].PolicyArn`), policyArn)));
  } catch (error) {
    if (isNoSuchEntity(error)) return false;
    throw error;
  }
}

/** AttachGroupPolicy of our policy to the group (idempotent); NoSuchEntity (group or policy gone) propagates. */
export async function attachToGroup(iam: Iam, groupName: string, policyArn: string): Promise<void> {
  await iam.send(new AttachGroupPolicyCommand({ GroupName: groupName, PolicyArn: policyArn }));
}
