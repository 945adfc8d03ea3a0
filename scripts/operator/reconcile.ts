/**
 * `make reconcile`: the Config sweep's decision (src/core/decide-reconcile.ts) on demand. Without
 * APPLY it prints the plan; with it, the one executor (src/aws/executor.ts) carries it out as a
 * batch, as the enforcer's DeletePolicy recovery does, and the run sums up attached / failed / skipped.
 */
import * as effects from '../../src/aws/effects.ts';
import * as executor from '../../src/aws/executor.ts';
import { gather } from '../../src/aws/gather.ts';
import type * as iamApi from '../../src/aws/iam.ts';
import * as ssmApi from '../../src/aws/ssm.ts';
import * as decideReconcile from '../../src/core/decide-reconcile.ts';
import { failures, type Outcome } from '../../src/core/plan.ts';
import { policyName } from '../../src/core/users.ts';
import type { Output } from './cli.ts';
import type { OperatorSettings } from './settings.ts';

/** Clients, settings and clock of a reconcile run. */
export interface ReconcileDeps {
  readonly iam: iamApi.Iam;
  readonly ssm: ssmApi.Ssm;
  readonly settings: OperatorSettings;
  readonly now: () => Date;
  /** Attaches in flight at once (default 8). */
  readonly concurrency?: number;
}

/** A user and why it ended where it did. */
export interface UserResult {
  readonly user: string;
  readonly reason: string;
}

/** A user left alone: exempt, already attached, or deleted before the attach. */
export interface Skipped extends UserResult {
  readonly why: 'exempt' | 'already attached' | 'gone';
}

/** What a run decided and did; `attached` and `failed` stay empty on a dry run. */
export interface Summary {
  readonly toAttach: readonly UserResult[];
  readonly attached: readonly string[];
  readonly failed: readonly UserResult[];
  readonly skipped: readonly Skipped[];
}

/** Plans (and with `apply`, attaches), prints the plan and the summary; exit code 1 if any attach failed. */
export async function runReconcile(deps: ReconcileDeps, options: { readonly apply: boolean }, io: Output): Promise<{ exitCode: 0 | 1; summary: Summary }> {
  const { policyArn, whitelistParameter, source } = deps.settings;
  const policy = policyName(policyArn);
  const concurrency = deps.concurrency ?? 8;
  io.err(`Policy ${policyArn}, whitelist ${whitelistParameter} (from ${source}).\n`);
  const facts = await gather(decideReconcile.reads, { users: effects.users(deps.iam), whitelist: () => ssmApi.readWhitelist(deps.ssm, whitelistParameter) });
  const { fallbackGroup } = deps.settings;
  const plan = decideReconcile.decide(facts, policyArn, deps.now(), fallbackGroup);
  const toAttach: UserResult[] = [];
  const skipped: Skipped[] = [];
  for (const action of plan.actions) {
    if (action.kind === 'attach') toAttach.push({ user: action.user, reason: action.reason });
    else if (action.kind === 'skip' && action.user) skipped.push({ user: action.user, reason: action.reason, why: action.why === 'exempt' ? 'exempt' : 'already attached' });
  }
  const width = Math.max(0, ...toAttach.map((u) => u.user.length));

  if (!options.apply) {
    io.out(toAttach.length === 0 ? `Nothing to attach: all ${plural(plan.actions.length)} have ${policy} or are exempt.\n` : `Would attach ${policy} to ${plural(toAttach.length)} (dry run; APPLY=1 attaches):\n`);
    for (const u of toAttach) io.out(`  ${u.user.padEnd(width)}  ${u.reason}\n`);
    io.out(`Skipped: ${skippedLine(skipped)}.\n`);
    return { exitCode: 0, summary: { toAttach, attached: [], failed: [], skipped } };
  }

  if (toAttach.length > 0) io.out(`Attaching ${policy} to ${plural(toAttach.length)} (${concurrency} at a time):\n`);
  const print = (o: Outcome): void => {
    if (o.decision !== 'attach' || !o.user) return;
    const [label, detail] = o.result === 'attached' ? ['attached', ''] : o.result === 'gone' ? ['skipped', 'user no longer exists'] : ['failed', o.reason];
    io.out(`  ${label.padEnd(8)}  ${detail ? `${o.user.padEnd(width)}  ${detail}` : o.user}\n`);
  };
  const { outcomes } = await executor.run(plan, { effects: { attach: effects.attach(deps.iam, policyArn, fallbackGroup !== undefined ? { fallbackGroup } : {}) }, policyArn, mode: 'enforce', onOutcome: print, concurrency });
  const attached = outcomes.filter((o) => o.decision === 'attach' && o.result === 'attached').flatMap((o) => (o.user ? [o.user] : []));
  for (const o of outcomes) if (o.decision === 'attach' && o.result === 'gone' && o.user) skipped.push({ user: o.user, reason: 'user no longer exists', why: 'gone' });
  const failed = failures(outcomes);
  io.out(`Summary: ${attached.length} attached, ${failed.length} failed, ${skipped.length} skipped (${skippedLine(skipped)}).\n`);
  for (const f of failed) io.out(`  failed: ${f.user}: ${f.reason}\n`);
  return { exitCode: failed.length > 0 ? 1 : 0, summary: { toAttach, attached, failed, skipped } };
}

function plural(n: number): string {
  return `${n} user${n === 1 ? '' : 's'}`;
}

function skippedLine(skipped: readonly Skipped[]): string {
  const names = (why: Skipped['why']) => skipped.filter((s) => s.why === why).map((s) => s.user);
  const exempt = names('exempt');
  const gone = names('gone');
  const parts = [`${names('already attached').length} already attached`, `${exempt.length} exempt${exempt.length > 0 ? ` (${exempt.join(', ')})` : ''}`];
  if (gone.length > 0) parts.push(`${gone.length} gone (${gone.join(', ')})`);
  return parts.join(', ');
}
