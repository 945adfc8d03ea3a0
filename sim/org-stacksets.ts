/**
 * The service-managed StackSet calls of the in-memory organisation, as the administrator (the
 * management account, or a registered delegated administrator sending `CallAs=DELEGATED_ADMIN`)
 * makes them: Create/Describe/Update/DeleteStackSet, Create/Update/DeleteStackInstances,
 * DescribeStackSetOperation, ListStackSetOperationResults, ListStackInstances and
 * DescribeOrganizationsAccess. Targets are OUs (never the management account); `Accounts` with
 * `AccountFilterType` INTERSECTION or DIFFERENCE narrow them.
 */
import type {
  CreateStackInstancesInput,
  CreateStackSetInput,
  DeleteStackInstancesInput,
  DeleteStackSetInput,
  DeploymentTargets,
  DescribeStackInstanceInput,
  DescribeStackSetInput,
  DescribeStackSetOperationInput,
  ListStackInstancesInput,
  ListStackSetOperationsInput,
  ListStackSetOperationResultsInput,
  StackInstanceSummary,
  StackSetOperationPreferences,
  UpdateStackInstancesInput,
  UpdateStackSetInput,
} from '@aws-sdk/client-cloudformation';
import * as errors from './org-errors.ts';
import { advance, instanceKey, pendingInstance, start } from './org-operations.ts';
import type { InstanceState, OperationState, OrgState, StackSetState } from './org-state.ts';

/** Who sends a call: an account of the organisation (or outside it) and the principal's ARN. */
export interface Caller {
  readonly account: string;
  readonly arn: string;
}

const MAX_OUS = 50;

/** Checks the caller may act on the organisation's StackSets with this CallAs. */
export function authorize(org: OrgState, caller: Caller, callAs: string | undefined): void {
  if (callAs === 'DELEGATED_ADMIN') {
    if (!org.delegatedAdmins.has(caller.account)) throw errors.cloudformation.validation('Account used is not a delegated administrator');
  } else if (caller.account !== org.managementId) {
    throw errors.cloudformation.validation('This operation is only supported for the management account of the organization or, with CallAs DELEGATED_ADMIN, for a delegated administrator');
  }
  if (!org.trustedAccess) throw errors.cloudformation.validation('You must enable organizations access to operate a service managed stack set');
}

function stackSet(org: OrgState, name: string | undefined): StackSetState {
  const found = [...org.stackSets.values()].find((s) => s.name === name || s.id === name);
  if (!found) throw errors.cloudformation.stackSetNotFound(String(name));
  return found;
}

function preferences(input: StackSetOperationPreferences | undefined): StackSetOperationPreferences {
  const prefs = input ?? {};
  if (prefs.FailureToleranceCount !== undefined && prefs.FailureTolerancePercentage !== undefined) throw errors.cloudformation.validation('Specify FailureToleranceCount or FailureTolerancePercentage, not both');
  if (prefs.MaxConcurrentCount !== undefined && prefs.MaxConcurrentPercentage !== undefined) throw errors.cloudformation.validation('Specify MaxConcurrentCount or MaxConcurrentPercentage, not both');
  if (prefs.FailureTolerancePercentage !== undefined || prefs.MaxConcurrentPercentage !== undefined) throw errors.cloudformation.validation('The in-memory organisation models counts, not percentages');
  return prefs;
}

/** The accounts a DeploymentTargets names, with the OU each was reached through; the management account never. */
export function targetAccounts(org: OrgState, targets: DeploymentTargets | undefined, creating: boolean): Map<string, string> {
  const ous = targets?.OrganizationalUnitIds ?? [];
  if (ous.length === 0) throw errors.cloudformation.validation('DeploymentTargets.OrganizationalUnitIds is required for a service managed stack set');
  if (ous.length > MAX_OUS) throw errors.cloudformation.validation(`At most ${MAX_OUS} OrganizationalUnitIds per call`);
  const accounts = targets?.Accounts ?? [];
  const filter = targets?.AccountFilterType ?? (accounts.length > 0 ? 'UNION' : 'NONE');
  if (creating && accounts.length > 0 && (targets?.AccountFilterType === undefined || filter === 'UNION')) {
    throw errors.cloudformation.validation('With both OrganizationalUnitIds and Accounts, a create operation needs AccountFilterType INTERSECTION or DIFFERENCE');
  }
  const found = new Map<string, string>();
  for (const ou of ous) {
    if (!org.units.has(ou)) throw errors.cloudformation.validation(`Organizational unit ${ou} does not exist`);
    for (const account of org.accountsUnder(ou)) {
      if (account.id === org.managementId || found.has(account.id)) continue;
      const listed = accounts.includes(account.id);
      if ((filter === 'INTERSECTION' && !listed) || (filter === 'DIFFERENCE' && listed)) continue;
      found.set(account.id, ou);
    }
  }
  return found;
}

