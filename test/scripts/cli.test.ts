import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { explain } from '../../scripts/operator/cli.ts';

/** The environment with no AWS configuration at all: no keys, no profile files, no instance metadata (and so no network). */
const NO_AWS = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_') && !['POLICY_ARN', 'WHITELIST_PARAMETER', 'STACK', 'REGION', 'JSON', 'APPLY'].includes(key))),
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
};

const run = (script: string, env: Record<string, string>) => spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', env: { ...NO_AWS, ...env } });

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

cli('without credentials, report says what to pass and exits 2', () => {
  const noCredentials = run('scripts/report.ts', { REGION: 'eu-west-1' });
  assert.is(noCredentials.status, 2);
  assert.match(noCredentials.stderr, /^report: no usable AWS credentials \(CredentialsProviderError: .*\): pass PROFILE=<profile> to make, or set AWS_PROFILE/);
  assert.is(noCredentials.stdout, '');
});

const explained = suite('operator error lines');

explained('an error is its name and message; a plain Error its message alone', () => {
  assert.is(explain(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' })), 'Throttling: Rate exceeded');
  assert.is(explain(new Error('stack mfa-guard does not exist')), 'stack mfa-guard does not exist');
  assert.is(explain('text'), 'text');
});

explained('the SDK\'s "Region is missing" and CredentialsProviderError say what to pass', () => {
  assert.is(explain(new Error('Region is missing'), {}), 'no AWS region: pass REGION=<region> (or set AWS_REGION or AWS_DEFAULT_REGION, or a region in your AWS profile)');
  assert.is(explain(new Error('Region is missing'), { AWS_PROFILE: 'prod' }), 'no AWS region: pass REGION=<region> (or set AWS_REGION or AWS_DEFAULT_REGION, or a region in profile "prod")');
  assert.match(explain(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), {}), /^no usable AWS credentials \(CredentialsProviderError: Could not load credentials from any providers\): pass PROFILE=<profile> to make/);
});

cli.run();
explained.run();
