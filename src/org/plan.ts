/**
 * What `make deploy-org` changes, decided from what CloudFormation holds without calling it: per
 * StackSet, whether to create it, which of its template and parameters change, which target
 * accounts need a new instance, which instances to run again (failed, cancelled, outdated), and
 * whose whitelist override to set or reset. Suspended accounts are skipped and named.
 *
 * @example
 * ```ts
 * const plan = orgPlan.forSet(desired, facts, targets);
 * orgPlan.unchanged(plan); // true on a rerun with nothing new
 * ```
 */
import type { TargetAccount } from '../aws/organizations.ts';
import type { StackSetLayout } from './settings.ts';

/** One instance as ListStackInstances (and DescribeStackInstance, for the overrides) shows it. */
export interface InstanceFacts {
  readonly account: string;
  readonly region: string;
  readonly status: string;
  readonly detailed: string;
  readonly reason?: string;
  readonly overrides: Readonly<Record<string, string>>;
}

/** A StackSet as CloudFormation holds it (`exists: false` before the first rollout). */
export interface SetFacts {
  readonly exists: boolean;
  readonly templateBody?: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly instances: readonly InstanceFacts[];
}

/** What the StackSet should be: template, StackSet-wide parameters, per-account overrides (home: the whitelist). */
export interface DesiredSet {
  readonly layout: StackSetLayout;
  readonly templateBody: string;
  readonly parameters: Readonly<Record<string, string>>;
  /** Accounts with overrides; every other account has none (the StackSet's values). */
  readonly overrides: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** The changes to one StackSet. */
export interface SetPlan {
  readonly desired: DesiredSet;
  readonly createSet: boolean;
  /** `template (17,204 → 17,590 bytes)`, `Mode: report → enforce`. */
  readonly setChanges: readonly string[];
  /** Instances that exist (an UpdateStackSet reaches them all). */
  readonly existing: readonly string[];
  /** Active target accounts without an instance yet. */
  readonly create: readonly string[];
  /** Active accounts whose instance did not succeed last time (FAILED, CANCELLED, OUTDATED…), with why. */
  readonly retry: ReadonlyArray<{ readonly account: string; readonly why: string }>;
  /** Existing instances whose overrides must change (`{}`: reset to the StackSet's values). */
  readonly overrides: ReadonlyArray<{ readonly account: string; readonly values: Readonly<Record<string, string>> }>;
  /** Suspended (or closing) target accounts: StackSets skips them. */
  readonly skipped: readonly string[];
}

/** The home template's packed-code parameters (make synth), summarised in a preview rather than shown. */
const CODE = /^[A-Za-z]+FunctionCode\d+$/;

/** Compares desired and actual for one StackSet over the target accounts. */
export function forSet(desired: DesiredSet, facts: SetFacts, targets: readonly TargetAccount[]): SetPlan {
  const active = targets.filter((t) => t.state === 'ACTIVE').map((t) => t.id);
  const skipped = targets.filter((t) => t.state !== 'ACTIVE').map((t) => t.id);
  const setChanges: string[] = [];
  if (facts.exists && facts.templateBody !== desired.templateBody) setChanges.push(`template (${bytes(facts.templateBody ?? '')} → ${bytes(desired.templateBody)} bytes)`);
  if (facts.exists) {
    const code = Object.entries(desired.parameters).filter(([key, value]) => CODE.test(key) && facts.parameters[key] !== value).length;
    for (const [key, value] of Object.entries(desired.parameters)) {
      const was = facts.parameters[key];
      if (was !== value && !CODE.test(key)) setChanges.push(`${key}: ${was === undefined ? '(unset)' : short(was)} → ${short(value)}`);
    }
    if (code > 0) setChanges.push(`function code (${code} of the <Function>Code<n> parameters)`);
  }
  const byAccount = new Map<string, InstanceFacts[]>();
  for (const instance of facts.instances) byAccount.set(instance.account, [...(byAccount.get(instance.account) ?? []), instance]);
  const create: string[] = [];
  const retry: { account: string; why: string }[] = [];
  const overrides: { account: string; values: Record<string, string> }[] = [];
  for (const account of active) {
    const held = byAccount.get(account) ?? [];
    const missingRegion = desired.layout.regions.some((r) => !held.some((i) => i.region === r));
    if (missingRegion) {
      create.push(account);
      continue;
    }
    const bad = held.find((i) => i.detailed !== 'SUCCEEDED' || i.status !== 'CURRENT');
    if (bad) retry.push({ account, why: `${bad.detailed}${bad.reason ? `: ${bad.reason}` : ''}` });
    const want = desired.overrides.get(account) ?? {};
    if (held.some((i) => !sameRecord(i.overrides, want))) overrides.push({ account, values: { ...want } });
  }
  return { desired, createSet: !facts.exists, setChanges, existing: [...byAccount.keys()].sort(), create, retry, overrides, skipped };
}

/** Whether the plan changes nothing. */
export function unchanged(plan: SetPlan): boolean {
  return !plan.createSet && plan.setChanges.length === 0 && plan.create.length === 0 && plan.retry.length === 0 && plan.overrides.length === 0;
}

/** The preview lines of a plan: template/parameter diff × accounts × regions. */
export function preview(plan: SetPlan): string[] {
  const { layout } = plan.desired;
  const regions = `${layout.regions.length} region${layout.regions.length === 1 ? '' : 's'} (${layout.regions.join(', ')})`;
  const lines: string[] = [`${layout.name}, ${regions}:`];
  if (plan.createSet) lines.push('  create the StackSet (service-managed, automatic deployment, managed execution)');
  for (const change of plan.setChanges) lines.push(`  change ${change}: updates ${plan.existing.length} account${plan.existing.length === 1 ? '' : 's'} × ${regions}`);
  if (plan.create.length > 0) lines.push(`  create instances in ${plan.create.length} account${plan.create.length === 1 ? '' : 's'} × ${regions}: ${plan.create.join(', ')}`);
  const overridden = plan.create.filter((a) => Object.keys(plan.desired.overrides.get(a) ?? {}).length > 0);
  if (overridden.length > 0) lines.push(`    with their own ${[...new Set(overridden.flatMap((a) => Object.keys(plan.desired.overrides.get(a) ?? {})))].join(', ')}: ${overridden.join(', ')}`);
  for (const r of plan.retry) lines.push(`  run again in ${r.account} (was ${r.why})`);
  for (const o of plan.overrides) lines.push(`  ${Object.keys(o.values).length === 0 ? 'reset the overrides of' : `override ${Object.keys(o.values).join(', ')} in`} ${o.account}`);
  if (plan.skipped.length > 0) lines.push(`  skip suspended account${plan.skipped.length === 1 ? '' : 's'}: ${plan.skipped.join(', ')}`);
  if (unchanged(plan)) lines.push('  no changes');
  return lines;
}

function bytes(text: string): string {
  return new TextEncoder().encode(text).length.toLocaleString('en-US');
}

function short(value: string): string {
  return value.length > 40 ? `${value.slice(0, 37)}...` : value;
}

function sameRecord(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}
