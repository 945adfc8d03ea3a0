/**
 * `make synth`: the deployable templates, built offline. Each function of cfn/mfa-guard.yml gets its
 * bundle as `Code.ZipFile` (compressed, see compress.ts; the enforcer's with the canonical policy
 * document embedded), and both templates must fit a `TemplateBody` (51,200 bytes). Same sources, same bytes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as template from '../../src/cfn/template.ts';
import * as inline from '../../src/deploy/inline.ts';
import { bundle } from './bundle.ts';
import { loader } from './compress.ts';
import { ENTRIES, POLICY_DOCUMENT_DEFINE, type Entry } from './entries.ts';

/** Where the sources are, relative to `root`. */
export interface SynthSources {
  readonly root: string;
  readonly home?: string;
  readonly forwarder?: string;
  readonly monitoring?: string;
  readonly entries?: readonly Entry[];
}

/** The three deployable templates, and each function's plain bundle (by logical ID). */
export interface Synthesized {
  readonly home: string;
  readonly forwarder: string;
  readonly monitoring: string;
  readonly bundles: Readonly<Record<string, string>>;
}

/** Template files the deploy reads from dist/. */
export const OUTPUTS = { home: 'mfa-guard.yml', forwarder: 'iam-events.yml', monitoring: 'monitoring.yml' } as const;

/** Builds both templates in memory; throws a DeployError (or TemplateError) saying what is wrong where. */
export async function synth(sources: SynthSources): Promise<Synthesized> {
  const homeFile = sources.home ?? 'cfn/mfa-guard.yml';
  const forwarderFile = sources.forwarder ?? 'cfn/iam-events.yml';
  const monitoringFile = sources.monitoring ?? 'cfn/monitoring.yml';
  const entries = sources.entries ?? ENTRIES;
  const home = template.parse(await readFile(join(sources.root, homeFile), 'utf8'), homeFile);
  const forwarder = template.parse(await readFile(join(sources.root, forwarderFile), 'utf8'), forwarderFile);
  const monitoring = template.parse(await readFile(join(sources.root, monitoringFile), 'utf8'), monitoringFile);
  const target = inline.nodeTarget(home, homeFile);
  const document = JSON.stringify(template.policyDocumentOf(home, homeFile));
  const bundles: Record<string, string> = {};
  // One after another: esbuild is fast, and the order keeps any error message deterministic.
  for (const entry of entries) {
    const define: Record<string, string> = entry.embedsPolicy ? { [POLICY_DOCUMENT_DEFINE]: JSON.stringify(document) } : {};
    bundles[entry.logicalId] = await bundle({ entry: entry.file, root: sources.root, target, define });
  }
  const loaders = (of: 'home' | 'monitoring') =>
    Object.fromEntries(
      entries.filter((entry) => (entry.template ?? 'home') === of).map((entry) => [entry.logicalId, loader(bundles[entry.logicalId] ?? '', `mfa-guard ${entry.logicalId}, built by make synth from ${entry.file}`)]),
    );
  const homeBody = template.stringify(inline.inlineCode(home, loaders('home'), homeFile));
  const forwarderBody = template.stringify(forwarder);
  const monitoringBody = template.stringify(inline.inlineCode(monitoring, loaders('monitoring'), monitoringFile));
  inline.assertFits(homeBody, `dist/${OUTPUTS.home}`);
  inline.assertFits(forwarderBody, `dist/${OUTPUTS.forwarder}`);
  inline.assertFits(monitoringBody, `dist/${OUTPUTS.monitoring}`);
  return { home: homeBody, forwarder: forwarderBody, monitoring: monitoringBody, bundles };
}
