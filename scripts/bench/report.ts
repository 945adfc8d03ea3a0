/**
 * The benchmark's output: one table per path (aligned for a terminal, at most 120 columns; Markdown
 * with MD=1), then each target with ✔ or ✘.
 */
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

/** The widest a terminal table gets. */
export const TERMINAL_WIDTH = 120;

function cells(row: Row): { users: string; design: string; byApi: string; calls: string; wall: string; heap: string; ratio: string } {
  const wall = row.estimatedMs === undefined ? duration(row.m.wallMs) : `≥ ${duration(row.estimatedMs)} (est.)`;
  const heap = row.estimatedMs === undefined ? megabytes(row.m.heapPeak) : '—';
  const ratio = row.ratio ? `${times(row.ratio.calls)}, ${times(row.ratio.time)}, ${row.estimatedMs === undefined && !row.heapNoise ? times(row.ratio.heap) : '—'}` : '';
  const problem = row.problem ? ` ✘ ${row.problem}` : '';
  return { users: row.users.toLocaleString('en-US'), design: `${row.design}${problem}`, byApi: callsByApi(row.m), calls: row.m.totalCalls.toLocaleString('en-US'), wall, heap, ratio };
}

/** The table of one path: Markdown when `markdown`, else aligned columns within TERMINAL_WIDTH (long cells wrap). */
export function table(title: string, rows: readonly Row[], markdown = false): string {
  if (markdown) {
    const lines = [`### ${title}`, '', '| users | design | AWS calls by API | calls | wall | heap Δ peak | seed ÷ mfa-guard (calls, time, heap) |', '|---:|---|---|---:|---:|---:|---|'];
    for (const c of rows.map(cells)) lines.push(`| ${c.users} | ${c.design} | ${c.byApi} | ${c.calls} | ${c.wall} | ${c.heap} | ${c.ratio} |`);
    return lines.join('\n');
  }
  const head = { users: 'users', design: 'design', calls: 'calls', wall: 'wall', heap: 'heap Δ', ratio: 'seed ÷ ours', byApi: 'AWS calls by API' };
  const all = [head, ...rows.map(cells)];
  const width = (key: keyof typeof head, max: number) => Math.min(max, Math.max(...all.map((c) => c[key].length)));
  const w = { users: width('users', 7), design: width('design', 26), calls: width('calls', 7), wall: width('wall', 18), heap: width('heap', 8), ratio: width('ratio', 16) };
  const fixed = w.users + w.design + w.calls + w.wall + w.heap + w.ratio + 6 * 2;
  const apiWidth = Math.max(20, TERMINAL_WIDTH - fixed);
  const lines = [title, '='.repeat(Math.min(TERMINAL_WIDTH, title.length))];
  for (const c of all) {
    const design = wrap(c.design, w.design);
    const api = wrap(c.byApi, apiWidth, ' · ');
    for (let i = 0; i < Math.max(design.length, api.length); i++) {
      const first = i === 0;
      lines.push(
        [first ? c.users.padStart(w.users) : ' '.repeat(w.users), (design[i] ?? '').padEnd(w.design), first ? c.calls.padStart(w.calls) : ' '.repeat(w.calls), first ? c.wall.padStart(w.wall) : ' '.repeat(w.wall), first ? c.heap.padStart(w.heap) : ' '.repeat(w.heap), (first ? c.ratio : '').padEnd(w.ratio), api[i] ?? '']
          .join('  ')
          .trimEnd(),
      );
    }
  }
  return lines.join('\n');
}

/** `text` in lines of at most `width`, broken after `separator` (or spaces) where possible. */
export function wrap(text: string, width: number, separator = ' '): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(separator.trim() || ' ', width);
    const at = cut > 0 ? cut + (separator.trim() ? separator.trim().length : 0) : width;
    lines.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  lines.push(rest);
  return lines;
}

/** The targets, one a line (wrapped within TERMINAL_WIDTH). */
export function targets(list: readonly Target[]): string {
  return list.flatMap((t) => wrap(`- ${t.met ? '✔' : '✘'} ${t.text}: ${t.found}`, TERMINAL_WIDTH - 4).map((part, i) => (i === 0 ? part : `    ${part}`))).join('\n');
}
