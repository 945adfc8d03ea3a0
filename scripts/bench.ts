/**
 * `make bench`: mfa-guard against the seed design on in-memory accounts of 100, 1,000 and 5,000
 * users, path by path, with the targets checked. `make bench LATENCY=50 THROTTLE=0.05`
 * adds latency to every AWS call and throttles a share of them, at 5,000 users, and checks each
 * path against its function's Timeout in cfn/mfa-guard.yml. It prints; a missed target shows ✘.
 *
 * Environment: LATENCY (ms per call), THROTTLE (0–1), USERS (`100,1000`), CONCURRENCY (enforce's
 * attaches in flight; default: the handler's own).
 */
import { costTable, measureSweeps, monthlyCharge, SWEEPS_PER_MONTH, type CostRow } from './bench/cost.ts';
import { exactHeap } from './bench/harness.ts';
import { PATHS, type BenchPath } from './bench/paths.ts';
import { duration, table, targets, TERMINAL_WIDTH, wrap, type Row, type Target } from './bench/report.ts';
import { ratio, run, type Conditions, type Run } from './bench/runner.ts';
import { fromEnvironment, functionLimits, TEMPLATE } from './bench/settings.ts';
import { neverEvaluated } from './bench/seed-published.ts';
import * as check from './bench/targets.ts';
import { quietOnBrokenPipe } from './operator/cli.ts';
import * as usage from './usage.ts';

