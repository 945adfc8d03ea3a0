import {
  BatchGetResourceConfigCommand,
  ConfigServiceClient,
  InvalidResultTokenException,
  PutEvaluationsCommand,
  type BatchGetResourceConfigCommandOutput,
  type PutEvaluationsCommandOutput,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as config from '../../src/aws/config.ts';
import { EvaluationsFailedError, ResponseError, UnprocessedResourcesError } from '../../src/aws/errors.ts';
import * as evaluations from '../../src/core/evaluations.ts';
import { rejectsAsync } from '../support/assert.ts';
import { recorded } from '../support/recorded.ts';
import { sent } from '../support/sent.ts';

const TOKEN = 'eyJlbmNyeXB0ZWREYXRhIjpbLTY5LC0xMDgsNjFdfQ==';
const AT = new Date('2026-11-28T21:03:55.120Z');
const BOB = 'AIDAIOSFODNN7EXAMPLE';
const ALICE = 'AIDAJQABLZS4A3QDU576Q';

function setup() {
  const client = new ConfigServiceClient({ region: 'us-east-1' });
  return { client, mock: mockClient(client) };
}

const evaluation = (userId: string) => evaluations.forState(userId, { kind: 'violating', reason: 'DenyActionWithoutMFA is not attached' }, AT);
const many = (n: number) => Array.from({ length: n }, (_, i) => evaluation(`AIDA${String(i).padStart(16, '0')}`));
const failedBob = () => recorded<PutEvaluationsCommandOutput>('config/put-evaluations-failed.json');
const noSleep = async () => {};

// ---------------------------------------------------------------------------------------------
const put = suite('config.putEvaluations');

put('250 evaluations go in 3 calls of 100, 100 and 50, each with the result token', async () => {
  const { client, mock } = setup();
  mock.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  const all = many(250);
  await config.putEvaluations(client, TOKEN, all);
  assert.equal(sent(mock), [
    { command: 'PutEvaluationsCommand', input: { ResultToken: TOKEN, Evaluations: all.slice(0, 100) } },
    { command: 'PutEvaluationsCommand', input: { ResultToken: TOKEN, Evaluations: all.slice(100, 200) } },
    { command: 'PutEvaluationsCommand', input: { ResultToken: TOKEN, Evaluations: all.slice(200) } },
  ]);
});

put('no evaluations, no call', async () => {
  const { client, mock } = setup();
  await config.putEvaluations(client, TOKEN, []);
  assert.equal(sent(mock), []);
});

put('failed evaluations are sent again, alone, and then succeed', async () => {
  const { client, mock } = setup();
  mock.on(PutEvaluationsCommand).resolvesOnce(failedBob()).resolves({ FailedEvaluations: [] });
  const both = [evaluation(ALICE), evaluation(BOB)];
  await config.putEvaluations(client, TOKEN, both);
  assert.equal(sent(mock), [
    { command: 'PutEvaluationsCommand', input: { ResultToken: TOKEN, Evaluations: both } },
    { command: 'PutEvaluationsCommand', input: { ResultToken: TOKEN, Evaluations: [both[1]] } },
  ]);
});

put('evaluations still failing after the retries throw, naming the users, after every batch was tried', async () => {
  const { client, mock } = setup();
  const rejectBob = (input: { Evaluations?: { ComplianceResourceId?: string }[] }) => ({
    FailedEvaluations: (input.Evaluations ?? []).filter((e) => e.ComplianceResourceId === BOB),
  });
  mock.on(PutEvaluationsCommand).callsFake(rejectBob);
  const all = [...many(100), evaluation(BOB)];
  const error = await rejectsAsync(config.putEvaluations(client, TOKEN, all, { retries: 2 }), EvaluationsFailedError);
  assert.equal(error.resourceIds, [BOB]);
  assert.is(error.message, `PutEvaluations: 1 of 101 evaluations failed: ${BOB}`);
  assert.equal(
    mock.commandCalls(PutEvaluationsCommand).map((c) => c.args[0].input.Evaluations?.length),
    [100, 1, 1, 1],
  );
});

put('a failure Config reports for a resource not in the batch still fails the call', async () => {
  const { client, mock } = setup();
  mock.on(PutEvaluationsCommand).resolves(failedBob());
  await rejectsAsync(config.putEvaluations(client, TOKEN, [evaluation(ALICE)]), EvaluationsFailedError);
  assert.is(mock.commandCalls(PutEvaluationsCommand).length, 1);
});

put('testMode sets TestMode', async () => {
  const { client, mock } = setup();
  mock.on(PutEvaluationsCommand).resolves({});
  await config.putEvaluations(client, 'TESTMODE', [evaluation(BOB)], { testMode: true });
  assert.equal(mock.commandCalls(PutEvaluationsCommand)[0]?.args[0].input, { ResultToken: 'TESTMODE', Evaluations: [evaluation(BOB)], TestMode: true });
});

put('an invalid result token propagates', async () => {
  const { client, mock } = setup();
  mock.on(PutEvaluationsCommand).rejects(new InvalidResultTokenException({ message: 'The resultToken is invalid.', $metadata: {} }));
  await rejectsAsync(config.putEvaluations(client, TOKEN, [evaluation(BOB)]), InvalidResultTokenException);
});

put.run();

// ---------------------------------------------------------------------------------------------
const names = suite('config.userNames');

names('maps user IDs to names with BatchGetResourceConfig', async () => {
  const { client, mock } = setup();
  mock.on(BatchGetResourceConfigCommand).resolves(recorded<BatchGetResourceConfigCommandOutput>('config/batch-get-resource-config.json'));
  assert.equal(
    await config.userNames(client, [ALICE, BOB]),
    new Map([
      [ALICE, 'alice'],
      [BOB, 'bob'],
    ]),
  );
  assert.equal(sent(mock), [
    {
      command: 'BatchGetResourceConfigCommand',
      input: {
        resourceKeys: [
          { resourceType: 'AWS::IAM::User', resourceId: ALICE },
          { resourceType: 'AWS::IAM::User', resourceId: BOB },
        ],
      },
    },
  ]);
});

names('asks for at most 100 keys a call, each ID once', async () => {
  const { client, mock } = setup();
  mock.on(BatchGetResourceConfigCommand).resolves({ baseConfigurationItems: [], unprocessedResourceKeys: [] });
  const ids = Array.from({ length: 150 }, (_, i) => `AIDA${String(i).padStart(16, '0')}`);
  const result = await config.userNames(client, [...ids, ...ids.slice(0, 10)]);
  assert.equal(result, new Map());
  assert.equal(
    mock.commandCalls(BatchGetResourceConfigCommand).map((c) => c.args[0].input.resourceKeys?.length),
    [100, 50],
  );
});

names('unprocessed keys are asked again, after a pause', async () => {
  const { client, mock } = setup();
  mock
    .on(BatchGetResourceConfigCommand)
    .resolvesOnce(recorded<BatchGetResourceConfigCommandOutput>('config/batch-get-resource-config-unprocessed.json'))
    .resolves({ baseConfigurationItems: recorded<BatchGetResourceConfigCommandOutput>('config/batch-get-resource-config.json').baseConfigurationItems?.slice(1) });
  const slept: number[] = [];
  const result = await config.userNames(client, [ALICE, BOB], { sleep: async (ms) => void slept.push(ms) });
  assert.equal([...result], [
    [ALICE, 'alice'],
    [BOB, 'bob'],
  ]);
  assert.equal(slept, [100]);
  assert.equal(mock.commandCalls(BatchGetResourceConfigCommand)[1]?.args[0].input, { resourceKeys: [{ resourceType: 'AWS::IAM::User', resourceId: BOB }] });
});

names('keys still unprocessed after the last attempt are an error, never a shorter map', async () => {
  const { client, mock } = setup();
  mock.on(BatchGetResourceConfigCommand).resolves(recorded<BatchGetResourceConfigCommandOutput>('config/batch-get-resource-config-unprocessed.json'));
  const error = await rejectsAsync(config.userNames(client, [ALICE, BOB], { attempts: 2, sleep: noSleep }), UnprocessedResourcesError);
  assert.equal(error.resourceIds, [BOB]);
  assert.is(mock.commandCalls(BatchGetResourceConfigCommand).length, 2);
});

names('a deleted user (not returned by Config) is absent from the map', async () => {
  const { client, mock } = setup();
  mock.on(BatchGetResourceConfigCommand).resolves({ baseConfigurationItems: [], unprocessedResourceKeys: [] });
  assert.is((await config.userNames(client, [BOB])).has(BOB), false);
});

names.run();

// ---------------------------------------------------------------------------------------------
const one = suite('config.userName');

one('gives the name Config recorded for one user ID, in one call', async () => {
  const { client, mock } = setup();
  mock.on(BatchGetResourceConfigCommand).resolves(recorded<BatchGetResourceConfigCommandOutput>('config/batch-get-resource-config.json'));
  assert.is(await config.userName(client, ALICE), 'alice');
  assert.equal(sent(mock), [{ command: 'BatchGetResourceConfigCommand', input: { resourceKeys: [{ resourceType: 'AWS::IAM::User', resourceId: ALICE }] } }]);
});

one('a user Config does not return, or returns as deleted, is undefined', async () => {
  const { client, mock } = setup();
  const recordedItem = recorded<BatchGetResourceConfigCommandOutput>('config/batch-get-resource-config.json').baseConfigurationItems?.[1];
  mock
    .on(BatchGetResourceConfigCommand)
    .resolvesOnce({ baseConfigurationItems: [] })
    .resolvesOnce({ baseConfigurationItems: [{ ...recordedItem, configurationItemStatus: 'ResourceDeleted' }] })
    .resolvesOnce({ baseConfigurationItems: [{ ...recordedItem, configurationItemStatus: 'ResourceDeletedNotRecorded', configuration: 'null' }] });
  assert.is(await config.userName(client, BOB), undefined);
  assert.is(await config.userName(client, BOB), undefined);
  assert.is(await config.userName(client, BOB), undefined);
});

one('an item whose configuration is not recorded (ResourceNotRecorded, configuration null) still names its user', async () => {
  const { client, mock } = setup();
  const recordedItem = recorded<BatchGetResourceConfigCommandOutput>('config/batch-get-resource-config.json').baseConfigurationItems?.[1];
  mock.on(BatchGetResourceConfigCommand).resolvesOnce({ baseConfigurationItems: [{ ...recordedItem, configuration: undefined, configurationItemStatus: 'ResourceNotRecorded' }] });
  assert.is(await config.userName(client, BOB), 'bob');
});

one('an item without its resource name is a ResponseError, not a user without a name', async () => {
  const { client, mock } = setup();
  const recordedItem = recorded<BatchGetResourceConfigCommandOutput>('config/batch-get-resource-config.json').baseConfigurationItems?.[1];
  mock.on(BatchGetResourceConfigCommand).resolves({ baseConfigurationItems: [{ ...recordedItem, resourceName: undefined }] });
  assert.is((await rejectsAsync(config.userName(client, BOB), ResponseError)).field, 'baseConfigurationItems[0].resourceName');
});

one.run();
