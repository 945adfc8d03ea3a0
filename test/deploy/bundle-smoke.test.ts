/**
 * The built enforcer, run as Lambda runs it: `index.js` from the template's inline code, the AWS SDK
 * from outside the bundle (here the repository's node_modules, in Lambda the runtime's), the
 * Lambda's environment, and AWS answered by a local endpoint.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { synth } from '../../scripts/synth/synth.ts';
import * as template from '../../src/cfn/template.ts';
import { zipFileOf } from '../../src/deploy/code-parameters.ts';
import { ROOT, runScript } from '../support/child.ts';
import { POLICY_ARN, RULE_NAME } from '../../sim/fixtures.ts';
import { ATTACHED, localEndpoint } from '../support/local-endpoint.ts';

const WHITELIST_PARAMETER = '/mfa-guard/whitelist';

/** Writes the inline code of `functionId` as `<dir>/index.js`, with the SDK reachable as in the Lambda runtime. */
async function deployedCode(functionId: string): Promise<string> {
  const synthesized = await synth({ root: ROOT });
  // The ZipFile as CloudFormation hands it to Lambda: the loader joined around the code parameters.
  const zipFile = zipFileOf(template.parse(synthesized.home, 'dist/mfa-guard.yml'), functionId, synthesized.code);
  const dir = mkdtempSync(join(tmpdir(), 'mfa-guard-lambda-'));
  writeFileSync(join(dir, 'index.js'), zipFile);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Runs `index.handler(event)` in a new Node process with the Lambda's environment. */
function invoke(dir: string, eventFile: string, env: Record<string, string>) {
  const code = [
    `const event = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(join(ROOT, 'fixtures', eventFile))}, 'utf8'));`,
    `require(${JSON.stringify(join(dir, 'index.js'))}).handler(event).then(`,
    `  () => process.exit(0),`,
    `  (error) => { console.error(error.name + ': ' + error.message); process.exit(1); });`,
  ].join('\n');
  return runScript(['-e', code], env, ['POLICY_ARN', 'WHITELIST_PARAMETER', 'CONFIG_RULE_NAME', 'MODE']);
}

const smoke = suite('the built enforcer, run as Lambda runs it');

smoke('a detach of the policy: reads the whitelist, reattaches, logs one JSON line', async () => {
  const dir = await deployedCode('EnforceFunction');
  const aws = await localEndpoint(WHITELIST_PARAMETER, { status: 200, body: ATTACHED });
  try {
    const { code, stdout, stderr } = await invoke(dir, 'cloudtrail/detach-user-policy.json', {
      POLICY_ARN,
      WHITELIST_PARAMETER,
      CONFIG_RULE_NAME: RULE_NAME,
      MODE: 'enforce',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_ENDPOINT_URL: aws.url,
    });
    assert.is(code, 0, stderr);
    assert.equal(aws.received, [
      { service: 'ssm', operation: 'GetParameter', params: { Name: WHITELIST_PARAMETER } },
      { service: 'iam', operation: 'AttachUserPolicy', params: { Action: 'AttachUserPolicy', Version: '2010-05-08', UserName: 'alice', PolicyArn: POLICY_ARN } },
    ]);
    const line = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal({ function: line.function, user: line.user, decision: line.decision, result: line.result }, { function: 'enforce', user: 'alice', decision: 'attach', result: 'attached' });
  } finally {
    await aws.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

smoke('without its environment it fails the invocation, naming the variable, before any AWS call', async () => {
  const dir = await deployedCode('EnforceFunction');
  const aws = await localEndpoint(WHITELIST_PARAMETER, { status: 200, body: ATTACHED });
  try {
    const { code, stderr } = await invoke(dir, 'cloudtrail/detach-user-policy.json', { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: aws.url });
    assert.is(code, 1);
    assert.match(stderr, 'SettingsError: environment variable POLICY_ARN is not set');
    assert.equal(aws.received, []);
  } finally {
    await aws.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

smoke.run();
