/**
 * `make reconcile`: the Config sweep's decision (src/core/enforcement.ts `plan`) on demand. Without
 * APPLY it lists what it would attach; with it, attaches with bounded concurrency (the SDK's
 * adaptive retries absorb throttling) and sums up attached / failed / skipped.
 */
import { PolicyNotFoundError } from '../../src/aws/errors.ts';
import * as iamApi from '../../src/aws/iam.ts';
import * as ssmApi from '../../src/aws/ssm.ts';
import { mapLimit } from '../../src/core/concurrency.ts';
import { plan } from '../../src/core/enforcement.ts';
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
  const [users, exemptions] = await Promise.all([iamApi.listUsers(deps.iam), ssmApi.readWhitelist(deps.ssm, whitelistParameter)]);
  const { states } = plan(users, exemptions, policyArn, deps.now());
  const toAttach: UserResult[] = [];
  const skipped: Skipped[] = [];
  for (const { user, state } of states) {
    if (state.kind === 'violating') toAttach.push({ user: user.name, reason: state.reason });
    else skipped.push({ user: user.name, reason: state.reason, why: state.kind === 'exempt' ? 'exempt' : 'already attached' });
  }
  const width = Math.max(0, ...toAttach.map((u) => u.user.length));

  if (!options.apply) {
    io.out(toAttach.length === 0 ? `Nothing to attach: all ${plural(users.length)} have ${policy} or are exempt.\n` : `Would attach ${policy} to ${plural(toAttach.length)} (dry run; APPLY=1 attaches):\n`);
    for (const u of toAttach) io.out(`  ${u.user.padEnd(width)}  ${u.reason}\n`);
    io.out(`Skipped: ${skippedLine(skipped)}.\n`);
    return { exitCode: 0, summary: { toAttach, attached: [], failed: [], skipped } };
  }

  const attached: string[] = [];
  const failed: UserResult[] = [];
  if (toAttach.length > 0) io.out(`Attaching ${policy} to ${plural(toAttach.length)} (${concurrency} at a time):\n`);
  // Once IAM says the policy does not exist, every other attach would fail the same way: none is started.
  let policyGone: string | undefined;
  await mapLimit(toAttach, concurrency, async ({ user }) => {
    const outcome = policyGone === undefined ? await attachOne(deps.iam, user, policyArn) : ({ kind: 'failed', message: `not attempted: ${policyGone}` } as const);
    if (outcome.kind === 'failed' && outcome.policyGone) policyGone ??= `policy ${policyArn} does not exist (make deploy recreates it)`;
    if (outcome.kind === 'attached') attached.push(user);
    else if (outcome.kind === 'user-gone') skipped.push({ user, reason: 'user no longer exists', why: 'gone' });
    else failed.push({ user, reason: outcome.message });
    const [label, detail] = outcome.kind === 'attached' ? ['attached', ''] : outcome.kind === 'user-gone' ? ['skipped', 'user no longer exists'] : ['failed', outcome.message];
    io.out(`  ${label.padEnd(8)}  ${detail ? `${user.padEnd(width)}  ${detail}` : user}\n`);
  });
  io.out(`Summary: ${attached.length} attached, ${failed.length} failed, ${skipped.length} skipped (${skippedLine(skipped)}).\n`);
  for (const f of failed) io.out(`  failed: ${f.user}: ${f.reason}\n`);
  return { exitCode: failed.length > 0 ? 1 : 0, summary: { toAttach, attached, failed, skipped } };
}

/** A user's attach that failed; `policyGone` when IAM said the policy itself does not exist. */
interface Failed {
  readonly kind: 'failed';
  readonly message: string;
  readonly policyGone?: boolean;
}

/** attachPolicy, with any error turned into a failure of this user alone (reported, and failing the run at the end). */
async function attachOne(iam: iamApi.Iam, user: string, policyArn: string): Promise<iamApi.AttachOutcome | Failed> {
  try {
    const outcome = await iamApi.attachPolicy(iam, user, policyArn);
    return outcome.kind === 'limit-exceeded' ? { kind: 'failed', message: `LimitExceeded: ${outcome.message}` } : outcome;
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { kind: 'failed', message, ...(error instanceof PolicyNotFoundError && { policyGone: true }) };
  }
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
