/**
 * `make deploy-org`: pre-flight (nothing changes unless every check passes), a preview of what
 * changes per StackSet (template/parameter diff × accounts × regions), one confirmation, then the
 * rollout in order (access role, home stack, us-east-1 forwarder), each operation followed to its
 * end, and a final table. Exit 0 only when every target succeeded or was skipped as suspended.
 */
import * as stacksets from '../../src/aws/stacksets.ts';
import type { OrgAws } from '../../src/aws/org-clients.ts';
import { WhitelistError } from '../../src/core/errors.ts';
import { EMPTY_WHITELIST } from '../../src/core/whitelist-org.ts';
import * as preflight from '../../src/deploy/preflight.ts';
import * as outcome from '../../src/org/outcome.ts';
import * as orgPlan from '../../src/org/plan.ts';
import { stackSetParameters, stackSets, type OrgSettings, type StackSetLayout } from '../../src/org/settings.ts';
import type { Io, Pace } from '../deploy/io.ts';
import { setFacts } from './facts.ts';
import { say } from './follow.ts';
import { checkMembers, resolveWhitelist, type MemberReads } from './members.ts';
import * as checks from './preflight.ts';
import { rollout } from './rollout.ts';

/** The three synthesized templates by layout key, the whitelist file's text, and the single-account stack name to look for. */
export interface DeployOrgInput {
  readonly settings: OrgSettings;
  readonly templates: Readonly<Record<StackSetLayout['key'], string>>;
  readonly whitelistText: string;
  readonly singleAccountStack: string;
  /** The home template's code parameters (dist/mfa-guard.code.json); none for a template with the code inline. */
  readonly code: Readonly<Record<string, string>>;
}

const DESCRIPTIONS: Record<StackSetLayout['key'], string> = {
  access: 'mfa-guard: read-only role for report-org and whitelist resolution',
  home: 'mfa-guard: the MFA policy kept attached to every IAM user (home stack)',
  forwarder: 'mfa-guard: forwards IAM events from us-east-1 to the home region',
};

