/**
 * Follows a stack operation by its events: prints each new event as it comes, and returns when
 * the stack's own status is final (or gives up after `pace.timeoutMs`; the operation goes on in AWS).
 */
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import * as cloudformation from '../../src/aws/cloudformation.ts';
import { DeployError } from '../../src/deploy/errors.ts';
import * as stackEvents from '../../src/deploy/stack-events.ts';
import * as stackStatus from '../../src/deploy/stack-status.ts';
import type { Io, Pace } from './io.ts';

/** Where the operation ended, and every event it produced (oldest first). */
export interface Followed {
  readonly status: string;
  readonly outcome: 'success' | 'failure';
  readonly events: readonly StackEvent[];
}

/**
 * Polls `DescribeStackEvents` for events after `markerId` until the stack reports a final status.
 * `stack` is the stack ID (events of a deleted stack are only found by ID) and `name` its name.
 */
export async function follow(
  cfn: cloudformation.CloudFormation,
  stack: { id: string; name: string },
  operation: 'deploy' | 'delete',
  markerId: string | undefined,
  io: Io,
  pace: Pace,
): Promise<Followed> {
  const started = pace.now().getTime();
  const events: StackEvent[] = [];
  let marker = markerId;
  let status: string | undefined;
  for (;;) {
    await pace.sleep(pace.pollMs);
    const fresh = await cloudformation.eventsSince(cfn, stack.id, marker);
    for (const event of fresh) io.print(`  ${stackEvents.format(event)}`);
    events.push(...fresh);
    marker = fresh.at(-1)?.EventId ?? marker;
    status = stackEvents.latestStackStatus(fresh, stack.name) ?? status;
    const outcome = status === undefined ? 'in-progress' : stackStatus.outcome(operation, status);
    if (status !== undefined && outcome !== 'in-progress') return { status, outcome, events };
    if (pace.now().getTime() - started >= pace.timeoutMs) {
      throw new DeployError(
        `stack ${stack.name}`,
        `still ${status ?? 'in progress'} after ${Math.round(pace.timeoutMs / 60_000)} minutes; it goes on in AWS`,
        `Watch it: aws cloudformation describe-stack-events --stack-name ${stack.id}`,
      );
    }
  }
}

/** The failure of a followed operation as a DeployError listing every failed resource with its reason. */
export function failed(name: string, verb: string, followed: Followed): DeployError {
  const reason = followed.events.filter((e) => stackEvents.isStackEvent(e, name) && e.ResourceStatusReason).at(-1)?.ResourceStatusReason;
  return new DeployError(
    `stack ${name}`,
    `${verb} failed: ${followed.status}${reason ? ` (${reason})` : ''}`,
    ['Failed resources:', ...stackEvents.failureReport(followed.events, name).map((line) => `  ${line}`)].join('\n'),
  );
}
