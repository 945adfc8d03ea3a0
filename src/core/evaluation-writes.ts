/**
 * The scheduled sweep's Config writes: only what differs from what Config already holds.
 *
 * Config charges every evaluation recorded and keeps each one until it is overwritten, so an
 * unchanged user needs no new evaluation. The sweep compares what the rule decides now with what
 * `GetComplianceDetailsByConfigRule` lists, and writes the differences, the users Config has never
 * evaluated, and NOT_APPLICABLE for resource IDs Config still holds that IAM no longer has. When the
 * listing could not be read, it writes every evaluation: costly, but never wrong.
 *
 * @example
 * ```ts
 * const { write } = evaluationWrites.toWrite(decided, { kind: 'read', held }, notificationTime);
 * await config.putEvaluations(client, resultToken, write);
 * ```
 */
import { notApplicable, USER_RESOURCE_TYPE, type Evaluation } from './evaluations.ts';

/** One evaluation Config holds for the rule, as `GetComplianceDetailsByConfigRule` lists it. */
export interface HeldEvaluation {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly complianceType: string;
  readonly annotation?: string;
}

/** What the sweep knows of Config's evaluations: the listing, or why it could not be read. */
export type Held = { readonly kind: 'read'; readonly evaluations: readonly HeldEvaluation[] } | { readonly kind: 'unreadable'; readonly reason: string };

/** The evaluations to write and why the others are not written. */
export interface Writes {
  readonly write: readonly Evaluation[];
  /** Decided evaluations Config already holds as they are: not written. */
  readonly unchanged: number;
  /** Resource IDs Config holds that IAM no longer has: written NOT_APPLICABLE. */
  readonly vanished: readonly string[];
  /** Set when every evaluation is written because the listing was unreadable: the reason, for the log. */
  readonly fallback?: string;
}

/** Why a held resource ID gets NOT_APPLICABLE. */
export const VANISHED_REASON = 'the user no longer exists in IAM (deleted without a configuration change reaching the rule)';

/**
 * What to write given the `decided` evaluations of every current user and what Config `held`.
 * `orderingTimestamp` orders the NOT_APPLICABLE written for vanished IDs.
 */
export function toWrite(decided: readonly Evaluation[], held: Held, orderingTimestamp: Date): Writes {
  if (held.kind === 'unreadable') return { write: decided, unchanged: 0, vanished: [], fallback: `compliance listing unreadable (${held.reason}): writing all ${decided.length} evaluations` };
  const byId = new Map(held.evaluations.filter((e) => e.resourceType === USER_RESOURCE_TYPE).map((e) => [e.resourceId, e]));
  const write: Evaluation[] = [];
  let unchanged = 0;
  for (const evaluation of decided) {
    const known = byId.get(evaluation.ComplianceResourceId);
    byId.delete(evaluation.ComplianceResourceId);
    if (known && same(known, evaluation)) unchanged += 1;
    else write.push(evaluation);
  }
  // What is left is held for IDs IAM no longer has; an ID already NOT_APPLICABLE needs nothing more.
  const vanished = [...byId.values()].filter((e) => e.complianceType !== 'NOT_APPLICABLE').map((e) => e.resourceId);
  return { write: [...write, ...vanished.map((id) => notApplicable(id, VANISHED_REASON, orderingTimestamp))], unchanged, vanished };
}

function same(held: HeldEvaluation, evaluation: Evaluation): boolean {
  return held.complianceType === evaluation.ComplianceType && (held.annotation ?? '') === evaluation.Annotation;
}
