/**
 * StackSet operations as CloudFormation runs them: asynchronous (each DescribeStackSetOperation
 * poll runs one batch), regions one after another in RegionOrder, at most MaxConcurrentCount
 * accounts at once (in the default STRICT_FAILURE_TOLERANCE mode also at most FailureToleranceCount
 * + 1 less the failures so far), and a failure tolerance counted per region (default 0: the first failure stops
 * that region, and later regions are not attempted). Without managed execution a second operation
 * while one runs is refused (`OperationInProgressException`); with it, the second waits its turn.
 * Automatic deployment (an account created in, or moved into, a target OU) runs outside operations.
 */
import type { Parameter } from '@aws-sdk/client-cloudformation';
import { deploy, remove } from './org-deployer.ts';
import * as errors from './org-errors.ts';
import type { InstanceState, OperationState, OperationStep, OrgState, StackSetState } from './org-state.ts';

/** Where a StackSet's instance of an account and region is kept. */
export const instanceKey = (account: string, region: string) => `${account}/${region}`;

/** Starts an operation, or queues it behind the running one under managed execution; throws OperationInProgressException otherwise. */
export function start(set: StackSetState, operation: OperationState): OperationState {
  const busy = set.operations.find((o) => o.status === 'RUNNING' || o.status === 'QUEUED');
  if (busy && !set.managedExecution) throw errors.cloudformation.inProgress(busy.id);
  operation.status = busy ? 'QUEUED' : 'RUNNING';
  set.operations.push(operation);
  return operation;
}

/** Runs one batch of the StackSet's running operation (and starts the next queued one when it ends). */
export function advance(org: OrgState, set: StackSetState): void {
  const running = set.operations.find((o) => o.status === 'RUNNING') ?? set.operations.find((o) => o.status === 'QUEUED');
  if (!running) return;
  running.status = 'RUNNING';
  const region = running.regions.find((r) => running.steps.some((s) => s.region === r && s.status === 'PENDING'));
  if (region === undefined) return finish(org, running);
  const tolerance = running.preferences.FailureToleranceCount ?? 0;
  const before = running.steps.filter((s) => s.region === region && s.status === 'FAILED').length;
  // STRICT (the default) runs at most tolerance + 1 at a time, less the failures so far; SOFT runs MaxConcurrentCount.
  const configured = Math.max(1, running.preferences.MaxConcurrentCount ?? 1);
  const max = running.preferences.ConcurrencyMode === 'SOFT_FAILURE_TOLERANCE' ? configured : Math.max(1, Math.min(configured, tolerance + 1 - before));
  const batch = running.steps.filter((s) => s.region === region && s.status === 'PENDING').slice(0, max);
  for (const step of batch) run(org, set, running, step);
  const failed = running.steps.filter((s) => s.region === region && s.status === 'FAILED').length;
  if (failed > tolerance) {
    for (const step of running.steps.filter((s) => s.status === 'PENDING')) {
      step.status = 'CANCELLED';
      step.reason = 'Cancelled since failure tolerance has exceeded';
      const instance = set.instances.get(instanceKey(step.account, step.region));
      if (instance && instance.detailed === 'PENDING') Object.assign(instance, { detailed: 'CANCELLED', status: 'OUTDATED', reason: step.reason });
    }
    running.status = 'FAILED';
    running.statusReason = `The Operation ${running.id} has exceeded the failure tolerance in ${region}`;
    return finish(org, running);
  }
  if (!running.steps.some((s) => s.status === 'PENDING')) finish(org, running);
}

/** Polls until no operation of the StackSet runs or waits. */
export function settle(org: OrgState, set: StackSetState): void {
  for (let guard = 0; set.operations.some((o) => o.status === 'RUNNING' || o.status === 'QUEUED'); guard++) {
    if (guard > 100_000) throw new Error(`operations of ${set.name} never end`);
    advance(org, set);
  }
}

function finish(org: OrgState, operation: OperationState): void {
  if (operation.status === 'RUNNING') operation.status = 'SUCCEEDED';
  operation.ended = new Date(org.now.getTime());
}

