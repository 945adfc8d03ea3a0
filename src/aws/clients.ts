/**
 * The SDK clients, built once per Lambda container.
 *
 * Region, endpoint and credentials come from the SDK's standard configuration (`AWS_REGION`,
 * `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_IAM`, profiles): nothing is hard-coded. IAM is global and
 * the SDK's endpoint rules map any region of a partition to IAM's endpoint (`iam.amazonaws.com`,
 * signed for us-east-1; `iam.cn-north-1.amazonaws.com.cn` in China), so one region setting serves all.
 *
 * @example
 * ```ts
 * const aws = clients();
 * await iam.attachPolicy(aws.iam, 'alice', policyArn);
 * ```
 */
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { IAMClient } from '@aws-sdk/client-iam';
import { SSMClient } from '@aws-sdk/client-ssm';

/** The clients the Lambda functions use. */
export interface Clients {
  readonly iam: IAMClient;
  readonly config: ConfigServiceClient;
  readonly ssm: SSMClient;
}

/**
 * Options shared by every client: adaptive retries back off client-side when IAM throttles (a
 * sweep of thousands of users), and a bounded number of attempts keeps an invocation within its timeout.
 */
export const OPTIONS = { retryMode: 'adaptive', maxAttempts: 5 } as const;

/** New clients from the standard configuration; most callers want the memoised `clients()`. */
export function create(): Clients {
  return {
    iam: new IAMClient({ ...OPTIONS }),
    config: new ConfigServiceClient({ ...OPTIONS }),
    ssm: new SSMClient({ ...OPTIONS }),
  };
}

let built: Clients | undefined;

/** The container's clients, built on first use. */
export function clients(): Clients {
  built ??= create();
  return built;
}
