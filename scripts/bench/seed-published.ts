/**
 * The seed exactly as published, beside the "seed design, paged" model of seed-baseline.ts: one
 * unpaged ListUsers (IAM's first page: 100 users; the rest are never evaluated) and, on any
 * change notification whatever it is about, the same full re-sweep. Per user: one
 * ListAttachedUserPolicies and one PutEvaluations, as the seed design.
 */
import { ListUsersCommand } from '@aws-sdk/client-iam';
import * as evaluations from '../../src/core/evaluations.ts';
import * as ruleInvocation from '../../src/core/rule-invocation.ts';
import { classify } from '../../src/core/users.ts';
import { report, userFacts, whitelist, type Seed } from './seed-baseline.ts';

/** IAM's default ListUsers page: all the published seed ever sees. */
export const FIRST_PAGE = 100;

/** Any rule invocation (scheduled or change): the first page of users re-evaluated; returns how many. */
export async function resweep(seed: Seed, event: unknown): Promise<number> {
  const invocation = ruleInvocation.decode(event);
  if (invocation.kind !== 'scheduled' && invocation.kind !== 'change') throw new Error(`published seed: unexpected ${invocation.kind}`);
  const exemptions = await whitelist(seed);
  const page = await seed.clients.iam.send(new ListUsersCommand({}));
  for (const user of page.Users ?? []) {
    const facts = await userFacts(seed, user);
    await report(seed, invocation.resultToken, evaluations.forState(facts.id, classify(facts, exemptions, seed.policyArn, seed.now), invocation.orderingTimestamp));
  }
  return page.Users?.length ?? 0;
}

/** How many users of an account of `users` the published seed never evaluates. */
export function neverEvaluated(users: number): number {
  return Math.max(0, users - FIRST_PAGE);
}
