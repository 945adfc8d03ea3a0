/** The AWS Config custom rule: evaluates IAM users on configuration change and on schedule. */
import { iamClient, ssmClient } from '../aws/clients.ts';
import { configClient } from '../aws/config-client.ts';
import * as configEffects from '../aws/config-effects.ts';
import * as effects from '../aws/effects.ts';
import * as executor from '../aws/executor.ts';
import { gather } from '../aws/gather.ts';
import * as decideRuleInvocation from '../core/decide-rule-invocation.ts';
import * as decideSweep from '../core/decide-sweep.ts';
import { UserFailuresError } from '../core/errors.ts';
import { failures } from '../core/plan.ts';
import type * as evaluations from '../core/evaluations.ts';
import * as ruleInvocation from '../core/rule-invocation.ts';
import { executionOf, lambdaDeps, type ConfigDeps } from './deps.ts';

/** How evaluations are delivered; `testMode` (local runs) makes Config check them and record nothing. */
export interface EvaluateOptions {
  readonly testMode?: boolean;
}

/** Evaluates what the invocation asks for and reports it to Config (the sweep also repairs); returns the evaluations put. */
export async function evaluate(event: unknown, deps: ConfigDeps, options: EvaluateOptions = {}): Promise<evaluations.Evaluation[]> {
  const { iam, config, settings } = deps;
  const { policyArn, fallbackGroup: group } = settings;
  const invocation = ruleInvocation.decode(event);
  const now = deps.now();
  const sources = {
    whitelist: deps.whitelist,
    users: effects.users(iam),
    user: effects.user(iam),
    held: configEffects.held(config, settings.ruleName),
    ...(group !== undefined && { groupCarries: effects.groupCarries(iam, group, policyArn) }),
  };
  const facts = await gather((f) => decideRuleInvocation.reads(invocation, f, policyArn, group), sources);
  const plan = decideRuleInvocation.decide(invocation, facts, policyArn, now, group);
  const acts = {
    putEvaluations: configEffects.putEvaluations(config, options.testMode ?? false),
    attach: effects.attach(iam, policyArn, group !== undefined ? { fallbackGroup: group } : {}),
    restoreGroup: effects.restoreGroup(iam, policyArn),
  };
  const context = executionOf(deps, acts, (outcome) => ({ function: 'config-rule', eventId: invocation.id, ...outcome }));
  const first = await executor.run(plan, context);
  // The sweep's repairs are reported as they came out, before the invocation fails for any that did not.
  const after = invocation.kind === 'scheduled' ? decideSweep.afterRepairs(invocation, first.outcomes, facts, policyArn, now, group) : undefined;
  const second = after ? await executor.run(after, context) : { outcomes: [] };
  if (first.stopped) throw first.stopped;
  const failed = failures([...first.outcomes, ...second.outcomes]);
  if (failed.length > 0) throw new UserFailuresError(invocation.id, failed);
  return [plan, after].flatMap((p) => p?.actions.flatMap((a) => (a.kind === 'put-evaluations' ? a.judged.map((j) => j.evaluation) : [])) ?? []);
}

/** This container's dependencies: only the clients this function calls. */
const container = lambdaDeps(() => ({ iam: iamClient(), ssm: ssmClient(), config: configClient() }));

/** Lambda entry point. */
export const handler = async (event: unknown): Promise<void> => {
  await evaluate(event, container());
};
