/**
 * Carries out one StackSet's plan (src/org/plan.ts): creates or updates the StackSet, then the
 * instances: the CANARY account first with failure tolerance 0, then accounts with their own
 * whitelist override, then everyone else in one operation with soft failure tolerance; then runs
 * failed instances again and sets or resets overrides. Every operation is followed to its end.
 */
import type { DeploymentTargets, Parameter, StackSetOperationPreferences } from '@aws-sdk/client-cloudformation';
import type { TargetAccount } from '../../src/aws/organizations.ts';
import * as stacksets from '../../src/aws/stacksets.ts';
import type { SetPlan } from '../../src/org/plan.ts';
import type { Io, Pace } from '../deploy/io.ts';
import { follow, startWhenFree, type Ended } from './follow.ts';

/** What a rollout acts with. */
export interface RolloutContext {
  readonly s: stacksets.StackSets;
  readonly ous: readonly string[];
  readonly targets: readonly TargetAccount[];
  readonly canary?: string | undefined;
  readonly io: Io;
  readonly pace: Pace;
}

const MAX_OUS = 50;

/** Tolerance 0, one account at a time: the canary, where the first failure must stop everything. */
export function strict(regions: readonly string[]): StackSetOperationPreferences {
  return { FailureToleranceCount: 0, MaxConcurrentCount: 1, RegionConcurrencyType: 'SEQUENTIAL', RegionOrder: [...regions] };
}

/**
 * Soft failure tolerance: up to 10% of the accounts (at least 1) may fail per region, and
 * concurrency is not capped at tolerance + 1 (SOFT_FAILURE_TOLERANCE), so one account without a
 * Config recorder neither stops the rollout nor slows it to one account at a time.
 */
