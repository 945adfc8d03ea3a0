/** The AWS Config custom rule: evaluates IAM users on configuration change and on schedule. */
import { iamClient, ssmClient } from '../aws/clients.ts';
import { configClient } from '../aws/config-client.ts';
import * as configEffects from '../aws/config-effects.ts';
import * as effects from '../aws/effects.ts';
import * as executor from '../aws/executor.ts';
import { gather } from '../aws/gather.ts';
import * as decideRuleInvocation from '../core/decide-rule-invocation.ts';
import type * as evaluations from '../core/evaluations.ts';
import * as ruleInvocation from '../core/rule-invocation.ts';
import { executionOf, lambdaDeps, type ConfigDeps } from './deps.ts';

/** How evaluations are delivered; `testMode` (local runs) makes Config check them and record nothing. */
export interface EvaluateOptions {
  readonly testMode?: boolean;
}

/** Evaluates what the invocation asks for and reports it to Config; returns the evaluations put. */
export async function evaluate(event: unknown, deps: ConfigDeps, options: EvaluateOptions = {}): Promise<evaluations.Evaluation[]> {
  const { iam, config, settings } = deps;
  const invocation = ruleInvocation.decode(event);
  const now = deps.now();
  const sources = { whitelist: deps.whitelist, users: effects.users(iam), user: effects.user(iam) };
  // The facts go straight into the decision, not into a variable a suspended async function would keep: a sweep's user list is the largest thing it reads.
  const plan = decideRuleInvocation.decide(invocation, await gather((f) => decideRuleInvocation.reads(invocation, f), sources), settings.policyArn, now);
  const put = { putEvaluations: configEffects.putEvaluations(config, options.testMode ?? false) };
  await executor.execute(plan, executionOf(deps, put, (outcome) => ({ function: 'config-rule', eventId: invocation.id, ...outcome })));
  return plan.actions.flatMap((a) => (a.kind === 'put-evaluations' ? a.judged.map((j) => j.evaluation) : []));
}

/** This container's dependencies: only the clients this function calls. */
const container = lambdaDeps(() => ({ iam: iamClient(), ssm: ssmClient(), config: configClient() }));

/** Lambda entry point. */
export const handler = async (event: unknown): Promise<void> => {
  await evaluate(event, container());
};