let settings: ReturnType<typeof fromEnvironment>;
try {
  settings = fromEnvironment();
} catch (error) {
  // A bad variable is one line, like every other command's errors.
  process.stderr.write(`make bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
const limits = functionLimits();
const CALM: Conditions = { latencyMs: 0, throttle: 0 };

/** Progress on stderr, on a terminal only (`\r`-rewritten, erased at the end). */
const progress = (text: string) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
};

const runOf = (path: BenchPath, users: number, design: Parameters<typeof run>[2], conditions: Conditions): Promise<Run> => {
  progress(`bench: ${path.key}, ${users.toLocaleString('en-US')} users, ${design}…`);
  return run(path, users, design, conditions, { timeoutMs: limits[path.runsIn].timeoutS * 1000, concurrency: settings.concurrency });
};

/** Rows and targets of one path at every size, without injected faults. */
async function local(path: BenchPath): Promise<{ rows: Row[]; checks: Target[] }> {
  const rows: Row[] = [];
  const ours = new Map<number, Run>();
  for (const users of settings.sizes) {
    const mine = await runOf(path, users, 'mfa-guard', CALM);
    ours.set(users, mine);
    rows.push({ users, design: 'mfa-guard', m: mine.m, problem: mine.problem });
    if (path.singleUser) {
      const warm = await runOf(path, users, 'mfa-guard, warm', CALM);
      rows.push({ users, design: 'mfa-guard, warm', m: warm.m, problem: warm.problem });
    }
    const seed = await runOf(path, users, 'seed design', CALM);
    const heapNoise = Math.max(seed.m.heapPeak, mine.m.heapPeak) < 512 * 1024;
    rows.push({ users, design: 'seed design', m: seed.m, problem: seed.problem, ratio: ratio(seed.m, mine.m), heapNoise });
    if (path.published) {
      const published = await runOf(path, users, 'seed as published', CALM);
      const unseen = neverEvaluated(users);
      const problem = [unseen > 0 ? `never evaluates ${unseen.toLocaleString('en-US')} of ${users.toLocaleString('en-US')} users` : undefined, published.problem].filter(Boolean).join('; ') || undefined;
      rows.push({ users, design: 'seed as published', m: published.m, problem, ratio: ratio(published.m, mine.m), heapNoise });
    }
  }
  return { rows, checks: check.local(path, ours, limits[path.runsIn]) };
}

/** Rows and targets of one path under latency and throttling, against its function's Timeout. */
async function underLoad(path: BenchPath): Promise<{ rows: Row[]; checks: Target[] }> {
  const rows: Row[] = [];
  const checks: Target[] = [];
  const limit = limits[path.runsIn];
  for (const users of settings.sizes) {
    const mine = await runOf(path, users, 'mfa-guard', settings);
    rows.push({ users, design: 'mfa-guard', m: mine.m, problem: mine.problem });
    // At this latency the seed design would take minutes: its attempts are counted without latency, and its time estimated (it makes them one after another).
    const seed = await runOf(path, users, 'seed design', CALM);
    const estimatedMs = seed.m.totalCalls * settings.latencyMs;
    rows.push({ users, design: 'seed design (not throttled; time = calls × latency)', m: seed.m, problem: seed.problem, estimatedMs, ratio: { ...ratio(seed.m, mine.m), time: estimatedMs / Math.max(0.001, mine.m.wallMs) } });
    checks.push(check.underLoad(path, users, mine, limit, TEMPLATE));
    if (estimatedMs >= limit.timeoutS * 1000) checks.push({ text: `(the seed design would not fit: ≥ ${duration(estimatedMs)})`, met: true, found: 'for comparison' });
  }
  return { rows, checks };
}

function header(): string {
  const sizes = settings.sizes.map((n) => n.toLocaleString('en-US')).join(', ');
  const title = settings.faulty
    ? `mfa-guard bench: ${sizes} users, ${settings.latencyMs} ms per AWS call, ${Math.round(settings.throttle * 1000) / 10}% of calls throttled at random`
    : `mfa-guard bench: ${sizes} users (2% whitelisted, 10% violating, paths and groups mixed in)`;
  const lines = [
    title,
    '',
    '- Designs. "seed design": the seed modelled with paging (ListUsers page by page, one ListAttachedUserPolicies and one PutEvaluations per user, one attach at a time). "seed as published": the seed literally, one unpaged ListUsers (it sees the first 100 users only; the rest are never evaluated) and a full re-sweep on every change notification, whatever the event (Config rule paths only: the seed had no other).',
    settings.faulty
      ? `- Faults: every call of mfa-guard waits ${settings.latencyMs} ms and is throttled with probability ${settings.throttle} (a random share, not a rate like IAM's token bucket). The seed design runs without them (it would take minutes): its calls are counted, its time estimated as calls × latency, and its row says so.`
      : '- No latency or throttling (LATENCY, THROTTLE add them).',
    `- Node ${process.version}, real SDK v3 clients with the functions' own options (src/aws/clients.ts: adaptive retries, 5 attempts), answered in memory (sim/account.ts).`,
    '- calls: attempts the account answered (a retried call counts once per attempt). wall: time of the handler call, in-memory account included.',
    exactHeap
      ? "- heap Δ peak: live V8 heap (after a forced full GC) sampled before AWS calls (each of the first 64, then every 64th) and at the end, minus the live heap just before the run. It counts what the handler holds, the SDK's and the account's copies of responses, and the evaluations the account's Config stores; not the seeded account. wall excludes the forced GCs."
      : '- heap Δ peak: V8 used heap (garbage included: run with node --expose-gc for live figures), sampled before AWS calls and at the end, minus the heap just before the run.',
    '- Every run gets a new account and new clients, each warmed by one unrelated call (the SDK\'s first-call set-up is counted for neither design). mfa-guard: a new Lambda container (the whitelist is read once); "warm": one that read it < 60 s ago. Ratios compare the seed design with the new container; a heap ratio is shown only above 0.5 MB (V8 noise).',
    `- DeletePolicy recovery attaches ${settings.concurrency ?? 8} at a time (${settings.concurrency === undefined ? "enforce's default" : 'CONCURRENCY'}); each invocation is given its function's Timeout, and a failed one is run again as Lambda retries it (up to 3 in all).`,
    '',
  ];
  return lines.flatMap((line) => wrap(line, TERMINAL_WIDTH - 2).map((part, i) => (i === 0 ? part : `  ${part}`))).join('\n');
}

/** The cost table: measured sweeps at each size, mfa-guard at steady state beside the seed design; returns the targets missed. */
async function cost(): Promise<number> {
  const rows: CostRow[] = [];
  const checks: Target[] = [];
  for (const users of settings.sizes) {
    const sweeps = await measureSweeps(users);
    rows.push({ users, design: 'seed design (every user, every hour)', perSweep: users });
    rows.push({ users, design: 'mfa-guard, first sweep after deploy', perSweep: sweeps.first, once: true });
    rows.push({ users, design: 'mfa-guard, nothing changing', perSweep: sweeps.quiet });
    rows.push({ users, design: `mfa-guard, 1% of users (${sweeps.changed}) losing the policy each hour`, perSweep: sweeps.changing });
    const quiet = monthlyCharge(sweeps.quiet * SWEEPS_PER_MONTH);
    if (users === Math.max(...settings.sizes)) checks.push({ text: `steady state at ${users.toLocaleString('en-US')} users, nothing changing: under $1 a month of Config evaluations`, met: quiet < 1, found: `$${quiet.toFixed(2)}` });
  }
  process.stdout.write(`${costTable(rows)}\n\n- Config charges $0.001 per evaluation recorded for the first 100,000 a month, $0.0008 up to 500,000, $0.0005 beyond (AWS Config pricing); the first sweep is charged once, at deploy. A user losing the policy costs 2: NON_COMPLIANT, then its repaired state. Change-triggered evaluations (one per configuration change, in either design) are not counted.\n${targets(checks)}\n\n`);
  return checks.filter((c) => !c.met).length;
}

async function main(): Promise<void> {
  process.stdout.write(`${header()}\n`);
  if (!settings.faulty) {
    // Warm-up, discarded: the first runs pay for JIT compilation and the SDK's lazy loading.
    for (const path of PATHS) {
      await runOf(path, 100, 'mfa-guard', CALM);
      await runOf(path, 100, 'seed design', CALM);
    }
  }
  let missed = 0;
  for (const path of PATHS) {
    const { rows, checks } = settings.faulty ? await underLoad(path) : await local(path);
    missed += checks.filter((c) => !c.met).length + rows.filter((r) => r.problem).length;
    progress('');
    process.stdout.write(`${table(path.title, rows, settings.markdown)}\n\n${targets(checks)}\n\n`);
  }
  if (!settings.faulty) missed += await cost();
  process.stdout.write(missed === 0 ? 'Every target met.\n' : `${missed} target(s) missed.\n`);
}

quietOnBrokenPipe();
if (!usage.stop('bench')) await main();
