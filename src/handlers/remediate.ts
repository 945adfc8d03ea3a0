/** Remediation: a user of our Config rule turned NON_COMPLIANT, so attach the policy (after re-checking). */
import * as effects from '../aws/effects.ts';
import * as executor from '../aws/executor.ts';
import { gather } from '../aws/gather.ts';
import * as alertFacts from '../core/alert-facts.ts';
import * as complianceChange from '../core/compliance-change.ts';
import * as decideComplianceChange from '../core/decide-compliance-change.ts';
import type { Outcome } from '../core/plan.ts';
import { executionOf, lambdaDeps, type Deps } from './deps.ts';

/** Handles one Compliance Change event: one Config lookup (an IAM listing when Config has no item), then one attach unless nothing is to do. */
export async function remediate(event: unknown, deps: Deps): Promise<Outcome> {
  const { iam, config, settings } = deps;
  const change = complianceChange.decode(event, settings.ruleName);
  const now = deps.now();
  const sources = { whitelist: deps.whitelist, configUserName: effects.configUserName(config), users: effects.users(iam) };
  const facts = await gather((f) => decideComplianceChange.reads(change, f), sources);
  const plan = decideComplianceChange.decide(change, facts, now);
  const context = executionOf(deps, { attach: effects.attach(iam, settings.policyArn) }, (outcome) => ({ function: 'remediate', eventId: change.id, ...alertFacts.logFields(event), ...outcome }));
  const [outcome] = await executor.execute(plan, context);
  if (!outcome) throw new Error(`remediate: no outcome for event ${change.id}`);
  return outcome;
}

/** Lambda entry point. */
export const handler = async (event: unknown): Promise<void> => {
  await remediate(event, lambdaDeps());
};
