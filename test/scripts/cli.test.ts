import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const run = (script: string, env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env } });

const cli = suite('operator entry points');

cli('an error exits 2 with "command: message" on stderr and nothing on stdout', () => {
  const report = run('scripts/report.ts', { JSON: 'maybe' });
  assert.is(report.status, 2);
  assert.is(report.stderr, 'report: JSON="maybe" is neither 1 nor 0\n');
  assert.is(report.stdout, '');
  const reconcile = run('scripts/reconcile.ts', { APPLY: 'please' });
  assert.is(reconcile.status, 2);
  assert.is(reconcile.stderr, 'reconcile: APPLY="please" is neither 1 nor 0\n');
});

cli.run();
