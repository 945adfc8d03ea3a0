/**
 * The organisation scenarios' scene: an in-memory organisation of 12 member accounts in 3 nested
 * OUs (4 each), each recording IAM in eu-west-1, the administrator's real SDK clients connected to
 * it, member clients through STS AssumeRole, the templates of cfn/, a scripted terminal and an
 * instant clock.
 */
import { CreateStackInstancesCommand, CreateStackSetCommand } from '@aws-sdk/client-cloudformation';
import type { OrgAws } from '../../src/aws/org-clients.ts';
import * as orgSettings from '../../src/org/settings.ts';
import { deployOrg } from '../../scripts/org/deploy-org.ts';
import { reportOrg } from '../../scripts/org/report-org.ts';
import { destroyOrg } from '../../scripts/org/destroy-org.ts';
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
export async function run(org: MemoryOrganization, env: Record<string, string>, whitelistText = '', answers: boolean[] = [true], pace = instantPace()) {
  const settings = orgSettings.parse({ HOME_REGION, ...env });
  const io = scriptedIo(...answers);
  const templates = { access: text(ORG_ACCESS), home: text(HOME), forwarder: text(FORWARDER) };
  const code = await deployOrg(aws(org), { settings, templates, whitelistText, singleAccountStack: 'mfa-guard', code: {} }, io, pace);
  return { code, lines: io.lines, output: io.lines.join('\n') };
}

/**
 * The three StackSets rolled out to `ou` directly through the administrator's client (what
 * deploy-org ends with), without its preview and polling: for scenarios about what comes after.
 */
export async function rolledOut(org: MemoryOrganization, ou: string): Promise<void> {
  const { cloudformation } = org.clients(HOME_REGION);
  const operator = org.arn(org.managementId, 'role/OrgAdmin');
  const sets = [
    { name: 'mfa-guard-access', body: text(ORG_ACCESS), region: HOME_REGION, parameters: { OperatorPrincipalArns: operator, OrganizationId: org.id, HomeRegion: HOME_REGION } },
    { name: 'mfa-guard-home', body: text(HOME), region: HOME_REGION, parameters: { Mode: 'enforce', WhitelistJson: '{"version":1,"exemptions":[]}', ResourcePrefix: 'mfa-guard' } },
    { name: 'mfa-guard-iam-events', body: text(FORWARDER), region: 'us-east-1', parameters: { HomeRegion: HOME_REGION, HomeStackName: 'mfa-guard' } },
  ];
  for (const set of sets) {
    const Parameters = Object.entries(set.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
    await cloudformation.send(new CreateStackSetCommand({ StackSetName: set.name, TemplateBody: set.body, Parameters, PermissionModel: 'SERVICE_MANAGED', Capabilities: ['CAPABILITY_NAMED_IAM'], AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true }, ManagedExecution: { Active: true } }));
    await cloudformation.send(new CreateStackInstancesCommand({ StackSetName: set.name, Regions: [set.region], DeploymentTargets: { OrganizationalUnitIds: [ou] }, OperationPreferences: { MaxConcurrentCount: 100, FailureToleranceCount: 100 } }));
    org.settle();
  }
}

/** Runs make report-org against the organisation; returns the exit code and what it wrote. */
export async function report(org: MemoryOrganization, env: Record<string, string> = {}) {
  const settings = orgSettings.parse({ HOME_REGION, ...env }, false);
  let out = '';
  let err = '';
  const code = await reportOrg({ aws: aws(org), settings, now: () => new Date(org.now.getTime()), wait: { sleep: async () => undefined } }, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

/** Runs make destroy-org against the organisation (YES=1 unless told). */
export async function destroy(org: MemoryOrganization, answers: boolean[] = [true]) {
  const io = scriptedIo(...answers);
  const code = await destroyOrg(aws(org), orgSettings.parse({ HOME_REGION }, false), io, instantPace());
  return { code, output: io.lines.join('\n') };
}