/** Runs the command; returns the exit code (0 all covered, 1 otherwise). */
export async function deployOrg(aws: OrgAws, input: DeployOrgInput, io: Io, pace: Pace): Promise<0 | 1> {
  const { settings } = input;
  const layouts = stackSets(settings);
  say(io, `Pre-flight (OUS=${settings.ous.join(',')} HOME_REGION=${settings.homeRegion} MODE=${settings.mode}):`);
  const { verdicts, ready } = await checks.run(aws, settings, Object.fromEntries(layouts.map((l) => [l.template, input.templates[l.key]])), input.whitelistText, pace.now());
  say(io, ...preflight.report(verdicts));
  if (!ready) return nothingChanged(io);
  const { stackSets: s, targets, organization } = ready;
  const reads: MemberReads = { region: settings.homeRegion, partition: ready.caller.partition, concurrency: settings.concurrency };
  const parameterFacts = { homeRegion: settings.homeRegion, mode: settings.mode, prefix: settings.prefix, operators: ready.operators, organizationId: organization.Id ?? '', emptyWhitelist: EMPTY_WHITELIST, code: input.code };
  const parametersOf = (key: StackSetLayout['key']) => stackSetParameters(key, parameterFacts);
  // Only the home stack takes per-account values (its whitelist).
  const desired = (layout: StackSetLayout, overrides: ReadonlyMap<string, Record<string, string>>): orgPlan.DesiredSet => ({
    layout,
    templateBody: input.templates[layout.key],
    parameters: parametersOf(layout.key),
    overrides: layout.key === 'home' ? overrides : new Map(),
  });
  const facts = new Map(await Promise.all(layouts.map(async (l) => [l.key, await setFacts(s, l.name, l.key === 'home', settings.concurrency)] as const)));
  const factsOf = (key: StackSetLayout['key']) => facts.get(key) ?? { exists: false, parameters: {}, instances: [] };
  const accessPlan = orgPlan.forSet(desired(layouts[0] as StackSetLayout, new Map()), factsOf('access'), targets);
  const roleEverywhere = orgPlan.unchanged(accessPlan);
  let overrides = new Map<string, Record<string, string>>();
  if (roleEverywhere) {
    try {
      overrides = await resolveWhitelist(aws, ready.whitelist, targets, reads, settings.whitelistFile);
    } catch (error) {
      return whitelistFailed(error, io);
    }
  }
  const plans = layouts.map((l) => orgPlan.forSet(desired(l, overrides), factsOf(l.key), targets));
  say(io, '', 'Preview:');
  for (const plan of plans) for (const line of orgPlan.preview(plan)) say(io, `  ${line}`);
  if (!roleEverywhere && ready.whitelist.length > 0) say(io, `  (${settings.whitelistFile} is resolved through the read-only role once the access StackSet is in place; a bad line stops before the home StackSet changes)`);
  if (plans.every(orgPlan.unchanged)) {
    say(io, '', 'No changes.');
    return finish(s, layouts, targets, ready.organization.MasterAccountId ?? '', settings, io);
  }
  if (!(await io.confirm('Roll out these changes?'))) return nothingChanged(io);
  const arns = new Map<string, string>();
  for (const layout of layouts) {
    say(io, '', `${layout.name}:`);
    let plan = plans.find((p) => p.desired.layout.key === layout.key) as orgPlan.SetPlan;
    if (layout.key === 'home') {
      const found = await checkMembers(aws, targets, input.singleAccountStack, reads);
      // The home stack fails without a recorder (NoAvailableConfigurationRecorderException), and Config sees no user without IAM recorded: said, not fatal (failure tolerance).
      for (const line of found.notRecording) say(io, `  warn  AWS Config does not record IAM users in ${settings.homeRegion} in ${line}`);
      if (found.colliding.length > 0 || found.unreadable.length > 0) {
        for (const line of found.colliding) say(io, `  FAIL  single-account stack in ${line}: run make destroy there first (or leave the account out)`);
        for (const line of found.unreadable) say(io, `  FAIL  cannot check ${line}`);
        return stopped(s, layouts, targets, ready, settings, io);
      }
      if (!roleEverywhere) {
        try {
          overrides = await resolveWhitelist(aws, ready.whitelist, targets, reads, settings.whitelistFile);
        } catch (error) {
          whitelistFailed(error, io);
          return stopped(s, layouts, targets, ready, settings, io);
        }
        const previewed = orgPlan.preview(plan).join('\n');
        plan = orgPlan.forSet(desired(layout, overrides), await setFacts(s, layout.name, true, settings.concurrency), targets);
        if (orgPlan.preview(plan).join('\n') !== previewed) say(io, '  with the whitelist resolved:', ...orgPlan.preview(plan).slice(1).map((l) => `  ${l}`));
      }
    }
    const dependency = layout.dependsOn ? arns.get(layout.dependsOn) : undefined;
    const spec: stacksets.StackSetSpec = {
      name: layout.name,
      description: DESCRIPTIONS[layout.key],
      templateBody: input.templates[layout.key],
      parameters: parametersOf(layout.key),
      capabilities: ['CAPABILITY_NAMED_IAM'],
      autoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true, ...(dependency && { DependsOn: [dependency] }) },
    };
    const result = orgPlan.unchanged(plan) ? { stopped: false } : await rollout({ s, ous: settings.ous, targets, canary: settings.canary, io, pace }, plan, spec);
    if (orgPlan.unchanged(plan)) say(io, '  no changes');
    arns.set(layout.key, (await stacksets.describe(s, layout.name))?.StackSetARN ?? '');
    if (result.stopped) return stopped(s, layouts, targets, ready, settings, io);
  }
  return finish(s, layouts, targets, ready.organization.MasterAccountId ?? '', settings, io);
}

async function finish(s: stacksets.StackSets, layouts: readonly StackSetLayout[], targets: checks.Ready['targets'], management: string, settings: OrgSettings, io: Io): Promise<0 | 1> {
  const sets = await Promise.all(layouts.map(async (layout) => ({ layout, instances: (await setFacts(s, layout.name, false, settings.concurrency)).instances })));
  const rows = outcome.rows(sets, targets);
  say(io, '', 'Result:');
  for (const line of outcome.render(rows)) say(io, `  ${line}`);
  const code = outcome.exitCode(rows);
  say(io, '', code === 0 ? `Every target account is covered (${targets.filter((t) => t.state === 'ACTIVE').length} active, ${targets.filter((t) => t.state !== 'ACTIVE').length} suspended skipped).` : 'Not every target account is covered: see the rows above; fix the cause and run make deploy-org again.');
  say(
    io,
    `The management account ${management} is not covered: StackSets never deploy there. With its credentials, run:`,
    `  make deploy REGION=${settings.homeRegion} MODE=${settings.mode}`,
  );
  return code;
}

async function stopped(s: stacksets.StackSets, layouts: readonly StackSetLayout[], targets: checks.Ready['targets'], ready: checks.Ready, settings: OrgSettings, io: Io): Promise<1> {
  say(io, '', 'Rollout stopped; later StackSets were not changed.');
  await finish(s, layouts, targets, ready.organization.MasterAccountId ?? '', settings, io);
  return 1;
}

function whitelistFailed(error: unknown, io: Io): 1 {
  if (!(error instanceof WhitelistError)) throw error;
  say(io, '', 'The organisation whitelist cannot be resolved:', ...error.message.split('\n').map((l) => `  ${l}`), 'Nothing was changed for the home StackSet.');
  return 1;
}

function nothingChanged(io: Io): 1 {
  say(io, '', 'Nothing was changed.');
  return 1;
}
