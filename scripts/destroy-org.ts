/** `make destroy-org`: see scripts/org/destroy-org.ts. Exit 0 when every mfa-guard StackSet is gone, 1 otherwise. */
import process from 'node:process';
import { orgClients } from '../src/aws/org-clients.ts';
import * as orgSettings from '../src/org/settings.ts';
import { realPace, terminal } from './deploy/io.ts';
import { runMain } from './operator/cli.ts';
import { destroyOrg } from './org/destroy-org.ts';

runMain('destroy-org', async () => {
  const settings = orgSettings.parse(process.env, false);
  return destroyOrg(orgClients(settings.homeRegion), settings, terminal(settings.yes), realPace());
});
