/**
 * The three built functions, run as Lambda runs them: `index.js` from the template's inline code,
 * under the Lambda runtime's Node.js major (nodejs24.x: support/lambda-node.ts), the AWS SDK from
 * outside the bundle (here the repository's node_modules, in Lambda the runtime's), the Lambda's
 * environment, and AWS answered by a local endpoint. (The exact log line is specified by test/scripts/invoke.test.ts.)
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { synth } from '../../scripts/synth/synth.ts';
import * as template from '../../src/cfn/template.ts';
import { zipFileOf } from '../../src/deploy/code-parameters.ts';
import { canonicalDocument, ENFORCER_ENV, USERS } from '../../sim/container.ts';
import { POLICY_ARN, RULE_NAME } from '../../sim/fixtures.ts';
import { ROOT, runNode } from '../support/child.ts';
import { LAMBDA_NODE_MAJOR, lambdaNode } from '../support/lambda-node.ts';
import { ATTACHED, localEndpoint, serve, type Received } from '../support/local-endpoint.ts';

const WHITELIST_PARAMETER = '/mfa-guard/whitelist';
const synthesized = synth({ root: ROOT });
const built = synthesized.then((s) => template.parse(s.home, 'dist/mfa-guard.yml'));

/** The inline code of `functionId` as CloudFormation hands it to Lambda: the loader joined around the code parameters. */
async function inlineCode(functionId: string): Promise<string> {
  return zipFileOf(await built, functionId, (await synthesized).code);
}

/** Writes the inline code of `functionId` as `<dir>/index.js`, with the SDK reachable as in the Lambda runtime. */
async function deployedCode(functionId: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'mfa-guard-lambda-'));
  writeFileSync(join(dir, 'index.js'), await inlineCode(functionId));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Runs `index.handler(event)` under the Lambda's Node major, in a new process with the Lambda's environment. */
function invoke(dir: string, eventFile: string, env: Record<string, string>) {
  const code = [
    `if (!process.version.startsWith('v${LAMBDA_NODE_MAJOR}.')) { console.error('not Node ${LAMBDA_NODE_MAJOR}: ' + process.version); process.exit(3); }`,
    `const event = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(join(ROOT, 'fixtures', eventFile))}, 'utf8'));`,
    `require(${JSON.stringify(join(dir, 'index.js'))}).handler(event, { getRemainingTimeInMillis: () => 60000 }).then(`,
    `  () => process.exit(0),`,
    `  (error) => { console.error(error.name + ': ' + error.message); process.exit(1); });`,
  ].join('\n');
  return runNode(lambdaNode(), ['-e', code], env, ['POLICY_ARN', 'WHITELIST_PARAMETER', 'CONFIG_RULE_NAME', 'MODE']);
}

/** The Lambda's environment, with AWS at `url`. */
const lambdaEnv = (url: string) => ({
  POLICY_ARN,
  WHITELIST_PARAMETER,
  CONFIG_RULE_NAME: RULE_NAME,
  MODE: 'enforce',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_ENDPOINT_URL: url,
});

const WHITELIST_READ = { service: 'ssm', operation: 'GetParameter', params: { Name: WHITELIST_PARAMETER } } as const;
const ATTACH_USER_POLICY = (user: string) => ({ service: 'iam', operation: 'AttachUserPolicy', params: { Action: 'AttachUserPolicy', Version: '2010-05-08', UserName: user, PolicyArn: POLICY_ARN } }) as const;

const smoke = suite(`the built functions, run as Lambda runs them (Node ${LAMBDA_NODE_MAJOR})`);

