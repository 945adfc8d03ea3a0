import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type * as snsApi from '../../src/aws/sns.ts';
import type { Message } from '../../src/core/alerts.ts';
import { EventError } from '../../src/core/errors.ts';
import type { NotifyLog } from '../../src/handlers/log.ts';
import { notify } from '../../src/handlers/notify.ts';
import type { NotifyDeps } from '../../src/handlers/notify-deps.ts';
import { rejectsAsync } from '../support/assert.ts';
import { load, text } from '../../sim/fixtures.ts';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/mfa-guard-DeadLetterQueue-Xb12';

function setup(options: { publishFails?: boolean } = {}) {
  const published: Message[] = [];
  const logs: NotifyLog[] = [];
  const publisher: snsApi.Publisher = {
    failed: 0,
    publish: async (message) => {
      published.push(message);
      return options.publishFails ? { published: false, error: 'AuthorizationErrorException: denied' } : { published: true, messageId: `m-${published.length}` };
    },
  };
  const sqs = new SQSClient({ region: 'eu-west-1' });
  const stub = mockClient(sqs);
  const deps: NotifyDeps = {
    publisher,
    sqs,
    settings: { topicArn: 'arn:aws:sns:eu-west-1:123456789012:t', stack: 'mfa-guard', policyArn: 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA', notifyNewUsers: true, whitelistParameter: '/mfa-guard/whitelist', configRuleName: 'mfa-guard-users', deadLetterQueueUrl: QUEUE },
    now: () => new Date('2026-11-30T09:10:03Z'),
    log: (entry) => logs.push(entry),
  };
  return { deps, published, logs, stub };
}

const handling = suite('notify');

handling('a trail stopped: one alert published, one log line', async () => {
  const { deps, published, logs } = setup();
  const outcomes = await notify(load('guard', 'stop-logging.json'), deps);
  assert.equal(outcomes, [{ subject: 'mfa-guard: CloudTrail logging stopped: management-events by christophe', result: 'published' }]);
  assert.is(published.length, 1);
  assert.equal(logs.map((l) => [l.function, l.decision, l.result]), [['notify', 'alert', 'published']]);
});

handling('an event about something not ours publishes nothing and says why', async () => {
  const { deps, published, logs } = setup();
  assert.equal(await notify(load('guard', 'delete-rule-other-rule.json'), deps), [{ ignored: 'DeleteRule of DailyLambdaFunction, not one of ours' }]);
  assert.is(published.length, 0);
  assert.is(logs[0]?.decision, 'ignore');
});

handling('the dead-letter alarm brings one failure alert per waiting message, read without consuming it', async () => {
  const { deps, published, stub } = setup();
  stub.on(ReceiveMessageCommand).resolves({ Messages: [{ Body: text('dead-letters/lambda-failure-record.json') }] });
  await notify(load('alarms', 'dead-letters-alarm.json'), deps);
  assert.equal(published.map((m) => m.subject), ['mfa-guard: alarm mfa-guard_dead-letters is ALARM', 'mfa-guard: FAILED invocation on DetachUserPolicy: dead-lettered']);
  assert.is(stub.commandCalls(ReceiveMessageCommand)[0]?.args[0].input.VisibilityTimeout, 0);
});

handling('the queue is not read on recovery, nor for the forwarder alarm', async () => {
  const { deps, published, stub } = setup();
  await notify(load('alarms', 'dead-letters-ok.json'), deps);
  await notify(load('alarms', 'forward-failures-alarm.json'), deps);
  assert.is(stub.calls().length, 0);
  assert.is(published.length, 2);
});

handling('a queue that cannot be read still lets the alarm through', async () => {
  const { deps, published, stub, logs } = setup();
  stub.on(ReceiveMessageCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
  await notify(load('alarms', 'dead-letters-alarm.json'), deps);
  assert.equal(published.map((m) => m.subject), ['mfa-guard: alarm mfa-guard_dead-letters is ALARM']);
  assert.ok(logs.some((l) => l.decision === 'peek' && l.result === 'failed' && l.reason === 'AccessDenied: denied'));
});

handling('a publish that fails is logged, never thrown', async () => {
  const { deps, logs } = setup({ publishFails: true });
  assert.equal(await notify(load('guard', 'disable-rule.json'), deps), [{ subject: 'mfa-guard: EventBridge rule disabled: mfa-guard_iam-calls by test@elastic.co', result: 'not published' }]);
  assert.is(logs[0]?.result, 'not published');
});

handling('a malformed event fails the invocation (EventBridge retries it)', async () => {
  const { deps } = setup();
  const error = await rejectsAsync(notify({ id: 'e-1', 'detail-type': 'AWS API Call via CloudTrail', detail: { eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' } }, deps), EventError);
  assert.is(error.message, 'event e-1: detail.requestParameters: missing');
});

handling.run();

const logs = suite('notify: the functions\' log lines');

logs('a payload that is not Base64 gzipped JSON fails the invocation, naming it', async () => {
  const { deps } = setup();
  const error = await rejectsAsync(notify({ awslogs: { data: 'bm90IGd6aXA=' } }, deps), EventError);
  assert.match(error.message, 'event awslogs: awslogs.data: not Base64 gzipped JSON');
});

logs('lines that are not decisions (START, REPORT, plain text) are skipped; nothing is published', async () => {
  const { deps, published } = setup();
  const { gzipSync } = await import('node:zlib');
  const data = { messageType: 'DATA_MESSAGE', logGroup: '/aws/lambda/mfa-guard_enforce', logEvents: [{ id: '1', timestamp: 0, message: 'START RequestId: 1 Version: $LATEST' }, { id: '2', timestamp: 0, message: '2025-01-15T12:00:00.000Z\t1\tINFO\t{"not":"a decision"}' }] };
  assert.equal(await notify({ awslogs: { data: gzipSync(Buffer.from(JSON.stringify(data))).toString('base64') } }, deps), []);
  assert.is(published.length, 0);
});

logs.run();
