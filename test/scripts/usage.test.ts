import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as usage from '../../scripts/usage.ts';
import { ROOT, runScript } from '../support/child.ts';

const MAKEFILE = readFileSync(join(ROOT, 'Makefile'), 'utf8');
/** Every script behind a make target, by target. */
const SCRIPTS: Readonly<Record<string, string>> = {
  synth: 'scripts/synth.ts',
  deploy: 'scripts/deploy.ts',
  whitelist: 'scripts/whitelist.ts',
  destroy: 'scripts/destroy.ts',
  report: 'scripts/report.ts',
  reconcile: 'scripts/reconcile.ts',
  demo: 'scripts/demo.ts',
  invoke: 'scripts/invoke.ts',
  bench: 'scripts/bench.ts',
  version: 'scripts/version.ts',
  'deployer-policy': 'scripts/deployer-policy.ts',
  docs: 'scripts/docs.ts',
  scp: 'scripts/scp.ts',
  'deploy-org': 'scripts/deploy-org.ts',
  'report-org': 'scripts/report-org.ts',
  'destroy-org': 'scripts/destroy-org.ts',
  'demo-org': 'scripts/demo-org.ts',
};

const help = suite('--help, --version and unknown flags');

help('every variable a make help line lists has a meaning', () => {
  const listed = MAKEFILE.split('\n').filter((l) => /^[a-z][a-z-]*:.*## /.test(l)).flatMap((l) => usage.variablesOf(l));
  assert.ok(listed.length > 10);
  assert.equal(listed.filter((v) => usage.VARIABLES[v] === undefined), []);
});

help('every target that runs a script is listed here (a new one needs its --help checked)', () => {
  const lines = MAKEFILE.split('\n');
  const scripted = lines.flatMap((line, i) => {
    const target = /^([a-z][a-z-]*):.*## /.exec(line)?.[1];
    const end = lines.findIndex((l, j) => j > i && !l.startsWith('\t'));
    const recipe = lines.slice(i + 1, end < 0 ? undefined : end).join('\n');
    return target && /tsx scripts\//.test(recipe) ? [target] : [];
  });
  // `make test` runs the test runner and the whitelist check (whose --help is make whitelist's).
  assert.equal(scripted.filter((t) => t !== 'test').sort(), Object.keys(SCRIPTS).sort());
});

help('--help prints the make help line and each variable with its meaning, and exits 0', async () => {
  const makeHelp = spawnSync('make', ['-s', 'help'], { cwd: ROOT, encoding: 'utf8' }).stdout;
  const results = await Promise.all([...Object.entries(SCRIPTS), ['whitelist', 'scripts/whitelist-check.ts']].map(async ([target = '', script = '']) => ({ target, result: await runScript([script, '--help'], {}) })));
  for (const { target, result } of results) {
    assert.is(result.code, 0, target);
    const [first = '', ...rest] = result.stdout.split('\n');
    const line = usage.helpLine(target, MAKEFILE) ?? '';
    assert.is(first, `make ${target}: ${line}`);
    assert.ok(makeHelp.includes(line), `make help lacks ${target}'s line`);
    for (const variable of usage.variablesOf(line)) assert.ok(rest.some((l) => l.trim().startsWith(`${variable} `) && l.includes(usage.VARIABLES[variable] ?? '?')), `${target}: ${variable}`);
  }
  const deploy = results.find((r) => r.target === 'deploy')?.result.stdout ?? '';
  assert.match(deploy, /ALLOW_SELF_LOCKOUT\s+1 lets an IAM user who is not exempt deploy a policy that binds them/);
});

help('usage.decide: an unknown flag or a stray argument stops with exit 2 and says so; positional arguments up to the limit run', () => {
  const said: string[] = [];
  const decide = (argv: string[], max = 0) => usage.decide('deploy', argv, max, (t) => void said.push(t), (t) => void said.push(t));
  assert.equal(decide(['--yes']), { kind: 'exit', code: 2 });
  assert.equal(decide(['-f']), { kind: 'exit', code: 2 });
  assert.equal(decide(['now']), { kind: 'exit', code: 2 });
  assert.equal(decide(['enforce', 'a.json'], 2), { kind: 'run', positional: ['enforce', 'a.json'] });
  assert.equal(decide([]), { kind: 'run', positional: [] });
  assert.equal(said, [
    'make deploy: unknown option --yes (see --help); nothing was done\n',
    'make deploy: unknown option -f (see --help); nothing was done\n',
    'make deploy: unexpected argument "now" (see --help); nothing was done\n',
  ]);
});

help('an unknown flag to deploy, destroy or invoke exits 2 before any AWS call, YES=1 or not', async () => {
  const results = await Promise.all(
    [['deploy', 'scripts/deploy.ts', '--force'], ['destroy', 'scripts/destroy.ts', '--yes'], ['invoke', 'scripts/invoke.ts', '--dry-run']].map(async ([target, script, flag]) => ({
      target,
      flag,
      // An endpoint nothing listens on: any AWS call would fail with a connection error, not this message.
      result: await runScript([script ?? '', flag ?? ''], { REGION: 'eu-west-1', YES: '1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' }),
    })),
  );
  for (const { target, flag, result } of results) {
    assert.is(result.code, 2, target);
    assert.is(result.stderr, `make ${target}: unknown option ${flag} (see --help); nothing was done\n`);
    assert.is(result.stdout, '');
  }
});

help('--version and make version print the package version and the git commit', async () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const shown = await runScript(['scripts/report.ts', '--version'], {});
  assert.is(shown.code, 0);
  assert.match(shown.stdout, new RegExp(`^mfa-guard ${pkg.version.replace(/\./g, '\\.')} \\(commit ([0-9a-f]{12}(-dirty)?|unknown)\\)\\n$`));
  const make = spawnSync('make', ['-s', 'version'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(make.stdout, shown.stdout);
});

const offline = suite('make whitelist CHECK=1 (offline)');

offline('the committed whitelist.txt passes, with no AWS configuration at all', async () => {
  const result = await runScript(['scripts/whitelist-check.ts'], { WHITELIST: 'whitelist.txt' });
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /^whitelist\.txt: \d+ exemptions?, syntax, duplicates and expiries ok/);
});

offline('a bad file fails with every problem as file:line, and near expiries warn', async () => {
  const file = join(tmpdir(), `whitelist-${process.pid}.txt`);
  const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  writeFileSync(file, `bob smith\nci-deployer\nCI-deployer\nold expires=2020-01-01\nsoon expires=${soon}\n`);
  const result = await runScript(['scripts/whitelist-check.ts'], { WHITELIST: file });
  assert.is(result.code, 1);
  assert.equal(result.stderr.split('\n').filter(Boolean), [
    `${file}:1: "bob smith" is not a valid IAM user name (1-64 of A-Z a-z 0-9 _ + = , . @ -; only expires=YYYY-MM-DD may follow the name, a reason goes after #)`,
    `${file}:3: "CI-deployer" is already listed on line 2 (IAM user names ignore case)`,
    `${file}:4: exemption of "old" expired on 2020-01-01`,
  ]);
  writeFileSync(file, `ci-deployer\nsoon expires=${soon}\n`);
  const warned = await runScript(['scripts/whitelist-check.ts'], { WHITELIST: file });
  assert.is(warned.code, 0);
  assert.match(warned.stdout, `${file}:2: warning: the exemption of "soon" expires on ${soon} (in 3 days)`);
});

offline('a whitelist over the parameter capacity is refused offline', async () => {
  const file = join(tmpdir(), `whitelist-big-${process.pid}.txt`);
  writeFileSync(file, Array.from({ length: 200 }, (_, i) => `machine-user-${String(i).padStart(7, '0')}  # nightly job`).join('\n'));
  const result = await runScript(['scripts/whitelist-check.ts'], { WHITELIST: file });
  assert.is(result.code, 1);
  assert.match(result.stderr, /bytes once resolved, over the 8192 a parameter holds/);
});

help.run();
offline.run();
