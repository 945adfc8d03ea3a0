/**
 * How the benchmark measures: the production client options on the in-memory account, a probe
 * (calls by API, heap peak), seeded throttling, and one measured run.
 */
import { getHeapStatistics } from 'node:v8';
import { throttling } from '../../sim/account-errors.ts';
import { Random } from '../../sim/account-ids.ts';
import type { AccountClients, MemoryAccount, Service } from '../../sim/account.ts';

/** What one run cost. */
export interface Measurement {
  /** Attempts by `service:Operation` (a retried call counts once per attempt, as AWS bills it). */
  readonly calls: ReadonlyMap<string, number>;
  readonly totalCalls: number;
  /** Attempts that failed with an injected throttling error (and were retried by the SDK). */
  readonly throttled: number;
  /** Wall time of the run, less the time the probe spent collecting garbage. */
  readonly wallMs: number;
  /** Peak heap above the level just before the run, in bytes (live objects only when `exactHeap`). */
  readonly heapPeak: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Whether the heap is measured live, after forced collections (node --expose-gc), or garbage included. */
export const exactHeap = gc !== undefined;

/**
 * Watches one run: drains the account's call log into counts (so the log does not grow with the
 * run and count as our memory), and samples the heap before AWS calls (from a client middleware)
 * and at the end. With --expose-gc each sample follows a full collection, so it measures what is
 * alive: before each of the first 64 calls, then before every 64th.
 */
export class Probe {
  private base = 0;
  private peak = 0;
  private seen = 0;
  private spentMs = 0;
  private throttled = 0;
  private readonly calls = new Map<string, number>();

  constructor(private readonly account: MemoryAccount) {}

  /** Starts a measurement from a collected heap and an empty call log. */
  start(): void {
    this.account.resetCalls();
    this.calls.clear();
    this.seen = this.spentMs = this.throttled = 0;
    gc?.();
    this.base = this.peak = getHeapStatistics().used_heap_size;
  }

  /** A sample before a call. */
  sample(): void {
    this.drain();
    this.seen += 1;
    if (gc && this.seen > 64 && this.seen % 64 !== 0) return;
    this.measureHeap();
  }

  /** The last sample, and what was counted. */
  finish(wallMs: number): Measurement {
    const spentMs = this.spentMs;
    this.drain();
    this.measureHeap();
    const totalCalls = [...this.calls.values()].reduce((a, b) => a + b, 0);
    return { calls: new Map(this.calls), totalCalls, throttled: this.throttled, wallMs: wallMs - spentMs, heapPeak: Math.max(0, this.peak - this.base) };
  }

  private measureHeap(): void {
    const started = performance.now();
    gc?.();
    const used = getHeapStatistics().used_heap_size;
    if (used > this.peak) this.peak = used;
    this.spentMs += performance.now() - started;
  }

  private drain(): void {
    for (const call of this.account.calls) {
      const key = `${call.service}:${call.command}`;
      this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
      if (call.error && /^Throttling/.test(call.error)) this.throttled += 1;
    }
    this.account.resetCalls();
  }
}

const SAMPLER = { step: 'initialize', name: 'benchHeapSampler' } as const;

/** IAM, Config and SSM clients built as the functions build theirs (adaptive retries, 5 attempts), answered by `account`. */
export function productionClients(account: MemoryAccount, probe: Probe): AccountClients {
  const { iam, config, ssm } = account.clients({ waits: 'real' });
  iam.middlewareStack.add((next) => (args) => (probe.sample(), next(args)), SAMPLER);
  config.middlewareStack.add((next) => (args) => (probe.sample(), next(args)), SAMPLER);
  ssm.middlewareStack.add((next) => (args) => (probe.sample(), next(args)), SAMPLER);
  return { iam, config, ssm };
}

// One sequence for the whole benchmark, so each run does not start with the same draws (the same calls throttled every time).
const random = new Random(7);

/** Makes a share `rate` of every service's calls fail with that service's throttling error (seeded: the same sequence on every `make bench`). */
export function injectThrottling(account: MemoryAccount, rate: number): void {
  if (rate <= 0) return;
  for (const service of ['iam', 'config', 'ssm'] as const satisfies readonly Service[]) {
    account.fail(`${service}:*`, () => (random.next() < rate ? throttling(service) : undefined));
  }
}

/** Runs `run` once under `probe`. */
export async function measure(probe: Probe, run: () => Promise<unknown>): Promise<Measurement> {
  probe.start();
  const started = performance.now();
  const result = await run();
  const wallMs = performance.now() - started;
  // The result is still referenced here, so the last sample counts it.
  const m = probe.finish(wallMs);
  void result;
  return m;
}

/** Attempts of one service (`iam`), or of one `service:Operation`. */
export function countOf(m: Measurement, key: string): number {
  if (key.includes(':')) return m.calls.get(key) ?? 0;
  let n = 0;
  for (const [k, v] of m.calls) if (k.startsWith(`${key}:`)) n += v;
  return n;
}
