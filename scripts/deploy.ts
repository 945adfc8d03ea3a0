/** `make deploy`: see scripts/deploy/deploy.ts. Reads dist/ (run `make synth` first; the Makefile does). */
import { deploy } from './deploy/deploy.ts';
import { main, readText } from './deploy/main.ts';
import * as version from './deploy/version.ts';

/** dist/mfa-guard.code.json: parameter name → value, as `make synth` wrote it. */
function parseCode(text: string): Record<string, string> {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Object.values(parsed).some((v) => typeof v !== 'string')) throw new Error('dist/mfa-guard.code.json is not an object of strings: run make synth again');
  return parsed as Record<string, string>;
}

main('deploy', async ({ settings, region, aws, io, pace }) => {
  const synthFirst = 'Run make synth first (make deploy does).';
  const templates = {
    home: await readText('dist/mfa-guard.yml', synthFirst),
    forwarder: await readText('dist/iam-events.yml', synthFirst),
    monitoring: await readText('dist/monitoring.yml', synthFirst),
  };
  const code = parseCode(await readText('dist/mfa-guard.code.json', synthFirst));
  const text = await readText(settings.whitelistFile, 'Create it: one IAM user name a line (see whitelist.txt in the repository).');
  await deploy(aws, { settings, region, whitelist: { text, source: settings.whitelistFile }, templates, code, version: version.tagValue(version.current()) }, io, pace);
});
