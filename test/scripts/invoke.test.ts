/**
 * `make invoke`: `main` in-process on the in-memory account, then scripts/invoke.ts as a child
 * process: its exit code and message on bad input, and its real SDK clients talking IAM's query
 * protocol and SSM's JSON protocol to a local endpoint given by AWS_ENDPOINT_URL.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UserFailuresError } from '../../src/core/errors.ts';
import { SettingsError } from '../../src/handlers/environment.ts';
import { InvokeError, main } from '../../scripts/invoke/main.ts';
import type { MemoryAccount } from '../../sim/account.ts';
import { rejectsAsync } from '../support/assert.ts';
import { callNames, canonicalDocument, carries, fixtureAccount, WHITELIST_PARAMETER } from '../../sim/container.ts';
import { POLICY_ARN, RULE_NAME } from '../../sim/fixtures.ts';
import { ROOT, runScript } from '../support/child.ts';
import { ATTACHED, DENIED, localEndpoint, serve } from '../support/local-endpoint.ts';
import { captured } from '../support/operator-account.ts';
import { ENFORCER_ENV } from '../support/templates.ts';

const ENV: Record<string, string> = { ...ENFORCER_ENV, POLICY_ARN, WHITELIST_PARAMETER, CONFIG_RULE_NAME: RULE_NAME };
const fixture = (path: string) => `${ROOT}fixtures/${path}`;

function run(account: MemoryAccount, argv: string[], env: Record<string, string> = ENV) {
  const io = captured();
  const done = main(argv, env, { clients: () => account.clients(), io, now: () => account.clock(), enforce: { newUserRetry: { sleep: async () => {} } } });
  return { io, done, lines: () => io.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const inProcess = suite('invoke: main');

inProcess('enforce on a recorded CreateUser attaches the policy and prints the decision as a JSON line', async () => {
  const account = fixtureAccount();
  const { done, io, lines } = run(account, ['enforce', fixture('cloudtrail/create-user.json')]);
  assert.is(await done, 0);
  assert.ok(carries(account, 'bob'));
  assert.equal(callNames(account), ['ssm:GetParameter', 'iam:AttachUserPolicy']);
  assert.equal(lines(), [
    {
      level: 'info',
      function: 'enforce',
      eventId: '3d1c6f0e-7b3a-5f2e-9c4d-2a8b6e1f0c71',
      actor: 'arn:aws:iam::123456789012:user/thien',
      eventTime: '2023-05-31T05:10:02Z',
      eventName: 'CreateUser',
      sourceIp: '68.21.163.122',
      decision: 'attach',
      result: 'attached',
      user: 'bob',
      reason: 'new user created by arn:aws:iam::123456789012:user/thien',
      userId: 'AIDAIOSFODNN7EXAMPLE',
    },
  ]);
  assert.match(io.stderr, /invoke: enforce on .*create-user\.json \(MODE=enforce, POLICY_ARN=arn:aws:iam::123456789012:policy\/DenyActionWithoutMFA\)/);
  assert.match(io.stderr, /invoke: enforce done, 1 decision\(s\) logged/);
});

inProcess('an event given to the wrong function names the function it belongs to, before any AWS call', async () => {
  for (const [fn, file, message] of [
    ['config-rule', 'cloudtrail/detach-user-policy.json', 'is a CloudTrail event (AWS API Call via CloudTrail): it belongs to FN=enforce, not config-rule'],
    ['enforce', 'compliance-change/non-compliant-user.json', 'is a Config Rules Compliance Change event: it belongs to FN=remediate, not enforce'],
    ['remediate', 'config-rule/scheduled.json', 'is an AWS Config rule invocation: it belongs to FN=config-rule, not remediate'],
  ] as const) {
    const account = fixtureAccount();
    const error = await rejectsAsync(run(account, [fn, fixture(file)]).done, InvokeError);
    assert.match(error.message, `${file} ${message}`);
    assert.equal(callNames(account), []);
  }
});

inProcess('POLICY_ARN, WHITELIST_PARAMETER and CONFIG_RULE_NAME not set are read from stack STACK, as make report does', async () => {
  const account = fixtureAccount();
  const asked: string[] = [];
  const stack = {
    StackName: 'guard-2',
    StackStatus: 'UPDATE_COMPLETE' as const,
    CreationTime: new Date(),
    Outputs: [{ OutputKey: 'PolicyArn', OutputValue: POLICY_ARN }, { OutputKey: 'ConfigRuleName', OutputValue: RULE_NAME }],
    Parameters: [{ ParameterKey: 'WhitelistParameterName', ParameterValue: WHITELIST_PARAMETER }],
  };
  const io = captured();
  const code = await main(['enforce', fixture('cloudtrail/create-user.json')], { STACK: 'guard-2' }, {
    clients: () => account.clients(),
    describeStack: async (name) => (asked.push(name), stack),
    io,
    now: () => account.clock(),
    enforce: { newUserRetry: { sleep: async () => {} } },
  });
  assert.is(code, 0);
  assert.equal(asked, ['guard-2']);
  assert.ok(carries(account, 'bob'));
  assert.match(io.stderr, `POLICY_ARN=${POLICY_ARN}`);
});

inProcess('with the variables set, no stack is read', async () => {
  const account = fixtureAccount();
  let read = false;
  const code = await main(['enforce', fixture('cloudtrail/create-user.json')], ENV, { clients: () => account.clients(), describeStack: async () => ((read = true), undefined), io: captured(), now: () => account.clock(), enforce: { newUserRetry: { sleep: async () => {} } } });
  assert.is(code, 0);
  assert.is(read, false);
});

inProcess('enforce recreates a deleted policy from the document in cfn/mfa-guard.yml', async () => {
  const account = fixtureAccount();
  account.removePolicy(POLICY_ARN);
  const { done } = run(account, ['enforce', fixture('cloudtrail/delete-policy.json')]);
  assert.is(await done, 0);
  assert.equal(account.inputs('CreatePolicy').map((i) => JSON.parse(String(i.PolicyDocument))), [canonicalDocument(POLICY_ARN)]);
});

inProcess('config-rule runs with TestMode: Config checks the evaluations and records nothing', async () => {
  const account = fixtureAccount();
  const { done, lines } = run(account, ['config-rule', fixture('config-rule/change-user-violating.json')]);
  assert.is(await done, 0);
  assert.equal(account.inputs('PutEvaluations').map((i) => i.TestMode), [true]);
  assert.is(account.evaluations.length, 0);
  assert.equal(lines().map((l) => [l.function, l.user, l.decision, l.result]), [['config-rule', 'bob', 'NON_COMPLIANT', 'checked']]);
});

inProcess('remediate resolves the user through Config and attaches', async () => {
  const account = fixtureAccount();
  const { done } = run(account, ['remediate', fixture('compliance-change/non-compliant-user.json')]);
  assert.is(await done, 0);
  assert.equal(callNames(account), ['config:BatchGetResourceConfig', 'ssm:GetParameter', 'iam:AttachUserPolicy']);
});

inProcess('MODE=report from the environment: the decision is printed, nothing written', async () => {
  const account = fixtureAccount();
  const { done, lines } = run(account, ['enforce', fixture('cloudtrail/create-user.json')], { ...ENV, MODE: 'report' });
  assert.is(await done, 0);
  assert.equal(callNames(account), ['ssm:GetParameter']);
  assert.equal(lines().map((l) => l.result), ['dry-run']);
});

inProcess('a handler failure is thrown after its decisions were printed', async () => {
  const account = fixtureAccount();
  for (let i = 0; i < 9; i++) account.attachPolicy('bob', `arn:aws:iam::aws:policy/Other${i}`);
  for (let i = 0; i < 10; i++) account.user('bob').groups.push(account.addGroup(`team-${i}`).name);
  const { done, lines } = run(account, ['enforce', fixture('cloudtrail/create-user.json')]);
  const error = await rejectsAsync(done, UserFailuresError);
  assert.match(error.message, /bob \(at the policy and the group quota.*GroupsPerUser: 10.*PoliciesPerUser: 10/);
  assert.equal(lines().map((l) => [l.user, l.result]), [['bob', 'failed']]);
});

for (const [name, argv, env, type, message] of [
  ['an unknown FN', ['lambda', fixture('cloudtrail/create-user.json')], ENV, InvokeError, /^FN must be one of config-rule, remediate, enforce; got "lambda"$/],
  ['no EVENT', ['enforce', ''], ENV, InvokeError, /^EVENT=<file.json> is required/],
  ['a missing EVENT file', ['enforce', 'no/such/event.json'], ENV, InvokeError, /^EVENT file no\/such\/event.json does not exist$/],
  ['an EVENT file that is not JSON', ['enforce', fixture('README.md')], ENV, InvokeError, /^EVENT file .*README\.md is not JSON/],
  ['an unset POLICY_ARN', ['enforce', fixture('cloudtrail/create-user.json')], { ...ENV, POLICY_ARN: '' }, SettingsError, /^environment variable POLICY_ARN is not set$/],
  ['a bad MODE', ['enforce', fixture('cloudtrail/create-user.json')], { ...ENV, MODE: 'dry-run' }, SettingsError, /^MODE "dry-run" is neither enforce nor report$/],
] as const) {
  inProcess(`${name} fails before any AWS call`, async () => {
    const account = fixtureAccount();
    const error = await rejectsAsync(run(account, [...argv], env).done, type);
    assert.match(error.message, message);
    assert.equal(callNames(account), []);
  });
}

inProcess.run();

/** Runs scripts/invoke.ts as `make invoke` does, without the Lambda's variables of this environment. */
const child = (argv: string[], env: Record<string, string>) =>
  runScript(['scripts/invoke.ts', ...argv], env, ['POLICY_ARN', 'WHITELIST_PARAMETER', 'CONFIG_RULE_NAME', 'MODE']);

