/** The AWS Config custom rule: evaluates IAM users on configuration change and on schedule. */
import * as effects from '../aws/effects.ts';
import * as executor from '../aws/executor.ts';
import { gather } from '../aws/gather.ts';
import * as decideRuleInvocation from '../core/decide-rule-invocation.ts';
import type * as evaluations from '../core/evaluations.ts';
import * as ruleInvocation from '../core/rule-invocation.ts';
import { executionOf, lambdaDeps, type Deps } from './deps.ts';

/** How evaluations are delivered; `testMode` (local runs) makes Config check them and record nothing. */
export interface EvaluateOptions {
  readonly testMode?: boolean;
}

/** Evaluates what the invocation asks for and reports it to Config; returns the evaluations put. */
export async function evaluate(event: unknown, deps: Deps, options: EvaluateOptions = {}): Promise<evaluations.Evaluation[]> {
  const { iam, config, settings } = deps;
  const invocation = ruleInvocation.decode(event);
  const now = deps.now();
  const facts = await gather((f) => decideRuleInvocation.reads(invocation, f), { whitelist: deps.whitelist, users: effects.users(iam), user: effects.user(iam) });
  const plan = decideRuleInvocation.decide(invocation, facts, settings.policyArn, now);
  const put = { putEvaluations: effects.putEvaluations(config, options.testMode ?? false) };
  await executor.execute(plan, executionOf(deps, put, (outcome) => ({ function: 'config-rule', eventId: invocation.id, ...outcome })));
  return plan.actions.flatMap((a) => (a.kind === 'put-evaluations' ? a.judged.map((j) => j.evaluation) : []));
}

/** Lambda entry point. */
export const handler = async (event: unknown): Promise<void> => {
  await evaluate(event, lambdaDeps());
};
