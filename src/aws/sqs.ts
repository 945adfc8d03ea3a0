/**
 * SQS adapter for the dead-letter queues: how many messages wait, and a look at them that leaves
 * them in place (a zero visibility timeout), so that alerting never consumes what an operator redrives.
 *
 * @example
 * ```ts
 * const waiting = await sqs.depth(client, queueUrl);
 * const letters = await sqs.peek(client, queueUrl);
 * ```
 */
import { GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter } from '../core/alarm-events.ts';

/** The client, narrowed to what the adapter uses. */
export type Sqs = Pick<SQSClient, 'send'>;

/** `GetQueueAttributes` ApproximateNumberOfMessages: messages available to receive (the alarms' ApproximateNumberOfMessagesVisible). */
export async function depth(sqs: Sqs, queueUrl: string): Promise<number> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  const value = Number(out.Attributes?.ApproximateNumberOfMessages);
  if (!Number.isInteger(value)) throw new Error(`GetQueueAttributes of ${queueUrl} returned no ApproximateNumberOfMessages`);
  return value;
}

/** Up to 10 messages (SQS's maximum a call), received with VisibilityTimeout 0: they stay visible for the next reader. */
export async function peek(sqs: Sqs, queueUrl: string): Promise<DeadLetter[]> {
  const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0, MessageAttributeNames: ['All'] }));
  return (out.Messages ?? []).map((m) => ({
    body: m.Body ?? '',
    attributes: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).flatMap(([k, v]) => (v.StringValue === undefined ? [] : [[k, v.StringValue]]))),
  }));
}
