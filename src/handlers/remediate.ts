/** Remediation: a user of our Config rule turned NON_COMPLIANT, so attach the policy (after re-checking). */
import { iamClient, ssmClient } from '../aws/clients.ts';
import { configClient } from '../aws/config-client.ts';
import * as configEffects from '../aws/config-effects.ts';
import * as effects from '../aws/effects.ts';
import * as executor from '../aws/executor.ts';
import { gather } from '../aws/gather.ts';
import * as alertFacts from '../core/alert-facts.ts';
import * as complianceChange from '../core/compliance-change.ts';
import * as decideComplianceChange from '../core/decide-compliance-change.ts';
import type { Outcome } from '../core/plan.ts';
import { executionOf, lambdaDeps, type ConfigDeps } from './deps.ts';

/** Handles one Compliance Change event: one Config lookup (an IAM listing when Config has no item), then one attach unless nothing is to do. */
export async function remediate(event: unknown, deps: ConfigDeps): Promise<Outcome> {
  const { iam, config, settings } = deps;
  const change = complianceChange.decode(event, settings.ruleName);
  const now = deps.now();
  const sources = { whitelist: deps.whitelist, configUserName: configEffects.configUserName(config), users: effects.users(iam) };
  const plan = decideComplianceChange.decide(change, await gather((f) => decideComplianceChange.reads(change, f), sources), now);
  const attach = effects.attach(iam, settings.policyArn, settings.fallbackGroup !== undefined ? { fallbackGroup: settings.fallbackGroup } : {});
  const context = executionOf(deps, { attach }, (outcome) => ({ function: 'remediate', eventId: change.id, ...alertFacts.logFields(event), ...outcome }));
  const [outcome] = await executor.execute(plan, context);
  if (!outcome) throw new Error(`remediate: no outcome for event ${change.id}`);
  return outcome;
}

/** This container's dependencies: only the clients this function calls. */
const container = lambdaDeps(() => ({ iam: iamClient(), ssm: ssmClient(), config: configClient() }));

/** Lambda entry point. */
export const handler = async (event: unknown): Promise<void> => {
  await remediate(event, container());
};
