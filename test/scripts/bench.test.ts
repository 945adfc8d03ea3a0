/**
 * `make bench` is a command, not a test; this keeps it working: every path, both designs, on a small
 * account, ends in the state it must, and meets the call targets (memory and time are
 * measured for real only by `make bench`).
 */
import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { costTable, measureSweeps, monthlyCharge } from '../../scripts/bench/cost.ts';
import { PATHS } from '../../scripts/bench/paths.ts';
import { run } from '../../scripts/bench/runner.ts';
import { fromEnvironment, functionLimits } from '../../scripts/bench/settings.ts';
import { countOf } from '../../scripts/bench/harness.ts';
import { table, TERMINAL_WIDTH } from '../../scripts/bench/report.ts';
import { neverEvaluated } from '../../scripts/bench/seed-published.ts';
import * as check from '../../scripts/bench/targets.ts';
import * as whitelist from '../../src/core/whitelist.ts';
import { ADVANCED_BYTES } from '../../src/core/whitelist-parameter.ts';
import { MAX_WHITELISTED } from '../../sim/account-seed.ts';
import { MemoryAccount } from '../../sim/account.ts';
import { ROOT, runScript } from '../support/child.ts';

const USERS = 50;
const CALM = { latencyMs: 0, throttle: 0 };
const limits = functionLimits();

const paths = suite('make bench: each path on a small account');

for (const path of PATHS) {
  paths(`${path.key}: both designs reach the end state; mfa-guard meets the call targets`, async () => {
    const options = { timeoutMs: limits[path.runsIn].timeoutS * 1000, concurrency: undefined };
    const ours = await run(path, USERS, 'mfa-guard', CALM, options);
    const seed = await run(path, USERS, 'seed design', CALM, options);
    assert.is(ours.problem, undefined);
    assert.is(seed.problem, undefined);
    assert.ok(seed.m.totalCalls > ours.m.totalCalls, `seed design ${seed.m.totalCalls} calls, mfa-guard ${ours.m.totalCalls}`);
    const targets = check.local(path, new Map([[USERS, ours]]), limits[path.runsIn]).filter((t) => !t.text.startsWith('memory'));
    assert.ok(targets.length > 0);
    for (const target of targets) assert.ok(target.met, `${target.text}: ${target.found}`);
  });
}

paths.run();

const cost = suite('make bench: the Config cost column');

cost('the public tiered rates: about $73, $535 and $1,995 a month for every user of 100, 1,000 and 5,000 every hour', () => {
  assert.equal([73_000, 730_000, 3_650_000].map((n) => Math.round(monthlyCharge(n))), [73, 535, 1995]);
  assert.is(monthlyCharge(0), 0);
});

cost('measured sweeps: the first writes everyone (and repairs), a quiet one writes nothing, a user losing the policy costs 2', async () => {
  const sweeps = await measureSweeps(100);
  assert.equal(sweeps, { first: 110, quiet: 0, changing: 2, changed: 1 });
});

cost('the first sweep after deploy is charged once, not every hour of the month', () => {
  const lines = costTable([
    { users: 5000, design: 'first', perSweep: 5500, once: true },
    { users: 5000, design: 'seed', perSweep: 5000 },
  ]).split('\n');
  assert.ok(lines.includes('| 5,000 | first | 5,500 | 5,500 (once) | $5.50 once |'), lines.join('\n'));
  assert.ok(lines.includes('| 5,000 | seed | 5,000 | 3,650,000 | $1,995 |'), lines.join('\n'));
});

cost.run();

const settings = suite('make bench: its variables');

settings('defaults: 100, 1,000 and 5,000 users, calm; LATENCY or THROTTLE switch to 5,000 users under load', () => {
  assert.equal(fromEnvironment({}), { latencyMs: 0, throttle: 0, faulty: false, concurrency: undefined, sizes: [100, 1000, 5000], markdown: false });
  assert.equal(fromEnvironment({ LATENCY: '50', THROTTLE: '0.05' }), { latencyMs: 50, throttle: 0.05, faulty: true, concurrency: undefined, sizes: [5000], markdown: false });
  assert.equal(fromEnvironment({ USERS: '100, 1000', CONCURRENCY: '4' }).sizes, [100, 1000]);
});

settings('an unusable value is an error naming the variable', () => {
  for (const [env, message] of [
    [{ LATENCY: 'fast' }, /^LATENCY=fast/],
    [{ THROTTLE: '1' }, /^THROTTLE=1/],
    [{ USERS: '5' }, /^USERS=5/],
    [{ CONCURRENCY: '0' }, /^CONCURRENCY=0/],
  ] as const) {
    assert.throws(() => fromEnvironment(env), message);
  }
});

