/**
 * Gathers what `make deploy-org`'s pre-flight decides on (src/org/preflight.ts), changing nothing:
 * the caller, the organisation, the caller's standing (management or delegated administrator),
 * trusted access, the target accounts (recursively), the templates and the whitelist syntax.
 */
import type { Organization } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { OrgAws } from '../../src/aws/org-clients.ts';
import * as organizations from '../../src/aws/organizations.ts';
import * as stacksets from '../../src/aws/stacksets.ts';
import { WhitelistError } from '../../src/core/errors.ts';
import * as whitelistOrg from '../../src/core/whitelist-org.ts';
import * as preflight from '../../src/deploy/preflight.ts';
import * as checks from '../../src/org/preflight.ts';
import { operatorOf, type OrgSettings } from '../../src/org/settings.ts';

/** What the rollout works with once the pre-flight passed. */
export interface Ready {
  readonly caller: { readonly account: string; readonly arn: string; readonly partition: string };
  readonly organization: Organization;
  readonly stackSets: stacksets.StackSets;
  readonly targets: organizations.TargetAccount[];
  readonly operators: string[];
  readonly whitelist: whitelistOrg.OrgWhitelistLine[];
}

/** The verdicts, and what passed them (undefined when a check failed). */
export async function run(aws: OrgAws, settings: OrgSettings, templates: Readonly<Record<string, string>>, whitelistText: string, now: Date): Promise<{ verdicts: preflight.Verdict[]; ready?: Ready }> {
  const identity = await aws.sts.send(new GetCallerIdentityCommand({}));
  const verdicts: preflight.Verdict[] = [preflight.caller(identity)];
  const caller = { account: identity.Account ?? '', arn: identity.Arn ?? '', partition: (identity.Arn ?? '').split(':')[1] ?? 'aws' };
  const organization = await organizations.describe(aws.organizations);
  const management = organization.MasterAccountId ?? '';
  verdicts.push(checks.features(organization.FeatureSet));
  let delegated: string[] | 'denied' = [];
  if (caller.account !== management) {
    try {
      delegated = await organizations.stackSetsAdministrators(aws.organizations);
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'AccessDeniedException') throw error;
      delegated = 'denied';
    }
  }
  const admin = checks.administrator({ caller: caller.account, management, delegated });
  verdicts.push(admin);
  if (!admin.callAs) return { verdicts };
  const stackSets: stacksets.StackSets = { cfn: aws.cloudformation, callAs: admin.callAs };
  verdicts.push(checks.trustedAccess(await stacksets.organizationsAccess(stackSets), admin.callAs));
  const { accounts, missing } = await organizations.accountsUnder(aws.organizations, settings.ous);
  verdicts.push(...checks.targets({ missing, accounts, management }));
  const canary = checks.canary(settings.canary, accounts, management);
  if (canary) verdicts.push(canary);
  verdicts.push(checks.homeRegion(settings.homeRegion), checks.templates(templates));
  const operators = checks.operators(settings.operators, operatorOf(caller.arn));
  verdicts.push(operators);
  let whitelist: whitelistOrg.OrgWhitelistLine[] = [];
  try {
    whitelist = whitelistOrg.parse(whitelistText, settings.whitelistFile, now);
    verdicts.push({ check: 'whitelist', level: 'ok', message: `${whitelist.length} line${whitelist.length === 1 ? '' : 's'} in ${settings.whitelistFile}; resolved to user IDs through the read-only role` });
  } catch (error) {
    if (!(error instanceof WhitelistError)) throw error;
    verdicts.push(preflight.whitelistFailed(error.message));
  }
  if (!preflight.passed(verdicts)) return { verdicts };
  const targets = accounts.filter((a) => a.id !== management);
  return { verdicts, ready: { caller, organization, stackSets, targets, operators: operators.principals, whitelist } };
}
