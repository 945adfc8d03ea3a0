/**
 * The reads behind `make report`'s health block, one per service: an EventBridge rule's state and
 * targets, a function's deployed code, a trail's event selectors, the Config rule's last evaluation.
 *
 * @example
 * ```ts
 * const { state, targets } = await reads.rule(events, 'mfa-guard-CloudTrailRule-1X');
 * ```
 */
import { GetEventSelectorsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DescribeSubscriptionFiltersCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeConfigRuleEvaluationStatusCommand, type ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DescribeRuleCommand, ListTargetsByRuleCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { inflateRawSync } from 'node:zlib';
import type { SelectorFacts } from '../deploy/trails.ts';
import * as zip from '../deploy/zip.ts';

/** The clients, narrowed to what the reads use. */
export type EventBridge = Pick<EventBridgeClient, 'send'>;
export type Lambda = Pick<LambdaClient, 'send'>;
export type CloudTrail = Pick<CloudTrailClient, 'send'>;
export type ConfigService = Pick<ConfigServiceClient, 'send'>;
export type Logs = Pick<CloudWatchLogsClient, 'send'>;

/** Fetches a URL's bytes (the presigned package URL GetFunction gives); `fetch` in production. */
export type Download = (url: string) => Promise<Uint8Array>;

/** `DescribeRule` (its State) and every page of `ListTargetsByRule` (the targets' ARNs). */
export async function rule(events: EventBridge, name: string): Promise<{ state: string; targets: string[] }> {
  const described = await events.send(new DescribeRuleCommand({ Name: name }));
  const targets: string[] = [];
  let token: string | undefined;
  do {
    const page = await events.send(new ListTargetsByRuleCommand({ Rule: name, ...(token && { NextToken: token }) }));
    targets.push(...(page.Targets ?? []).flatMap((t) => (t.Arn ? [t.Arn] : [])));
    token = page.NextToken;
  } while (token);
  return { state: described.State ?? 'unknown', targets };
}

/** `GetFunction`: the CodeSha256, and index.js of the package downloaded from `Code.Location` (undefined if absent). */
export async function deployedCode(lambda: Lambda, name: string, download: Download): Promise<{ codeSha256: string; code: string | undefined }> {
  const out = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
  const location = out.Code?.Location;
  if (!location) throw new Error(`GetFunction of ${name} returned no Code.Location`);
  const archive = await download(location);
  const index = zip.entry(archive, 'index.js', (data) => new Uint8Array(inflateRawSync(data)));
  return { codeSha256: out.Configuration?.CodeSha256 ?? 'unknown', code: index && new TextDecoder().decode(index) };
}

/** Every page of `DescribeSubscriptionFilters` of a log group: where its lines are sent. */
export async function subscriptions(logs: Logs, logGroupName: string): Promise<string[]> {
  const destinations: string[] = [];
  let token: string | undefined;
  do {
    const page = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName, ...(token && { nextToken: token }) }));
    destinations.push(...(page.subscriptionFilters ?? []).flatMap((f) => (f.destinationArn ? [f.destinationArn] : [])));
    token = page.nextToken;
  } while (token);
  return destinations;
}

/** `GetEventSelectors` of one trail (by ARN, as shadow trails require). */
export async function selectors(trail: CloudTrail, trailArn: string): Promise<SelectorFacts> {
  return trail.send(new GetEventSelectorsCommand({ TrailName: trailArn }));
}

/** `DescribeConfigRuleEvaluationStatus` of one rule: its last successful evaluation and last error. */
export async function lastEvaluation(config: ConfigService, ruleName: string): Promise<{ lastSuccess: Date | undefined; lastError: string | undefined }> {
  const out = await config.send(new DescribeConfigRuleEvaluationStatusCommand({ ConfigRuleNames: [ruleName] }));
  const status = out.ConfigRulesEvaluationStatus?.find((s) => s.ConfigRuleName === ruleName);
  if (!status) throw new Error(`DescribeConfigRuleEvaluationStatus returned no status for ${ruleName}`);
  return { lastSuccess: status.LastSuccessfulEvaluationTime, lastError: [status.LastErrorCode, status.LastErrorMessage].filter(Boolean).join(': ') || undefined };
}

/** Fetches with the runtime's `fetch`; a non-2xx answer is an error. */
export const fetchBytes: Download = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`downloading the deployment package: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
};
