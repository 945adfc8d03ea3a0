/**
 * Decodes the event AWS Config sends a custom Lambda rule (`invokingEvent` is a JSON string).
 *
 * @example
 * ```ts
 * const invocation = ruleInvocation.decode(event);
 * if (invocation.kind === 'change') evaluate(invocation.user);
 * ```
 */
import type { UserFacts } from './users.ts';

/** What a Config rule invocation asks for. */
export type RuleInvocation =
  /** ConfigurationItemChangeNotification for a user that exists and is in scope: the item has all we need. */
  | { readonly kind: 'change'; readonly id: string; readonly resultToken: string; readonly orderingTimestamp: Date; readonly user: UserFacts }
  /** OversizedConfigurationItemChangeNotification: the item was too big to send; fetch the user. */
  | { readonly kind: 'oversized'; readonly id: string; readonly resultToken: string; readonly orderingTimestamp: Date; readonly userId: string; readonly userName: string }
  /** ScheduledNotification: evaluate every user. */
  | { readonly kind: 'scheduled'; readonly id: string; readonly resultToken: string; readonly orderingTimestamp: Date }
  /** A deleted user, or one that left the rule's scope: report NOT_APPLICABLE. */
  | { readonly kind: 'not-applicable'; readonly id: string; readonly resultToken: string; readonly orderingTimestamp: Date; readonly userId: string; readonly reason: string }
  /** Another resource type (the rule is scoped to users, so only by misconfiguration): nothing to evaluate. */
  | { readonly kind: 'ignored'; readonly id: string; readonly resultToken: string; readonly reason: string };

/** Decodes a Config rule invocation; malformed input throws an EventError naming the field. */
export function decode(event: unknown): RuleInvocation {
  throw new Error(`not implemented: ${typeof event}`);
}
