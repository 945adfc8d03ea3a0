/**
 * The canonical policy document, rendered on first use. Only the enforcer restores the policy, so
 * only it (and `make invoke`, the simulated account) imports this: the renderer stays out of the
 * other two bundles, which the template's 51,200 bytes need.
 */
import * as policyDocument from '../core/policy-document.ts';
import { embeddedPolicyDocument, settings } from './environment.ts';

/** Renders the template's policy document for the policy at `policyArn` in stack `stackName` (the fallback group's ARN names it). */
export function renderFor(policyArn: string, document: unknown, stackName?: string): unknown {
  if (document === undefined) throw new Error('no canonical policy document embedded: this code was not built by `make synth`');
  const vars = policyDocument.varsOf(policyArn);
  return policyDocument.render(document, stackName === undefined ? vars : { ...vars, names: { 'AWS::StackName': stackName } });
}

/** The document, as the template writes it, rendered for `policyArn` on the first call and kept. */
export function canonical(policyArn: string, document: () => unknown, stackName?: string): () => unknown {
  let rendered: { value: unknown } | undefined;
  return () => (rendered ??= { value: renderFor(policyArn, document(), stackName) }).value;
}

/** The Lambda's: the document `make synth` embedded, rendered for the environment's policy and stack. */
export function lambdaCanonical(): () => unknown {
  const { policyArn, stackName } = settings();
  return canonical(policyArn, embeddedPolicyDocument, stackName);
}
