import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import {
  AttachUserPolicyCommand,
  GetUserCommand,
  IAMClient,
  IAMServiceException,
  LimitExceededException,
  ListUsersCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { noSuchUser, throttling, unavailable } from '../../sim/account-errors.ts';
import { MemoryAccount } from '../../sim/account.ts';
import { rejectsAsync } from '../support/assert.ts';

function account() {
  const memory = new MemoryAccount();
  memory.createPolicy({ name: 'DenyActionWithoutMFA' });
  memory.addUser({ name: 'alice', id: 'AIDAJQABLZS4A3QDU576Q', policies: [memory.policyArn], mfa: 1 });
  memory.addUser({ name: 'bob', id: 'AIDAIOSFODNN7EXAMPLE' });
  return memory;
}

// ---------------------------------------------------------------------------------------------
const wiring = suite('MemoryAccount: real SDK clients');

wiring('a real IAMClient gets its answers from the model, dates as Dates', async () => {
  const memory = account();
  const { iam } = memory.clients();
  const out = await iam.send(new GetUserCommand({ UserName: 'alice' }));
  assert.is(out.User?.UserId, 'AIDAJQABLZS4A3QDU576Q');
  assert.is(out.User?.Arn, 'arn:aws:iam::123456789012:user/alice');
  assert.instance(out.User?.CreateDate, Date);
  assert.is(out.$metadata.attempts, 1);
});

wiring('every attempt is recorded with its service, operation and input', async () => {
  const memory = account();
  const { iam, ssm } = memory.clients();
  await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: memory.policyArn }));
  await rejectsAsync(ssm.send(new GetParameterCommand({ Name: '/mfa-guard/whitelist' })), Error);
  assert.equal(memory.calls, [
    { service: 'iam', command: 'AttachUserPolicy', input: { UserName: 'bob', PolicyArn: memory.policyArn } },
    { service: 'ssm', command: 'GetParameter', input: { Name: '/mfa-guard/whitelist' }, error: 'ParameterNotFound' },
  ]);
  assert.is(memory.count(), 2);
  assert.is(memory.count('iam'), 1);
  assert.is(memory.count('iam', 'AttachUserPolicy'), 1);
  assert.is(memory.count('iam', 'DetachUserPolicy'), 0);
  assert.equal(memory.inputs('AttachUserPolicy'), [{ UserName: 'bob', PolicyArn: memory.policyArn }]);
  memory.resetCalls();
  assert.is(memory.count(), 0);
});

wiring('a recorded input is a copy: the caller changing its object later does not rewrite history', async () => {
  const memory = account();
  const { iam } = memory.clients();
  const input = { UserName: 'bob', PolicyArn: memory.policyArn };
  await iam.send(new AttachUserPolicyCommand(input));
  input.UserName = 'mallory';
  assert.is(memory.calls[0]?.input.UserName, 'bob');
});

wiring('connect wires a client built elsewhere; connecting another account replaces the first', async () => {
  const first = account();
  const second = new MemoryAccount();
  const client = first.connect(new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));
  assert.is((await client.send(new ListUsersCommand({}))).Users?.length, 2);
  second.connect(client);
  assert.is((await client.send(new ListUsersCommand({}))).Users?.length, 0);
  assert.is(first.count(), 1);
  assert.is(second.count(), 1);
});

wiring('an operation the model does not know fails loudly, naming it', async () => {
  const memory = account();
  const { config } = memory.clients();
  const { DescribeConfigRulesCommand } = await import('@aws-sdk/client-config-service');
  const error = await rejectsAsync(config.send(new DescribeConfigRulesCommand({})), Error);
  assert.match(error.message, 'does not model config:DescribeConfigRules');
});

wiring('model writes made by the test helpers are not calls', () => {
  const memory = account();
  memory.detachPolicy('alice', memory.policyArn);
  memory.setParameter('/p', 'v');
  assert.is(memory.count(), 0);
});

// ---------------------------------------------------------------------------------------------
const retries = suite('MemoryAccount: faults and the SDK retry strategy');

retries('throttling is retried by the SDK, then the call succeeds', async () => {
  const memory = account();
  memory.fail('AttachUserPolicy', () => throttling('iam'), { times: 2 });
  const { iam } = memory.clients();
  const out = await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: memory.policyArn }));
  assert.is(out.$metadata.attempts, 3);
  assert.equal(memory.calls.map((c) => c.error), ['Throttling', 'Throttling', undefined]);
  assert.ok(memory.user('bob').policies.includes(memory.policyArn));
});