function operation(org: OrgState, action: OperationState['action'], regions: readonly string[], prefs: StackSetOperationPreferences, extra: Partial<OperationState> = {}): OperationState {
  const order = prefs.RegionOrder ?? [];
  const ordered = [...order.filter((r) => regions.includes(r)), ...regions.filter((r) => !order.includes(r))];
  return { id: org.nextId('op-', 12), action, status: 'QUEUED', preferences: prefs, regions: ordered, steps: [], created: new Date(org.now.getTime()), ...extra };
}

type Handler = (org: OrgState, caller: Caller, input: never) => object;

/** The StackSet commands by operation name. */
export const stackSetCommands: Record<string, Handler> = {
  DescribeOrganizationsAccess: (org: OrgState, caller: Caller, input: { CallAs?: string }) => {
    if (input.CallAs === 'DELEGATED_ADMIN' ? !org.delegatedAdmins.has(caller.account) : caller.account !== org.managementId) {
      throw errors.cloudformation.validation('Account used is not a delegated administrator');
    }
    return { Status: org.trustedAccess ? 'ENABLED' : 'DISABLED' };
  },
  CreateStackSet: (org: OrgState, caller: Caller, input: CreateStackSetInput) => {
    authorize(org, caller, input.CallAs);
    if (input.PermissionModel !== 'SERVICE_MANAGED') throw errors.cloudformation.validation('The in-memory organisation models SERVICE_MANAGED StackSets only');
    const name = String(input.StackSetName);
    if ([...org.stackSets.values()].some((s) => s.name === name)) throw errors.cloudformation.nameExists(name);
    if (!input.TemplateBody) throw errors.cloudformation.validation('TemplateBody is required (this model takes no TemplateURL)');
    if (new TextEncoder().encode(input.TemplateBody).length > 51_200) throw errors.cloudformation.validation('Templates with a size greater than 51,200 bytes must be deployed via an S3 Bucket');
    if (/AWS::IAM::/.test(input.TemplateBody) && !(input.Capabilities ?? []).some((c) => c === 'CAPABILITY_IAM' || c === 'CAPABILITY_NAMED_IAM')) {
      throw errors.cloudformation.insufficientCapabilities('Requires capabilities : [CAPABILITY_NAMED_IAM]');
    }
    const id = `${name}:${org.nextId('0000-', 8)}`;
    const set: StackSetState = {
      name,
      id,
      arn: `arn:aws:cloudformation:us-east-1:${org.managementId}:stackset/${id}`,
      templateBody: input.TemplateBody,
      parameters: input.Parameters ?? [],
      capabilities: input.Capabilities ?? [],
      autoDeployment: input.AutoDeployment ?? { Enabled: false },
      managedExecution: input.ManagedExecution?.Active === true,
      ...(input.Description !== undefined && { description: input.Description }),
      targetOus: new Set(),
      regions: new Set(),
      instances: new Map(),
      operations: [],
    };
    org.stackSets.set(name, set);
    return { StackSetId: id };
  },
  DescribeStackSet: (org: OrgState, caller: Caller, input: DescribeStackSetInput) => {
    authorize(org, caller, input.CallAs);
    const set = stackSet(org, input.StackSetName);
    return {
      StackSet: {
        StackSetName: set.name,
        StackSetId: set.id,
        StackSetARN: set.arn,
        Status: 'ACTIVE',
        TemplateBody: set.templateBody,
        Parameters: set.parameters,
        Capabilities: set.capabilities,
        AutoDeployment: set.autoDeployment,
        PermissionModel: 'SERVICE_MANAGED',
        ManagedExecution: { Active: set.managedExecution },
        OrganizationalUnitIds: [...set.targetOus],
        Regions: [...set.regions],
        ...(set.description !== undefined && { Description: set.description }),
      },
    };
  },
  UpdateStackSet: (org: OrgState, caller: Caller, input: UpdateStackSetInput) => {
    authorize(org, caller, input.CallAs);
    const set = stackSet(org, input.StackSetName);
    const prefs = preferences(input.OperationPreferences);
    const op = start(set, operation(org, 'UPDATE', [...set.regions], prefs));
    if (input.TemplateBody) set.templateBody = input.TemplateBody;
    if (input.Parameters) set.parameters = input.Parameters;
    if (input.Capabilities) set.capabilities = input.Capabilities;
    if (input.AutoDeployment) set.autoDeployment = input.AutoDeployment;
    if (input.ManagedExecution) set.managedExecution = input.ManagedExecution.Active === true;
    // With DeploymentTargets and Regions only those instances are updated now; the others stay OUTDATED.
    const only = input.DeploymentTargets ? targetAccounts(org, input.DeploymentTargets, false) : undefined;
    for (const instance of set.instances.values()) {
      if (instance.status === 'INOPERABLE') continue;
      instance.status = 'OUTDATED';
      if (only && (!only.has(instance.account) || !(input.Regions ?? []).includes(instance.region))) continue;
      instance.detailed = 'PENDING';
      op.steps.push({ account: instance.account, region: instance.region, ou: instance.ou, status: 'PENDING' });
    }
    return { OperationId: op.id };
  },
  DeleteStackSet: (org: OrgState, caller: Caller, input: DeleteStackSetInput) => {
    authorize(org, caller, input.CallAs);
    const set = stackSet(org, input.StackSetName);
    if (set.instances.size > 0) throw errors.cloudformation.notEmpty(set.name);
    const busy = set.operations.find((o) => o.status === 'RUNNING' || o.status === 'QUEUED');
    if (busy) throw errors.cloudformation.inProgress(busy.id);
    org.stackSets.delete(set.name);
    return {};
  },
  CreateStackInstances: (org: OrgState, caller: Caller, input: CreateStackInstancesInput) => {
    authorize(org, caller, input.CallAs);
    const set = stackSet(org, input.StackSetName);
    const regions = input.Regions ?? [];
    const targets = targetAccounts(org, input.DeploymentTargets, true);
    const op = start(set, operation(org, 'CREATE', regions, preferences(input.OperationPreferences), input.ParameterOverrides ? { overrides: input.ParameterOverrides } : {}));
    for (const ou of input.DeploymentTargets?.OrganizationalUnitIds ?? []) set.targetOus.add(ou);
    for (const region of regions) set.regions.add(region);
    for (const region of op.regions) {
      for (const [account, ou] of targets) {
        const key = instanceKey(account, region);
        const instance = set.instances.get(key) ?? pendingInstance(account, region, ou);
        Object.assign(instance, { detailed: 'PENDING', status: 'OUTDATED' });
        set.instances.set(key, instance);
        op.steps.push({ account, region, ou, status: 'PENDING' });
      }
    }
    return { OperationId: op.id };
  },
  UpdateStackInstances: (org: OrgState, caller: Caller, input: UpdateStackInstancesInput) => {
    authorize(org, caller, input.CallAs);
    const set = stackSet(org, input.StackSetName);
    const regions = input.Regions ?? [];
    const targets = targetAccounts(org, input.DeploymentTargets, false);
    for (const region of regions) {
      for (const account of targets.keys()) {
        if (!set.instances.has(instanceKey(account, region))) throw errors.cloudformation.instanceNotFound(`Stack instance ${account}/${region} of ${set.name} not found`);
      }
    }
    const op = start(set, operation(org, 'UPDATE', regions, preferences(input.OperationPreferences), input.ParameterOverrides ? { overrides: input.ParameterOverrides } : {}));
    for (const region of op.regions) for (const [account, ou] of targets) op.steps.push({ account, region, ou, status: 'PENDING' });
    return { OperationId: op.id };
  },
  DeleteStackInstances: (org: OrgState, caller: Caller, input: DeleteStackInstancesInput) => {
    authorize(org, caller, input.CallAs);
    const set = stackSet(org, input.StackSetName);
    if (input.RetainStacks === undefined) throw errors.cloudformation.validation('RetainStacks is required');
    const regions = input.Regions ?? [];
    const targets = targetAccounts(org, input.DeploymentTargets, false);
    const op = start(set, operation(org, 'DELETE', regions, preferences(input.OperationPreferences), { retainStacks: input.RetainStacks }));
    for (const region of op.regions) {
      for (const [account, ou] of targets) if (set.instances.has(instanceKey(account, region))) op.steps.push({ account, region, ou, status: 'PENDING' });
    }
    for (const ou of input.DeploymentTargets?.OrganizationalUnitIds ?? []) set.targetOus.delete(ou);
    return { OperationId: op.id };
  },
  DescribeStackSetOperation: (org: OrgState, caller: Caller, input: DescribeStackSetOperationInput) => {
    authorize(org, caller, input.CallAs);
    const set = stackSet(org, input.StackSetName);
    const op = set.operations.find((o) => o.id === input.OperationId);
    if (!op) throw errors.cloudformation.operationNotFound(String(input.OperationId));
    advance(org, set);
    const failed = op.steps.filter((s) => s.status === 'FAILED').length;
    return {
      StackSetOperation: {
        OperationId: op.id,
        StackSetId: set.id,
        Action: op.action,
        Status: op.status,
        OperationPreferences: op.preferences,
        CreationTimestamp: op.created,
        ...(op.ended && { EndTimestamp: op.ended }),
        ...(op.statusReason && { StatusReason: op.statusReason }),
        ...(op.retainStacks !== undefined && { RetainStacks: op.retainStacks }),
        StatusDetails: { FailedStackInstancesCount: failed },
      },
    };
  },
  DescribeStackInstance: (org: OrgState, caller: Caller, input: DescribeStackInstanceInput) => {
    authorize(org, caller, input.CallAs);
    const set = stackSet(org, input.StackSetName);
    const instance = set.instances.get(instanceKey(String(input.StackInstanceAccount), String(input.StackInstanceRegion)));
    if (!instance) throw errors.cloudformation.instanceNotFound(`Stack instance ${input.StackInstanceAccount}/${input.StackInstanceRegion} of ${set.name} not found`);
    return { StackInstance: { ...instanceShape(set, instance), ParameterOverrides: instance.overrides } };
  },
  ListStackSetOperations: (org: OrgState, caller: Caller, input: ListStackSetOperationsInput) => {
    authorize(org, caller, input.CallAs);
    const set = stackSet(org, input.StackSetName);
    const summaries = [...set.operations].reverse().map((o) => ({ OperationId: o.id, Action: o.action, Status: o.status, CreationTimestamp: o.created, ...(o.ended && { EndTimestamp: o.ended }) }));
    return pageOf(summaries, input.NextToken, input.MaxResults);
  },
  ListStackSetOperationResults: (org: OrgState, caller: Caller, input: ListStackSetOperationResultsInput) => {
    authorize(org, caller, input.CallAs);
    const set = stackSet(org, input.StackSetName);
    const op = set.operations.find((o) => o.id === input.OperationId);
    if (!op) throw errors.cloudformation.operationNotFound(String(input.OperationId));
    const summaries = op.steps.map((s) => ({ Account: s.account, Region: s.region, Status: s.status, OrganizationalUnitId: s.ou, ...(s.reason && { StatusReason: s.reason }) }));
    return pageOf(summaries, input.NextToken, input.MaxResults);
  },
  ListStackInstances: (org: OrgState, caller: Caller, input: ListStackInstancesInput) => {
    authorize(org, caller, input.CallAs);
    const set = stackSet(org, input.StackSetName);
    const detailed = input.Filters?.find((f) => f.Name === 'DETAILED_STATUS')?.Values;
    const summaries: StackInstanceSummary[] = [...set.instances.values()]
      .filter((i) => (input.StackInstanceAccount === undefined || i.account === input.StackInstanceAccount) && (input.StackInstanceRegion === undefined || i.region === input.StackInstanceRegion))
      .filter((i) => detailed === undefined || i.detailed === detailed)
      .sort((a, b) => instanceKey(a.account, a.region).localeCompare(instanceKey(b.account, b.region)))
      .map((i) => ({ ...instanceShape(set, i), ...(i.lastOperationId && { LastOperationId: i.lastOperationId }) }));
    return pageOf(summaries, input.NextToken, input.MaxResults);
  },
};

/** What DescribeStackInstance and ListStackInstances both say of an instance. */
function instanceShape(set: StackSetState, i: InstanceState) {
  return {
    StackSetId: set.id,
    Account: i.account,
    Region: i.region,
    OrganizationalUnitId: i.ou,
    Status: i.status,
    StackInstanceStatus: { DetailedStatus: i.detailed },
    ...(i.reason && { StatusReason: i.reason }),
    ...(i.stackId && { StackId: i.stackId }),
  };
}

function pageOf<T>(items: readonly T[], token: string | undefined, max: number | undefined): { Summaries: T[]; NextToken?: string } {
  const size = max ?? 100;
  if (size < 1 || size > 100) throw errors.cloudformation.validation('MaxResults must be between 1 and 100');
  const from = token === undefined ? 0 : Number(token.replace(/^page-/, ''));
  const page = items.slice(from, from + size);
  return from + size < items.length ? { Summaries: page, NextToken: `page-${from + size}` } : { Summaries: page };
}
