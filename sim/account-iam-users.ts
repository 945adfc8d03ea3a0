/**
 * IAM users in the in-memory account: CreateUser, GetUser, DeleteUser, ListUsers,
 * UpdateUser (renames), GetAccountAuthorizationDetails, with IAM's validation and errors.
 */
import type {
  CreateUserRequest,
  CreateUserResponse,
  DeleteUserRequest,
  GetAccountAuthorizationDetailsRequest,
  GetAccountAuthorizationDetailsResponse,
  GetUserRequest,
  GetUserResponse,
  GroupDetail,
  Group,
  ListUsersRequest,
  ListUsersResponse,
  ManagedPolicyDetail,
  UpdateUserRequest,
  User,
  UserDetail,
} from '@aws-sdk/client-iam';
import * as errors from './account-errors.ts';
import { policyDetail } from './account-iam-policies.ts';
import { page } from './account-pages.ts';
import type { AccountState, MemoryGroup, MemoryUser } from './account-state.ts';

const NAME = /^[\w+=,.@-]{1,64}$/;
const PATH = /^(\/|\/[\x21-\x7e]+\/)$/;

/** Checks a user or group name and path as IAM does (`ValidationError` otherwise). */
export function validateName(name: string | undefined, path: string, field = 'userName'): string {
  if (name === undefined || !NAME.test(name)) {
    throw errors.iam.validation(`1 validation error detected: Value '${name}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
  }
  if (!PATH.test(path) || path.length > 512) {
    throw errors.iam.validation(`1 validation error detected: Value '${path}' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)`);
  }
  return name;
}

/** Creates a user (EntityAlreadyExists when the name is taken, ignoring case). */
export function createUser(state: AccountState, name: string | undefined, path = '/', id?: string): MemoryUser {
  const valid = validateName(name, path);
  if (state.findUser(valid)) throw errors.iam.alreadyExists(`User with name ${valid} already exists.`);
  if (id !== undefined) state.ids.reserve(id);
  const now = state.clock();
  const user: MemoryUser = {
    name: valid,
    id: id ?? state.ids.next('AIDA'),
    path,
    arn: state.iamArn('user', path, valid),
    created: now,
    groups: [],
    policies: [],
    mfa: [],
    accessKeys: [],
    changed: now,
    recorded: true,
  };
  state.users.set(valid.toLowerCase(), user);
  return user;
}

/** The group of that name, created on first use (tests name groups; there is no CreateGroup call). */
export function ensureGroup(state: AccountState, name: string): MemoryGroup {
  const key = name.toLowerCase();
  const known = state.groups.get(key);
  if (known) return known;
  const group: MemoryGroup = { name: validateName(name, '/', 'groupName'), id: state.ids.next('AGPA'), path: '/', arn: state.iamArn('group', '/', name), created: state.clock(), policies: [] };
  state.groups.set(key, group);
  return group;
}

/** A user as IAM's `User` shape. */
export function userShape(user: MemoryUser): User {
  const shape: User = { Path: user.path, UserName: user.name, UserId: user.id, Arn: user.arn, CreateDate: user.created };
  if (user.password?.lastUsed) shape.PasswordLastUsed = user.password.lastUsed;
  return shape;
}

/** A group as IAM's `Group` shape. */
export function groupShape(group: MemoryGroup): Group {
  return { Path: group.path, GroupName: group.name, GroupId: group.id, Arn: group.arn, CreateDate: group.created };
}

function userDetail(state: AccountState, user: MemoryUser): UserDetail {
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id,
    Arn: user.arn,
    CreateDate: user.created,
    UserPolicyList: [],
    GroupList: [...user.groups],
    AttachedManagedPolicies: user.policies.map((arn) => attachedPolicy(state, arn)),
    Tags: [],
  };
}

/** A managed policy ARN as IAM's `AttachedPolicy` shape. */
export function attachedPolicy(state: AccountState, arn: string): { PolicyName: string; PolicyArn: string } {
  return { PolicyName: state.findPolicy(arn)?.name ?? arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn };
}

type Entity = { kind: 'User'; user: MemoryUser } | { kind: 'Group'; group: MemoryGroup } | { kind: 'Policy'; detail: ManagedPolicyDetail };

/** The IAM user and group commands. */
export const userCommands = {
  CreateUser: (state: AccountState, input: CreateUserRequest): CreateUserResponse => ({ User: userShape(createUser(state, input.UserName, input.Path ?? '/')) }),

  GetUser: (state: AccountState, input: GetUserRequest): GetUserResponse => ({ User: userShape(state.requireUser(input.UserName)) }),

  // Renames keep the ID (and every attachment, group and credential): Config records a change.
  UpdateUser: (state: AccountState, input: UpdateUserRequest): object => {
    const user = state.requireUser(input.UserName);
    const name = input.NewUserName ?? user.name;
    const path = input.NewPath ?? user.path;
    validateName(name, path);
    const holder = state.findUser(name);
    if (holder && holder !== user) throw errors.iam.alreadyExists(`User with name ${name} already exists.`);
    for (const device of state.mfaDevices.values()) if (device.user === user.name.toLowerCase()) device.user = name.toLowerCase();
    state.users.delete(user.name.toLowerCase());
    Object.assign(user, { name, path, arn: state.iamArn('user', path, name) });
    state.users.set(name.toLowerCase(), user);
    state.touch(user);
    return {};
  },

  DeleteUser: (state: AccountState, input: DeleteUserRequest): object => {
    const user = state.requireUser(input.UserName);
    if (user.password) throw errors.iam.deleteConflict('Cannot delete entity, must delete login profile first.');
    if (user.accessKeys.length > 0) throw errors.iam.deleteConflict('Cannot delete entity, must delete access keys first.');
    if (user.mfa.length > 0) throw errors.iam.deleteConflict('Cannot delete entity, must delete MFA device first.');
    if (user.groups.length > 0) throw errors.iam.deleteConflict('Cannot delete entity, must remove users from group first.');
    if (user.policies.length > 0) throw errors.iam.deleteConflict('Cannot delete entity, must detach all policies first.');
    state.users.delete(user.name.toLowerCase());
    return {};
  },

  ListUsers: (state: AccountState, input: ListUsersRequest): ListUsersResponse => {
    const prefix = input.PathPrefix ?? '/';
    const users = [...state.users.values()].filter((u) => u.path.startsWith(prefix));
    const { items, ...rest } = page(users, (u) => u.name.toLowerCase(), input);
    return { Users: items.map(userShape), ...rest };
  },

  GetAccountAuthorizationDetails: (state: AccountState, input: GetAccountAuthorizationDetailsRequest): GetAccountAuthorizationDetailsResponse => {
    const wanted = new Set<string>(input.Filter && input.Filter.length > 0 ? input.Filter : ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy']);
    const entities: { key: string; entity: Entity }[] = [];
    if (wanted.has('User')) for (const user of state.users.values()) entities.push({ key: `1:${user.name.toLowerCase()}`, entity: { kind: 'User', user } });
    if (wanted.has('Group')) for (const group of state.groups.values()) entities.push({ key: `2:${group.name.toLowerCase()}`, entity: { kind: 'Group', group } });
    for (const policy of state.policies.values()) {
      if (!wanted.has(policy.awsManaged ? 'AWSManagedPolicy' : 'LocalManagedPolicy')) continue;
      // IAM lists only the AWS-managed policies in use.
      if (policy.awsManaged && state.usersWithPolicy(policy).length === 0) continue;
      entities.push({ key: `3:${policy.arn.toLowerCase()}`, entity: { kind: 'Policy', detail: policyDetail(state, policy) } });
    }
    const { items, ...rest } = page(entities, (e) => e.key, input);
    const UserDetailList: UserDetail[] = [];
    const GroupDetailList: GroupDetail[] = [];
    const Policies: ManagedPolicyDetail[] = [];
    for (const { entity } of items) {
      if (entity.kind === 'User') UserDetailList.push(userDetail(state, entity.user));
      else if (entity.kind === 'Group') GroupDetailList.push({ ...groupShape(entity.group), GroupPolicyList: [], AttachedManagedPolicies: entity.group.policies.map((arn) => attachedPolicy(state, arn)) });
      else Policies.push(entity.detail);
    }
    return { UserDetailList, GroupDetailList, RoleDetailList: [], Policies, ...rest };
  },
};