settings.run();

const presentation = suite('make bench: presentation and honesty');
const measurement = (calls: Record<string, number>) => ({ calls: new Map(Object.entries(calls)), totalCalls: Object.values(calls).reduce((a, b) => a + b, 0), throttled: 0, wallMs: 1234, heapPeak: 2_000_000 });

presentation('terminal tables stay within 120 columns, long cells wrapped; MD=1 gives Markdown', () => {
  const rows = [
    { users: 20000, design: 'mfa-guard', m: measurement({ 'iam:GetAccountAuthorizationDetails': 20, 'ssm:GetParameter': 1, 'config:PutEvaluations': 200 }) },
    { users: 20000, design: 'seed as published', problem: 'never evaluates 19,900 of 20,000 users; 19900 users have no evaluation', m: measurement({ 'ssm:GetParameter': 1, 'iam:ListUsers': 1, 'iam:ListAttachedUserPolicies': 100, 'config:PutEvaluations': 100 }), ratio: { calls: 0.9, time: 1.3, heap: 0.1 } },
  ];
  const terminal = table('Scheduled sweep (Config rule, ScheduledNotification: every user evaluated)', rows);
  assert.ok(terminal.split('\n').every((line) => line.length <= TERMINAL_WIDTH), terminal);
  assert.not.match(terminal, '|');
  assert.match(terminal, 'iam:ListAttachedUserPolicies 100');
  assert.match(terminal, 'evaluates 19,900 of 20,000');
  assert.match(fromEnvironment({ MD: '1' }).markdown ? table('t', rows, true) : '', /^### t\n\n\| users \| design \|/);
  assert.is(fromEnvironment({}).markdown, false);
});

presentation('the seed as published sees one page of users: at 250 it never evaluates 150, whatever the event', async () => {
  const options = { timeoutMs: 60_000, concurrency: undefined };
  for (const path of PATHS.filter((p) => p.published)) {
    const published = await run(path, 250, 'seed as published', CALM, options);
    assert.is(countOf(published.m, 'iam:ListUsers'), 1, path.key);
    assert.is(countOf(published.m, 'config:PutEvaluations'), 100, path.key);
    assert.is(neverEvaluated(250), 150);
  }
  assert.equal(PATHS.filter((p) => p.published).map((p) => p.key), ['sweep', 'change']);
});

presentation('the sweep targets scale with USERS: ⌈users/1000⌉ (+1) IAM reads and ⌈users/100⌉ (+ repairs) PutEvaluations', async () => {
  const path = PATHS.find((p) => p.key === 'sweep');
  if (!path) throw new Error('no sweep path');
  const ours = await run(path, 1500, 'mfa-guard', CALM, { timeoutMs: 60_000, concurrency: undefined });
  const texts = check.local(path, new Map([[1500, ours]]), limits[path.runsIn]).map((t) => t.text);
  assert.ok(texts.includes('sweep of 1,500 users: ≤ 3 IAM reads (⌈users/1000⌉ listing pages, fallback group)'), texts.join('\n'));
  assert.ok(texts.includes(`sweep of 1,500 users: ≤ ${15 + Math.ceil(ours.violating / 100)} PutEvaluations (⌈users/100⌉ + 1 per 100 repaired)`), texts.join('\n'));
});

presentation('at 20,000 users the seeded whitelist stays within what make deploy can write', () => {
  const account = new MemoryAccount();
  const { exemptions } = account.seed(20000, { whitelistParameter: '/mfa-guard/whitelist' });
  assert.is(exemptions.length, MAX_WHITELISTED);
  const value = whitelist.toParameter(exemptions);
  assert.ok(new TextEncoder().encode(value).length <= ADVANCED_BYTES);
});

presentation('a bad variable is one line on stderr, exit 2, no stack trace', async () => {
  const result = await runScript(['--expose-gc', 'scripts/bench.ts'], { USERS: 'lots' });
  assert.is(result.code, 2);
  assert.is(result.stderr, 'make bench: USERS=lots: give account sizes of at least 10 users, e.g. 100,1000\n');
});

presentation('make demo | head: a closed pipe ends the demo quietly, exit 0', () => {
  const piped = spawnSync('bash', ['-c', 'set -o pipefail; node --import tsx scripts/demo.ts | head -2 >/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
  assert.is(piped.stderr, '');
  assert.is(piped.status, 0);
});

presentation.run();
