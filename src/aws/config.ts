/**
 * AWS Config: deliver evaluations, and look users up by ID (Config's resource ID for a user).
 *
 * @example
 * ```ts
 * await config.putEvaluations(client, invocation.resultToken, evaluations);
 * const names = await config.userNames(client, ['AIDAIOSFODNN7EXAMPLE']);
 * ```
 */
import {
  BatchGetResourceConfigCommand,
  PutEvaluationsCommand,
  type BaseConfigurationItem,
  type ConfigServiceClient,
  type ResourceKey,
} from '@aws-sdk/client-config-service';
import { batches, USER_RESOURCE_TYPE, type Evaluation } from '../core/evaluations.ts';
import { EvaluationsFailedError, required, UnprocessedResourcesError } from './errors.ts';

/** What the adapters need of a Config client. */
export type Config = Pick<ConfigServiceClient, 'send'>;

/** `BatchGetResourceConfig` accepts at most 100 resource keys a call. */
export const MAX_KEYS_PER_CALL = 100;

/** Retry settings for unprocessed resource keys; `sleep` is injectable for tests. */
export interface LookupRetry {
  readonly attempts?: number;
  readonly delayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Puts evaluations in calls of at most 100. Evaluations Config reports in `FailedEvaluations` are
 * sent again `retries` times; any still failing throw EvaluationsFailedError once every batch has
 * been tried. No evaluations, no call: Config does not require the result token to be used.
 * `testMode` sets `TestMode` (Config checks the call but records nothing), for local runs.
 */
export async function putEvaluations(
  config: Config,
  resultToken: string,
  evaluations: readonly Evaluation[],
  { retries = 1, testMode = false }: { retries?: number; testMode?: boolean } = {},
): Promise<void> {
  const failed = new Set<string>();
  for (const batch of batches(evaluations)) {
    let pending = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const response = await config.send(new PutEvaluationsCommand({ ResultToken: resultToken, Evaluations: pending, ...(testMode && { TestMode: true }) }));
      const rejected = new Set((response.FailedEvaluations ?? []).map((e) => e.ComplianceResourceId ?? '(no resource ID)'));
      const again = pending.filter((e) => rejected.has(e.ComplianceResourceId));
      if (rejected.size === 0) break;
      if (attempt >= retries || again.length === 0) {
        for (const id of rejected) failed.add(id);
        break;
      }
      pending = again;
    }
  }
  if (failed.size > 0) throw new EvaluationsFailedError([...failed], evaluations.length);
}

/**
 * User ID → user name as Config recorded them (BatchGetResourceConfig, 100 IDs a call). The name is
 * the item's `resourceName`, so an item whose configuration is not recorded (`ResourceNotRecorded`,
 * `configuration` null) still names its user. Users Config does not return, or returns as deleted,
 * are absent from the map.
 */
export async function userNames(config: Config, userIds: readonly string[], retry: LookupRetry = {}): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const chunk of batches([...new Set(userIds)], MAX_KEYS_PER_CALL)) {
    for (const [i, item] of (await fetchUsers(config, chunk, retry)).entries()) {
      if (item.configurationItemStatus?.startsWith('ResourceDeleted')) continue;
      const at = `baseConfigurationItems[${i}]`;
      names.set(required(item.resourceId, OPERATION, `${at}.resourceId`), required(item.resourceName, OPERATION, `${at}.resourceName`));
    }
  }
  return names;
}

/** The name Config holds for one user ID (one call); undefined if Config has no current item for it. */
export async function userName(config: Config, userId: string, retry: LookupRetry = {}): Promise<string | undefined> {
  return (await userNames(config, [userId], retry)).get(userId);
}

const OPERATION = 'BatchGetResourceConfig';

async function fetchUsers(config: Config, userIds: readonly string[], retry: LookupRetry): Promise<BaseConfigurationItem[]> {
  const { attempts = 3, delayMs = 100, sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) } = retry;
  const items: BaseConfigurationItem[] = [];
  let pending: ResourceKey[] = userIds.map((resourceId) => ({ resourceType: USER_RESOURCE_TYPE, resourceId }));
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > attempts) throw new UnprocessedResourcesError(pending.map((k) => k.resourceId ?? '?'), attempts);
    if (attempt > 1) await sleep(delayMs * 2 ** (attempt - 2));
    const response = await config.send(new BatchGetResourceConfigCommand({ resourceKeys: pending }));
    items.push(...(response.baseConfigurationItems ?? []).filter((item) => item.resourceType === USER_RESOURCE_TYPE));
    pending = response.unprocessedResourceKeys ?? [];
  }
  return items;
}
