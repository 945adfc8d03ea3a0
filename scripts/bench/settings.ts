/** What `make bench` was asked for (environment), and each function's limits (cfn/mfa-guard.yml). */
import { readFileSync } from 'node:fs';
import * as template from '../../src/cfn/template.ts';
import type { FunctionName } from './paths.ts';

/** The home template, whose functions' Timeout and MemorySize bound the paths. */
export const TEMPLATE = 'cfn/mfa-guard.yml';

/** The benchmark's conditions. */
export interface BenchSettings {
  /** Milliseconds added to every AWS call. */
  readonly latencyMs: number;
  /** Share of calls (0 to 1) answered with the service's throttling error. */
  readonly throttle: number;
  /** True when latency or throttling is injected: 5,000 users against the Timeouts. */
  readonly faulty: boolean;
  /** Enforce's attaches in flight; undefined: the handler's default. */
  readonly concurrency: number | undefined;
  readonly sizes: readonly number[];
  /** MD=1: Markdown tables instead of aligned terminal ones. */
  readonly markdown: boolean;
}

/** A function's limits. */
export interface Limits {
  readonly timeoutS: number;
  readonly memoryMb: number;
}

/** Reads LATENCY, THROTTLE, CONCURRENCY and USERS; an unusable value throws, naming the variable. */
export function fromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): BenchSettings {
  const number = (name: string, fallback: number): number => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${text} is not a non-negative number`);
    return value;
  };
  const latencyMs = number('LATENCY', 0);
  const throttle = number('THROTTLE', 0);
  if (throttle >= 1) throw new Error(`THROTTLE=${throttle}: give a share below 1, e.g. 0.05`);
  const faulty = latencyMs > 0 || throttle > 0;
  const users = env.USERS?.trim();
  const sizes = users ? users.split(',').map((s) => Number(s.trim())) : faulty ? [5000] : [100, 1000, 5000];
  if (sizes.some((n) => !Number.isInteger(n) || n < 10)) throw new Error(`USERS=${users}: give account sizes of at least 10 users, e.g. 100,1000`);
  const concurrency = env.CONCURRENCY?.trim() ? number('CONCURRENCY', 8) : undefined;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) throw new Error(`CONCURRENCY=${concurrency}: give a whole number of at least 1`);
  const md = env.MD?.trim().toLowerCase() ?? '';
  if (!['', '0', '1', 'true', 'false', 'yes', 'no'].includes(md)) throw new Error(`MD=${env.MD}: give 1 (Markdown tables) or 0`);
  return { latencyMs, throttle, faulty, concurrency, sizes, markdown: ['1', 'true', 'yes'].includes(md) };
}

/** Timeout and MemorySize of the three functions, as the template declares them. */
export function functionLimits(): Record<FunctionName, Limits> {
  const home = template.parse(readFileSync(new URL(`../../${TEMPLATE}`, import.meta.url), 'utf8'), TEMPLATE);
  const read = (name: FunctionName): Limits => {
    const { Timeout: timeoutS, MemorySize: memoryMb } = home.Resources[name]?.Properties ?? {};
    if (typeof timeoutS !== 'number' || typeof memoryMb !== 'number') throw new Error(`${TEMPLATE}: ${name} has no numeric Timeout and MemorySize`);
    return { timeoutS, memoryMb };
  };
  return { ConfigRuleFunction: read('ConfigRuleFunction'), RemediateFunction: read('RemediateFunction'), EnforceFunction: read('EnforceFunction') };
}