const KEYS = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

const asProcess = suite('invoke: scripts/invoke.ts as a process');

asProcess('a missing EVENT file exits non-zero with the message, before any AWS call', async () => {
  const { code, stdout, stderr } = await child(['enforce', 'fixtures/cloudtrail/no-such-event.json'], { ...ENV, ...KEYS, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
  assert.is(code, 2);
  assert.is(stdout, '');
  assert.is(stderr.trim(), 'invoke: InvokeError: EVENT file fixtures/cloudtrail/no-such-event.json does not exist');
});

asProcess('an unset POLICY_ARN is read from stack STACK; with no such stack, it exits 2 saying what to do', async () => {
  const server = await serve<string>(({ body }, received) => {
    const params = new URLSearchParams(body);
    received.push(`${params.get('Action')} ${params.get('StackName')}`);
    return {
      status: 400,
      contentType: 'text/xml',
      body: `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${params.get('StackName')} does not exist</Message></Error><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ErrorResponse>`,
    };
  });
  try {
    const { code, stderr } = await child(['enforce', 'fixtures/cloudtrail/create-user.json'], { WHITELIST_PARAMETER, CONFIG_RULE_NAME: RULE_NAME, STACK: 'guard-2', ...KEYS, AWS_ENDPOINT_URL: server.url });
    assert.is(code, 2);
    assert.equal(server.received, ['DescribeStacks guard-2']);
    assert.match(stderr, 'invoke: OperatorSettingsError: stack guard-2 does not exist in this region');
    assert.match(stderr, 'or set POLICY_ARN and WHITELIST_PARAMETER');
  } finally {
    await server.close();
  }
});

asProcess('AWS_ENDPOINT_URL points the real clients at a local endpoint: SSM read, IAM attach, exit 0', async () => {
  const server = await localEndpoint(WHITELIST_PARAMETER, { status: 200, body: ATTACHED });
  try {
    const { code, stdout, stderr } = await child(['enforce', 'fixtures/cloudtrail/detach-user-policy.json'], { ...ENV, ...KEYS, AWS_ENDPOINT_URL: server.url });
    assert.is(code, 0, stderr);
    assert.equal(server.received, [
      { service: 'ssm', operation: 'GetParameter', params: { Name: WHITELIST_PARAMETER } },
      { service: 'iam', operation: 'AttachUserPolicy', params: { Action: 'AttachUserPolicy', Version: '2010-05-08', UserName: 'alice', PolicyArn: POLICY_ARN } },
    ]);
    assert.equal(JSON.parse(stdout), {
      level: 'info',
      function: 'enforce',
      eventId: '7a4f9c3b-0e6d-8c5b-2f7a-5d1e9b4c3fa4',
      actor: 'arn:aws:iam::123456789012:user/thien',
      eventTime: '2023-05-31T05:14:57Z',
      eventName: 'DetachUserPolicy',
      sourceIp: '68.21.163.122',
      decision: 'attach',
      result: 'attached',
      user: 'alice',
      reason: 'arn:aws:iam::123456789012:user/thien detached the policy',
    });
  } finally {
    await server.close();
  }
});

asProcess('an AccessDenied from IAM fails the run with exit 2 and the error message, and no decision printed', async () => {
  const server = await localEndpoint(WHITELIST_PARAMETER, { status: 403, body: DENIED });
  try {
    const { code, stdout, stderr } = await child(['enforce', 'fixtures/cloudtrail/detach-user-policy.json'], { ...ENV, ...KEYS, AWS_ENDPOINT_URL: server.url });
    assert.is(code, 2);
    assert.is(stdout, '');
    assert.match(stderr, /invoke: AccessDenied: User: arn:aws:iam::123456789012:user\/ops is not authorized to perform: iam:AttachUserPolicy on resource: user alice\n$/);
    assert.equal(server.received.map((r) => r.operation), ['GetParameter', 'AttachUserPolicy']);
  } finally {
    await server.close();
  }
});

asProcess.run();
