/** The real-time enforcer: repairs, seconds after the CloudTrail event, what a user or an admin undid. */
import { iamClient, ssmClient } from '../aws/clients.ts';
import * as effects from '../aws/effects.ts';
import * as executor from '../aws/executor.ts';
import { gather } from '../aws/gather.ts';
import type { PolicyRetry } from '../aws/cover.ts';
import type { NewUserRetry } from '../aws/iam.ts';
import * as alertFacts from '../core/alert-facts.ts';
import * as cloudtrail from '../core/cloudtrail.ts';
import * as decideTrailEvent from '../core/decide-trail-event.ts';
import type { Facts, Outcome, Plan } from '../core/plan.ts';
import { lambdaCanonical } from './canonical.ts';
import { executionOf, lambdaDeps, type Deps } from './deps.ts';

/** Options of one invocation: retries after CreateUser, the DeletePolicy recovery's concurrency and deadline. */
export interface EnforceOptions {
  readonly newUserRetry?: NewUserRetry;
  /** Backoff of attaches a policy recreated moments ago refuses (default 4 attempts from 500 ms). */
  readonly policyRetry?: PolicyRetry;
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
  const { iam, settings: { policyArn, fallbackGroup }, canonicalDocument } = deps;
  const call = cloudtrail.decode(event, policyArn, fallbackGroup);
  const now = deps.now();
  const sources = { whitelist: deps.whitelist, users: effects.users(iam), user: effects.user(iam), policyAttachments: effects.policyAttachmentsOf(iam, policyArn, deps.memory) };
  // The facts go straight into the decision (see config-rule.ts): a DeletePolicy recovery's attaches do not keep the user list alive.
  const { plan, before } = decided(call, await gather((f) => decideTrailEvent.reads(call, f, now), sources), policyArn, now);
  const { newUserRetry, policyRetry } = options;
  const cover = { ...(fallbackGroup !== undefined && { fallbackGroup }), ...(newUserRetry && { newUserRetry }), ...(policyRetry && { policyRetry }) };
  const acts = {
    attach: effects.attach(iam, policyArn, cover),
    restoreGroup: effects.restoreGroup(iam, policyArn),
    recreatePolicy: effects.recreatePolicy(iam, policyArn, canonicalDocument),
    restoreDocument: effects.restoreDocument(iam, policyArn, canonicalDocument),
  };
  const eventFacts = alertFacts.logFields(event);
  const context = executionOf(deps, acts, (outcome) => ({ function: 'enforce', eventId: call.id, ...(call.actor && { actor: call.actor }), ...eventFacts, ...outcome }));
  const outcomes = await executor.execute(plan, { ...context, ...options });
  // A refused DeletePolicy's recovery that listed every user and left nothing undone covers the refused ones
  // that follow while the policy keeps its attachments: the count read before, plus the attaches just made.
  if (call.kind === 'delete-policy' && before !== undefined) {
    const attached = outcomes.filter((o) => o.decision === 'attach' && o.result === 'attached' && o.throughGroup === undefined).length;
    deps.memory.lastFullCheck = { at: now, attachments: before + attached };
  }
  return outcomes;
}

/** The plan, and the policy's attachment count when this recovery lists every user (a refused DeletePolicy's). */
function decided(call: cloudtrail.TrailEvent, facts: Facts, policyArn: string, now: Date): { plan: Plan; before?: number } {
  const count = facts.policyAttachments?.count;
  return { plan: decideTrailEvent.decide(call, facts, policyArn, now), ...(facts.users && typeof count === 'number' && { before: count }) };
}

/** This container's dependencies: only the clients this function calls. */
const container = lambdaDeps(() => ({ iam: iamClient(), ssm: ssmClient() }), lambdaCanonical());

/** Lambda entry point. */
export const handler = async (event: unknown, context?: LambdaContext): Promise<void> => {
  await enforce(event, container(), context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {});
};
