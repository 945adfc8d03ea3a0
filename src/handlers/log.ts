/** One JSON log line per decision, with stable keys (CloudWatch Logs Insights can filter on them). */

/** A decision and what came of it. */
export interface DecisionLog {
  readonly function: 'config-rule' | 'remediate' | 'enforce';
  readonly eventId: string;
  readonly decision: string;
  readonly result: string;
  readonly reason: string;
  readonly user?: string;
  readonly actor?: string;
}

/** Where decisions go: stdout in Lambda, a list in tests. */
export type Logger = (entry: DecisionLog) => void;

/** Writes the entry as one JSON line. */
export const jsonLogger: Logger = (entry) => {
  console.log(JSON.stringify({ level: 'info', ...entry }));
};
