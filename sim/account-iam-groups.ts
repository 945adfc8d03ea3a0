/**
 * IAM groups in the in-memory account: membership (AddUserToGroup with the 10-groups-per-user
 * quota, RemoveUserFromGroup, ListGroupsForUser) and managed policies attached to a group
 * (AttachGroupPolicy, DetachGroupPolicy, ListAttachedGroupPolicies), with IAM's errors.
 */
import type {
  AddUserToGroupRequest,
  AttachGroupPolicyRequest,
  DetachGroupPolicyRequest,
  ListAttachedGroupPoliciesRequest,
  ListAttachedGroupPoliciesResponse,
  ListGroupsForUserRequest,
  ListGroupsForUserResponse,
  RemoveUserFromGroupRequest,
} from '@aws-sdk/client-iam';
import * as errors from './account-errors.ts';
import { attachedPolicy, ensureGroup, groupShape } from './account-iam-users.ts';
import { page } from './account-pages.ts';
import type { AccountState, MemoryGroup } from './account-state.ts';

/** Managed policies a group may have (IAM's default quota). */
export const POLICIES_PER_GROUP = 10;

/** Attaches a policy to a group: idempotent, LimitExceeded beyond the per-group quota. */
export function attachToGroup(state: AccountState, group: MemoryGroup, policyArn: string): void {
  const policy = state.requirePolicy(policyArn);
  if (group.policies.some((arn) => arn.toLowerCase() === policy.arn.toLowerCase())) return;
  if (group.policies.length >= POLICIES_PER_GROUP) throw errors.iam.limitExceeded(`Cannot exceed quota for PoliciesPerGroup: ${POLICIES_PER_GROUP}`);
  group.policies.push(policy.arn);
}

/** The IAM group commands. */
export const groupCommands = {
  ListGroupsForUser: (state: AccountState, input: ListGroupsForUserRequest): ListGroupsForUserResponse => {
    const user = state.requireUser(input.UserName);
    const groups = user.groups.map((name) => ensureGroup(state, name));
    const { items, ...rest } = page(groups, (g) => g.name.toLowerCase(), input);
    return { Groups: items.map(groupShape), ...rest };
  },

  AddUserToGroup: (state: AccountState, input: AddUserToGroupRequest): object => {
    const group = state.requireGroup(input.GroupName);
    const user = state.requireUser(input.UserName);
    if (user.groups.some((g) => g.toLowerCase() === group.name.toLowerCase())) return {};
    if (user.groups.length >= state.groupsPerUser) throw errors.iam.limitExceeded(`Cannot exceed quota for GroupsPerUser: ${state.groupsPerUser}`);
    user.groups.push(group.name);
    state.touch(user);
    return {};
  },

  RemoveUserFromGroup: (state: AccountState, input: RemoveUserFromGroupRequest): object => {
    const group = state.requireGroup(input.GroupName);
    const user = state.requireUser(input.UserName);
    const index = user.groups.findIndex((g) => g.toLowerCase() === group.name.toLowerCase());
    if (index < 0) throw errors.iam.noSuchEntity(`User ${user.name} is not in group ${group.name}.`);
    user.groups.splice(index, 1);
    state.touch(user);
    return {};
  },

  AttachGroupPolicy: (state: AccountState, input: AttachGroupPolicyRequest): object => {
    attachToGroup(state, state.requireGroup(input.GroupName), input.PolicyArn ?? '');
    return {};
  },

  DetachGroupPolicy: (state: AccountState, input: DetachGroupPolicyRequest): object => {
    const group = state.requireGroup(input.GroupName);
    const index = group.policies.findIndex((arn) => arn.toLowerCase() === (input.PolicyArn ?? '').toLowerCase());
    if (index < 0) throw errors.iam.noSuchEntity(`Policy ${input.PolicyArn} was not found.`);
    group.policies.splice(index, 1);
    return {};
  },

  ListAttachedGroupPolicies: (state: AccountState, input: ListAttachedGroupPoliciesRequest): ListAttachedGroupPoliciesResponse => {
    const group = state.requireGroup(input.GroupName);
    const { items, ...rest } = page(group.policies, (arn) => arn.toLowerCase(), input);
    return { AttachedPolicies: items.map((arn) => attachedPolicy(state, arn)), ...rest };
  },
};
