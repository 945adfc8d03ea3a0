/** The AWS Config custom rule: evaluates IAM users on configuration change and on schedule. */
import * as configApi from '../aws/config.ts';
import * as iamApi from '../aws/iam.ts';
import * as evaluations from '../core/evaluations.ts';
import * as ruleInvocation from '../core/rule-invocation.ts';
import { classify, type UserFacts } from '../core/users.ts';
import { lambdaDeps, type Deps } from './deps.ts';

type Evaluable = Exclude<ruleInvocation.RuleInvocation, { kind: 'ignored' }>;
type Judged = { readonly user: string; readonly evaluation: evaluations.Evaluation };

/** How evaluations are delivered; `testMode` (local runs) makes Config check them and record nothing. */
export interface EvaluateOptions {
  readonly testMode?: boolean;
}

/** Evaluates what the invocation asks for and reports it to Config; returns the evaluations put. */
export async function evaluate(event: unknown, deps: Deps, options: EvaluateOptions = {}): Promise<evaluations.Evaluation[]> {
  const invocation = ruleInvocation.decode(event);
  if (invocation.kind === 'ignored') {
    deps.log({ function: 'config-rule', eventId: invocation.id, decision: 'ignore', result: 'nothing reported', reason: invocation.reason });
    return [];
  }
  const judged = await judge(invocation, deps);
  await configApi.putEvaluations(deps.config, invocation.resultToken, judged.map((j) => j.evaluation), { testMode: options.testMode ?? false });
  for (const { user, evaluation } of judged) {
    deps.log({ function: 'config-rule', eventId: invocation.id, user, decision: evaluation.ComplianceType, result: options.testMode ? 'checked (TestMode: not recorded)' : 'reported', reason: evaluation.Annotation });
  }
  return judged.map((j) => j.evaluation);
}

async function judge(invocation: Evaluable, deps: Deps): Promise<Judged[]> {
  const at = invocation.orderingTimestamp;
  switch (invocation.kind) {
    case 'not-applicable':
      return [{ user: invocation.userId, evaluation: evaluations.notApplicable(invocation.userId, invocation.reason, at) }];
    case 'change':
      return classifyAll([invocation.user], at, deps);
    // Neither item carries the configuration: IAM says how the user is now.
    case 'oversized':
    case 'not-recorded': {
      const user = await iamApi.getUser(deps.iam, invocation.userName);
      // A user re-created under that name is another resource, with its own notification.
      if (user?.id === invocation.userId) return classifyAll([user], at, deps);
      const reason = user ? `user ${invocation.userName} (${invocation.userId}) was deleted; the name now belongs to ${user.id}` : `user ${invocation.userName} no longer exists`;
      return [{ user: invocation.userName, evaluation: evaluations.notApplicable(invocation.userId, reason, at) }];
    }
    case 'scheduled':
      return classifyAll(await iamApi.listUsers(deps.iam), at, deps);
  }
}

async function classifyAll(users: readonly UserFacts[], at: Date, deps: Deps): Promise<Judged[]> {
  const exemptions = await deps.whitelist();
  const now = deps.now();
  return users.map((user) => ({ user: user.name, evaluation: evaluations.forState(user.id, classify(user, exemptions, deps.settings.policyArn, now), at) }));
}

/** Lambda entry point. */
export const handler = async (event: unknown): Promise<void> => {
  await evaluate(event, lambdaDeps());
};
