/**
 * A scripted CloudFormation behind `aws-sdk-client-mock`: one stack, one change set, and the events
 * an execution or a deletion produces, served the way the API does (newest first, paged).
 */
import {
  CloudFormationClient,
  CloudFormationServiceException,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListStackResourcesCommand,
  type Change,
  type DescribeChangeSetCommandInput,
  type DescribeStackEventsCommandInput,
  type ListStackResourcesCommandInput,
  type Stack,
  type StackEvent,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';

/** What the fake stack does. */
export interface Script {
  readonly name: string;
  readonly region?: string;
  /** The stack before the deploy, or undefined for none. */
  readonly existing?: Partial<Stack>;
  /** DescribeChangeSet's status once computed (after one CREATE_PENDING answer). */
  readonly changeSet?: { readonly Status: 'CREATE_COMPLETE' | 'FAILED'; readonly StatusReason?: string };
  readonly changes?: readonly Change[];
  /** Events already there (oldest first). */
  readonly history?: readonly StackEvent[];
  /** After ExecuteChangeSet or DeleteStack: the events each DescribeStackEvents poll reveals (one batch per poll). */
  readonly batches?: readonly (readonly StackEvent[])[][];
  /** The stack after the operation(s). */
  readonly after?: readonly (Partial<Stack> | undefined)[];
  /** ListStackResources answer (destroy). */
  readonly resources?: readonly StackResourceSummary[];
}

const BASE = Date.parse('2026-11-29T12:00:00Z');
let serial = 0;

/** A stack event; `at` is seconds after 12:00:00. */
export function event(logicalId: string, type: string, status: string, at: number, reason?: string): StackEvent {
  serial += 1;
  return {
    StackId: 'stack-id',
    StackName: 'stack',
    EventId: `event-${serial}`,
    LogicalResourceId: logicalId,
    ResourceType: type,
    ResourceStatus: status as StackEvent['ResourceStatus'],
    Timestamp: new Date(BASE + at * 1000),
    ...(reason && { ResourceStatusReason: reason }),
  };
}

/** The `ValidationError` CloudFormation answers for an unknown stack. */
export function noSuchStack(name: string): CloudFormationServiceException {
  return new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: `Stack with id ${name} does not exist` });
}

/** A client (and its stub) that plays the script. */
export function fakeCloudFormation(script: Script) {
  const client = new CloudFormationClient({ region: script.region ?? 'eu-west-1' });
  const stub = mockClient(client);
  const stackId = `arn:aws:cloudformation:${script.region ?? 'eu-west-1'}:123456789012:stack/${script.name}/0f1e2d3c`;
  const events: StackEvent[] = [...(script.history ?? [])];
  const batches = (script.batches ?? []).map((op) => [...op]);
  const after = [...(script.after ?? [])];
  let current: Partial<Stack> | undefined = script.existing;
  let operation: (readonly StackEvent[])[] | undefined;
  let pending = 1;

  // An existing stack is mfa-guard's (tagged with the role its name implies) unless the script sets Tags.
  const role = script.name.endsWith('-iam-events') ? 'forwarder' : script.name.endsWith('-monitoring') ? 'monitoring' : 'home';
  const asStack = (s: Partial<Stack>): Stack => ({ StackName: script.name, StackId: stackId, CreationTime: new Date(BASE), StackStatus: 'CREATE_COMPLETE', Tags: [{ Key: 'mfa-guard:role', Value: role }], ...s });
  const begin = () => {
    operation = batches.shift() ?? [];
  };
  stub.on(DescribeStacksCommand).callsFake(() => {
    if (!current) throw noSuchStack(script.name);
    return { Stacks: [asStack(current)] };
  });
  stub.on(CreateChangeSetCommand).callsFake(() => {
    current ??= { StackStatus: 'REVIEW_IN_PROGRESS' };
    return { Id: `${stackId}/changeSet`, StackId: stackId };
  });
  stub.on(DescribeChangeSetCommand).callsFake((input: DescribeChangeSetCommandInput) => {
    if (pending-- > 0) return { Status: 'CREATE_PENDING', ExecutionStatus: 'UNAVAILABLE' };
    const status = script.changeSet ?? { Status: 'CREATE_COMPLETE' };
    const all = script.changes ?? [];
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const next = start + 2 < all.length ? String(start + 2) : undefined;
    return { ...status, ExecutionStatus: status.Status === 'CREATE_COMPLETE' ? 'AVAILABLE' : 'UNAVAILABLE', Changes: all.slice(start, start + 2), ...(next && { NextToken: next }) };
  });
  stub.on(ExecuteChangeSetCommand).callsFake(() => (begin(), {}));
  stub.on(DeleteStackCommand).callsFake(() => (begin(), {}));
  stub.on(DeleteChangeSetCommand).resolves({});
  stub.on(DescribeStackEventsCommand).callsFake((input: DescribeStackEventsCommandInput) => {
    const batch = input.NextToken === undefined ? operation?.shift() : undefined;
    if (batch) {
      events.push(...batch);
      if (operation?.length === 0 && after.length > 0) current = after.shift();
    }
    const newestFirst = [...events].reverse();
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const next = start + 3 < newestFirst.length ? String(start + 3) : undefined;
    return { StackEvents: newestFirst.slice(start, start + 3), ...(next && { NextToken: next }) };
  });
  stub.on(ListStackResourcesCommand).callsFake((_input: ListStackResourcesCommandInput) => ({ StackResourceSummaries: [...(script.resources ?? [])] }));
  return { client, stub, stackId };
}
