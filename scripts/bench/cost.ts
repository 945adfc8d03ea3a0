/**
 * What the hourly sweep costs in AWS Config evaluations: evaluations written per sweep, measured by
 * running sweeps on a seeded account, and per month (730 sweeps at One_Hour), with the monthly charge
 * at AWS Config's public rates; beside the seed design, which writes every user every hour.
 */
import { evaluate } from '../../src/handlers/config-rule.ts';
import { MemoryAccount } from '../../sim/account.ts';
import { withInvokingField } from '../../sim/fixtures.ts';
import { containerDeps, WHITELIST_PARAMETER } from './deps.ts';
import * as events from './events.ts';

/** Sweeps a month at the default MaximumExecutionFrequency (One_Hour): 24 × 365 / 12. */
export const SWEEPS_PER_MONTH = 730;

/** AWS Config's price per rule evaluation recorded, by tier of the month's count (AWS Config pricing page). */
export const PRICE_TIERS: readonly { readonly upTo: number; readonly usd: number }[] = [
  { upTo: 100_000, usd: 0.001 },
  { upTo: 500_000, usd: 0.0008 },
  { upTo: Infinity, usd: 0.0005 },
];

/** The month's charge for `evaluations` rule evaluations recorded, in USD. */
export function monthlyCharge(evaluations: number): number {
  let usd = 0;
  let from = 0;
  for (const tier of PRICE_TIERS) {
    const inTier = Math.max(0, Math.min(evaluations, tier.upTo) - from);
    usd += inTier * tier.usd;
    from = tier.upTo;
  }
  return usd;
}

/** Evaluations one sweep wrote in each situation, measured. */
export interface SweepWrites {
  /** The first sweep after deploy: Config holds nothing yet. */
  readonly first: number;
  /** Nothing changed since the last sweep. */
  readonly quiet: number;
  /** `changing` users lost the policy without an event reaching mfa-guard (the sweep reports, then repairs them). */
  readonly changing: number;
  readonly changed: number;
}

/** Runs four sweeps, an hour apart, on a seeded account of `users` users, and counts the evaluations each wrote. */
export async function measureSweeps(users: number, changingShare = 0.01): Promise<SweepWrites> {
  const account = new MemoryAccount();
  const seeded = account.seed(users, { whitelistParameter: WHITELIST_PARAMETER });
  const deps = containerDeps(account, account.clients());
  const start = Date.parse('2025-01-15T12:00:00.000Z');
  let hour = 0;
  const sweep = async (): Promise<number> => {
    const event = withInvokingField(events.scheduled(), 'invokingEvent.notificationCreationTime', new Date(start + hour++ * 3_600_000).toISOString());
    account.resetCalls();
    await evaluate(event, deps);
    return account.inputs('PutEvaluations').reduce((n, input) => n + (Array.isArray(input.Evaluations) ? input.Evaluations.length : 0), 0);
  };
  const first = await sweep();
  // The seeded violating users were repaired by the first sweep (enforce mode); the next one settles.
  await sweep();
  const quiet = await sweep();
  const covered = seeded.users.filter((u) => !seeded.whitelisted.includes(u) && u.policies.some((p) => p.toLowerCase() === account.policyArn.toLowerCase()));
  const changed = Math.max(1, Math.round(users * changingShare));
  for (const user of covered.slice(0, changed)) account.detachPolicy(user.name, account.policyArn);
  const changing = await sweep();
  return { first, quiet, changing, changed };
}

/** One line of the cost table. */
export interface CostRow {
  readonly users: number;
  readonly design: string;
  readonly perSweep: number;
  /** Written once (the first sweep after deploy), not every hour: charged once, not per month. */
  readonly once?: boolean;
}

/** The cost table, in Markdown. */
export function costTable(rows: readonly CostRow[]): string {
  const usd = (n: number) => `$${n < 10 ? n.toFixed(2) : Math.round(n).toLocaleString('en-US')}`;
  return [
    '### Config evaluation cost of the hourly sweep (evaluations written, and the monthly charge at the public rates)',
    '',
    '| users | design | evaluations per sweep | per month (730 sweeps) | Config charge a month |',
    '|---:|---|---:|---:|---:|',
    ...rows.map((r) => {
      const month = r.once ? r.perSweep : r.perSweep * SWEEPS_PER_MONTH;
      const charge = r.once ? `${usd(monthlyCharge(month))} once` : usd(monthlyCharge(month));
      return `| ${r.users.toLocaleString('en-US')} | ${r.design} | ${r.perSweep.toLocaleString('en-US')} | ${r.once ? `${month.toLocaleString('en-US')} (once)` : month.toLocaleString('en-US')} | ${charge} |`;
    }),
  ].join('\n');
}
