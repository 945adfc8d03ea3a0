/**
 * One request through a real IAM policy evaluator (@cloud-copilot/iam-simulate, a test-only
 * devDependency: AGPL), in the fixtures' account.
 */
import { runSimulation, type SimulationIdentityPolicy } from '@cloud-copilot/iam-simulate';
import { readFileSync } from 'node:fs';
import * as templates from './templates.ts';

/** IAM's answer to one request. */
export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export const ALLOW: Decision = 'Allowed';
export const DENY: Decision = 'ExplicitlyDenied';
export const NOT_GRANTED: Decision = 'ImplicitlyDenied';

export type { SimulationIdentityPolicy as IdentityPolicy };

const here = (import.meta as ImportMeta & { readonly url: string }).url;

/** An AWS managed policy from fixtures/policies/. */
export function managed(name: string): SimulationIdentityPolicy {
  return { name, policy: JSON.parse(readFileSync(new URL(`../../fixtures/policies/${name}.json`, here), 'utf8')) as unknown };
}

/** The AWS managed SCP every level of an organisation carries unless replaced. */
const FULL_AWS_ACCESS = { name: 'FullAWSAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } };

/**
 * The decision for `principal`, holding `policies`, calling `action` on `resource`, under the
 * service control policies `scps` (beside FullAWSAccess, at the root) if any; a request the simulator refuses throws.
 */
export async function decide(
  principal: string,
  policies: SimulationIdentityPolicy[],
  action: string,
  resource: string,
  context: Record<string, string>,
  scps: readonly unknown[] = [],
): Promise<Decision> {
  const result = await runSimulation(
    {
      request: { principal, action, resource: { resource, accountId: templates.ACCOUNT }, contextVariables: context },
      identityPolicies: policies,
      serviceControlPolicies: scps.length === 0 ? [] : [{ orgIdentifier: 'r-a1b2', policies: [FULL_AWS_ACCESS, ...scps.map((policy, i) => ({ name: `scp-${i}`, policy }))] }],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulation refused ${action} on ${resource}: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}
