/**
 * One measured run: a freshly seeded account, the path's scene, then mfa-guard's handler (retried
 * as Lambda retries a failed asynchronous invocation) or the seed design's equivalent.
 */
import { BatchGetResourceConfigCommand } from '@aws-sdk/client-config-service';
import { GetUserCommand } from '@aws-sdk/client-iam';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { isNoSuchEntity, isParameterNotFound } from '../../src/aws/errors.ts';
import { UserFailuresError } from '../../src/core/errors.ts';
import { MemoryAccount, type AccountClients } from '../../sim/account.ts';
import { canonicalDocument, containerDeps, NOW, RULE_NAME, WHITELIST_PARAMETER } from './deps.ts';
import { injectThrottling, measure, Probe, productionClients, type Measurement } from './harness.ts';
import type { BenchPath } from './paths.ts';

/** Who does the work: mfa-guard in a new container, in a warm one (whitelist cached), or the seed design. */
export type Design = 'mfa-guard' | 'mfa-guard, warm' | 'seed design';

/** Injected latency and throttling. */
export interface Conditions {
  readonly latencyMs: number;
  readonly throttle: number;
}

/** What a run cost and how it ended. */
export interface Run {
  readonly m: Measurement;
  /** What is wrong with the end state, if anything. */
  readonly problem: string | undefined;
  readonly whitelisted: number;
  /** Users seeded without the policy. */
  readonly violating: number;
  /** Wall time of each invocation of mfa-guard's handler. */
  readonly invocations: readonly number[];
}

/** Lambda runs a failed asynchronous invocation up to twice more. */
export const LAMBDA_ATTEMPTS = 3;

/** Runs `path` once for `design` on a new account of `users` users; each invocation gets `timeoutMs`. */
export async function run(path: BenchPath, users: number, design: Design, conditions: Conditions, limits: { readonly timeoutMs: number; readonly concurrency: number | undefined }): Promise<Run> {
  const account = new MemoryAccount();
  const seeded = account.seed(users, { whitelistParameter: WHITELIST_PARAMETER });
  const scene = path.prepare(account, seeded);
  const probe = new Probe(account);
  const clients = productionClients(account, probe);
  const deps = containerDeps(account, clients);
  await warmUp(clients);
  // A warm container read the whitelist for an earlier event less than a minute ago.
  if (design === 'mfa-guard, warm') await deps.whitelist();
  const seed = { clients, policyArn: account.policyArn, whitelistParameter: WHITELIST_PARAMETER, ruleName: RULE_NAME, document: canonicalDocument(account.policyArn), now: NOW };
  account.latencyMs = conditions.latencyMs;
  injectThrottling(account, conditions.throttle);
  const invocations: number[] = [];
  const m = await measure(probe, async () => {
    if (design === 'seed design') return path.seed(seed, scene.event);
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      const remainingMs = () => limits.timeoutMs - (performance.now() - started);
      try {
        return await path.ours(deps, scene.event, { ...(limits.concurrency !== undefined && { concurrency: limits.concurrency }), remainingMs });
      } catch (error) {
        if (!(error instanceof UserFailuresError) || attempt >= LAMBDA_ATTEMPTS) throw error;
      } finally {
        invocations.push(performance.now() - started);
      }
    }
  });
  account.latencyMs = 0;
  account.clearFaults();
  return { m, problem: scene.check(), whitelisted: seeded.whitelisted.length, violating: seeded.violating.length, invocations };
}

/**
 * One unrelated call per client, answered with "not found", so the SDK's first-call set-up
 * (endpoint rules, credentials, lazily loaded modules) is not counted as either design's work.
 */
async function warmUp(clients: AccountClients): Promise<void> {
  const notFound = (error: unknown) => {
    if (!isNoSuchEntity(error) && !isParameterNotFound(error)) throw error;
  };
  await clients.iam.send(new GetUserCommand({ UserName: 'bench-warm-up' })).catch(notFound);
  await clients.ssm.send(new GetParameterCommand({ Name: '/bench/warm-up' })).catch(notFound);
  await clients.config.send(new BatchGetResourceConfigCommand({ resourceKeys: [{ resourceType: 'AWS::IAM::User', resourceId: 'AIDABENCHWARMUP00000' }] }));
}

/** The seed design over mfa-guard: calls, time and heap. */
export function ratio(seed: Measurement, ours: Measurement): { calls: number; time: number; heap: number } {
  return {
    calls: seed.totalCalls / Math.max(1, ours.totalCalls),
    time: seed.wallMs / Math.max(0.001, ours.wallMs),
    heap: seed.heapPeak / Math.max(1, ours.heapPeak),
  };
}
