/**
 * Runs the pre-flight checks of `make deploy` against AWS, each turned into a verdict (see
 * src/deploy/preflight.ts): nothing is changed here, and every failure is reported, not just the first.
 */
import * as configRecorders from '../../src/aws/config-recorders.ts';
import * as credentialReport from '../../src/aws/credential-report.ts';
import type { DeployAws } from '../../src/aws/deploy-clients.ts';
import { errorMessage, errorName } from '../../src/aws/errors.ts';
import type { Iam } from '../../src/aws/iam.ts';
import * as sts from '../../src/aws/sts.ts';
import * as trailsApi from '../../src/aws/trails.ts';
import { WhitelistError } from '../../src/core/errors.ts';
import type { Exemption } from '../../src/core/whitelist.ts';
import * as configRecording from '../../src/deploy/config-recording.ts';
import * as impact from '../../src/deploy/impact.ts';
import * as preflight from '../../src/deploy/preflight.ts';
import * as trails from '../../src/deploy/trails.ts';
import { credentialsHint } from '../aws-env.ts';
import { assemble } from './whitelist.ts';

/** The clients the checks read from. */
export type PreflightClients = Pick<DeployAws, 'sts' | 'iam' | 'config' | 'trail' | 'configIn'>;

/** What the checks need besides AWS. */
export interface PreflightInput {
  readonly region: string;
  readonly whitelistText: string;
  readonly whitelistSource: string;
  readonly mode: 'enforce' | 'report';
  readonly allowSelfLockout: boolean;
  /** The AWS profile in use, if any: the credentials hint never tells to pass PROFILE= when it was. */
  readonly profile?: string | undefined;
  readonly now: Date;
  /** The wait between polls of the credential report (the deploy's pace). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Every verdict, and the resolved exemptions when the whitelist passed. */
export interface PreflightResult {
  readonly verdicts: preflight.Verdict[];
  readonly exemptions?: Exemption[];
  readonly caller?: sts.CallerIdentity;
}

/**
 * Runs the checks: the partition first (no call at all outside a supported one), credentials next
 * (nothing else works without them), then the rest side by side.
 */
export async function run(clients: PreflightClients, input: PreflightInput): Promise<PreflightResult> {
  const partitionVerdict = preflight.partition(input.region);
  if (partitionVerdict.level === 'fail') return { verdicts: [partitionVerdict] };
  let caller: sts.CallerIdentity;
  try {
    caller = await sts.callerIdentity(clients.sts);
  } catch (error) {
    const verdict: preflight.Verdict = {
      check: 'credentials',
      level: 'fail',
      message: `no usable AWS credentials (${describe(error)})`,
      hint: capitalised(credentialsHint({ AWS_PROFILE: input.profile })),
    };
    return { verdicts: [verdict] };
  }
  const identity = preflight.caller(caller);
  if (identity.level === 'fail') return { verdicts: [identity] };
  const partition = preflight.principalOf(caller.Arn ?? '').partition;
  const [whitelist, config, trail] = await Promise.all([
    checkWhitelist(clients.iam, input),
    checkConfig(clients, input.region, partition),
    checkTrails(clients.trail, trails.iamEventsRegion(input.region)),
  ]);
  const lockout = whitelist.exemptions
    ? preflight.lockout(caller, whitelist.exemptions, input.now, input.allowSelfLockout)
    : { check: 'lock-out', level: 'warn' as const, message: 'not checked: the whitelist did not pass' };
  const verdicts = [identity, whitelist.verdict, config, trail, lockout];
  if (whitelist.exemptions && input.mode === 'enforce') verdicts.push(await checkImpact(clients.iam, whitelist.exemptions, input));
  return { verdicts, caller, ...(whitelist.exemptions && { exemptions: whitelist.exemptions }) };
}

async function checkImpact(iam: Iam, exemptions: readonly Exemption[], input: PreflightInput): Promise<preflight.Verdict> {
  try {
    const report = await credentialReport.fetch(iam, input.sleep ? { sleep: input.sleep } : {});
    return impact.verdict(impact.keyUsers(report.rows, exemptions, input.now), report.generatedAt);
  } catch (error) {
    return impact.unknown(describe(error));
  }
}

async function checkWhitelist(iam: Iam, input: PreflightInput): Promise<{ verdict: preflight.Verdict; exemptions?: Exemption[] }> {
  try {
    const exemptions = await assemble(iam, input.whitelistText, input.whitelistSource, input.now);
    return { verdict: preflight.whitelistResolved(exemptions), exemptions };
  } catch (error) {
    if (error instanceof WhitelistError) return { verdict: preflight.whitelistFailed(error.message) };
    return { verdict: { check: 'whitelist', level: 'fail', message: `cannot list the IAM users to resolve it (${describe(error)})` } };
  }
}

async function checkConfig(clients: PreflightClients, region: string, partition: string): Promise<preflight.Verdict> {
  let here: Awaited<ReturnType<typeof configRecorders.recorders>>;
  try {
    here = await configRecorders.recorders(clients.config);
  } catch (error) {
    return { check: 'aws-config', level: 'fail', message: `cannot read the configuration recorders of ${region} (${describe(error)})` };
  }
  const first = configRecording.verdict(region, here.recorders, here.statuses, []);
  if (first.level !== 'fail') return first;
  // Only on failure: which other region records IAM users, if any (one call per candidate region).
  const others = configRecording.candidateRegions(partition).filter((r) => r !== region);
  const elsewhere = await Promise.all(
    others.map(async (other): Promise<configRecording.Elsewhere> => {
      try {
        const found = await configRecorders.recorders(clients.configIn(other));
        const recording = found.recorders.some((r) => !r.servicePrincipal && configRecording.coversUsers(r).covers && found.statuses.some((s) => s.name === r.name && s.recording === true));
        return { region: other, records: recording };
      } catch (error) {
        return { region: other, error: errorName(error) ?? 'Error' };
      }
    }),
  );
  return configRecording.verdict(region, here.recorders, here.statuses, elsewhere);
}

async function checkTrails(trail: trailsApi.CloudTrail, eventsRegion: string): Promise<preflight.Verdict> {
  try {
    return trails.verdict(await trailsApi.trailsWithStatus(trail), eventsRegion);
  } catch (error) {
    return { check: 'cloudtrail', level: 'warn', message: `cannot read the trails of ${eventsRegion} (${describe(error)}): the real-time path may stay silent without one` };
  }
}

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function describe(error: unknown): string {
  return `${errorName(error) ?? 'Error'}: ${errorMessage(error)}`;
}
