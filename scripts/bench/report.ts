/** The benchmark's output: one Markdown table per path, then each target with ✔ or ✘. */
import type { Measurement } from './harness.ts';

/** One line of a path's table. */
export interface Row {
  readonly users: number;
  readonly design: string;
  readonly m: Measurement;
  /** What is wrong with the end state, if anything. */
  readonly problem?: string | undefined;
  /** The seed design under latency: its time estimated as attempts × latency (it makes them one after another). */
  readonly estimatedMs?: number;
  /** True when both heap figures are within V8's noise (under 0.5 MB), so their ratio means nothing. */
  readonly heapNoise?: boolean;
  /** Seed over mfa-guard, shown on the seed design's rows. */
  readonly ratio?: { readonly calls: number; readonly time: number; readonly heap: number };
}

/** A target and whether it was met. */
export interface Target {
  readonly text: string;
  readonly met: boolean;
  readonly found: string;
}

/** `12 ms`, `1.24 s`. */
export function duration(ms: number): string {
  return ms < 1000 ? `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 100_000 ? 2 : 0)} s`;
}

/** Bytes as `0.42 MB`. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

function times(ratio: number): string {
  return `${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}×`;
}

function callsByApi(m: Measurement): string {
  const parts = [...m.calls].map(([api, n]) => `${api} ${n}`);
  return `${parts.join(' · ')}${m.throttled ? ` (${m.throttled} throttled, retried)` : ''}`;
}

/** The Markdown table of one path. */
export function table(title: string, rows: readonly Row[]): string {
  const lines = [
    `### ${title}`,
    '',
    '| users | design | AWS calls by API | calls | wall | heap Δ peak | seed ÷ mfa-guard (calls, time, heap) |',
    '|---:|---|---|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const wall = row.estimatedMs === undefined ? duration(row.m.wallMs) : `≥ ${duration(row.estimatedMs)} (est.)`;
    const heap = row.estimatedMs === undefined ? megabytes(row.m.heapPeak) : '—';
    const ratio = row.ratio ? `${times(row.ratio.calls)}, ${times(row.ratio.time)}, ${row.estimatedMs === undefined && !row.heapNoise ? times(row.ratio.heap) : '—'}` : '';
    const problem = row.problem ? ` ✘ ${row.problem}` : '';
    lines.push(`| ${row.users.toLocaleString('en-US')} | ${row.design}${problem} | ${callsByApi(row.m)} | ${row.m.totalCalls.toLocaleString('en-US')} | ${wall} | ${heap} | ${ratio} |`);
  }
  return lines.join('\n');
}

/** The targets, one a line. */
export function targets(list: readonly Target[]): string {
  return list.map((t) => `- ${t.met ? '✔' : '✘'} ${t.text}: ${t.found}`).join('\n');
}
