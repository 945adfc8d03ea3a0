/**
 * Service-managed StackSets adapter: every call carries the caller's `CallAs` (SELF in the
 * management account, DELEGATED_ADMIN in a registered delegated administrator), "no such StackSet"
 * maps to `undefined`, and listings follow NextToken. Each function takes the context first.
 *
 * @example
 * ```ts
 * const sets = { cfn, callAs: 'DELEGATED_ADMIN' } as const;
 * const id = await stacksets.createInstances(sets, 'mfa-guard-home', { OrganizationalUnitIds: ['ou-…'] }, ['eu-west-1'], prefs);
 * ```
 */
import {
  CreateStackInstancesCommand, CreateStackSetCommand, DeleteStackInstancesCommand, DeleteStackSetCommand, DescribeOrganizationsAccessCommand,
  DescribeStackInstanceCommand, DescribeStackSetCommand, DescribeStackSetOperationCommand, ListStackInstancesCommand,
  ListStackSetOperationResultsCommand, ListStackSetOperationsCommand, UpdateStackInstancesCommand, UpdateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import type {
  AutoDeployment, Capability, DeploymentTargets, Parameter, StackInstanceSummary, StackSet, StackSetOperation, StackSetOperationPreferences,
  StackSetOperationResultSummary, StackSetOperationSummary,
} from '@aws-sdk/client-cloudformation';
import type { CloudFormation } from './cloudformation.ts';

/** The administrator's CloudFormation client and the CallAs its every StackSet call sends. */
export interface StackSets {
  readonly cfn: CloudFormation;
  readonly callAs: 'SELF' | 'DELEGATED_ADMIN';
}

/** What a StackSet is made of. */
export interface StackSetSpec {
  readonly name: string;
  readonly description: string;
  readonly templateBody: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly capabilities: readonly string[];
  readonly autoDeployment: AutoDeployment;
}

/** `Parameters` / `ParameterOverrides` from a record. */
export function parameters(values: Readonly<Record<string, string>>): Parameter[] {
  return Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
}

/** `DescribeOrganizationsAccess`: whether trusted access for StackSets is on. */
export async function organizationsAccess(s: StackSets): Promise<string> {
  const out = await s.cfn.send(new DescribeOrganizationsAccessCommand({ CallAs: s.callAs }));
  return out.Status ?? 'UNKNOWN';
}

/** The StackSet, or `undefined` when CloudFormation has none of that name. */
export async function describe(s: StackSets, name: string): Promise<StackSet | undefined> {
  try {
    return (await s.cfn.send(new DescribeStackSetCommand({ StackSetName: name, CallAs: s.callAs }))).StackSet;
  } catch (error) {
    if (error instanceof Error && error.name === 'StackSetNotFoundException') return undefined;
    throw error;
  }
}

/** The fields CreateStackSet and UpdateStackSet share: service-managed, managed execution (operations queue instead of conflicting). */
function setFields(s: StackSets, spec: StackSetSpec) {
  return {
    StackSetName: spec.name,
    Description: spec.description,
    TemplateBody: spec.templateBody,
    Parameters: parameters(spec.parameters),
    Capabilities: spec.capabilities as Capability[],
    PermissionModel: 'SERVICE_MANAGED' as const,
    AutoDeployment: spec.autoDeployment,
    ManagedExecution: { Active: true },
    CallAs: s.callAs,
  };
}

/** Creates the StackSet; returns its ID. */
export async function create(s: StackSets, spec: StackSetSpec): Promise<string> {
  return (await s.cfn.send(new CreateStackSetCommand(setFields(s, spec)))).StackSetId ?? '';
}

/** Updates template and parameters; with `only`, just those instances now (the others stay OUTDATED). Returns the operation ID. */
export async function update(s: StackSets, spec: StackSetSpec, preferences: StackSetOperationPreferences, only?: { targets: DeploymentTargets; regions: readonly string[] }): Promise<string> {
  const out = await s.cfn.send(new UpdateStackSetCommand({ ...setFields(s, spec), OperationPreferences: preferences, ...(only && { DeploymentTargets: only.targets, Regions: [...only.regions] }) }));
  return out.OperationId ?? '';
}

/** `CreateStackInstances` for the targets; returns the operation ID. */
export async function createInstances(s: StackSets, name: string, targets: DeploymentTargets, regions: readonly string[], preferences: StackSetOperationPreferences, overrides?: Parameter[]): Promise<string> {
  const out = await s.cfn.send(
    new CreateStackInstancesCommand({ StackSetName: name, DeploymentTargets: targets, Regions: [...regions], OperationPreferences: preferences, ...(overrides && { ParameterOverrides: overrides }), CallAs: s.callAs }),
  );
  return out.OperationId ?? '';
}

/** `UpdateStackInstances`: redeploys the instances; `overrides` sets them (`[]` resets every override to the StackSet's value). */
export async function updateInstances(s: StackSets, name: string, targets: DeploymentTargets, regions: readonly string[], preferences: StackSetOperationPreferences, overrides?: Parameter[]): Promise<string> {
  const out = await s.cfn.send(
    new UpdateStackInstancesCommand({ StackSetName: name, DeploymentTargets: targets, Regions: [...regions], OperationPreferences: preferences, ...(overrides && { ParameterOverrides: overrides }), CallAs: s.callAs }),
  );
  return out.OperationId ?? '';
}

/** `DeleteStackInstances` (RetainStacks false: the stacks are deleted too); returns the operation ID. */
export async function deleteInstances(s: StackSets, name: string, targets: DeploymentTargets, regions: readonly string[], preferences: StackSetOperationPreferences): Promise<string> {
  const out = await s.cfn.send(new DeleteStackInstancesCommand({ StackSetName: name, DeploymentTargets: targets, Regions: [...regions], OperationPreferences: preferences, RetainStacks: false, CallAs: s.callAs }));
  return out.OperationId ?? '';
}

/** `DeleteStackSet` (it must have no instances left). */
export async function remove(s: StackSets, name: string): Promise<void> {
  await s.cfn.send(new DeleteStackSetCommand({ StackSetName: name, CallAs: s.callAs }));
}

/** One operation's state. */
export async function operation(s: StackSets, name: string, id: string): Promise<StackSetOperation> {
  return (await s.cfn.send(new DescribeStackSetOperationCommand({ StackSetName: name, OperationId: id, CallAs: s.callAs }))).StackSetOperation ?? {};
}

/** The StackSet's operations, newest first (the first page only: a running one is among the newest). */
export async function recentOperations(s: StackSets, name: string): Promise<StackSetOperationSummary[]> {
  return (await s.cfn.send(new ListStackSetOperationsCommand({ StackSetName: name, CallAs: s.callAs }))).Summaries ?? [];
}

/** Every per-account, per-region result of an operation. */
export async function results(s: StackSets, name: string, id: string): Promise<StackSetOperationResultSummary[]> {
  return pages((NextToken) => s.cfn.send(new ListStackSetOperationResultsCommand({ StackSetName: name, OperationId: id, CallAs: s.callAs, ...(NextToken && { NextToken }) })));
}

/** Every instance of the StackSet (account, region, status, DetailedStatus, reason). */
export async function instances(s: StackSets, name: string): Promise<StackInstanceSummary[]> {
  return pages((NextToken) => s.cfn.send(new ListStackInstancesCommand({ StackSetName: name, CallAs: s.callAs, ...(NextToken && { NextToken }) })));
}

/** The parameter overrides one instance holds. */
export async function overrides(s: StackSets, name: string, account: string, region: string): Promise<Record<string, string>> {
  const out = await s.cfn.send(new DescribeStackInstanceCommand({ StackSetName: name, StackInstanceAccount: account, StackInstanceRegion: region, CallAs: s.callAs }));
  return Object.fromEntries((out.StackInstance?.ParameterOverrides ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']));
}

async function pages<T>(fetch: (token: string | undefined) => Promise<{ Summaries?: T[] | undefined; NextToken?: string | undefined }>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const out = await fetch(token);
    items.push(...(out.Summaries ?? []));
    token = out.NextToken;
  } while (token);
  return items;
}
