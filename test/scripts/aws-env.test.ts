import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as awsEnv from '../../scripts/aws-env.ts';
import { rejects } from '../support/assert.ts';
import { runScript } from '../support/child.ts';

const dir = mkdtempSync(join(tmpdir(), 'aws-env-'));
const config = join(dir, 'config');
const credentials = join(dir, 'credentials');
writeFileSync(config, '[default]\nregion = eu-west-1\n\n[profile prod-admin]\nsso_session = corp\n[sso-session corp]\nsso_region = eu-west-1\n');
writeFileSync(credentials, '[ci]\naws_access_key_id = AKIAEXAMPLE\n');
const files = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };

const conventions = suite('AWS conventions');

conventions('AWS_DEFAULT_REGION counts when AWS_REGION is unset; AWS_REGION wins when both are', () => {
  const env: Record<string, string | undefined> = { AWS_DEFAULT_REGION: 'ap-southeast-2' };
  awsEnv.prepare(env);
  assert.is(env.AWS_REGION, 'ap-southeast-2');
  const both: Record<string, string | undefined> = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'ap-southeast-2' };
  awsEnv.prepare(both);
  assert.is(both.AWS_REGION, 'eu-west-1');
});

conventions('profiles are read from both files: [profile x] and [default] in config, [x] in credentials; sso-session is none', () => {
  assert.equal([...awsEnv.profilesIn('[default]\n[profile a]\n[sso-session s]\n[b]\n', '[c]\n')].sort(), ['a', 'c', 'default']);
  awsEnv.prepare({ ...files, AWS_PROFILE: 'prod-admin' });
  awsEnv.prepare({ ...files, AWS_PROFILE: 'ci' });
});

conventions('a profile that does not exist is said so, naming both files', () => {
  const error = rejects(() => awsEnv.prepare({ ...files, AWS_PROFILE: 'prod' }), awsEnv.AwsSetupError);
  assert.is(error.message, `AWS profile "prod" does not exist in ${config} nor ${credentials}: check PROFILE (or AWS_PROFILE); \`aws configure list-profiles\` lists them`);
});

conventions('a region variable that is not a region name is refused, naming the variable', () => {
  assert.is(rejects(() => awsEnv.prepare({ AWS_DEFAULT_REGION: 'eu-wst-1' }), awsEnv.AwsSetupError).message.split(' (')[0], 'AWS_DEFAULT_REGION "eu-wst-1" is not an AWS region name');
  for (const region of ['us-east-1', 'eu-central-2', 'ap-southeast-5', 'mx-central-1', 'cn-northwest-1', 'us-gov-west-1', 'us-isob-east-1', 'eusc-de-east-1', 'il-central-1']) awsEnv.prepare({ REGION: region });
});

conventions('the credentials hint names PROFILE only when no profile was chosen', () => {
  assert.match(awsEnv.credentialsHint({}), 'pass PROFILE=<profile> to make');
  assert.not.match(awsEnv.credentialsHint({ AWS_PROFILE: 'prod-admin' }), 'PROFILE=');
  assert.match(awsEnv.credentialsHint({ AWS_PROFILE: 'prod-admin' }), 'aws sso login --profile prod-admin');
});

const processes = suite('AWS conventions, as the commands run');

processes('report, reconcile, invoke and destroy with a profile that does not exist: that is the error, not "no region"', async () => {
  const runs = await Promise.all(
    [['scripts/report.ts'], ['scripts/reconcile.ts'], ['scripts/invoke.ts', 'enforce', 'fixtures/cloudtrail/detach-user-policy.json'], ['scripts/destroy.ts']].map((args) => runScript(args, { ...files, AWS_PROFILE: 'prod' })),
  );
  for (const run of runs) {
    assert.ok(run.code === 1 || run.code === 2, run.stderr);
    assert.match(run.stderr, 'AWS profile "prod" does not exist in');
    assert.not.match(run.stderr, 'region');
  }
});

processes('a misspelt region stops report, reconcile and invoke before any call, and make deploy before bundling', async () => {
  const runs = await Promise.all([['scripts/report.ts'], ['scripts/reconcile.ts'], ['scripts/invoke.ts', 'enforce', 'x.json'], ['scripts/synth.ts']].map((args) => runScript(args, { REGION: 'eu-wst-1' })));
  for (const run of runs) {
    assert.match(run.stderr, 'REGION "eu-wst-1" is not an AWS region name');
    assert.is(run.stdout, '');
  }
  const viaEnv = await runScript(['scripts/report.ts'], { AWS_REGION: 'us-est-1' });
  assert.match(viaEnv.stderr, 'AWS_REGION "us-est-1" is not an AWS region name');
});

processes('with a profile chosen but no credentials, destroy says what to do about that profile, not "pass PROFILE="', async () => {
  const run = await runScript(['scripts/destroy.ts'], { ...files, AWS_PROFILE: 'ci', AWS_SHARED_CREDENTIALS_FILE: join(dir, 'config'), REGION: 'eu-west-1', AWS_CONFIG_FILE: join(dir, 'config') });
  assert.is(run.code, 1, run.stderr);
  assert.match(run.stderr, 'AWS profile "ci" does not exist');
  const sso = await runScript(['scripts/destroy.ts'], { ...files, AWS_PROFILE: 'prod-admin', REGION: 'eu-west-1' });
  assert.is(sso.code, 1);
  assert.match(sso.stderr, /no usable AWS credentials \(CredentialsProviderError: [\s\S]*\): profile "prod-admin" gave no usable credentials/);
  assert.not.match(sso.stderr, 'PROFILE=');
});

conventions.run();
processes.run();
