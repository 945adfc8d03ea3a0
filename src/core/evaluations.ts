/**
 * AWS Config evaluations from user states, in the shape `PutEvaluations` takes.
 *
 * @example
 * ```ts
 * evaluations.batches(users.map((u) => evaluations.forState(u.id, state, capturedAt)));
 * ```
 */
import type { UserState } from './users.ts';

/** The Config resource type mfa-guard evaluates. */
export const USER_RESOURCE_TYPE = 'AWS::IAM::User';

/** `PutEvaluations` accepts at most 100 evaluations a call. */
export const MAX_EVALUATIONS_PER_CALL = 100;

const MAX_ANNOTATION = 256;

/** Config's compliance values used by mfa-guard. */
export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

/** One evaluation, field names as in the Config API. */
export interface Evaluation {
  readonly ComplianceResourceType: typeof USER_RESOURCE_TYPE;
  /** The IAM user ID (`AIDA…`), Config's resource ID for a user. */
  readonly ComplianceResourceId: string;
  readonly ComplianceType: ComplianceType;
  /** 1–256 characters. */
  readonly Annotation: string;
  readonly OrderingTimestamp: Date;
}

/** Config compliance of each state (DESIGN §1). */
export function complianceOf(state: UserState): ComplianceType {
  switch (state.kind) {
    case 'exempt':
      return 'NOT_APPLICABLE';
    case 'violating':
      return 'NON_COMPLIANT';
    case 'contained':
    case 'enforced':
    case 'attached':
      return 'COMPLIANT';
  }
}

/** The evaluation of a user in a state, ordered at `orderingTimestamp`. */
export function forState(userId: string, state: UserState, orderingTimestamp: Date): Evaluation {
  return evaluation(userId, complianceOf(state), `${state.kind}: ${state.reason}`, orderingTimestamp);
}

/** NOT_APPLICABLE for a user that is gone or out of scope. */
export function notApplicable(userId: string, reason: string, orderingTimestamp: Date): Evaluation {
  return evaluation(userId, 'NOT_APPLICABLE', reason, orderingTimestamp);
}

/** Splits evaluations into `PutEvaluations`-sized batches. */
export function batches<T>(items: readonly T[], size = MAX_EVALUATIONS_PER_CALL): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function evaluation(userId: string, type: ComplianceType, annotation: string, at: Date): Evaluation {
  return {
    ComplianceResourceType: USER_RESOURCE_TYPE,
    ComplianceResourceId: userId,
    ComplianceType: type,
    Annotation: clip(annotation),
    OrderingTimestamp: at,
  };
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim() || 'no reason given';
  // Cut on code points, not UTF-16 units, so an emoji in a reason is never split in half.
  const chars = Array.from(oneLine);
  return chars.length <= MAX_ANNOTATION ? oneLine : `${chars.slice(0, MAX_ANNOTATION - 1).join('')}…`;
}
