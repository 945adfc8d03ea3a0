/**
 * The SDK clients, as every function builds them: one factory per client, so a function's bundle
 * loads only the client packages it uses (the enforcer never loads `client-config-service`: see
 * config-client.ts), and tests build the very same clients, wired to the simulated account.
 *
 * Region, endpoint and credentials come from the SDK's standard configuration (`AWS_REGION`,
 * `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_IAM`, profiles) unless `setup` names them: nothing is
 * hard-coded. IAM is global and the SDK's endpoint rules map any region of a partition to IAM's
 * endpoint (`iam.amazonaws.com`, signed for us-east-1; `iam.cn-north-1.amazonaws.com.cn` in China),
 * so one region setting serves all.
 *
 * @example
 * ```ts
 * const iam = clients.iamClient();
 * await iamApi.attachPolicy(iam, 'alice', policyArn);
 * ```
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsCredentialIdentity, RetryErrorInfo, RetryStrategy, RetryStrategyV2, RetryToken } from '@smithy/types';

/** Per-attempt limits of the HTTP handler, in ms. */
export interface Timeouts {
  /** To open the connection (TCP and TLS). */
  readonly connectionTimeout: number;
  /** For the whole request and response. */
  readonly requestTimeout: number;
}

/**
 * Per attempt: 3 s to connect, 10 s for the answer. Without them the SDK in use waits on a hung
 * connection for as long as the Lambda runs (measured > 400 s for one attempt). Five attempts then
 * take at most ~70 s with backoff: well within remediate's 120 s Timeout and the others' 900 s.
 */
export const TIMEOUTS: Timeouts = { connectionTimeout: 3_000, requestTimeout: 10_000 };

/** The `requestHandler` option of every client: the timeouts, thrown as `TimeoutError` (retried by the SDK) rather than logged. */
export function requestHandler(timeouts: Timeouts = TIMEOUTS) {
  return { ...timeouts, throwOnRequestTimeout: true };
}

/**
 * Options shared by every client: adaptive retries back off client-side when IAM throttles (a
 * sweep of thousands of users), a bounded number of attempts and the per-attempt timeouts keep an
 * invocation within its own Timeout.
 */
export const OPTIONS = { retryMode: 'adaptive', maxAttempts: 5, requestHandler: requestHandler() } as const;

/** Where a client sends, and as whom, when not from the standard configuration (the operator's REGION, the simulated account). */
export interface ClientSetup {
  readonly region?: string;
  readonly credentials?: AwsCredentialIdentity;
  /**
   * Builds the retry strategy in place of OPTIONS' adaptive one; QUOTA_ERRORS stay final. Only the
   * simulated account's fast mode uses it: the SDK's standard strategy, which decides each retry as
   * the adaptive one does (it delegates to it), with OPTIONS' attempts and no waiting.
   */
  readonly retryStrategy?: () => RetryStrategyV2;
  /** Other per-attempt timeouts than TIMEOUTS (tests of a hung connection). */
  readonly timeouts?: Timeouts;
}

/** An IAM client: OPTIONS, and `LimitExceeded` given up at once (QUOTA_ERRORS). */
export function iamClient(setup: ClientSetup = {}): IAMClient {
  return finalOn(new IAMClient(configOf(setup)), QUOTA_ERRORS);
}

/** An SSM client (the whitelist parameter) with OPTIONS. */
export function ssmClient(setup: ClientSetup = {}): SSMClient {
  return new SSMClient(configOf(setup));
}

/** A client's configuration: OPTIONS, then what `setup` names. */
export function configOf(setup: ClientSetup) {
  const { retryStrategy, timeouts, ...where } = setup;
  return { ...OPTIONS, ...where, ...(timeouts && { requestHandler: requestHandler(timeouts) }), ...(retryStrategy && { retryStrategy: retryStrategy() }) };
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
