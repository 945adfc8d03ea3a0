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

/** Where decisions go: stdout in Lambda, a list in tests. */
export type Logger = (entry: DecisionLog) => void;

/** Writes the entry as one JSON line. */
export const jsonLogger: Logger = (entry) => {
  console.log(JSON.stringify({ level: 'info', ...entry }));
};
