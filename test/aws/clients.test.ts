import { DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import { GetUserCommand } from '@aws-sdk/client-iam';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as aws from '../../src/aws/clients.ts';
import { configClient } from '../../src/aws/config-client.ts';
import { attachPolicy } from '../../src/aws/iam.ts';
import { MemoryAccount } from '../../sim/account.ts';
import { iam as iamErrors, unavailable } from '../../sim/account-errors.ts';

const ENV_KEYS = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_IAM', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];

/** Runs `fn` with exactly these AWS variables set (and dummy keys, so signing needs no provider chain), then restores the environment. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = ENV_KEYS.map((k) => [k, process.env[k]] as const);
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

interface Sendable {
  send(command: never): Promise<unknown>;
  middlewareStack: { add(middleware: unknown, options: { step: 'build'; priority: 'low' }): void };
}

/** The URL a client would call, captured once the request is built and before anything leaves the process. */
async function target(client: Sendable, command: unknown): Promise<string> {
  const stop = new Error('request captured');
  let url = '';
  client.middlewareStack.add(
    () => async (args: { request: { protocol: string; hostname: string; port?: number; path: string } }) => {
      const { protocol, hostname, port, path } = args.request;
      url = `${protocol}//${hostname}${port ? `:${port}` : ''}${path}`;
      throw stop;
    },
    { step: 'build', priority: 'low' },
  );
  try {
    await client.send(command as never);
  } catch (error) {
    if (error !== stop) throw error;
  }
  return url;
}

const clients = suite('aws.clients');
const create = () => ({ iam: aws.iamClient(), config: configClient(), ssm: aws.ssmClient() });

clients('every client retries adaptively, at most 5 attempts', async () => {
  const built = create();
  for (const client of [built.iam, built.config, built.ssm]) {
    assert.is(client.config.retryMode, 'adaptive');
    assert.is(await client.config.maxAttempts(), 5);
  }
});

clients('IAM reaches its global endpoint from any region; Config and SSM stay regional', async () => {
  await withEnv({ AWS_REGION: 'eu-west-1' }, async () => {
    const built = create();
    assert.is(await target(built.iam, new GetUserCommand({})), 'https://iam.amazonaws.com/');
    assert.is(await target(built.config, new DescribeConfigRulesCommand({})), 'https://config.eu-west-1.amazonaws.com/');
    assert.is(await target(built.ssm, new GetParameterCommand({ Name: 'x' })), 'https://ssm.eu-west-1.amazonaws.com/');
  });
  await withEnv({ AWS_REGION: 'cn-northwest-1' }, async () => {
    assert.is(await target(create().iam, new GetUserCommand({})), 'https://iam.cn-north-1.amazonaws.com.cn/');
  });
});

clients('AWS_ENDPOINT_URL points every client at a local endpoint', async () => {
  await withEnv({ AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }, async () => {
    const built = create();
    assert.is(await target(built.iam, new GetUserCommand({})), 'http://127.0.0.1:4566/');
    assert.is(await target(built.ssm, new GetParameterCommand({ Name: 'x' })), 'http://127.0.0.1:4566/');
  });
});

clients('a quota error (LimitExceeded) is final: one attempt, reported as the user\'s failure', async () => {
  await withEnv({ AWS_REGION: 'eu-west-1' }, async () => {
    const account = new MemoryAccount();
    account.createPolicy({ name: 'DenyActionWithoutMFA' });
    account.addUser({ name: 'dave' });
    const iam = account.connect(create().iam);
    account.fail('AttachUserPolicy', iamErrors.limitExceeded('Cannot exceed quota for PoliciesPerUser: 10'));
    const outcome = await attachPolicy(iam, 'dave', account.policyArn);
    assert.equal(outcome, { kind: 'limit-exceeded', message: 'Cannot exceed quota for PoliciesPerUser: 10' });
    assert.is(account.count('iam', 'AttachUserPolicy'), 1);
  });
});

clients('other errors are still retried by the production strategy', async () => {
  await withEnv({ AWS_REGION: 'eu-west-1' }, async () => {
    const account = new MemoryAccount();
    account.createPolicy({ name: 'DenyActionWithoutMFA' });
    account.addUser({ name: 'dave' });
    const iam = account.connect(create().iam);
    account.fail('AttachUserPolicy', unavailable('iam'), { times: 1 });
    assert.equal(await attachPolicy(iam, 'dave', account.policyArn), { kind: 'attached' });
    assert.is(account.count('iam', 'AttachUserPolicy'), 2);
  });
});

clients.run();
