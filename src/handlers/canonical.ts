/**
 * The canonical policy document, rendered on first use. Only the enforcer restores the policy, so
 * only it (and `make invoke`, the simulated account) imports this: the renderer stays out of the
 * other two bundles, which the template's 51,200 bytes need.
 */
import * as policyDocument from '../core/policy-document.ts';
import { documentNames, embeddedPolicyDocument, settings, type DocumentNames } from './environment.ts';

/** Renders the template's policy document for the policy at `policyArn`, in the stack `names` describe. */
export function renderFor(policyArn: string, document: unknown, names: DocumentNames): unknown {
  if (document === undefined) throw new Error('no canonical policy document embedded: this code was not built by `make synth`');
  return policyDocument.render(document, { ...policyDocument.varsOf(policyArn, names.region), names: names.names });
}

/** The document, as the template writes it, rendered for `policyArn` on the first call and kept. */
export function canonical(policyArn: string, document: () => unknown, names: () => DocumentNames): () => unknown {
  let rendered: { value: unknown } | undefined;
  return () => (rendered ??= { value: renderFor(policyArn, document(), names()) }).value;
}

/** The Lambda's: the document `make synth` embedded, rendered with the names in its environment (read on first use, not at load). */
export function lambdaCanonical(): () => unknown {
  let document: (() => unknown) | undefined;
  return () => (document ??= canonical(settings().policyArn, embeddedPolicyDocument, () => documentNames()))();
}
