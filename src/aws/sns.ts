/**
 * SNS adapter: publishes alerts to the topic. A publish that fails never fails the caller, since a
 * repair already made must not be retried or undone for want of an e-mail: the failure is logged
 * as one JSON line that is also a CloudWatch embedded-metric record (`mfa-guard/AlertsNotPublished`,
 * counted without any PutMetricData permission) and counted on the publisher.
 *
 * @example
 * ```ts
 * const alerts = sns.publisher(client, topicArn, 'notify');
 * await alerts.publish({ subject, body });
 * ```
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Message } from '../core/alerts.ts';
import { errorMessage, errorName } from './errors.ts';

/** The client, narrowed to what the adapter uses. */
export type Sns = Pick<SNSClient, 'send'>;

/** What came of one publish. */
export type PublishResult = { readonly published: true; readonly messageId: string } | { readonly published: false; readonly error: string };

/** Publishes alerts; `failed` counts the publishes that did not go through since it was built. */
export interface Publisher {
  publish(message: Message): Promise<PublishResult>;
  readonly failed: number;
}

/** The metric namespace and name of alerts not published. */
export const METRIC = { namespace: 'mfa-guard', name: 'AlertsNotPublished' } as const;

/** A publisher to `topicArn` for the function `source`; `write` receives the log line (stdout in Lambda). */
export function publisher(sns: Sns, topicArn: string, source: string, write: (line: string) => void = (line) => console.log(line), now: () => Date = () => new Date()): Publisher {
  let failed = 0;
  return {
    get failed() {
      return failed;
    },
    async publish(message) {
      try {
        const out = await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: message.subject, Message: message.body }));
        return { published: true, messageId: out.MessageId ?? '' };
      } catch (error) {
        failed++;
        const text = `${errorName(error) ?? 'Error'}: ${errorMessage(error)}`;
        write(JSON.stringify(notPublished(source, message.subject, text, now())));
        return { published: false, error: text };
      }
    },
  };
}

/** The log line of an alert not published: readable, and an embedded-metric record counting it. */
export function notPublished(source: string, subject: string, error: string, at: Date) {
  return {
    level: 'error',
    function: source,
    decision: 'alert',
    result: 'not published',
    reason: error,
    subject,
    _aws: { Timestamp: at.getTime(), CloudWatchMetrics: [{ Namespace: METRIC.namespace, Dimensions: [['function']], Metrics: [{ Name: METRIC.name, Unit: 'Count' }] }] },
    [METRIC.name]: 1,
  };
}
