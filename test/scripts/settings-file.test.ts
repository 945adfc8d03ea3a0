import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../support/child.ts';

/** The command make would run for `target` (make -n: nothing runs), with no REGION/STACK/PROFILE from this shell. */
function planned(target: string, args: string[], env: Record<string, string> = {}): string {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['REGION', 'STACK', 'PROFILE', 'MODE', 'AWS_PROFILE', 'SETTINGS_FILE'].includes(k)));
  const out = spawnSync('make', ['-n', '-s', target, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...clean, ...env } });
  return out.stdout.split('\n').find((l) => l.includes('scripts/')) ?? `(no script line) ${out.stderr}`;
}

const settingsFile = suite('mfa-guard.env (saved settings)');
const file = join(tmpdir(), `mfa-guard-${process.pid}.env`);
writeFileSync(file, 'REGION = eu-central-1\nSTACK = guard-saved\nPROFILE = saved-profile\nMODE = report\n');

settingsFile('the make targets read REGION, STACK, PROFILE and MODE from the file', () => {
  const line = planned('destroy', [`SETTINGS_FILE=${file}`]);
  assert.match(line, "REGION='eu-central-1' STACK='guard-saved' MODE='report'");
  assert.match(line, "AWS_PROFILE='saved-profile'");
  assert.match(planned('report', [`SETTINGS_FILE=${file}`]), "REGION='eu-central-1' STACK='guard-saved'");
});

settingsFile('a variable on the command line wins over the file; the file wins over the environment', () => {
  const line = planned('report', [`SETTINGS_FILE=${file}`, 'STACK=cli-stack'], { REGION: 'us-west-2' });
  assert.match(line, "REGION='eu-central-1' STACK='cli-stack'");
});

settingsFile('without the file the defaults stand (and mfa-guard.env is git-ignored)', () => {
  assert.match(planned('report', ['SETTINGS_FILE=/nonexistent/mfa-guard.env']), "REGION='' STACK='mfa-guard'");
  const ignored = spawnSync('git', ['check-ignore', '-q', 'mfa-guard.env'], { cwd: ROOT });
  assert.is(ignored.status, 0);
});

settingsFile.run();
