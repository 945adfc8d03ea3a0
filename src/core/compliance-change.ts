/**
 * Decodes the EventBridge "Config Rules Compliance Change" event that triggers remediation.
 *
 * @example
 * ```ts
 * const change = complianceChange.decode(event, 'mfa-guard-users');
 * if (change.kind === 'non-compliant') remediate(change.userId);
 * ```
 */

/** What a Compliance Change event asks of remediation. */
export type ComplianceChange =
  /** A user of our rule became NON_COMPLIANT. */
  | { readonly kind: 'non-compliant'; readonly id: string; readonly userId: string; readonly orderingTimestamp: Date }
  /** Another rule, resource type or compliance value: nothing to do, and why. */
  | { readonly kind: 'ignored'; readonly id: string; readonly reason: string };

/** Decodes a Compliance Change event for the rule named `ruleName`; malformed input throws an EventError. */
export function decode(event: unknown, ruleName: string): ComplianceChange {
  throw new Error(`not implemented: ${typeof event} ${ruleName}`);
}
