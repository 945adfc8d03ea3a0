/** Remediation: a user of our Config rule turned NON_COMPLIANT, so attach the policy (after re-checking). */
import * as configApi from '../aws/config.ts';
import * as iamApi from '../aws/iam.ts';
import * as complianceChange from '../core/compliance-change.ts';
import { UserFailuresError } from '../core/errors.ts';
import { exemptReason } from '../core/users.ts';
import { exemptionFor } from '../core/whitelist.ts';
import { lambdaDeps, type Deps } from './deps.ts';

/** What remediation decided for the event, and what came of it. */
export type Remediation = { readonly decision: 'ignore' | 'skip' | 'attach'; readonly result: string; readonly user?: string };

/** Handles one Compliance Change event: one Config lookup (an IAM listing when Config has no item), then one attach unless nothing is to do. */
export async function remediate(event: unknown, deps: Deps): Promise<Remediation> {
  const change = complianceChange.decode(event, deps.settings.ruleName);
  const done = (outcome: Remediation, reason: string): Remediation => {
    deps.log({ function: 'remediate', eventId: change.id, ...outcome, reason });
    return outcome;
  };
  if (change.kind === 'ignored') return done({ decision: 'ignore', result: 'nothing to do' }, change.reason);

  // The event may be stale: decide from the name Config holds now and from today's whitelist.
  // Config holds no item for a user it has not recorded yet (it lags IAM) as for a deleted one, and
  // no later Compliance Change would come for a user skipped here: IAM's listing tells them apart.
  const name = await configApi.userName(deps.config, change.userId);
  const user = name !== undefined ? { name, id: change.userId } : (await iamApi.listUsers(deps.iam)).find((u) => u.id === change.userId);
  if (!user) return done({ decision: 'skip', result: 'nothing to do', user: change.userId }, 'neither AWS Config nor IAM knows this user ID (deleted)');
  const exemption = exemptionFor(await deps.whitelist(), user, deps.now());
  if (exemption) return done({ decision: 'skip', result: 'exempt', user: user.name }, exemptReason(exemption));
  // Attaching is idempotent: no read of the user's policies, whose Config item may lag IAM anyway.
  const reason = `Config reported NON_COMPLIANT at ${change.orderingTimestamp.toISOString()}`;
  if (deps.settings.mode === 'report') return done({ decision: 'attach', result: 'not attached (MODE=report)', user: user.name }, reason);

  const outcome = await iamApi.attachPolicy(deps.iam, user.name, deps.settings.policyArn);
  switch (outcome.kind) {
    case 'attached':
      return done({ decision: 'attach', result: 'attached', user: user.name }, reason);
    case 'user-gone':
      return done({ decision: 'attach', result: 'user no longer exists', user: user.name }, reason);
    case 'limit-exceeded':
      done({ decision: 'attach', result: 'failed', user: user.name }, outcome.message);
      throw new UserFailuresError(change.id, [{ user: user.name, reason: outcome.message }]);
  }
}

/** Lambda entry point. */
export const handler = async (event: unknown): Promise<void> => {
  await remediate(event, lambdaDeps());
};
