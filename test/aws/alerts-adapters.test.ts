import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as snsApi from '../../src/aws/sns.ts';
import * as sqsApi from '../../src/aws/sqs.ts';
import { sent } from '../support/sent.ts';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:mfa-guard-AlertTopic-1A2B3C';
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/mfa-guard-DeadLetterQueue-Xb12';
const message = { subject: 'mfa-guard: policy detached from alice by thien: attached', body: '{"kind":"tamper"}' };

const publishing = suite('sns.publisher');

publishing('publishes the subject and body to the topic, once', async () => {
  const client = new SNSClient({ region: 'eu-west-1' });
  const stub = mockClient(client);
  stub.on(PublishCommand).resolves({ MessageId: 'm-1' });
  const result = await snsApi.publisher(client, TOPIC, 'enforce', () => assert.unreachable('nothing to log')).publish(message);
  assert.equal(result, { published: true, messageId: 'm-1' });
  assert.equal(sent(stub), [{ command: 'PublishCommand', input: { TopicArn: TOPIC, Subject: message.subject, Message: message.body } }]);
});

publishing('a failed publish does not throw: it is logged as an embedded metric and counted', async () => {
  const client = new SNSClient({ region: 'eu-west-1', maxAttempts: 1 });
  mockClient(client).on(PublishCommand).rejects(Object.assign(new Error('User is not authorized to perform: kms:GenerateDataKey'), { name: 'KMSAccessDeniedException' }));
  const lines: string[] = [];
  const alerts = snsApi.publisher(client, TOPIC, 'enforce', (line) => lines.push(line), () => new Date('2026-11-30T09:00:00Z'));
  assert.equal(await alerts.publish(message), { published: false, error: 'KMSAccessDeniedException: User is not authorized to perform: kms:GenerateDataKey' });
  await alerts.publish(message);
  assert.is(alerts.failed, 2);
  const logged = JSON.parse(lines[0] ?? '{}');
  assert.equal(logged._aws, { Timestamp: Date.parse('2026-11-30T09:00:00Z'), CloudWatchMetrics: [{ Namespace: 'mfa-guard', Dimensions: [['function']], Metrics: [{ Name: 'AlertsNotPublished', Unit: 'Count' }] }] });
  assert.equal([logged.function, logged.AlertsNotPublished, logged.result, logged.subject], ['enforce', 1, 'not published', message.subject]);
});

const queues = suite('sqs dead letters');

queues('depth reads ApproximateNumberOfMessages', async () => {
  const client = new SQSClient({ region: 'eu-west-1' });
  const stub = mockClient(client);
  stub.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '3' } });
  assert.is(await sqsApi.depth(client, QUEUE), 3);
  assert.equal(sent(stub), [{ command: 'GetQueueAttributesCommand', input: { QueueUrl: QUEUE, AttributeNames: ['ApproximateNumberOfMessages'] } }]);
});

queues('a depth SQS does not give is an error, not zero', async () => {
  const client = new SQSClient({ region: 'eu-west-1' });
  mockClient(client).on(GetQueueAttributesCommand).resolves({ Attributes: {} });
  await sqsApi.depth(client, QUEUE).then(() => assert.unreachable('resolved'), (error: Error) => assert.match(error.message, 'no ApproximateNumberOfMessages'));
});

queues('peek leaves the messages visible (VisibilityTimeout 0) and keeps their string attributes', async () => {
  const client = new SQSClient({ region: 'eu-west-1' });
  const stub = mockClient(client);
  stub.on(ReceiveMessageCommand).resolves({ Messages: [{ Body: '{"id":"e-1"}', MessageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'SDK_CLIENT_ERROR' } } }, { Body: '{}' }] });
  assert.equal(await sqsApi.peek(client, QUEUE), [
    { body: '{"id":"e-1"}', attributes: { ERROR_CODE: 'SDK_CLIENT_ERROR' } },
    { body: '{}', attributes: {} },
  ]);
  assert.equal(sent(stub), [{ command: 'ReceiveMessageCommand', input: { QueueUrl: QUEUE, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0, MessageAttributeNames: ['All'] } }]);
});

publishing.run();
queues.run();
