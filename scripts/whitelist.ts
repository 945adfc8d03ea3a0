/** `make whitelist`: see scripts/deploy/update-whitelist.ts. */
import { main, readText } from './deploy/main.ts';
import { updateWhitelist } from './deploy/update-whitelist.ts';

main('whitelist', async ({ settings, region, aws, io, pace }) => {
  const text = await readText(settings.whitelistFile, 'Create it: one IAM user name a line (see whitelist.txt in the repository).');
  await updateWhitelist(aws, { settings, region, whitelist: { text, source: settings.whitelistFile } }, io, pace);
});
