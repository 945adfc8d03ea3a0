/**
 * IAM managed policies in the in-memory account: attach and detach to users (with the per-user
 * quota), listings, and policy versions (at most 5; the default cannot be deleted; documents come
 * back URL-encoded as from the real API).
 */
import type {
  AttachUserPolicyRequest,
  CreatePolicyRequest,
  CreatePolicyResponse,
  CreatePolicyVersionRequest,
  CreatePolicyVersionResponse,
  DeletePolicyRequest,
  DeletePolicyVersionRequest,
  DetachUserPolicyRequest,
  GetPolicyRequest,
  GetPolicyResponse,
  GetPolicyVersionRequest,
  GetPolicyVersionResponse,
  ListAttachedUserPoliciesRequest,
  ListAttachedUserPoliciesResponse,
  ListEntitiesForPolicyRequest,
  ListEntitiesForPolicyResponse,
  ListPolicyVersionsRequest,
  ListPolicyVersionsResponse,
  ManagedPolicyDetail,
  Policy,
  PolicyVersion,
  SetDefaultPolicyVersionRequest,
} from '@aws-sdk/client-iam';
import * as errors from './account-errors.ts';
import { page } from './account-pages.ts';
import type { AccountState, MemoryPolicy, MemoryUser, PolicyVersionState } from './account-state.ts';

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const PATH = /^(\/|\/[\x21-\x7e]+\/)$/;
const MAX_VERSIONS = 5;
const MAX_POLICY_SIZE = 6144;

/** URL-encodes a policy document as IAM returns it (RFC 3986: only unreserved characters stay). */
export function urlEncode(document: string): string {
  return encodeURIComponent(document).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function validateDocument(document: string | undefined): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document ?? '');
  } catch {
    throw errors.iam.malformedPolicy('Syntax errors in policy.');
  }
  if (typeof parsed !== 'object' || parsed === null || !('Statement' in parsed)) throw errors.iam.malformedPolicy('Syntax errors in policy.');
  const text = document ?? '';
  if (text.replace(/\s/g, '').length > MAX_POLICY_SIZE) throw errors.iam.limitExceeded(`Cannot exceed quota for PolicySize: ${MAX_POLICY_SIZE}`);
  return text;
}

function customerManaged(state: AccountState, arn: string | undefined): MemoryPolicy {
  const policy = state.findPolicy(arn);
  if (!policy) throw errors.iam.noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  if (policy.awsManaged) throw errors.iam.accessDenied(`Policy ${arn} is an AWS managed policy and cannot be modified.`);
  return policy;
}

function version(policy: MemoryPolicy, id: string | undefined): PolicyVersionState {
  const found = policy.versions.find((v) => v.id === id);
  if (!found) throw errors.iam.noSuchEntity(`Policy ${policy.arn} version ${id} does not exist or is not attachable.`);
  return found;
}

