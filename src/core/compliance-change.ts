/**
 * Decodes the EventBridge "Config Rules Compliance Change" event that triggers remediation.
 *
 * @example
 * ```ts
 * const change = complianceChange.decode(event, 'mfa-guard-users');
 * if (change.kind === 'non-compliant') remediate(change.userId);
 * ```
 */
import { EventError } from './errors.ts';
import { USER_RESOURCE_TYPE } from './evaluations.ts';
import * as fields from './fields.ts';
import * as iamFields from './iam-fields.ts';

/** The EventBridge `detail-type` of a Config compliance change. */
export const DETAIL_TYPE = 'Config Rules Compliance Change';

/** What a Compliance Change event asks of remediation. */
export type ComplianceChange =
  /** A user of our rule became NON_COMPLIANT. */
  | { readonly kind: 'non-compliant'; readonly id: string; readonly userId: string; readonly orderingTimestamp: Date }
  /** Another rule, resource type or compliance value: nothing to do, and why. */
  | { readonly kind: 'ignored'; readonly id: string; readonly reason: string };

/** Decodes a Compliance Change event for the rule named `ruleName`; malformed input throws an EventError. */
export function decode(event: unknown, ruleName: string): ComplianceChange {
  if (!fields.isRecord(event)) throw new EventError('unknown', '(event)', 'not an object');
  const id = fields.identifier(event, 'id', 'unknown');
  fields.expect(event, 'detail-type', DETAIL_TYPE, id);
  fields.expect(event, 'source', 'aws.config', id);
  const rule = fields.string(event, 'detail.configRuleName', id);
  if (rule !== ruleName) return { kind: 'ignored', id, reason: `rule ${fields.clip(rule)} is not ${ruleName}` };
  const resourceType = fields.string(event, 'detail.resourceType', id);
  if (resourceType !== USER_RESOURCE_TYPE) return { kind: 'ignored', id, reason: `resource type ${fields.clip(resourceType)} is not ${USER_RESOURCE_TYPE}` };
  const compliance = fields.string(event, 'detail.newEvaluationResult.complianceType', id);
  if (compliance !== 'NON_COMPLIANT') return { kind: 'ignored', id, reason: `new compliance ${fields.clip(compliance)} is not NON_COMPLIANT` };
  return {
    kind: 'non-compliant',
    id,
    userId: iamFields.userId(event, 'detail.resourceId', id),
    orderingTimestamp: fields.timestamp(event, 'detail.newEvaluationResult.evaluationResultIdentifier.orderingTimestamp', id),
  };
}
