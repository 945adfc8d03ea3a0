/**
 * The deploy family as processes (`make destroy` runs `tsx scripts/destroy.ts`): the exit code of a
 * failure, and a confirmation asked without a terminal. The real clients talk to a local endpoint
 * (AWS_ENDPOINT_URL) answering STS and CloudFormation (query/XML) and SSM (JSON 1.1) as AWS does.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runScript } from '../support/child.ts';
import { serve } from '../support/local-endpoint.ts';

/** A request the local endpoint received. */
interface Received {
  readonly operation: string;
  readonly params: Record<string, unknown>;
}

const CALLER =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:assumed-role/Admin/deployer</Arn>' +
  '<UserId>AROAEXAMPLEEXAMPLE01:deployer</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata></GetCallerIdentityResponse>';
const noStack = (name: string) =>
  '<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code>' +
  `<Message>Stack with id ${name} does not exist</Message></Error><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ErrorResponse>`;

/** An account with no mfa-guard stack: STS answers, CloudFormation knows no stack, SSM deletes the parameter. */
function endpoint() {
  return serve<Received>(({ target, body }, received) => {
    if (target?.startsWith('AmazonSSM.')) {
      received.push({ operation: target.slice('AmazonSSM.'.length), params: JSON.parse(body) as Record<string, unknown> });
      return { status: 200, contentType: 'application/x-amz-json-1.1', body: '{}' };
    }
    const params = Object.fromEntries(new URLSearchParams(body));
    received.push({ operation: String(params.Action), params });
    return params.Action === 'GetCallerIdentity'
      ? { status: 200, contentType: 'text/xml', body: CALLER }
      : { status: 400, contentType: 'text/xml', body: noStack(String(params.StackName)) };
  });
}

/** Runs a deploy-family script as the Makefile does, with one attempt per AWS call and test keys. */
const child = (script: string, env: Record<string, string>) =>
  runScript([script], { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', AWS_MAX_ATTEMPTS: '1', ...env }, ['REGION', 'STACK', 'MODE', 'YES', 'WHITELIST']);

const asProcess = suite('deploy family: scripts as processes');

asProcess('a bad make variable exits 1 with the message, before any AWS call', async () => {
  const server = await endpoint();
  try {
    const { code, stderr } = await child('scripts/destroy.ts', { REGION: 'eu-west-1', STACK: 'mfa_guard', AWS_ENDPOINT_URL: server.url });
    assert.is(code, 1);
    assert.match(stderr, 'make destroy failed: settings: STACK "mfa_guard" is not a valid stack name');
    assert.equal(server.received, []);
  } finally {
    await server.close();
  }
});

asProcess('without a terminal and without YES=1 the question is answered no: exit 1, nothing deleted', async () => {
  const server = await endpoint();
  try {
    const { code, stdout, stderr } = await child('scripts/destroy.ts', { REGION: 'eu-west-1', AWS_ENDPOINT_URL: server.url });
    assert.is(code, 1, stderr);
    assert.match(stdout, 'Destroy? no: not a terminal, and YES=1 was not given');
    assert.match(stderr, 'make destroy failed: destroy of stack mfa-guard: declined, nothing changed');
    assert.equal(server.received.map((r) => r.operation), ['GetCallerIdentity', 'DescribeStacks', 'DescribeStacks', 'DescribeStacks']);
  } finally {
    await server.close();
  }
});

asProcess('with YES=1 the same run goes ahead and exits 0', async () => {
  const server = await endpoint();
  try {
    const { code, stdout, stderr } = await child('scripts/destroy.ts', { REGION: 'eu-west-1', YES: '1', AWS_ENDPOINT_URL: server.url });
    assert.is(code, 0, stderr);
    assert.match(stdout, 'Destroy? yes (YES=1)');
    assert.equal(server.received.at(-1), { operation: 'DeleteParameter', params: { Name: '/mfa-guard/whitelist' } });
    assert.match(stdout, 'Destroyed.');
  } finally {
    await server.close();
  }
});

asProcess.run();