export function soft(regions: readonly string[], accounts: number): StackSetOperationPreferences {
  const tolerance = Math.max(1, Math.floor(accounts / 10));
  return { ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE', FailureToleranceCount: tolerance, MaxConcurrentCount: Math.min(10, Math.max(1, accounts)), RegionConcurrencyType: 'SEQUENTIAL', RegionOrder: [...regions] };
}

/** DeploymentTargets (≤ 50 OUs each) reaching exactly `accounts` (INTERSECTION), or every account but `except` (DIFFERENCE; none excepted: the OUs). */
export function targetsFor(ous: readonly string[], targets: readonly TargetAccount[], pick: { only: readonly string[] } | { except: readonly string[] }): DeploymentTargets[] {
  const out: DeploymentTargets[] = [];
  for (let i = 0; i < ous.length; i += MAX_OUS) {
    const chunk = ous.slice(i, i + MAX_OUS);
    const inChunk = targets.filter((t) => chunk.includes(t.target)).map((t) => t.id);
    if ('only' in pick) {
      const accounts = pick.only.filter((a) => inChunk.includes(a));
      if (accounts.length > 0) out.push({ OrganizationalUnitIds: chunk.filter((ou) => targets.some((t) => t.target === ou && accounts.includes(t.id))), Accounts: accounts, AccountFilterType: 'INTERSECTION' });
    } else {
      const excluded = pick.except.filter((a) => inChunk.includes(a));
      if (excluded.length === inChunk.length) continue;
      out.push(excluded.length === 0 ? { OrganizationalUnitIds: chunk } : { OrganizationalUnitIds: chunk, Accounts: excluded, AccountFilterType: 'DIFFERENCE' });
    }
  }
  return out;
}

/** Runs the plan; `stopped` when the canary failed or an operation exceeded its tolerance (later StackSets must not start). */
export async function rollout(ctx: RolloutContext, plan: SetPlan, spec: stacksets.StackSetSpec): Promise<{ stopped: boolean; operations: Ended[] }> {
  const { s, io, pace } = ctx;
  const { regions } = plan.desired.layout;
  const operations: Ended[] = [];
  const run = async (label: string, start: () => Promise<string>): Promise<Ended> => {
    const id = await startWhenFree(s, spec.name, start, io, pace);
    io.print(`  ${spec.name}: ${label} (operation ${id})`);
    const ended = await follow(s, spec.name, id, io, pace);
    operations.push(ended);
    if (ended.status !== 'SUCCEEDED') io.print(`  ${spec.name}: operation ${id} ${ended.status}${ended.reason ? `: ${ended.reason}` : ''}`);
    return ended;
  };
  const failedAny = (ended: Ended) => ended.status !== 'SUCCEEDED' || ended.results.some((r) => r.status === 'FAILED');
  const overrideOf = (account: string): Parameter[] | undefined => {
    const values = plan.desired.overrides.get(account);
    return values && Object.keys(values).length > 0 ? stacksets.parameters(values) : undefined;
  };
  const canary = ctx.canary;
  if (plan.createSet) {
    await stacksets.create(s, spec);
    io.print(`  ${spec.name}: StackSet created`);
  }
  const updated = new Set<string>();
  if (plan.setChanges.length > 0 && plan.existing.length > 0) {
    const rest = plan.existing.filter((a) => a !== canary);
    if (canary && plan.existing.includes(canary)) {
      const [only] = targetsFor(ctx.ous, ctx.targets, { only: [canary] });
      const ended = await run(`update the canary ${canary}`, () => stacksets.update(s, spec, strict(regions), only && { targets: only, regions }));
      if (failedAny(ended)) return { stopped: true, operations };
      for (const t of targetsFor(ctx.ous, ctx.targets, { only: rest })) {
        const more = await run(`update ${t.Accounts?.length} more accounts`, () => stacksets.updateInstances(s, spec.name, t, regions, soft(regions, rest.length)));
        if (more.status !== 'SUCCEEDED') return { stopped: true, operations };
      }
    } else if (!plan.createSet) {
      const ended = await run(`update ${plan.existing.length} accounts (${plan.setChanges.join('; ')})`, () => stacksets.update(s, spec, soft(regions, plan.existing.length)));
      if (ended.status !== 'SUCCEEDED') return { stopped: true, operations };
    }
    for (const a of plan.existing) updated.add(a);
  }
  const create = plan.create;
  const own = create.filter((a) => a !== canary && overrideOf(a) !== undefined);
  if (canary && create.includes(canary)) {
    for (const t of targetsFor(ctx.ous, ctx.targets, { only: [canary] })) {
      const ended = await run(`create the canary ${canary}`, () => stacksets.createInstances(s, spec.name, t, regions, strict(regions), overrideOf(canary)));
      if (failedAny(ended)) return { stopped: true, operations };
    }
  }
  for (const account of own) {
    for (const t of targetsFor(ctx.ous, ctx.targets, { only: [account] })) await run(`create ${account} with its whitelist`, () => stacksets.createInstances(s, spec.name, t, regions, soft(regions, 1), overrideOf(account)));
  }
  const bulk = create.filter((a) => a !== canary && !own.includes(a));
  if (bulk.length > 0) {
    const except = ctx.targets.map((t) => t.id).filter((a) => !bulk.includes(a));
    for (const t of targetsFor(ctx.ous, ctx.targets, { except })) {
      const ended = await run(`create ${bulk.length} account${bulk.length === 1 ? '' : 's'}`, () => stacksets.createInstances(s, spec.name, t, regions, soft(regions, bulk.length)));
      if (ended.status !== 'SUCCEEDED') return { stopped: true, operations };
    }
  }
  const overrides = new Map(plan.overrides.map((o) => [o.account, o.values]));
  const again = plan.retry.map((r) => r.account).filter((a) => !updated.has(a) && !overrides.has(a));
  for (const t of targetsFor(ctx.ous, ctx.targets, { only: again })) await run(`run again in ${t.Accounts?.join(', ')}`, () => stacksets.updateInstances(s, spec.name, t, regions, soft(regions, again.length)));
  for (const [account, values] of overrides) {
    const label = Object.keys(values).length === 0 ? `reset the whitelist of ${account}` : `set the whitelist of ${account}`;
    for (const t of targetsFor(ctx.ous, ctx.targets, { only: [account] })) await run(label, () => stacksets.updateInstances(s, spec.name, t, regions, soft(regions, 1), stacksets.parameters(values)));
  }
  return { stopped: false, operations };
}
