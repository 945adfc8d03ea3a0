/** One JSON log line per decision, with stable keys (CloudWatch Logs Insights can filter on them). */
import type { LogFacts } from '../core/alert-facts.ts';
import type { Outcome } from '../core/plan.ts';

/**
 * A decision and what came of it: an Outcome, with the function and the event it came from, and
 * the event's facts (time, call, source IP; a refused call's error), which the notify function
 * turns into alerts (CloudWatch Logs subscription).
 */
export interface DecisionLog extends Outcome, LogFacts {
  readonly function: 'config-rule' | 'remediate' | 'enforce';
  readonly eventId: string;
  /** Who made the call the event records (CloudTrail events). */
  readonly actor?: string;
}

/** The notify function's line per alert decision, with the stable keys of the other functions' lines. */
export interface NotifyLog {
  readonly function: 'notify';
  readonly eventId: string;
  readonly decision: 'ignore' | 'alert' | 'peek';
  readonly result: string;
  readonly reason: string;
}

/** Where decisions go: stdout in Lambda, a list in tests. */
export type Logger = (entry: DecisionLog) => void;

/** Writes the entry as one JSON line. */
export const jsonLogger = (entry: DecisionLog | NotifyLog): void => {
  console.log(JSON.stringify({ level: 'info', ...entry }));
};
