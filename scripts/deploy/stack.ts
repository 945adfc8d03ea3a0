/**
 * One stack through a change set: create (or update) the change set, show its changes, ask,
 * execute, follow the events, and fail loudly (with every failed resource) on anything but success.
 */
import type { Stack } from '@aws-sdk/client-cloudformation';
import { randomUUID } from 'node:crypto';
import * as cloudformation from '../../src/aws/cloudformation.ts';
import * as changeset from '../../src/deploy/changeset.ts';
import * as parameters from '../../src/deploy/parameters.ts';
import { DeclinedError, DeployError } from '../../src/deploy/errors.ts';
import { assertFits } from '../../src/deploy/inline.ts';
import * as stackStatus from '../../src/deploy/stack-status.ts';
import { failed, follow, type Followed } from './follow.ts';
import type { Io, Pace } from './io.ts';

/** What to deploy. */
export interface StackRequest {
  readonly name: string;
  readonly templateBody: string;
  /** Undefined: keep the deployed value (UsePreviousValue), or the template's default on a first deploy. */
  readonly parameters: Readonly<Record<string, string | undefined>>;
  readonly capabilities: readonly string[];
}

/** `unchanged`: the change set was empty. `deployed`: executed and complete. Both carry the stack as it is now. */
export type StackResult = { readonly kind: 'unchanged' | 'deployed'; readonly stack: Stack };

/** Deploys one stack; throws DeployError on failure (rollbacks included) and DeclinedError when the operator says no. */
export async function deployStack(cfn: cloudformation.CloudFormation, request: StackRequest, io: Io, pace: Pace): Promise<StackResult> {
  const { name } = request;
  assertFits(request.templateBody, `the template of stack ${name}`);
  const existing = await cloudformation.describeStack(cfn, name);
  const plan = stackStatus.planFor(name, existing?.StackStatus);
  if (plan.kind === 'blocked') throw new DeployError(`stack ${name}`, plan.problem, plan.hint);
  if (plan.kind === 'recreate' && existing?.StackId) {
    io.print(`Stack ${name} is ${plan.status}: its creation failed and left no resources. Deleting it before creating it again.`);
    const deleted = await deleteStack(cfn, { id: existing.StackId, name }, io, pace);
    if (deleted.outcome === 'failure') throw failed(name, 'deletion', deleted);
  }
  const type = plan.kind === 'update' ? 'UPDATE' : 'CREATE';
  const changeSetName = changeset.nameAt(pace.now());
  io.print(`Creating change set ${changeSetName} (${type}) for stack ${name}...`);
  const created = await cloudformation.createChangeSet(cfn, {
    stackName: name,
    changeSetName,
    type,
    templateBody: request.templateBody,
    // A stack being re-created after a failed creation has no values worth keeping.
    parameters: parameters.forChangeSet(request.parameters, type === 'UPDATE' ? Object.keys(cloudformation.parametersOf(existing)) : []),
    capabilities: request.capabilities,
    description: 'make deploy (mfa-guard)',
  });
  const state = await waitForChangeSet(cfn, name, changeSetName, pace);
  if (state.kind === 'empty') {
    await cloudformation.deleteChangeSet(cfn, name, changeSetName);
    io.print(`Stack ${name}: no changes.`);
    return { kind: 'unchanged', stack: existing ?? fail(name, 'has no changes yet does not exist') };
  }
  if (state.kind === 'failed') {
    throw new DeployError(
      `stack ${name}`,
      `change set ${changeSetName} failed: ${state.reason}`,
      `It is kept for inspection: aws cloudformation describe-change-set --stack-name ${name} --change-set-name ${changeSetName}`,
    );
  }
  const changes = await cloudformation.changeSetChanges(cfn, name, changeSetName);
  io.print(`Changes to stack ${name} (${changeset.tally(changes)}):`);
  for (const line of changeset.summary(changes)) io.print(`  ${line}`);
  if (!(await io.confirm(`Execute change set ${changeSetName} on stack ${name}?`))) {
    await cloudformation.deleteChangeSet(cfn, name, changeSetName);
    throw new DeclinedError(`stack ${name}: change set ${changeSetName}`, 'not executed and deleted; the steps before it (the whitelist parameter, an earlier stack) stay done');
  }
  const stackId = created.stackId;
  const marker = await cloudformation.newestEventId(cfn, stackId);
  await cloudformation.executeChangeSet(cfn, name, changeSetName, `mfa-guard-${randomUUID()}`);
  io.print(`Executing ${changeSetName}:`);
  const followed = await follow(cfn, { id: stackId, name }, 'deploy', marker, io, pace);
  if (followed.outcome === 'failure') throw failed(name, type === 'CREATE' ? 'creation' : 'update', followed);
  io.print(`Stack ${name}: ${followed.status}.`);
  return { kind: 'deployed', stack: (await cloudformation.describeStack(cfn, stackId)) ?? fail(name, 'not found after it completed') };
}

/** Deletes a stack by ID and follows it until DELETE_COMPLETE or DELETE_FAILED (the caller decides what a failure means). */
export async function deleteStack(cfn: cloudformation.CloudFormation, stack: { id: string; name: string }, io: Io, pace: Pace): Promise<Followed> {
  const marker = await cloudformation.newestEventId(cfn, stack.id);
  await cloudformation.deleteStack(cfn, stack.id, `mfa-guard-${randomUUID()}`);
  io.print(`Deleting stack ${stack.name}:`);
  const followed = await follow(cfn, stack, 'delete', marker, io, pace);
  io.print(`Stack ${stack.name}: ${followed.status}.`);
  return followed;
}

async function waitForChangeSet(cfn: cloudformation.CloudFormation, stackName: string, changeSetName: string, pace: Pace): Promise<changeset.ChangeSetState> {
  const started = pace.now().getTime();
  for (;;) {
    const state = changeset.stateOf(await cloudformation.describeChangeSet(cfn, stackName, changeSetName));
    if (state.kind !== 'pending') return state;
    if (pace.now().getTime() - started >= pace.timeoutMs) {
      throw new DeployError(`stack ${stackName}`, `change set ${changeSetName} still pending after ${Math.round(pace.timeoutMs / 60_000)} minutes`);
    }
    await pace.sleep(pace.pollMs);
  }
}

function fail(name: string, problem: string): never {
  throw new DeployError(`stack ${name}`, problem);
}
