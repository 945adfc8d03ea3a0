/**
 * `make deploy-org`: see scripts/org/deploy-org.ts. Reads dist/ (the Makefile runs make synth
 * first) and whitelist-org.txt (WHITELIST_ORG); exits 0 when every target account is covered, 1 otherwise.
 */
import process from 'node:process';
import { orgClients } from '../src/aws/org-clients.ts';
import * as orgSettings from '../src/org/settings.ts';
import { explain } from './operator/cli.ts';
import { readText } from './deploy/main.ts';
import { realPace, terminal } from './deploy/io.ts';
import { deployOrg } from './org/deploy-org.ts';

async function main(): Promise<number> {
  const settings = orgSettings.parse(process.env);
  const synthFirst = 'Run make synth first (make deploy-org does).';
  const templates = {
    access: await readText('dist/org-access.yml', synthFirst),
    home: await readText('dist/mfa-guard.yml', synthFirst),
    forwarder: await readText('dist/iam-events.yml', synthFirst),
  };
  const whitelistText = await readText(settings.whitelistFile, 'Create it (an empty file exempts nobody): one <account-id>/<user> or */<user> a line; see whitelist-org.txt in the repository.');
  const singleAccountStack = process.env.STACK?.trim() || 'mfa-guard';
  const code = JSON.parse(await readText('dist/mfa-guard.code.json', synthFirst)) as Record<string, string>;
  return deployOrg(orgClients(settings.homeRegion), { settings, templates, whitelistText, singleAccountStack, code }, terminal(settings.yes), realPace());
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`\nmake deploy-org failed: ${explain(error)}\n`);
    process.exitCode = 1;
  },
);
