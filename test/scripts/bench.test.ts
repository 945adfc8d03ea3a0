/**
 * `make bench` is a command, not a test; this keeps it working: every path, both designs, on a small
 * account, ends in the state it must, and meets the call targets (memory and time are
 * measured for real only by `make bench`).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { measureSweeps, monthlyCharge } from '../../scripts/bench/cost.ts';
import { PATHS } from '../../scripts/bench/paths.ts';
import { run } from '../../scripts/bench/runner.ts';
import { fromEnvironment, functionLimits } from '../../scripts/bench/settings.ts';
import * as check from '../../scripts/bench/targets.ts';

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

cost.run();

const settings = suite('make bench: its variables');

settings('defaults: 100, 1,000 and 5,000 users, calm; LATENCY or THROTTLE switch to 5,000 users under load', () => {
  assert.equal(fromEnvironment({}), { latencyMs: 0, throttle: 0, faulty: false, concurrency: undefined, sizes: [100, 1000, 5000] });
  assert.equal(fromEnvironment({ LATENCY: '50', THROTTLE: '0.05' }), { latencyMs: 50, throttle: 0.05, faulty: true, concurrency: undefined, sizes: [5000] });
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
