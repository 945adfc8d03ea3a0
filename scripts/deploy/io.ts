/**
 * The operator's terminal and the clock, passed to every deploy step so tests can answer the
 * questions and skip the waiting.
 */
import process from 'node:process';
import { createInterface } from 'node:readline/promises';

/** Output lines, and yes/no questions. */
export interface Io {
  print(line: string): void;
  /** True to go ahead. */
  confirm(question: string): Promise<boolean>;
}

/** The clock and the polling pace of waits. */
export interface Pace {
  now(): Date;
  sleep(ms: number): Promise<void>;
  readonly pollMs: number;
  /** How long a stack operation may take before the deploy gives up waiting (it goes on in AWS). */
  readonly timeoutMs: number;
}

/** The real terminal. With `yes`, every question is answered yes; without a TTY, no. */
export function terminal(yes: boolean): Io {
  return {
    print: (line) => process.stdout.write(`${line}\n`),
    async confirm(question) {
      if (yes) {
        process.stdout.write(`${question} yes (YES=1)\n`);
        return true;
      }
      if (!process.stdin.isTTY) {
        process.stdout.write(`${question} no: not a terminal, and YES=1 was not given\n`);
        return false;
      }
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
      } finally {
        rl.close();
      }
    },
  };
}

/** The real clock: polls every 5 s, gives up after 30 min. */
export function realPace(): Pace {
  return {
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    pollMs: 5_000,
    timeoutMs: 30 * 60_000,
  };
}