smoke('enforce, on a detach of the policy: reads the whitelist, reattaches, logs one JSON line with the stable keys', async () => {
  const dir = await deployedCode('EnforceFunction');
  const aws = await localEndpoint(WHITELIST_PARAMETER, { status: 200, body: ATTACHED });
  try {
    const { code, stdout, stderr } = await invoke(dir, 'cloudtrail/detach-user-policy.json', lambdaEnv(aws.url));
    assert.is(code, 0, stderr);
    assert.equal(aws.received, [WHITELIST_READ, ATTACH_USER_POLICY('alice')]);
    const line = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal(Object.keys(line).sort(), ['actor', 'decision', 'eventId', 'eventName', 'eventTime', 'function', 'level', 'reason', 'result', 'sourceIp', 'user'], 'the stable keys (README, Log lines)');
    assert.equal([line.function, line.user, line.decision, line.result], ['enforce', 'alice', 'attach', 'attached']);
  } finally {
    await aws.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

smoke('remediate, on a NON_COMPLIANT user: Config names the user, the whitelist is read, the policy attached', async () => {
  const dir = await deployedCode('RemediateFunction');
  const item = { resourceType: 'AWS::IAM::User', resourceId: USERS.bob, resourceName: 'bob', configurationItemStatus: 'OK' };
  const aws = await localEndpoint(WHITELIST_PARAMETER, { status: 200, body: ATTACHED }, { BatchGetResourceConfig: { baseConfigurationItems: [item], unprocessedResourceKeys: [] } });
  try {
    const { code, stdout, stderr } = await invoke(dir, 'compliance-change/non-compliant-user.json', lambdaEnv(aws.url));
    assert.is(code, 0, stderr);
    assert.equal(aws.received, [
      { service: 'config', operation: 'BatchGetResourceConfig', params: { resourceKeys: [{ resourceType: 'AWS::IAM::User', resourceId: USERS.bob }] } },
      WHITELIST_READ,
      ATTACH_USER_POLICY('bob'),
    ]);
    const line = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal([line.function, line.user, line.decision, line.result], ['remediate', 'bob', 'attach', 'attached']);
  } finally {
    await aws.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

smoke('config-rule, on a configuration change: the whitelist is read and NON_COMPLIANT put to Config, no IAM call', async () => {
  const dir = await deployedCode('ConfigRuleFunction');
  const aws = await localEndpoint(WHITELIST_PARAMETER, { status: 200, body: ATTACHED }, { PutEvaluations: { FailedEvaluations: [] } });
  try {
    const { code, stdout, stderr } = await invoke(dir, 'config-rule/change-user-violating.json', lambdaEnv(aws.url));
    assert.is(code, 0, stderr);
    assert.equal(aws.received.map((r) => `${r.service}:${r.operation}`), ['ssm:GetParameter', 'config:PutEvaluations']);
    const evaluations = aws.received[1]?.params.Evaluations as Record<string, unknown>[];
    assert.equal(evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType]), [[USERS.bob, 'NON_COMPLIANT']]);
    const line = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal([line.function, line.user, line.decision, line.result], ['config-rule', 'bob', 'NON_COMPLIANT', 'reported']);
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

smoke('without its environment a function fails the invocation, naming the variable, before any AWS call', async () => {
  for (const functionId of ['EnforceFunction', 'RemediateFunction', 'ConfigRuleFunction']) {
    const dir = await deployedCode(functionId);
    const aws = await localEndpoint(WHITELIST_PARAMETER, { status: 200, body: ATTACHED });
    try {
      const { code, stderr } = await invoke(dir, 'cloudtrail/detach-user-policy.json', { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: aws.url });
      assert.is(code, 1, `${functionId}: ${stderr}`);
      assert.match(stderr, 'SettingsError: environment variable POLICY_ARN is not set');
      assert.equal(aws.received, []);
    } finally {
      await aws.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

smoke('each bundle requires only the SDK clients its function calls: the enforcer never loads AWS Config', async () => {
  const { bundles } = await synthesized;
  const clientsOf = async (id: string) => [...new Set(bundles[id]?.match(/@aws-sdk\/client-[a-z-]+/g))].sort();
  assert.equal(await clientsOf('EnforceFunction'), ['@aws-sdk/client-iam', '@aws-sdk/client-ssm']);
  assert.equal(await clientsOf('RemediateFunction'), ['@aws-sdk/client-config-service', '@aws-sdk/client-iam', '@aws-sdk/client-ssm']);
  assert.equal(await clientsOf('ConfigRuleFunction'), ['@aws-sdk/client-config-service', '@aws-sdk/client-iam', '@aws-sdk/client-ssm']);
});

smoke.run();
