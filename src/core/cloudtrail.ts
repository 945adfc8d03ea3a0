/**
 * Decodes "AWS API Call via CloudTrail" events (EventBridge envelope) for the real-time enforcer.
 *
 * @example
 * ```ts
 * const call = cloudtrail.decode(event, policyArn);
 * if (call.kind === 'detach-user-policy') reattach(call.userName);
 * ```
 */

/** Who made the call: `userIdentity.arn` (or the principal ID / type where there is no ARN). */
export type Actor = string;

/** What an IAM API call asks of the enforcer. */
export type TrailEvent =
  /** CreateUser succeeded: attach to the new user. */
  | { readonly kind: 'create-user'; readonly id: string; readonly actor: Actor; readonly userName: string }
  /** DetachUserPolicy of our policy succeeded: reattach. */
  | { readonly kind: 'detach-user-policy'; readonly id: string; readonly actor: Actor; readonly userName: string }
  /** DeletePolicy of our policy, succeeded or failed (the console detaches everyone first). */
  | { readonly kind: 'delete-policy'; readonly id: string; readonly actor: Actor; readonly errorCode?: string }
  /** CreatePolicyVersion / SetDefaultPolicyVersion on our policy succeeded: restore the canonical document. */
  | { readonly kind: 'policy-version'; readonly id: string; readonly actor: Actor; readonly eventName: 'CreatePolicyVersion' | 'SetDefaultPolicyVersion' }
  /** Another event, another policy, or a failed call that changed nothing: and why. */
  | { readonly kind: 'ignored'; readonly id: string; readonly actor?: Actor; readonly reason: string };

/** Decodes a CloudTrail event about our policy `policyArn`; malformed input throws an EventError. */
export function decode(event: unknown, policyArn: string): TrailEvent {
  throw new Error(`not implemented: ${typeof event} ${policyArn}`);
}
