/**
 * How a rollout ended, per target account and StackSet region, from ListStackInstances: the final
 * table and the exit code (0 only when every target succeeded or was skipped as suspended).
 *
 * @example
 * ```ts
 * const rows = outcome.rows(sets, targets);
 * outcome.exitCode(rows); // 1 while any instance is FAILED, CANCELLED or missing
 * ```
 */
import type { TargetAccount } from '../aws/organizations.ts';
import { table } from '../deploy/table.ts';
import type { InstanceFacts } from './plan.ts';
import type { StackSetLayout } from './settings.ts';

/** One account × StackSet × region. */
export interface OutcomeRow {
  readonly account: string;
  readonly name: string;
  readonly stackSet: string;
  readonly region: string;
  /** The instance's DetailedStatus; `NOT ATTEMPTED` for a cancelled one, `MISSING` when there is none, `SKIPPED (suspended)`. */
  readonly status: string;
  readonly reason: string;
  readonly ok: boolean;
}

/** The rows for every target account (suspended ones included, as skipped). */
export function rows(sets: ReadonlyArray<{ readonly layout: StackSetLayout; readonly instances: readonly InstanceFacts[] }>, targets: readonly TargetAccount[]): OutcomeRow[] {
  const out: OutcomeRow[] = [];
  for (const target of targets) {
    for (const { layout, instances } of sets) {
      for (const region of layout.regions) {
        const instance = instances.find((i) => i.account === target.id && i.region === region);
        const row = (status: string, reason: string, ok: boolean) => out.push({ account: target.id, name: target.name, stackSet: layout.name, region, status, reason, ok });
        if (target.state !== 'ACTIVE') row(`SKIPPED (${target.state.toLowerCase()})`, '', true);
        else if (!instance) row('MISSING', 'no instance (an earlier step stopped the rollout)', false);
        else if (instance.detailed === 'CANCELLED') row('NOT ATTEMPTED', instance.reason ?? 'cancelled', false);
        else row(instance.detailed, instance.reason ?? '', instance.detailed === 'SUCCEEDED' && instance.status === 'CURRENT');
      }
    }
  }
  return out;
}

/** 0 when every row is fine, else 1. */
export function exitCode(all: readonly OutcomeRow[]): 0 | 1 {
  return all.every((r) => r.ok) ? 0 : 1;
}

/**
 * The final table: one line per account, a column per StackSet region (its status), the regions
 * not attempted (cancelled: the tolerance was exceeded before them), and the first failure's reason.
 */
export function render(all: readonly OutcomeRow[]): string[] {
  const columns = [...new Set(all.map((r) => `${r.stackSet} ${r.region}`))];
  const accounts = [...new Set(all.map((r) => r.account))];
  const lines = accounts.map((account) => {
    const mine = all.filter((r) => r.account === account);
    const cell = (column: string) => mine.find((r) => `${r.stackSet} ${r.region}` === column)?.status ?? '';
    const skipped = mine.filter((r) => r.status === 'NOT ATTEMPTED').map((r) => `${r.stackSet} ${r.region}`);
    const failed = mine.find((r) => !r.ok && r.status !== 'NOT ATTEMPTED');
    return [account, mine[0]?.name ?? '', ...columns.map(cell), skipped.join(', '), failed ? `${failed.stackSet}: ${failed.reason}` : ''];
  });
  return table(['Account', 'Name', ...columns, 'Not attempted', 'Reason'], lines);
}
