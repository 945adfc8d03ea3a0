/** `make deploy`: see scripts/deploy/deploy.ts. Reads dist/ (run `make synth` first; the Makefile does). */
import { deploy } from './deploy/deploy.ts';
import { main, readText } from './deploy/main.ts';

main('deploy', async ({ settings, region, aws, io, pace }) => {
  const synthFirst = 'Run make synth first (make deploy does).';
  const templates = {
    home: await readText('dist/mfa-guard.yml', synthFirst),
    forwarder: await readText('dist/iam-events.yml', synthFirst),
    monitoring: await readText('dist/monitoring.yml', synthFirst),
  };
  const text = await readText(settings.whitelistFile, 'Create it: one IAM user name a line (see whitelist.txt in the repository).');
  await deploy(aws, { settings, region, whitelist: { text, source: settings.whitelistFile }, templates }, io, pace);
});
