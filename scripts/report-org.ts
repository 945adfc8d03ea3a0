/** `make report-org`: see scripts/org/report-org.ts. Exit 0 all covered and nobody violating, 1 not, 2 an account unreadable (or any error). */
import process from 'node:process';
import { orgClients } from '../src/aws/org-clients.ts';
import * as orgSettings from '../src/org/settings.ts';
import { runMain, stdio } from './operator/cli.ts';
import { reportOrg } from './org/report-org.ts';

runMain('report-org', async () => {
  const settings = orgSettings.parse(process.env, false);
  return reportOrg({ aws: orgClients(settings.homeRegion), settings, now: () => new Date() }, stdio);
});
