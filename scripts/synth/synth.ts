/**
 * `make synth`: the deployable templates, built offline. Each function of cfn/mfa-guard.yml gets its
 * bundle as `Code.ZipFile` (compressed, see compress.ts; the enforcer's with the canonical policy
 * document embedded), its packed code passed as stack parameters (src/deploy/code-parameters.ts); the
 * one function of cfn/monitoring.yml (notify) has its loader inlined whole, as it fits. Every
 * template must fit a `TemplateBody` (51,200 bytes). Same sources, same bytes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as template from '../../src/cfn/template.ts';
import * as codeParameters from '../../src/deploy/code-parameters.ts';
import * as inline from '../../src/deploy/inline.ts';
import { bundle } from './bundle.ts';
import { loader, loaderAround, packed } from './compress.ts';
import { ENTRIES, POLICY_DOCUMENT_DEFINE, type Entry } from './entries.ts';

/** Where the sources are, relative to `root`. */
export interface SynthSources {
  readonly root: string;
  readonly home?: string;
  readonly forwarder?: string;
  readonly monitoring?: string;
  readonly access?: string;
  readonly entries?: readonly Entry[];
}

/** The deployable templates (the organisation's read-only role too), the home stack's code parameters, and each function's plain bundle (by logical ID). */
export interface Synthesized {
  readonly home: string;
  readonly forwarder: string;
  readonly monitoring: string;
  /** The organisation's read-only role (make deploy-org). */
  readonly access: string;
  /** The values of the home template's `<Function>Code<n>` parameters (src/deploy/code-parameters.ts). */
  readonly code: Readonly<Record<string, string>>;
  readonly bundles: Readonly<Record<string, string>>;
}

/** Files the deploy reads from dist/. */
export const OUTPUTS = { home: 'mfa-guard.yml', forwarder: 'iam-events.yml', monitoring: 'monitoring.yml', access: 'org-access.yml', code: 'mfa-guard.code.json' } as const;

/** Builds the templates in memory; throws a DeployError (or TemplateError) saying what is wrong where. */
export async function synth(sources: SynthSources): Promise<Synthesized> {
  const homeFile = sources.home ?? 'cfn/mfa-guard.yml';
  const forwarderFile = sources.forwarder ?? 'cfn/iam-events.yml';
  const monitoringFile = sources.monitoring ?? 'cfn/monitoring.yml';
  const accessFile = sources.access ?? 'cfn/org-access.yml';
  const entries = sources.entries ?? ENTRIES;
  const home = template.parse(await readFile(join(sources.root, homeFile), 'utf8'), homeFile);
  const forwarder = template.parse(await readFile(join(sources.root, forwarderFile), 'utf8'), forwarderFile);
  const monitoring = template.parse(await readFile(join(sources.root, monitoringFile), 'utf8'), monitoringFile);
  const access = template.parse(await readFile(join(sources.root, accessFile), 'utf8'), accessFile);
  const target = inline.nodeTarget(home, homeFile);
  const document = JSON.stringify(template.policyDocumentOf(home, homeFile));
  const bundles: Record<string, string> = {};
  // One after another: esbuild is fast, and the order keeps any error message deterministic.
  for (const entry of entries) {
    const define: Record<string, string> = entry.embedsPolicy ? { [POLICY_DOCUMENT_DEFINE]: JSON.stringify(document) } : {};
    bundles[entry.logicalId] = await bundle({ entry: entry.file, root: sources.root, target, define });
  }
  const ofTemplate = (of: 'home' | 'monitoring') => entries.filter((entry) => (entry.template ?? 'home') === of);
  const label = (entry: Entry) => `mfa-guard ${entry.logicalId}, built by make synth from ${entry.file}`;
  const homeLoaders = Object.fromEntries(ofTemplate('home').map((entry) => [entry.logicalId, { ...loaderAround(label(entry)), payload: packed(bundles[entry.logicalId] ?? '') }]));
  const withCode = codeParameters.inline(home, homeLoaders, homeFile);
  const homeBody = template.stringify(withCode.template);
  const forwarderBody = template.stringify(forwarder);
  const monitoringBody = template.stringify(inline.inlineCode(monitoring, Object.fromEntries(ofTemplate('monitoring').map((entry) => [entry.logicalId, loader(bundles[entry.logicalId] ?? '', label(entry))])), monitoringFile));
  const accessBody = template.stringify(access);
  inline.assertFits(homeBody, `dist/${OUTPUTS.home}`);
  inline.assertFits(forwarderBody, `dist/${OUTPUTS.forwarder}`);
  inline.assertFits(monitoringBody, `dist/${OUTPUTS.monitoring}`);
  inline.assertFits(accessBody, `dist/${OUTPUTS.access}`);
  return { home: homeBody, forwarder: forwarderBody, monitoring: monitoringBody, access: accessBody, code: withCode.parameters, bundles };
}
