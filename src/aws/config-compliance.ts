/**
 * What AWS Config holds for the rule: every evaluation result, read with
 * `GetComplianceDetailsByConfigRule` (all three compliance types, 100 a page, `NextToken`).
 *
 * @example
 * ```ts
 * const held = await configCompliance.held(client, 'mfa-guard-users');
 * evaluationWrites.toWrite(decided, { kind: 'read', evaluations: held }, at);
 * ```
 */
import { GetComplianceDetailsByConfigRuleCommand } from '@aws-sdk/client-config-service';
import type { HeldEvaluation } from '../core/evaluation-writes.ts';
import type { Config } from './config.ts';
import { ResponseError, required } from './errors.ts';

/** The page size `GetComplianceDetailsByConfigRule` allows at most. */
export const MAX_RESULTS_PER_PAGE = 100;

const OPERATION = 'GetComplianceDetailsByConfigRule';

/** Every evaluation result Config holds for `ruleName`, across pages; errors (NoSuchConfigRule, throttling after retries) propagate. */
export async function held(config: Config, ruleName: string): Promise<HeldEvaluation[]> {
  const results: HeldEvaluation[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 1; ; page++) {
    const out = await config.send(
      new GetComplianceDetailsByConfigRuleCommand({
        ConfigRuleName: ruleName,
        ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'],
        Limit: MAX_RESULTS_PER_PAGE,
        ...(token && { NextToken: token }),
      }),
    );
    for (const [i, result] of (out.EvaluationResults ?? []).entries()) {
      const at = `page ${page}: EvaluationResults[${i}]`;
      const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
      results.push({
        resourceType: required(qualifier?.ResourceType, OPERATION, `${at}.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceType`),
        resourceId: required(qualifier?.ResourceId, OPERATION, `${at}.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId`),
        complianceType: required(result.ComplianceType, OPERATION, `${at}.ComplianceType`),
        ...(result.Annotation !== undefined && { annotation: result.Annotation }),
      });
    }
    token = out.NextToken;
    if (!token) return results;
    // A token handed back twice would loop forever.
    if (seen.has(token)) throw new ResponseError(OPERATION, `page ${page}: NextToken`, `"${token}" was already returned`);
    seen.add(token);
  }
}
