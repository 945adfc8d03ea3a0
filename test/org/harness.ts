/**
 * The organisation scenarios' scene: an in-memory organisation of 12 member accounts in 3 nested
 * OUs (4 each), each recording IAM in eu-west-1, the administrator's real SDK clients connected to
 * it, member clients through STS AssumeRole, the templates of cfn/, a scripted terminal and an
 * instant clock.
 */
import type { OrgAws } from '../../src/aws/org-clients.ts';
import * as orgSettings from '../../src/org/settings.ts';
import { deployOrg } from '../../scripts/org/deploy-org.ts';
import { MemoryOrganization } from '../../sim/org.ts';
import { instantPace, scriptedIo } from '../support/deploy-io.ts';
import { FORWARDER, HOME, ORG_ACCESS, text } from '../support/templates.ts';

export const HOME_REGION = 'eu-west-1';

/** The scene: `outer` ⊃ `middle` ⊃ `inner`, accounts 2222222222{01..04}, {05..08}, {09..12}. */
export function scene(options: { readonly without?: readonly string[] } = {}) {
  const org = new MemoryOrganization();
  const outer = org.addOu('workloads');
  const middle = org.addOu('prod', outer);
  const inner = org.addOu('payments', middle);
  const ids = Array.from({ length: 12 }, (_, i) => `2222222222${String(i + 1).padStart(2, '0')}`);
  ids.forEach((id, i) => org.createAccount(id, `account-${i + 1}`, [outer, middle, inner][Math.floor(i / 4)] ?? outer, options.without?.includes(id) ? {} : { recorder: HOME_REGION }));
  return { org, outer, middle, inner, ids };
}

/** The administrator's clients, and members' through AssumeRole, all answered by `org`. */
export function aws(org: MemoryOrganization): OrgAws {
  return { ...org.clients(HOME_REGION), member: (credentials, region) => org.memberClients(credentials, region) };
}

/** Runs make deploy-org against the organisation with these variables (YES=1 unless told). */
export async function run(org: MemoryOrganization, env: Record<string, string>, whitelistText = '', answers: boolean[] = [true]) {
  const settings = orgSettings.parse({ HOME_REGION, ...env });
  const io = scriptedIo(...answers);
  const templates = { access: text(ORG_ACCESS), home: text(HOME), forwarder: text(FORWARDER) };
  const code = await deployOrg(aws(org), { settings, templates, whitelistText, singleAccountStack: 'mfa-guard' }, io, instantPace());
  return { code, lines: io.lines, output: io.lines.join('\n') };
}
