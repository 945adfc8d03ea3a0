/**
 * A hung connection: the endpoint accepts the TCP connection and never answers. Every client gives
 * each attempt a request timeout, so a call fails with a retryable TimeoutError after its attempts
 * instead of waiting for as long as the Lambda runs.
 */
import { GetUserCommand } from '@aws-sdk/client-iam';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as aws from '../../src/aws/clients.ts';
import { configClient } from '../../src/aws/config-client.ts';
import { deployClients } from '../../src/aws/deploy-clients.ts';

/** A TCP server that accepts every connection and never writes a byte; counts connections. */
async function silentServer(): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => sockets.length,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function withEndpoint<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: url, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' });
  delete process.env.AWS_PROFILE;
  try {
    return await fn();
  } finally {
    process.env = saved;
  }
}

async function failure(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  return assert.unreachable('the call to a silent endpoint resolved') as never;
}

const hung = suite('faults: a connection that is accepted and never answered');

hung('each client gives up on every attempt after its request timeout, retries, then fails with TimeoutError', async () => {
  const server = await silentServer();
  try {
    await withEndpoint(server.url, async () => {
      const timeouts = { connectionTimeout: 100, requestTimeout: 150 };
      const clients = { iam: aws.iamClient({ timeouts }), config: configClient({ timeouts }), ssm: aws.ssmClient({ timeouts }) };
      for (const [name, call] of [
        ['iam', () => clients.iam.send(new GetUserCommand({ UserName: 'alice' }))],
        ['config', () => clients.config.send(new DescribeConfigRulesCommand({}))],
        ['ssm', () => clients.ssm.send(new GetParameterCommand({ Name: '/mfa-guard/whitelist' }))],
      ] as const) {
        const before = server.connections();
        const error = await failure(call());
        assert.is(error.name, 'TimeoutError', `${name}: ${error.name}: ${error.message}`);
        // Every attempt timed out and was retried on a new connection: the timeout is per attempt.
        assert.is(server.connections() - before, aws.OPTIONS.maxAttempts, name);
      }
    });
  } finally {
    await server.close();
  }
});

hung('the production clients and the deploy clients carry the timeouts, thrown rather than logged', async () => {
  const server = await silentServer();
  try {
    await withEndpoint(server.url, async () => {
      const [iam, config, ssm] = [aws.iamClient(), configClient(), aws.ssmClient()];
      const deploy = deployClients('eu-west-1');
      const calls: [string, { send(command: never): Promise<unknown> }, unknown][] = [
        ['iam', iam, new GetUserCommand({ UserName: 'alice' })],
        ['config', config, new DescribeConfigRulesCommand({})],
        ['ssm', ssm, new GetParameterCommand({ Name: '/mfa-guard/whitelist' })],
        ['deploy cfn', deploy.cfn, new DescribeStacksCommand({})],
        ['deploy sts', deploy.sts, new GetCallerIdentityCommand({})],
        ['deploy iam', deploy.iam, new GetUserCommand({ UserName: 'alice' })],
      ];
      for (const [name, client, command] of calls) {
        // The handler resolves its configuration on its first request; that request is then cut short.
        const sent = client.send(command as never).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const handler = (client as unknown as { config: { requestHandler: { httpHandlerConfigs(): Record<string, unknown>; destroy(): void } } }).config.requestHandler;
        const configured = handler.httpHandlerConfigs();
        assert.equal([configured.connectionTimeout, configured.requestTimeout, configured.throwOnRequestTimeout], [aws.TIMEOUTS.connectionTimeout, aws.TIMEOUTS.requestTimeout, true], name);
        (client as unknown as { destroy(): void }).destroy();
        void sent;
      }
    });
  } finally {
    await server.close();
  }
  assert.ok(aws.TIMEOUTS.requestTimeout * aws.OPTIONS.maxAttempts < 120_000 / 2, 'all attempts together stay well under remediate’s 120 s Timeout');
});

hung.run();