function run(org: OrgState, set: StackSetState, operation: OperationState, step: OperationStep): void {
  const key = instanceKey(step.account, step.region);
  const instance = set.instances.get(key);
  const member = org.member(step.account);
  if (!instance) return void Object.assign(step, { status: 'FAILED', reason: 'Stack instance not found' });
  instance.lastOperationId = operation.id;
  if (member.state === 'SUSPENDED') {
    Object.assign(instance, { detailed: 'SKIPPED_SUSPENDED_ACCOUNT', status: 'OUTDATED', reason: 'The account is suspended' });
    return void Object.assign(step, { status: 'CANCELLED', reason: 'The account is suspended' });
  }
  if (operation.action === 'DELETE') {
    const outcome = operation.retainStacks ? { ok: true as const } : remove(member, step.region, set.name);
    if (outcome.ok) {
      set.instances.delete(key);
      return void (step.status = 'SUCCEEDED');
    }
    Object.assign(instance, { detailed: 'INOPERABLE', status: 'INOPERABLE', reason: outcome.reason });
    return void Object.assign(step, { status: 'FAILED', reason: outcome.reason });
  }
  if (operation.overrides !== undefined) instance.overrides = operation.overrides.map((p) => ({ ...p }));
  const outcome = deploy(member, step.region, set, instance.overrides, instance.stackId ?? `arn:aws:cloudformation:${step.region}:${step.account}:stack/StackSet-${set.name}/${org.nextId('', 12)}`);
  if (outcome.ok) {
    Object.assign(instance, { detailed: 'SUCCEEDED', status: 'CURRENT', stackId: outcome.stack.id, reason: undefined });
    return void (step.status = 'SUCCEEDED');
  }
  Object.assign(instance, { detailed: 'FAILED', status: 'OUTDATED', reason: outcome.reason });
  Object.assign(step, { status: 'FAILED', reason: outcome.reason });
}

/** A new instance record, PENDING until an operation (or automatic deployment) runs it. */
export function pendingInstance(account: string, region: string, ou: string, overrides: readonly Parameter[] = []): InstanceState {
  return { account, region, ou, overrides: overrides.map((p) => ({ ...p })), status: 'OUTDATED', detailed: 'PENDING' };
}

/**
 * Automatic deployment into `account`, now under `parent`: each StackSet watching an OU above it gets
 * its instances, dependencies first (`DependsOn`); one whose dependency failed there is not created.
 * Failures show only in the instances (no operation to follow).
 */
export function autoDeploy(org: OrgState, accountId: string): void {
  const member = org.member(accountId);
  const done = new Set<string>();
  const failed = new Set<string>();
  const visit = (set: StackSetState, path: readonly string[]): void => {
    if (done.has(set.name) || path.includes(set.name)) return;
    for (const dependency of set.autoDeployment.DependsOn ?? []) {
      const target = [...org.stackSets.values()].find((s) => s.arn === dependency);
      if (target) visit(target, [...path, set.name]);
    }
    done.add(set.name);
    const ou = [...set.targetOus].find((o) => org.within(member.parent, o));
    if (!set.autoDeployment.Enabled || ou === undefined || accountId === org.managementId) return;
    const blocked = (set.autoDeployment.DependsOn ?? []).some((d) => [...org.stackSets.values()].some((s) => s.arn === d && failed.has(s.name)));
    for (const region of set.regions) {
      const key = instanceKey(accountId, region);
      if (set.instances.has(key)) continue;
      const instance = pendingInstance(accountId, region, ou);
      set.instances.set(key, instance);
      if (blocked) {
        Object.assign(instance, { detailed: 'FAILED', reason: 'A StackSet this one depends on failed in this account' });
        failed.add(set.name);
        continue;
      }
      const outcome = deploy(member, region, set, [], `arn:aws:cloudformation:${region}:${accountId}:stack/StackSet-${set.name}/${org.nextId('', 12)}`);
      if (outcome.ok) Object.assign(instance, { detailed: 'SUCCEEDED', status: 'CURRENT', stackId: outcome.stack.id });
      else {
        Object.assign(instance, { detailed: 'FAILED', reason: outcome.reason });
        failed.add(set.name);
      }
    }
  };
  for (const set of org.stackSets.values()) visit(set, []);
}

/** An account left the target OUs (moved or removed): its instances go, the stacks stay only with RetainStacksOnAccountRemoval. */
export function autoRemove(org: OrgState, accountId: string, stillMember: boolean): void {
  const member = org.member(accountId);
  for (const set of org.stackSets.values()) {
    if (!set.autoDeployment.Enabled) continue;
    if (stillMember && [...set.targetOus].some((o) => org.within(member.parent, o))) continue;
    for (const region of set.regions) {
      if (!set.instances.delete(instanceKey(accountId, region))) continue;
      if (!set.autoDeployment.RetainStacksOnAccountRemoval) remove(member, region, set.name);
    }
  }
}
