/**
 * What `make destroy` removes outside CloudFormation. CloudFormation cannot delete a managed policy
 * that is still attached (DeleteConflict), and mfa-guard attaches it outside CloudFormation: these
 * calls detach it from every user, group and role (listed by iam.policyEntities) and delete its non-default versions, so the stack
 * can go; and they delete the whitelist parameter, which `make deploy` wrote outside the stack.
 */
import {
  DeletePolicyVersionCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { DeleteParameterCommand } from '@aws-sdk/client-ssm';
import { errorMessage, errorName, isNoSuchEntity, isParameterNotFound } from './errors.ts';
import { listVersions, type PolicyEntities } from './iam-policy.ts';
import type { Iam } from './iam.ts';
import type { Ssm } from './ssm.ts';

/** A detach or delete that failed, with the AWS error. */
export interface TeardownFailure {
  readonly what: string;
  readonly error: string;
}

/**
 * Detaches the policy from each entity. `NoSuchEntity` (the entity, or the attachment, is gone
 * already) is done, not a failure; any other error is returned, every entity being tried.
 */
export async function detachAll(iam: Iam, policyArn: string, from: PolicyEntities, done: (what: string) => void): Promise<TeardownFailure[]> {
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
  const versions = (await listVersions(iam, policyArn)).filter((v) => !v.isDefault).map((v) => v.id);
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
