/**
 * `make report-org`: every active account under OUS (default: the whole organisation), read
 * through the read-only role with bounded concurrency: IAM users and the credential report, the
 * whitelist parameter, the Config recorders of the home region; the StackSet instances from the
 * administrator. The same core decisions as `make report` (src/core/report.ts) per account, then
 * src/org/report.ts. A fixed number of calls per account, whatever it holds (⌈users/1000⌉ for IAM).
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import * as configRecorders from '../../src/aws/config-recorders.ts';
import * as credentialReport from '../../src/aws/credential-report.ts';
import { errorMessage, errorName } from '../../src/aws/errors.ts';
import * as iamApi from '../../src/aws/iam.ts';
import { openMember, type OrgAws } from '../../src/aws/org-clients.ts';
import * as organizations from '../../src/aws/organizations.ts';
import * as ssmApi from '../../src/aws/ssm.ts';
import * as stacksets from '../../src/aws/stacksets.ts';
import { mapLimit } from '../../src/core/concurrency.ts';
import { WhitelistError } from '../../src/core/errors.ts';
import { build } from '../../src/core/report.ts';
import type { Exemption } from '../../src/core/whitelist.ts';
import { coversUsers } from '../../src/deploy/config-recording.ts';
import * as orgReport from '../../src/org/report.ts';
import { stackSets, type OrgSettings } from '../../src/org/settings.ts';
import type { Output } from '../operator/cli.ts';

/** Clients, settings and clock of a run; `wait` paces the credential reports. */
export interface ReportOrgDeps {
  readonly aws: OrgAws;
  readonly settings: OrgSettings;
  readonly now: () => Date;
  readonly wait?: Omit<credentialReport.WaitOptions, 'progress'>;
}

/** Writes the report to `io.out` (progress to `io.err`); returns the exit code (0, 1 or 2). */
export async function reportOrg(deps: ReportOrgDeps, io: Output): Promise<0 | 1 | 2> {
  const { aws, settings } = deps;
  const identity = await aws.sts.send(new GetCallerIdentityCommand({}));
  const caller = identity.Account ?? '';
  const partition = (identity.Arn ?? '').split(':')[1] ?? 'aws';
  const organization = await organizations.describe(aws.organizations);
  const management = organization.MasterAccountId ?? '';
  const callAs = caller === management ? 'SELF' : 'DELEGATED_ADMIN';
  const s: stacksets.StackSets = { cfn: aws.cloudformation, callAs };
  const targets = settings.ous.length > 0 ? settings.ous : [await organizations.rootId(aws.organizations)];
  const { accounts, missing } = await organizations.accountsUnder(aws.organizations, targets);
  if (missing.length > 0) throw new Error(`no such root or OU: ${missing.join(', ')}`);
  const layouts = stackSets(settings);
  const instances = new Map(await Promise.all(layouts.map(async (l) => [l.name, await instancesOf(s, l.name)] as const)));
  const home = await stacksets.describe(s, layouts[1]?.name ?? '');
  const parameter = (key: string, fallback: string) => home?.Parameters?.find((p) => p.ParameterKey === key)?.ParameterValue ?? fallback;
  const policy = { name: parameter('PolicyName', 'DenyActionWithoutMFA'), path: parameter('PolicyPath', '/') };
  const whitelistParameter = parameter('WhitelistParameterName', '/mfa-guard/whitelist');
  const members = accounts.filter((a) => a.id !== management);
  io.err(`Reading ${members.length} accounts through the read-only role, ${settings.concurrency} at a time (home region ${settings.homeRegion}).\n`);
  const facts = await mapLimit(members, settings.concurrency, async (account): Promise<orgReport.AccountFacts> => {
    const stacks = layouts.flatMap((l) => l.regions.map((r) => ({ stackSet: l.name, status: instances.get(l.name)?.get(`${account.id}/${r}`) ?? 'MISSING' })));
    const base = { id: account.id, name: account.name, state: account.state, stacks };
    if (account.state !== 'ACTIVE') return { ...base, read: { kind: 'skipped' } };
    try {
      const member = await openMember(aws, account.id, settings.homeRegion, partition);
      const [users, fetched, whitelist, recording] = await Promise.all([
        iamApi.listUsers(member.iam),
        credentialReport.fetch(member.iam, deps.wait),
        readWhitelist(member.ssm, whitelistParameter),
        recordingOf(member.config),
      ]);
      const policyArn = `arn:${partition}:iam::${account.id}:policy${policy.path}${policy.name}`;
      const report = build({ users, credentials: fetched.rows, reportGeneratedAt: fetched.generatedAt, exemptions: whitelist.exemptions, policyArn, now: deps.now() });
      return { ...base, read: { kind: 'read', report, recording, whitelist: whitelist.state } };
    } catch (error) {
      return { ...base, read: { kind: 'unreadable', error: `${errorName(error) ?? 'Error'}: ${errorMessage(error)}` } };
    }
  });
  const summary = orgReport.summarise(facts);
  io.out(settings.json ? orgReport.renderJson(summary) : orgReport.renderTable(summary));
  io.err(`The management account ${management} is outside the StackSets (they never deploy there): check it with make report, using its credentials.\n`);
  return summary.exitCode;
}

async function instancesOf(s: stacksets.StackSets, name: string): Promise<Map<string, string>> {
  if (!(await stacksets.describe(s, name))) return new Map();
  const ok = (i: { Status?: string | undefined; StackInstanceStatus?: { DetailedStatus?: string | undefined } | undefined }) => i.StackInstanceStatus?.DetailedStatus === 'SUCCEEDED' && i.Status === 'CURRENT';
  return new Map((await stacksets.instances(s, name)).map((i) => [`${i.Account}/${i.Region}`, ok(i) ? 'SUCCEEDED' : `${i.StackInstanceStatus?.DetailedStatus ?? i.Status ?? 'UNKNOWN'}${i.StatusReason ? ` (${i.StatusReason})` : ''}`]));
}

async function readWhitelist(ssm: ssmApi.Ssm, name: string): Promise<{ exemptions: Exemption[]; state: { ok: true } | { ok: false; why: string } }> {
  try {
    return { exemptions: await ssmApi.readWhitelist(ssm, name), state: { ok: true } };
  } catch (error) {
    if (!(error instanceof WhitelistError)) throw error;
    return { exemptions: [], state: { ok: false, why: error.problems.map((p) => p.message).join('; ') } };
  }
}

async function recordingOf(config: configRecorders.ConfigService): Promise<{ records: boolean; why: string }> {
  const { recorders, statuses } = await configRecorders.recorders(config);
  const [recorder] = recorders;
  if (!recorder) return { records: false, why: 'no configuration recorder in the home region' };
  const coverage = coversUsers(recorder);
  if (!coverage.covers) return { records: false, why: coverage.why };
  const status = statuses.find((st) => st.name === recorder.name);
  return status?.recording ? { records: true, why: coverage.why } : { records: false, why: 'the recorder is stopped' };
}
