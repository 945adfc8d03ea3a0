/**
 * CloudFormation stack events: the new ones since a marker, one line each for progress, and the
 * failures with their reasons.
 *
 * @example
 * ```ts
 * const { fresh, reachedMarker } = stackEvents.takeNew(page, markerId);
 * fresh.reverse().forEach((e) => print(stackEvents.format(e)));
 * ```
 */
import { table } from './table.ts';

/** What `DescribeStackEvents` says of one event (field names as in the API). */
export interface StackEventFacts {
  readonly EventId?: string | undefined;
  readonly LogicalResourceId?: string | undefined;
  readonly ResourceType?: string | undefined;
  readonly ResourceStatus?: string | undefined;
  readonly ResourceStatusReason?: string | undefined;
  readonly Timestamp?: Date | undefined;
}

const STACK_TYPE = 'AWS::CloudFormation::Stack';

/**
 * The events of a newest-first page that come before `markerId` (the newest event seen so far).
 * `reachedMarker` false means the next page may hold more new events.
 */
export function takeNew<E extends StackEventFacts>(page: readonly E[], markerId: string | undefined): { fresh: E[]; reachedMarker: boolean } {
  const at = markerId === undefined ? -1 : page.findIndex((event) => event.EventId === markerId);
  return at < 0 ? { fresh: [...page], reachedMarker: false } : { fresh: page.slice(0, at), reachedMarker: true };
}

/** Whether the event is about the stack itself (its status) rather than one of its resources. */
export function isStackEvent(event: StackEventFacts, stackName: string): boolean {
  return event.ResourceType === STACK_TYPE && event.LogicalResourceId === stackName;
}

/** The stack's own latest status among events in time order, if any of them is about the stack. */
export function latestStackStatus(events: readonly StackEventFacts[], stackName: string): string | undefined {
  return events.filter((event) => isStackEvent(event, stackName)).at(-1)?.ResourceStatus;
}

/** One progress line: `12:00:01  CREATE_COMPLETE  AWS::IAM::ManagedPolicy  Policy  reason`. */
export function format(event: StackEventFacts): string {
  const time = event.Timestamp ? event.Timestamp.toISOString().slice(11, 19) : '--:--:--';
  const reason = event.ResourceStatusReason ? `  ${event.ResourceStatusReason}` : '';
  return `${time}  ${(event.ResourceStatus ?? '?').padEnd(28)}  ${(event.ResourceType ?? '?').padEnd(30)}  ${event.LogicalResourceId ?? '?'}${reason}`;
}

/** Every resource event that failed, in time order (the stack's own events excluded). */
export function failures(events: readonly StackEventFacts[], stackName: string): StackEventFacts[] {
  return events.filter((event) => (event.ResourceStatus ?? '').endsWith('_FAILED') && !isStackEvent(event, stackName));
}

/** The failed resources as table lines: LogicalResourceId, ResourceType, Status, Reason. */
export function failureReport(events: readonly StackEventFacts[], stackName: string): string[] {
  const failed = failures(events, stackName);
  if (failed.length === 0) return ['(no resource reported a failure; see the stack status reason above)'];
  return table(
    ['LogicalResourceId', 'ResourceType', 'Status', 'Reason'],
    failed.map((e) => [e.LogicalResourceId ?? '?', e.ResourceType ?? '?', e.ResourceStatus ?? '?', e.ResourceStatusReason ?? '(no reason given)']),
  );
}
