/** One JSON log line per decision, with stable keys (CloudWatch Logs Insights can filter on them). */
import type { Outcome } from '../core/plan.ts';

/** A decision and what came of it: an Outcome, with the function and the event it came from. */
export interface DecisionLog extends Outcome {
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
