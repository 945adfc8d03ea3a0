/**
 * CloudFormation adapter for the deploy family: stacks, change sets and stack events, paginated,
 * with "no such stack" mapped to `undefined`. Each function takes the client first.
 *
 * @example
 * ```ts
 * const stack = await cloudformation.describeStack(cfn, 'mfa-guard'); // undefined when absent
 * ```
 */
import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListStackResourcesCommand,
  type Capability,
  type Change,
  type CloudFormationClient,
  type DescribeChangeSetCommandOutput,
  type Stack,
  type StackEvent,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import type { ChangeSetParameter } from '../deploy/parameters.ts';
import { takeNew } from '../deploy/stack-events.ts';

/** The client, narrowed to what the adapter uses (a mock or a real client). */
export type CloudFormation = Pick<CloudFormationClient, 'send'>;

/** What a new change set needs. */
export interface ChangeSetRequest {
  readonly stackName: string;
  readonly changeSetName: string;
  readonly type: 'CREATE' | 'UPDATE';
  readonly templateBody: string;
  readonly parameters: readonly ChangeSetParameter[];
  readonly capabilities: readonly string[];
  readonly description: string;
}

/** The stack by name or ID, or `undefined` when CloudFormation says it does not exist. */
export async function describeStack(cfn: CloudFormation, stackName: string): Promise<Stack | undefined> {
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    return out.Stacks?.[0];
  } catch (error) {
    // CloudFormation answers an unknown stack with a ValidationError "Stack with id X does not exist".
    if (error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message)) return undefined;
    throw error;
  }
}

/** Creates a change set; returns its ID and the stack's ID. */
export async function createChangeSet(cfn: CloudFormation, request: ChangeSetRequest): Promise<{ id: string; stackId: string }> {
  const out = await cfn.send(
    new CreateChangeSetCommand({
      StackName: request.stackName,
      ChangeSetName: request.changeSetName,
      ChangeSetType: request.type,
      TemplateBody: request.templateBody,
      Parameters: request.parameters.map((p) => ({ ...p })),
      Capabilities: request.capabilities.map(asCapability),
      Description: request.description,
    }),
  );
  return { id: out.Id ?? request.changeSetName, stackId: out.StackId ?? request.stackName };
}

const CAPABILITIES: readonly string[] = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];

function asCapability(name: string): Capability {
  if (!CAPABILITIES.includes(name)) throw new Error(`unknown CloudFormation capability ${name}`);
  return name as Capability;
}

/** The change set's status (first page only: enough for Status and StatusReason). */
export async function describeChangeSet(cfn: CloudFormation, stackName: string, changeSetName: string): Promise<DescribeChangeSetCommandOutput> {
  return cfn.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
}

/** Every change of the change set, across pages (`NextToken`). */
export async function changeSetChanges(cfn: CloudFormation, stackName: string, changeSetName: string): Promise<Change[]> {
  const changes: Change[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName, NextToken: token }));
    changes.push(...(page.Changes ?? []));
    token = page.NextToken;
  } while (token);
  return changes;
}

/** Executes the change set; `token` tags the stack events of this execution. */
export async function executeChangeSet(cfn: CloudFormation, stackName: string, changeSetName: string, token: string): Promise<void> {
  await cfn.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName, ClientRequestToken: token }));
}

/** Deletes a change set that will not be executed. */
export async function deleteChangeSet(cfn: CloudFormation, stackName: string, changeSetName: string): Promise<void> {
  await cfn.send(new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
}

/** Starts deleting a stack. */
export async function deleteStack(cfn: CloudFormation, stackName: string, token: string): Promise<void> {
  await cfn.send(new DeleteStackCommand({ StackName: stackName, ClientRequestToken: token }));
}

/** The newest event's ID: the marker after which events are new. */
export async function newestEventId(cfn: CloudFormation, stackName: string): Promise<string | undefined> {
  const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }));
  return page.StackEvents?.[0]?.EventId;
}

/** Events newer than `markerId`, oldest first; walks the newest-first pages until it meets the marker. */
export async function eventsSince(cfn: CloudFormation, stackName: string, markerId: string | undefined): Promise<StackEvent[]> {
  const fresh: StackEvent[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName, NextToken: token }));
    const taken = takeNew(page.StackEvents ?? [], markerId);
    fresh.push(...taken.fresh);
    if (taken.reachedMarker) break;
    token = page.NextToken;
  } while (token);
  return fresh.reverse();
}

/** Every resource of the stack with its status, across pages. */
export async function stackResources(cfn: CloudFormation, stackName: string): Promise<StackResourceSummary[]> {
  const resources: StackResourceSummary[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: token }));
    resources.push(...(page.StackResourceSummaries ?? []));
    token = page.NextToken;
  } while (token);
  return resources;
}

/** A stack's outputs as a record `OutputKey → OutputValue`. */
export function outputsOf(stack: Stack | undefined): Record<string, string> {
  return Object.fromEntries((stack?.Outputs ?? []).flatMap((o) => (o.OutputKey && o.OutputValue !== undefined ? [[o.OutputKey, o.OutputValue]] : [])));
}

/** A stack's parameters as a record `ParameterKey → ParameterValue`. */
export function parametersOf(stack: Stack | undefined): Record<string, string> {
  return Object.fromEntries((stack?.Parameters ?? []).flatMap((p) => (p.ParameterKey && p.ParameterValue !== undefined ? [[p.ParameterKey, p.ParameterValue]] : [])));
}
