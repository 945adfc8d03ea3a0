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
import type { RetryErrorInfo, RetryStrategy, RetryStrategyV2, RetryToken } from '@smithy/types';

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
    iam: finalOn(new IAMClient({ ...OPTIONS }), QUOTA_ERRORS),
    config: new ConfigServiceClient({ ...OPTIONS }),
    ssm: new SSMClient({ ...OPTIONS }),
  };
}

/**
 * IAM errors the SDK classifies as throttling but that no retry can fix: `LimitExceeded` is a quota
 * (10 managed policies per user, 5 policy versions). Retrying would cost every attempt and slow the
 * adaptive client for all the users after it.
 */
export const QUOTA_ERRORS: readonly string[] = ['LimitExceededException'];

/** Makes `client` give up at once on the errors named in `final`, and retry everything else as configured. */
export function finalOn<C extends IAMClient>(client: C, final: readonly string[]): C {
  const configured = client.config.retryStrategy;
  let wrapped: Promise<RetryStrategy | RetryStrategyV2> | undefined;
  client.config.retryStrategy = () => (wrapped ??= configured().then((strategy) => (isV2(strategy) ? giveUpOn(strategy, final) : strategy)));
  return client;
}

function giveUpOn(strategy: RetryStrategyV2, final: readonly string[]): RetryStrategyV2 {
  return {
    acquireInitialRetryToken: (scope: string) => strategy.acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry: (token: RetryToken, info: RetryErrorInfo) =>
      // A rejection here ends the retry loop: the SDK throws the call's own error.
      info.error && final.includes(info.error.name) ? Promise.reject(info.error) : strategy.refreshRetryTokenForRetry(token, info),
    recordSuccess: (token: RetryToken) => strategy.recordSuccess(token),
  };
}

function isV2(strategy: RetryStrategy | RetryStrategyV2): strategy is RetryStrategyV2 {
  return 'refreshRetryTokenForRetry' in strategy;
}

let built: Clients | undefined;

/** The container's clients, built on first use. */
export function clients(): Clients {
  built ??= create();
  return built;
}
