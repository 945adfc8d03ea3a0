/**
 * What one uvu run (a process) counts for test/run.ts: its closing summary (`Total:`, `Passed:`,
 * `Skipped:`) read from the output, and its exit status. A run that prints no summary, runs no
 * test, skips one (a stray `.skip` or `.only`) or exits non-zero counts as at least one failure,
 * so a crashed or silently empty suite can never pass.
 *
 * @example
 * ```ts
 * tally('  Total:     3\n  Passed:    3\n  Skipped:   0\n', 0); // => { passed: 3, failed: 0 }
 * ```
 */

/** Tests passed and failed in one run; `problem` says why the run failed beyond its failed tests. */
export interface Tally {
  readonly passed: number;
  readonly failed: number;
  readonly problem?: string;
}

const ANSI = /\u001b\[[0-9;]*m/g;
const SUMMARY = /^\s*Total:\s+(\d+)\s*\n\s*Passed:\s+(\d+)\s*\n\s*Skipped:\s+(\d+)\s*$/gm;

/** Counts a run from its output (stdout and stderr) and exit status (null: killed, or not started). */
export function tally(output: string, status: number | null): Tally {
  // The last summary is uvu's: a test may print text that looks like one before it.
  const summary = [...output.replace(ANSI, '').matchAll(SUMMARY)].at(-1);
  if (!summary) return { passed: 0, failed: 1, problem: `no uvu summary (exit status ${status})` };
  const [total, passed, skipped] = [summary[1], summary[2], summary[3]].map(Number) as [number, number, number];
  const failed = total - passed;
  const problems = [
    ...(total === 0 ? ['no test ran'] : []),
    ...(skipped > 0 ? [`${skipped} test(s) skipped (a .skip or .only left in)`] : []),
    // uvu exits 1 when a test failed; a non-zero exit with none failed is a crash.
    ...(status !== 0 && failed === 0 ? [`exit status ${status}`] : []),
  ];
  if (problems.length === 0) return { passed, failed };
  return { passed, failed: Math.max(failed, 1), problem: problems.join('; ') };
}
