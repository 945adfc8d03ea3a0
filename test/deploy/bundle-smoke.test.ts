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
import { ROOT, runScript } from '../support/child.ts';
import { canonicalDocument, ENFORCER_ENV } from '../../sim/container.ts';
import { POLICY_ARN, RULE_NAME } from '../../sim/fixtures.ts';
import { ATTACHED, localEndpoint, serve, type Received } from '../support/local-endpoint.ts';

const WHITELIST_PARAMETER = '/mfa-guard/whitelist';

/** Writes the inline code of `functionId` as `<dir>/index.js`, with the SDK reachable as in the Lambda runtime. */
async function deployedCode(functionId: string): Promise<string> {
  const built = template.parse((await synth({ root: ROOT })).home, 'dist/mfa-guard.yml');
  const code = built.Resources[functionId]?.Properties?.Code;
  const zipFile = typeof code === 'object' && code !== null && !Array.isArray(code) ? code.ZipFile : undefined;
  if (typeof zipFile !== 'string') throw new Error(`${functionId} has no inline code`);
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

/** IAM answers for a policy whose default version v2 holds `document` (query protocol XML). */
function tamperedPolicy(document: unknown) {
  const wrap = (operation: string, result: string) =>
    `<${operation}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></${operation}Response>`;
  const version = (id: string, extra = '') => `<VersionId>${id}</VersionId><IsDefaultVersion>true</IsDefaultVersion><CreateDate>2025-06-20T09:30:00Z</CreateDate>${extra}`;
  const answers: Record<string, string> = {
    ListPolicyVersions: wrap('ListPolicyVersions', `<Versions><member>${version('v2')}</member></Versions><IsTruncated>false</IsTruncated>`),
    GetPolicyVersion: wrap('GetPolicyVersion', `<PolicyVersion>${version('v2', `<Document>${encodeURIComponent(JSON.stringify(document))}</Document>`)}</PolicyVersion>`),
    CreatePolicyVersion: wrap('CreatePolicyVersion', `<PolicyVersion>${version('v3')}</PolicyVersion>`),
  };
  return serve<Received>(({ target, body }, received) => {
    if (target?.startsWith('AmazonSSM.')) {
      received.push({ service: 'ssm', operation: target.slice('AmazonSSM.'.length), params: JSON.parse(body) as Record<string, unknown> });
      return { status: 200, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ Parameter: { Name: WHITELIST_PARAMETER, Type: 'String', Value: '{"version":1,"exemptions":[]}', Version: 1 } }) };
    }
    const params = Object.fromEntries(new URLSearchParams(body));
    received.push({ service: 'iam', operation: String(params.Action), params });
    const answer = answers[String(params.Action)];
    return answer ? { status: 200, contentType: 'text/xml', body: answer } : { status: 400, contentType: 'text/xml', body: `<ErrorResponse><Error><Code>Unexpected</Code><Message>${String(params.Action)}</Message></Error></ErrorResponse>` };
  });
}

smoke('a tampered document: restores the canonical one, rendered from the deployed environment alone', async () => {
  const dir = await deployedCode('EnforceFunction');
  const aws = await tamperedPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  try {
    const { code, stderr } = await invoke(dir, 'cloudtrail/create-policy-version.json', {
      ...ENFORCER_ENV,
      POLICY_ARN,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_ENDPOINT_URL: aws.url,
    });
    assert.is(code, 0, stderr);
    const created = aws.received.find((r) => r.operation === 'CreatePolicyVersion')?.params;
    assert.equal(created && JSON.parse(String(created.PolicyDocument)), canonicalDocument(POLICY_ARN));
    assert.is(created?.SetAsDefault, 'true');
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
