/**
 * What deploy-org reads inside member accounts through the read-only role: each account's IAM
 * users (to resolve whitelist-org.txt to user IDs), single-account mfa-guard stacks that the home
 * StackSet would collide with, and whether AWS Config records IAM users in the home region. An
 * account that cannot be read is an error, never "nothing there".
 */
import * as cloudformation from '../../src/aws/cloudformation.ts';
import * as configRecorders from '../../src/aws/config-recorders.ts';
import { errorMessage, errorName } from '../../src/aws/errors.ts';
import * as iamApi from '../../src/aws/iam.ts';
import { openMember, type OrgAws } from '../../src/aws/org-clients.ts';
import type { TargetAccount } from '../../src/aws/organizations.ts';
import { mapLimit } from '../../src/core/concurrency.ts';
import { WhitelistError } from '../../src/core/errors.ts';
import * as whitelistOrg from '../../src/core/whitelist-org.ts';
import { coversUsers } from '../../src/deploy/config-recording.ts';

/** Where members are read: the home region, the caller's partition, how many at once. */
export interface MemberReads {
  readonly region: string;
  readonly partition: string;
  readonly concurrency: number;
}

/**
 * Resolves the lines to per-account `WhitelistJson` overrides (accounts without exemptions get
 * none: the StackSet's empty whitelist). Reads the accounts the lines name (every active target
 * when a `*` line exists); throws a WhitelistError naming every problem.
 */
export async function resolveWhitelist(aws: OrgAws, lines: readonly whitelistOrg.OrgWhitelistLine[], targets: readonly TargetAccount[], reads: MemberReads, source: string): Promise<Map<string, Record<string, string>>> {
  if (lines.length === 0) return new Map();
  const wildcard = lines.some((l) => l.account === '*');
  const wanted = targets.filter((t) => t.state === 'ACTIVE' && (wildcard || lines.some((l) => l.account === t.id)));
  const unreadable: string[] = [];
  const users = await mapLimit(wanted, reads.concurrency, async (t) => {
    try {
      const member = await openMember(aws, t.id, reads.region, reads.partition);
      return [t.id, new Map((await iamApi.listUsers(member.iam)).map((u) => [u.name, u.id]))] as const;
    } catch (error) {
      unreadable.push(`account ${t.id}: cannot list its IAM users through the read-only role (${errorName(error) ?? 'Error'}: ${errorMessage(error)})`);
      return [t.id, new Map<string, string>()] as const;
    }
  });
  if (unreadable.length > 0) throw new WhitelistError(unreadable.map((message) => ({ source, message })));
  const read = new Map(users);
  const accounts = new Map(targets.map((t) => [t.id, { state: t.state, users: read.get(t.id) ?? new Map<string, string>() }]));
  const resolved = whitelistOrg.resolve(lines, accounts, source);
  const overrides = new Map<string, Record<string, string>>();
  for (const [account, exemptions] of resolved) if (exemptions.length > 0) overrides.set(account, { WhitelistJson: whitelistOrg.overrideValue(exemptions) });
  return overrides;
}

/** What the home StackSet must know of each active account first: a colliding single-account stack, AWS Config not recording IAM users there, or no read at all. */
export interface MemberChecks {
  readonly colliding: string[];
  readonly notRecording: string[];
  readonly unreadable: string[];
}

/** Reads, in each active account, `make deploy`'s stack (`stackName`) and the Config recorders of the home region. */
export async function checkMembers(aws: OrgAws, targets: readonly TargetAccount[], stackName: string, reads: MemberReads): Promise<MemberChecks> {
  const found: MemberChecks = { colliding: [], notRecording: [], unreadable: [] };
  await mapLimit(
    targets.filter((t) => t.state === 'ACTIVE'),
    reads.concurrency,
    async (t) => {
      try {
        const member = await openMember(aws, t.id, reads.region, reads.partition);
        const stack = await cloudformation.describeStack(member.cloudformation, stackName);
        if (stack && stack.StackStatus !== 'DELETE_COMPLETE') found.colliding.push(`${t.id} (${t.name}): stack ${stackName} ${stack.StackStatus}`);
        const { recorders, statuses } = await configRecorders.recorders(member.config);
        const recorder = recorders[0];
        const covers = recorder ? coversUsers(recorder) : { covers: false, why: 'no configuration recorder' };
        const recording = recorder ? statuses.some((st) => st.name === recorder.name && st.recording) : false;
        if (!covers.covers || !recording) found.notRecording.push(`${t.id} (${t.name}): ${covers.covers ? 'the recorder is stopped' : covers.why}`);
      } catch (error) {
        found.unreadable.push(`${t.id}: ${errorName(error) ?? 'Error'}: ${errorMessage(error)}`);
      }
    },
  );
  for (const list of Object.values(found)) list.sort();
  return found;
}
