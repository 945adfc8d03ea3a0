/** A scripted terminal and an instant clock for the deploy family's tests. */
import type { Io, Pace } from '../../scripts/deploy/io.ts';

/** The terminal: records what was printed and asked; answers from a script (no answer left = no). */
export interface ScriptedIo extends Io {
  readonly lines: string[];
  readonly questions: string[];
}

/** A terminal that answers `answers` in order. */
export function scriptedIo(...answers: boolean[]): ScriptedIo {
  const lines: string[] = [];
  const questions: string[] = [];
  const queue = [...answers];
  return {
    lines,
    questions,
    print: (line) => void lines.push(line),
    confirm: async (question) => {
      questions.push(question);
      const answer = queue.shift() ?? false;
      lines.push(`${question} ${answer ? 'yes' : 'no'}`);
      return answer;
    },
  };
}

/** A clock that moves only when slept on, so waits take no real time. */
export interface FakePace extends Pace {
  readonly slept: number[];
}

/** Starts at `start`; polls every 5 s and gives up after `timeoutMs` of fake time. */
export function instantPace(start = new Date('2026-11-29T12:00:00Z'), timeoutMs = 30 * 60_000): FakePace {
  let now = start.getTime();
  const slept: number[] = [];
  return {
    slept,
    now: () => new Date(now),
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    pollMs: 5_000,
    timeoutMs,
  };
}
