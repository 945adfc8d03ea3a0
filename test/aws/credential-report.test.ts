import { readFileSync } from 'node:fs';
import {
  CredentialReportExpiredException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  LimitExceededException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as credentialReport from '../../src/aws/credential-report.ts';
import { CredentialReportTimeoutError } from '../../src/aws/credential-report.ts';
import { ResponseError } from '../../src/aws/errors.ts';
import { CredentialReportError } from '../../src/core/credential-report.ts';
import { rejectsAsync } from '../support/assert.ts';
import { sent } from '../support/sent.ts';

const CSV = readFileSync('fixtures/iam/credential-report.csv');
const GENERATED = new Date('2025-06-20T11:48:00Z');
const $metadata = {};
const report = { Content: new Uint8Array(CSV), ReportFormat: 'text/csv' as const, GeneratedTime: GENERATED, $metadata };

function setup() {
  const client = new IAMClient({ region: 'us-east-1' });
  const slept: number[] = [];
  const progress: string[] = [];
  const options = { delayMs: 1000, maxWaitMs: 5000, sleep: async (ms: number) => void slept.push(ms), progress: (m: string) => void progress.push(m) };
  return { client, mock: mockClient(client), slept, progress, options };
}

const generate = (State: 'STARTED' | 'INPROGRESS' | 'COMPLETE') => ({ State, Description: State === 'STARTED' ? 'No report exists. Starting a new report generation task' : '', $metadata });

const fetch = suite('credentialReport.fetch');

fetch('polls GenerateCredentialReport STARTED → INPROGRESS → COMPLETE, then gets and parses the report', async () => {
  const { client, mock, slept, progress, options } = setup();
  mock.on(GenerateCredentialReportCommand).resolvesOnce(generate('STARTED')).resolvesOnce(generate('INPROGRESS')).resolvesOnce(generate('COMPLETE'));
  mock.on(GetCredentialReportCommand).resolves(report);
  const result = await credentialReport.fetch(client, options);
  assert.equal(result.rows.map((r) => r.user), ['<root_account>', 'alice', 'bob', 'carol', 'ci-deployer']);
  assert.equal(result.generatedAt, GENERATED);
  assert.equal(sent(mock), [
    { command: 'GenerateCredentialReportCommand', input: {} },
    { command: 'GenerateCredentialReportCommand', input: {} },
    { command: 'GenerateCredentialReportCommand', input: {} },
    { command: 'GetCredentialReportCommand', input: {} },
  ]);
  assert.equal(slept, [1000, 1000]);
  assert.equal(progress, ['credential report STARTED, waited 0 s', 'credential report INPROGRESS, waited 1 s']);
});

fetch('a report IAM already holds (COMPLETE at once) takes two calls and no wait', async () => {
  const { client, mock, slept, options } = setup();
  mock.on(GenerateCredentialReportCommand).resolves(generate('COMPLETE'));
  mock.on(GetCredentialReportCommand).resolves(report);
  await credentialReport.fetch(client, options);
  assert.is(mock.calls().length, 2);
  assert.equal(slept, []);
});

fetch('gives up after maxWaitMs with a CredentialReportTimeoutError naming the last state', async () => {
  const { client, mock, slept, options } = setup();
  mock.on(GenerateCredentialReportCommand).resolves(generate('INPROGRESS'));
  const error = await rejectsAsync(credentialReport.fetch(client, options), CredentialReportTimeoutError);
  assert.is(error.lastState, 'INPROGRESS');
  assert.is(error.waitedMs, 5000);
  assert.equal(slept, [1000, 1000, 1000, 1000, 1000]);
  assert.is(mock.commandCalls(GetCredentialReportCommand).length, 0);
});

fetch('a report not ready or expired when downloaded is waited for again, not misread', async () => {
  const { client, mock, options } = setup();
  mock.on(GenerateCredentialReportCommand).resolves(generate('COMPLETE'));
  mock
    .on(GetCredentialReportCommand)
    .rejectsOnce(new CredentialReportNotReadyException({ message: 'Report is in progress', $metadata }))
    .rejectsOnce(new CredentialReportExpiredException({ message: 'Report expired', $metadata }))
    .resolves(report);
  const result = await credentialReport.fetch(client, options);
  assert.is(result.rows.length, 5);
  assert.is(mock.commandCalls(GenerateCredentialReportCommand).length, 3);
  assert.is(mock.commandCalls(GetCredentialReportCommand).length, 3);
});

fetch('other errors propagate unchanged (e.g. LimitExceeded from GenerateCredentialReport)', async () => {
  const { client, mock, options } = setup();
  mock.on(GenerateCredentialReportCommand).rejects(new LimitExceededException({ message: 'Rate exceeded', $metadata }));
  await rejectsAsync(credentialReport.fetch(client, options), LimitExceededException);
});

const download = suite('credentialReport.download');

download('a response without Content or GeneratedTime is not acted on', async () => {
  const { client, mock } = setup();
  mock.on(GetCredentialReportCommand).resolvesOnce({ ...report, Content: undefined }).resolvesOnce({ ...report, GeneratedTime: undefined });
  assert.match((await rejectsAsync(credentialReport.download(client), ResponseError)).message, /Content: missing/);
  assert.match((await rejectsAsync(credentialReport.download(client), ResponseError)).message, /GeneratedTime: missing/);
});

download('a format other than text/csv is refused', async () => {
  const { client, mock } = setup();
  mock.on(GetCredentialReportCommand).resolves({ ...report, ReportFormat: 'application/json' as 'text/csv' });
  assert.match((await rejectsAsync(credentialReport.download(client), ResponseError)).message, /expected text\/csv, found application\/json/);
});

download('a malformed CSV fails with the line at fault', async () => {
  const { client, mock } = setup();
  const broken = `${CSV.toString('utf8').trimEnd()}\nmallory,arn:aws:iam::123456789012:user/mallory\n`;
  mock.on(GetCredentialReportCommand).resolves({ ...report, Content: new TextEncoder().encode(broken) });
  const error = await rejectsAsync(credentialReport.download(client), CredentialReportError);
  assert.is(error.line, 7);
});

fetch.run();
download.run();