/** Creates a customer-managed policy with version v1 as default. */
export function createPolicy(state: AccountState, name: string | undefined, document: string | undefined, path = '/', description?: string): MemoryPolicy {
  if (name === undefined || !POLICY_NAME.test(name)) throw errors.iam.validation(`1 validation error detected: Value '${name}' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
  if (!PATH.test(path)) throw errors.iam.validation(`1 validation error detected: Value '${path}' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: ((/[A-Za-z0-9\\.,\\+@=_-]+)*)/`);
  const text = validateDocument(document);
  const taken = [...state.policies.values()].some((p) => !p.awsManaged && p.name.toLowerCase() === name.toLowerCase());
  if (taken) throw errors.iam.alreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
  const now = state.clock();
  const policy: MemoryPolicy = {
    arn: state.iamArn('policy', path, name),
    name,
    path,
    id: state.ids.next('ANPA'),
    created: now,
    updated: now,
    ...(description === undefined ? {} : { description }),
    versions: [{ id: 'v1', document: text, created: now }],
    defaultVersion: 'v1',
    nextVersion: 2,
    awsManaged: false,
  };
  state.policies.set(policy.arn.toLowerCase(), policy);
  return policy;
}

/** Attaches a policy to a user: idempotent, LimitExceeded beyond the per-user quota. */
export function attach(state: AccountState, user: MemoryUser, policy: MemoryPolicy): void {
  if (user.policies.some((arn) => arn.toLowerCase() === policy.arn.toLowerCase())) return;
  if (user.policies.length >= state.policiesPerUser) throw errors.iam.limitExceeded(`Cannot exceed quota for PoliciesPerUser: ${state.policiesPerUser}`);
  user.policies.push(policy.arn);
  state.touch(user);
}

/** A policy as IAM's `Policy` shape. */
export function policyShape(state: AccountState, policy: MemoryPolicy): Policy {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersion,
    AttachmentCount: state.usersWithPolicy(policy).length + state.groupsWithPolicy(policy).length,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    ...(policy.description === undefined ? {} : { Description: policy.description }),
    CreateDate: policy.created,
    UpdateDate: policy.updated,
  };
}

function versionShape(policy: MemoryPolicy, v: PolicyVersionState, withDocument: boolean): PolicyVersion {
  return { ...(withDocument ? { Document: urlEncode(v.document) } : {}), VersionId: v.id, IsDefaultVersion: v.id === policy.defaultVersion, CreateDate: v.created };
}

/** A policy as GetAccountAuthorizationDetails lists it, every version's document included. */
export function policyDetail(state: AccountState, policy: MemoryPolicy): ManagedPolicyDetail {
  return { ...policyShape(state, policy), PolicyVersionList: policy.versions.map((v) => versionShape(policy, v, true)) };
}

/** The IAM managed-policy commands. */
export const policyCommands = {
  AttachUserPolicy: (state: AccountState, input: AttachUserPolicyRequest): object => {
    const user = state.requireUser(input.UserName);
    attach(state, user, state.requirePolicy(input.PolicyArn));
    return {};
  },

  DetachUserPolicy: (state: AccountState, input: DetachUserPolicyRequest): object => {
    const user = state.requireUser(input.UserName);
    const index = user.policies.findIndex((arn) => arn.toLowerCase() === (input.PolicyArn ?? '').toLowerCase());
    if (index < 0) throw errors.iam.noSuchEntity(`Policy ${input.PolicyArn} was not found.`);
    user.policies.splice(index, 1);
    state.touch(user);
    return {};
  },

  ListAttachedUserPolicies: (state: AccountState, input: ListAttachedUserPoliciesRequest): ListAttachedUserPoliciesResponse => {
    const user = state.requireUser(input.UserName);
    const prefix = input.PathPrefix ?? '/';
    const attached = user.policies.map((arn) => state.requirePolicy(arn)).filter((p) => p.path.startsWith(prefix));
    const { items, ...rest } = page(attached, (p) => p.arn.toLowerCase(), input);
    return { AttachedPolicies: items.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })), ...rest };
  },

  ListEntitiesForPolicy: (state: AccountState, input: ListEntitiesForPolicyRequest): ListEntitiesForPolicyResponse => {
    const policy = state.requirePolicy(input.PolicyArn);
    const prefix = input.PathPrefix ?? '/';
    const users = input.PolicyUsageFilter === 'PermissionsBoundary' || (input.EntityFilter !== undefined && input.EntityFilter !== 'User')
      ? []
      : state.usersWithPolicy(policy).filter((u) => u.path.startsWith(prefix));
    const groups = input.PolicyUsageFilter === 'PermissionsBoundary' || (input.EntityFilter !== undefined && input.EntityFilter !== 'Group')
      ? []
      : state.groupsWithPolicy(policy).filter((g) => g.path.startsWith(prefix));
    // Users first, then groups, in one paged listing.
    const entities = [...users.map((u) => ({ key: `1:${u.name.toLowerCase()}`, user: u })), ...groups.map((g) => ({ key: `2:${g.name.toLowerCase()}`, group: g }))];
    const { items, ...rest } = page(entities, (e) => e.key, input);
    return {
      PolicyGroups: items.flatMap((e) => ('group' in e ? [{ GroupName: e.group.name, GroupId: e.group.id }] : [])),
      PolicyUsers: items.flatMap((e) => ('user' in e ? [{ UserName: e.user.name, UserId: e.user.id }] : [])),
      PolicyRoles: [],
      ...rest,
    };
  },

  GetPolicy: (state: AccountState, input: GetPolicyRequest): GetPolicyResponse => ({ Policy: policyShape(state, state.requirePolicy(input.PolicyArn)) }),

  GetPolicyVersion: (state: AccountState, input: GetPolicyVersionRequest): GetPolicyVersionResponse => {
    const policy = state.requirePolicy(input.PolicyArn);
    return { PolicyVersion: versionShape(policy, version(policy, input.VersionId), true) };
  },

  ListPolicyVersions: (state: AccountState, input: ListPolicyVersionsRequest): ListPolicyVersionsResponse => {
    const policy = state.requirePolicy(input.PolicyArn);
    // Newest first, as IAM lists them.
    const { items, ...rest } = page(policy.versions, (v) => String(1e9 - Number(v.id.slice(1))).padStart(10, '0'), input);
    return { Versions: items.map((v) => versionShape(policy, v, false)), ...rest };
  },

  CreatePolicy: (state: AccountState, input: CreatePolicyRequest): CreatePolicyResponse => ({
    Policy: policyShape(state, createPolicy(state, input.PolicyName, input.PolicyDocument, input.Path ?? '/', input.Description)),
  }),

  CreatePolicyVersion: (state: AccountState, input: CreatePolicyVersionRequest): CreatePolicyVersionResponse => {
    const policy = customerManaged(state, input.PolicyArn);
    const text = validateDocument(input.PolicyDocument);
    if (policy.versions.length >= MAX_VERSIONS) {
      throw errors.iam.limitExceeded('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    }
    const created: PolicyVersionState = { id: `v${policy.nextVersion}`, document: text, created: state.clock() };
    policy.nextVersion += 1;
    policy.versions.push(created);
    if (input.SetAsDefault) policy.defaultVersion = created.id;
    policy.updated = state.clock();
    return { PolicyVersion: versionShape(policy, created, false) };
  },

  DeletePolicyVersion: (state: AccountState, input: DeletePolicyVersionRequest): object => {
    const policy = customerManaged(state, input.PolicyArn);
    const doomed = version(policy, input.VersionId);
    if (doomed.id === policy.defaultVersion) throw errors.iam.deleteConflict('Cannot delete the default version of a policy.');
    policy.versions.splice(policy.versions.indexOf(doomed), 1);
    return {};
  },

  SetDefaultPolicyVersion: (state: AccountState, input: SetDefaultPolicyVersionRequest): object => {
    const policy = customerManaged(state, input.PolicyArn);
    policy.defaultVersion = version(policy, input.VersionId).id;
    policy.updated = state.clock();
    return {};
  },

  DeletePolicy: (state: AccountState, input: DeletePolicyRequest): object => {
    const policy = customerManaged(state, input.PolicyArn);
    if (state.usersWithPolicy(policy).length + state.groupsWithPolicy(policy).length > 0) throw errors.iam.deleteConflict('Cannot delete a policy attached to entities.');
    if (policy.versions.length > 1) {
      throw errors.iam.deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
    }
    state.policies.delete(policy.arn.toLowerCase());
    return {};
  },
};
