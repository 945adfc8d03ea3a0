/** `make synth`: writes dist/mfa-guard.yml, dist/iam-events.yml, dist/monitoring.yml and dist/org-access.yml, the home stack's code parameters (dist/mfa-guard.code.json), and the plain bundles to dist/functions/, offline. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import process from 'node:process';
import { byteSize, MAX_TEMPLATE_BODY } from '../src/deploy/inline.ts';
import { ENTRIES } from './synth/entries.ts';
import { OUTPUTS, synth } from './synth/synth.ts';
import { checkRegions } from './aws-env.ts';
import * as usage from './usage.ts';

async function main(): Promise<void> {
  // make deploy bundles first: a wrong REGION is said before the bundling, not after.
  checkRegions(process.env, ['REGION']);
  const root = process.cwd();
  const built = await synth({ root });
  await mkdir(join(root, 'dist'), { recursive: true });
  await writeFile(join(root, 'dist', OUTPUTS.home), built.home);
  await writeFile(join(root, 'dist', OUTPUTS.forwarder), built.forwarder);
  await writeFile(join(root, 'dist', OUTPUTS.monitoring), built.monitoring);
  await writeFile(join(root, 'dist', OUTPUTS.access), built.access);
  await writeFile(join(root, 'dist', OUTPUTS.code), `${JSON.stringify(built.code, null, 1)}\n`);
  await mkdir(join(root, 'dist', 'functions'), { recursive: true });
  for (const [id, code] of Object.entries(built.bundles)) {
    await writeFile(join(root, 'dist', 'functions', `${id}.js`), code);
    const how = ENTRIES.find((entry) => entry.logicalId === id)?.template === 'monitoring' ? 'inlined in dist/monitoring.yml' : 'passed as stack parameters';
    process.stdout.write(`  dist/functions/${`${id}.js`.padEnd(22)} ${String(byteSize(code)).padStart(6)} bytes (compressed, ${how})\n`);
  }
  for (const [file, body] of [[OUTPUTS.home, built.home], [OUTPUTS.forwarder, built.forwarder], [OUTPUTS.monitoring, built.monitoring], [OUTPUTS.access, built.access]] as const) {
    process.stdout.write(`  dist/${file.padEnd(32)} ${String(byteSize(body)).padStart(6)} bytes (TemplateBody limit ${MAX_TEMPLATE_BODY})\n`);
  }
}

if (!usage.stop('synth')) main().catch((error: unknown) => {
  process.stderr.write(`make synth: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
