/**
 * What `make destroy` removes outside CloudFormation. CloudFormation cannot delete a managed policy
 * that is still attached (DeleteConflict), and mfa-guard attaches it outside CloudFormation: these
 * calls detach it from every user, group and role and delete its non-default versions, so the stack
 * can go; and they delete the whitelist parameter, which `make deploy` wrote outside the stack.
 */
import {
  DeletePolicyVersionCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { DeleteParameterCommand } from '@aws-sdk/client-ssm';
import { errorMessage, errorName, isNoSuchEntity, isParameterNotFound } from './errors.ts';
import type { Iam } from './iam.ts';
import * as paging from './paging.ts';
import type { Ssm } from './ssm.ts';

/** Who carries the policy as a permissions policy. */
export interface Attachments {
  readonly users: string[];
  readonly groups: string[];
  readonly roles: string[];
}

/** A detach or delete that failed, with the AWS error. */
export interface TeardownFailure {
  readonly what: string;
  readonly error: string;
}

/** `ListEntitiesForPolicy` (permissions-policy use), across pages (`Marker`/`IsTruncated`). */
export async function attachments(iam: Iam, policyArn: string): Promise<Attachments> {
  const pages = await paging.all('ListEntitiesForPolicy', (Marker) =>
    iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policyArn, PolicyUsageFilter: 'PermissionsPolicy', ...(Marker && { Marker }) })),
  );
  return {
    users: pages.flatMap((page) => (page.PolicyUsers ?? []).flatMap((u) => (u.UserName ? [u.UserName] : []))),
    groups: pages.flatMap((page) => (page.PolicyGroups ?? []).flatMap((g) => (g.GroupName ? [g.GroupName] : []))),
    roles: pages.flatMap((page) => (page.PolicyRoles ?? []).flatMap((r) => (r.RoleName ? [r.RoleName] : []))),
  };
}

/**
 * Detaches the policy from each entity. `NoSuchEntity` (the entity, or the attachment, is gone
 * already) is done, not a failure; any other error is returned, every entity being tried.
 */
export async function detachAll(iam: Iam, policyArn: string, from: Attachments, done: (what: string) => void): Promise<TeardownFailure[]> {
  const calls = [
    ...from.users.map((name) => ({ what: `user ${name}`, run: () => iam.send(new DetachUserPolicyCommand({ UserName: name, PolicyArn: policyArn })) })),
    ...from.groups.map((name) => ({ what: `group ${name}`, run: () => iam.send(new DetachGroupPolicyCommand({ GroupName: name, PolicyArn: policyArn })) })),
    ...from.roles.map((name) => ({ what: `role ${name}`, run: () => iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn })) })),
  ];
  const failures: TeardownFailure[] = [];
  for (const call of calls) {
    const failure = await attempt(call.what, call.run);
    if (failure) failures.push(failure);
    else done(call.what);
  }
  return failures;
}

/** Deletes every non-default version (DeletePolicy refuses a policy that has any). */
export async function deleteOldVersions(iam: Iam, policyArn: string, done: (what: string) => void): Promise<TeardownFailure[]> {
  const pages = await paging.all('ListPolicyVersions', (Marker) => iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn, ...(Marker && { Marker }) })));
  const versions = pages.flatMap((page) => (page.Versions ?? []).flatMap((v) => (v.VersionId && !v.IsDefaultVersion ? [v.VersionId] : [])));
  const failures: TeardownFailure[] = [];
  for (const version of versions) {
    const what = `policy version ${version}`;
    const failure = await attempt(what, () => iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: version })));
    if (failure) failures.push(failure);
    else done(what);
  }
  return failures;
}

async function attempt(what: string, run: () => Promise<unknown>): Promise<TeardownFailure | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    return { what, error: `${errorName(error) ?? 'Error'}: ${errorMessage(error)}` };
  }
}

/** Deletes the parameter; `absent` when there was none (`ParameterNotFound`). */
export async function deleteParameter(ssm: Ssm, name: string): Promise<'deleted' | 'absent'> {
  try {
    await ssm.send(new DeleteParameterCommand({ Name: name }));
    return 'deleted';
  } catch (error) {
    if (isParameterNotFound(error)) return 'absent';
    throw error;
  }
}
