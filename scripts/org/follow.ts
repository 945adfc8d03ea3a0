/**
 * Follows StackSet operations: polls DescribeStackSetOperation until the operation ends, printing
 * each account's result as it comes (ListStackSetOperationResults), within a bound; and waits,
 * within the same bound and by name, for an operation someone else started before sending ours.
 */
import * as stacksets from '../../src/aws/stacksets.ts';
import { DeployError } from '../../src/deploy/errors.ts';
import type { Io, Pace } from '../deploy/io.ts';

/** How an operation ended, with the per-account results. */
export interface Ended {
  readonly id: string;
  readonly status: string;
  readonly reason?: string;
  readonly results: ReadonlyArray<{ readonly account: string; readonly region: string; readonly status: string; readonly reason?: string }>;
}

const ACTIVE = new Set(['RUNNING', 'QUEUED', 'STOPPING']);

/** Polls the operation to its end, printing `account region STATUS reason` per finished result; throws after `pace.timeoutMs`. */
export async function follow(s: stacksets.StackSets, name: string, id: string, io: Io, pace: Pace, quiet = false): Promise<Ended> {
  const started = pace.now().getTime();
  const printed = new Set<string>();
  for (;;) {
    const op = await stacksets.operation(s, name, id);
    const done = !ACTIVE.has(op.Status ?? '');
    if (!quiet || done) {
      const results = (await stacksets.results(s, name, id)).map((r) => ({ account: r.Account ?? '', region: r.Region ?? '', status: r.Status ?? '', ...(r.StatusReason && { reason: r.StatusReason }) }));
      for (const r of results) {
        const key = `${r.account}/${r.region}`;
        if (quiet || printed.has(key) || r.status === 'PENDING' || r.status === 'RUNNING') continue;
        printed.add(key);
        io.print(`    ${r.account}  ${r.region}  ${r.status}${r.reason ? `  ${r.reason}` : ''}`);
      }
      if (done) return { id, status: op.Status ?? 'UNKNOWN', ...(op.StatusReason && { reason: op.StatusReason }), results };
    }
    if (pace.now().getTime() - started >= pace.timeoutMs) {
      throw new DeployError(`StackSet ${name}`, `operation ${id} still ${op.Status} after ${Math.round(pace.timeoutMs / 60_000)} minutes; it goes on in AWS`, `Watch it: aws cloudformation describe-stack-set-operation --stack-set-name ${name} --operation-id ${id}${s.callAs === 'DELEGATED_ADMIN' ? ' --call-as DELEGATED_ADMIN' : ''}`);
    }
    await pace.sleep(pace.pollMs);
  }
}

/**
 * Sends `start`; if the StackSet is busy with another operation (OperationInProgressException: a
 * StackSet without managed execution, or an operation someone else runs), names it, waits for it
 * within the bound, and sends `start` once more.
 */
export async function startWhenFree(s: stacksets.StackSets, name: string, start: () => Promise<string>, io: Io, pace: Pace): Promise<string> {
  try {
    return await start();
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'OperationInProgressException') throw error;
    const running = (await stacksets.recentOperations(s, name)).find((o) => ACTIVE.has(o.Status ?? ''));
    if (running?.OperationId) {
      io.print(`  ${name} is busy with operation ${running.OperationId} (${running.Action}, ${running.Status}, started ${running.CreationTimestamp?.toISOString() ?? '?'}): waiting for it, at most ${Math.round(pace.timeoutMs / 60_000)} minutes`);
      const ended = await follow(s, name, running.OperationId, io, pace, true);
      io.print(`  operation ${running.OperationId} ended ${ended.status}; going on`);
    }
    return await start();
  }
}

/** Prints each line. */
export function say(io: Io, ...lines: string[]): void {
  for (const line of lines) io.print(line);
}
