/** The real-time enforcer: repairs, seconds after the CloudTrail event, what a user or an admin undid. */
import * as effects from '../aws/effects.ts';
import * as executor from '../aws/executor.ts';
import { gather } from '../aws/gather.ts';
import type { NewUserRetry } from '../aws/iam.ts';
import * as alertFacts from '../core/alert-facts.ts';
import * as cloudtrail from '../core/cloudtrail.ts';
import * as decideTrailEvent from '../core/decide-trail-event.ts';
import type { Outcome } from '../core/plan.ts';
import { executionOf, lambdaDeps, type Deps } from './deps.ts';

/** Options of one invocation: retries after CreateUser, the DeletePolicy recovery's concurrency and deadline. */
export interface EnforceOptions {
  readonly newUserRetry?: NewUserRetry;
  /** Attaches in flight at once during a DeletePolicy recovery. */
  readonly concurrency?: number;
  /** Milliseconds left before the function times out (Lambda's `context.getRemainingTimeInMillis`). */
  readonly remainingMs?: () => number;
  /** A DeletePolicy recovery starts no attach with less than this left (default 20 s): the users left fail the invocation, and its retry finishes. */
  readonly reserveMs?: number;
}

/** What the enforcer reads of the Lambda context. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** Handles one CloudTrail event; throws after the others are done if any user could not be fixed. */
export async function enforce(event: unknown, deps: Deps, options: EnforceOptions = {}): Promise<Outcome[]> {
  const { iam, settings: { policyArn }, canonicalDocument } = deps;
  const call = cloudtrail.decode(event, policyArn);
  const now = deps.now();
  const facts = await gather((f) => decideTrailEvent.reads(call, f, now), { whitelist: deps.whitelist, users: effects.users(iam), user: effects.user(iam) });
  const plan = decideTrailEvent.decide(call, facts, policyArn, now);
  const acts = {
    attach: effects.attach(iam, policyArn, options.newUserRetry),
    recreatePolicy: effects.recreatePolicy(iam, policyArn, canonicalDocument),
    restoreDocument: effects.restoreDocument(iam, policyArn, canonicalDocument),
  };
  const eventFacts = alertFacts.logFields(event);
  const context = executionOf(deps, acts, (outcome) => ({ function: 'enforce', eventId: call.id, ...(call.actor && { actor: call.actor }), ...eventFacts, ...outcome }));
  return executor.execute(plan, { ...context, ...options });
}

/** Lambda entry point. */
export const handler = async (event: unknown, context?: LambdaContext): Promise<void> => {
  await enforce(event, lambdaDeps(), context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {});
};