retries('throttling that does not stop fails the call after maxAttempts, with the cause', async () => {
  const memory = account();
  memory.fail('iam:*', () => throttling('iam'));
  const { iam } = memory.clients({ maxAttempts: 3 });
  const error = await rejectsAsync(iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: memory.policyArn })), IAMServiceException);
  assert.is(error.name, 'Throttling');
  assert.is(error.$metadata.attempts, 3);
  assert.is(memory.count('iam', 'AttachUserPolicy'), 3);
  assert.equal(memory.user('bob').policies, []);
});

retries('5xx errors are retried as transient for every service', async () => {
  const memory = account();
  memory.fail('GetUser', unavailable('iam'), { times: 1 });
  memory.fail('PutEvaluations', () => unavailable('config'), { times: 1 });
  memory.fail('GetParameter', () => unavailable('ssm'), { times: 1 });
  memory.setParameter('/p', 'v');
  const { iam, config, ssm } = memory.clients();
  await iam.send(new GetUserCommand({ UserName: 'bob' }));
  await config.send(new PutEvaluationsCommand({ ResultToken: 't', Evaluations: [] }));
  await ssm.send(new GetParameterCommand({ Name: '/p' }));
  assert.equal(memory.calls.map((c) => `${c.command}:${c.error ?? 'ok'}`), [
    'GetUser:ServiceUnavailable', 'GetUser:ok',
    'PutEvaluations:ServiceUnavailable', 'PutEvaluations:ok',
    'GetParameter:InternalServerError', 'GetParameter:ok',
  ]);
});

retries('NoSuchEntity is not retried: one call, the typed error', async () => {
  const memory = account();
  const { iam } = memory.clients();
  await rejectsAsync(iam.send(new GetUserCommand({ UserName: 'nobody' })), NoSuchEntityException);
  assert.is(memory.count(), 1);
});

retries('a user not yet visible: NoSuchEntity once, then the attach works', async () => {
  const memory = account();
  memory.fail('AttachUserPolicy', (input) => (input.UserName === 'bob' ? noSuchUser('bob') : undefined), { times: 1 });
  const { iam } = memory.clients();
  const send = () => iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: memory.policyArn }));
  await rejectsAsync(send(), NoSuchEntityException);
  await send();
  assert.equal(memory.calls.map((c) => c.error), ['NoSuchEntityException', undefined]);
});

retries('a plain SDK strategy retries IAM LimitExceeded as throttling (its name is on the SDK list), so it costs maxAttempts calls', async () => {
  const memory = account();
  memory.policiesPerUser = 0;
  const { iam } = memory.clients({ maxAttempts: 3 });
  await rejectsAsync(iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: memory.policyArn })), LimitExceededException);
  assert.is(memory.count('iam', 'AttachUserPolicy'), 3);
});

retries('the default clients are the functions\' own: LimitExceeded costs one attempt, throttling up to 5', async () => {
  const memory = account();
  memory.policiesPerUser = 0;
  const { iam } = memory.clients();
  await rejectsAsync(iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: memory.policyArn })), LimitExceededException);
  assert.is(memory.count('iam', 'AttachUserPolicy'), 1);
  memory.fail('GetUser', () => throttling('iam'));
  const error = await rejectsAsync(iam.send(new GetUserCommand({ UserName: 'bob' })), IAMServiceException);
  assert.is(error.$metadata.attempts, 5);
  assert.is(memory.count('iam', 'GetUser'), 5);
});

retries('a fault maker returning undefined lets the call through, and does not use up its times', async () => {
  const memory = account();
  memory.fail('GetUser', (input) => (input.UserName === 'bob' ? noSuchUser('bob') : undefined), { times: 1 });
  const { iam } = memory.clients();
  await iam.send(new GetUserCommand({ UserName: 'alice' }));
  await rejectsAsync(iam.send(new GetUserCommand({ UserName: 'bob' })), NoSuchEntityException);
  await iam.send(new GetUserCommand({ UserName: 'bob' }));
});

retries('a fault aimed at one service leaves the others alone', async () => {
  const memory = account();
  memory.setParameter('/p', 'v');
  memory.fail('iam:*', () => throttling('iam'));
  const { ssm } = memory.clients();
  await ssm.send(new GetParameterCommand({ Name: '/p' }));
  assert.is(memory.count('ssm'), 1);
});

retries('clearFaults removes every injected fault', async () => {
  const memory = account();
  memory.fail('*', () => throttling('iam'));
  memory.clearFaults();
  const { iam } = memory.clients();
  await iam.send(new GetUserCommand({ UserName: 'bob' }));
  assert.is(memory.count(), 1);
});

retries('latencyMs delays every attempt', async () => {
  const memory = account();
  memory.latencyMs = 15;
  const { iam } = memory.clients();
  const start = performance.now();
  await iam.send(new GetUserCommand({ UserName: 'bob' }));
  assert.ok(performance.now() - start >= 14);
});

wiring.run();
retries.run();
