/**
 * Runs every uvu suite under Node (through tsx), then the pure-core suites again under Deno, and
 * ends with one line `N passed, N failed` that CI reads; exits 1 unless nothing failed. A run that
 * crashes, prints no summary, runs nothing or skips a test counts as failed (support/tally.ts).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tally, type Tally } from './support/tally.ts';

function run(label: string, command: string, args: string[]): Tally {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', DENO_NO_UPDATE_CHECK: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `${result.error.message}\n` : ''}`;
  process.stdout.write(output);
  const counted = tally(output, result.status);
  if (counted.problem) process.stdout.write(`!! ${label}: ${counted.problem}\n`);
  return counted;
}

const coreSuites = readdirSync('test/core').filter((f) => f.endsWith('.test.ts')).sort();
const tallies = [
  run('node: every suite', process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', 'test', '\\.test\\.ts$', '-c', 'false']),
  ...coreSuites.map((file) =>
    run(`deno: test/core/${file}`, 'node_modules/.bin/deno', ['run', '--quiet', '--node-modules-dir=manual', '--allow-read', '--allow-env', join('test/core', file)]),
  ),
];
const passed = tallies.reduce((n, t) => n + t.passed, 0);
const failed = tallies.reduce((n, t) => n + t.failed, 0);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
