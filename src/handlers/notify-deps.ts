/** What the notify function depends on, and its Lambda container's: SNS and SQS clients only. */
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { OPTIONS } from '../aws/clients.ts';
import * as snsApi from '../aws/sns.ts';
import type * as sqsApi from '../aws/sqs.ts';
import { notifySettings, type NotifySettings } from './environment.ts';
import { jsonLogger, type NotifyLog } from './log.ts';

/** What notify depends on; tests build their own. */
export interface NotifyDeps {
  readonly publisher: snsApi.Publisher;
  readonly sqs: sqsApi.Sqs;
  readonly settings: NotifySettings;
  readonly now: () => Date;
  readonly log: (entry: NotifyLog) => void;
}

let built: NotifyDeps | undefined;

/** The container's dependencies, from the environment on first use and kept (a failure is not kept). */
export function notifyLambdaDeps(): NotifyDeps {
  if (built) return built;
  const settings = notifySettings();
  built = { publisher: snsApi.publisher(new SNSClient({ ...OPTIONS }), settings.topicArn, 'notify'), sqs: new SQSClient({ ...OPTIONS }), settings, now: () => new Date(), log: jsonLogger };
  return built;
}
