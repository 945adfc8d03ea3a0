/**
 * Pre-flight verdicts of `make deploy-org`, decided from recorded answers without calling AWS: who
 * the caller is to the organisation, trusted access, the targets, the canary, the home region, the
 * templates' sizes and the read-only role's principals. Each says ok, warn or fail, with the
 * command that fixes a failure.
 *
 * @example
 * ```ts
 * orgPreflight.administrator({ caller: '222222222222', management: '111111111111', delegated: [] });
 * // => fail, with `aws organizations register-delegated-administrator …`
 * ```
 */
import type { TargetAccount } from '../aws/organizations.ts';
import { STACKSETS_PRINCIPAL } from '../aws/organizations.ts';
import { canRecordIamTypes } from '../deploy/config-recording.ts';
import { byteSize, MAX_TEMPLATE_BODY } from '../deploy/inline.ts';
import type { Verdict } from '../deploy/preflight.ts';

/** Management account, registered delegated administrator, or neither (`delegated: 'denied'`: the caller may not even list them). */
export function administrator(facts: { caller: string; management: string; delegated: readonly string[] | 'denied' }): Verdict & { callAs?: 'SELF' | 'DELEGATED_ADMIN' } {
  if (facts.caller === facts.management) return { check: 'administrator', level: 'ok', message: `the management account ${facts.management} (CallAs SELF)`, callAs: 'SELF' };
  if (facts.delegated !== 'denied' && facts.delegated.includes(facts.caller)) {
    return { check: 'administrator', level: 'ok', message: `account ${facts.caller}, a delegated administrator for StackSets (CallAs DELEGATED_ADMIN)`, callAs: 'DELEGATED_ADMIN' };
  }
  return {
    check: 'administrator',
    level: 'fail',
    message: `account ${facts.caller} is neither the management account (${facts.management}) nor a delegated administrator for StackSets`,
    hint: `From the management account: aws organizations register-delegated-administrator --service-principal ${STACKSETS_PRINCIPAL} --account-id ${facts.caller}\n(at most 5 delegated administrators; or run deploy-org with credentials of the management account)`,
  };
}

/** All features on: service-managed StackSets need them. */
export function features(featureSet: string | undefined): Verdict {
  if (featureSet === 'ALL') return { check: 'all features', level: 'ok', message: 'enabled' };
  return { check: 'all features', level: 'fail', message: `the organisation's feature set is ${featureSet ?? 'unknown'}`, hint: 'From the management account: aws organizations enable-all-features (every member account must accept).' };
}

/** Trusted access for StackSets (DescribeOrganizationsAccess). */
export function trustedAccess(status: string, callAs: 'SELF' | 'DELEGATED_ADMIN'): Verdict {
  if (status === 'ENABLED') return { check: 'trusted access', level: 'ok', message: 'StackSets has trusted access to the organisation' };
  return {
    check: 'trusted access',
    level: 'fail',
    message: `trusted access for StackSets is ${status}`,
    hint: `From the management account: aws cloudformation activate-organizations-access${callAs === 'DELEGATED_ADMIN' ? ' (a delegated administrator cannot activate it)' : ''}`,
  };
}

/** The targets exist and hold active accounts; the management account and suspended accounts are named. */
export function targets(facts: { missing: readonly string[]; accounts: readonly TargetAccount[]; management: string }): Verdict[] {
  const verdicts: Verdict[] = [];
  if (facts.missing.length > 0) verdicts.push({ check: 'targets', level: 'fail', message: `no such root or OU: ${facts.missing.join(', ')}`, hint: 'aws organizations list-roots; aws organizations list-organizational-units-for-parent --parent-id <id>' });
  const members = facts.accounts.filter((a) => a.id !== facts.management);
  const active = members.filter((a) => a.state === 'ACTIVE');
  const suspended = members.filter((a) => a.state !== 'ACTIVE');
  if (facts.missing.length === 0) {
    verdicts.push(active.length > 0 ? { check: 'targets', level: 'ok', message: `${active.length} active account${active.length === 1 ? '' : 's'} under the targets (nested OUs included)` } : { check: 'targets', level: 'fail', message: 'no active member account under the targets' });
  }
  if (suspended.length > 0) verdicts.push({ check: 'suspended', level: 'warn', message: `skipped: ${suspended.map((a) => `${a.id} (${a.name}, ${a.state.toLowerCase()})`).join(', ')}` });
  if (facts.accounts.some((a) => a.id === facts.management)) {
    verdicts.push({ check: 'management', level: 'warn', message: `the management account ${facts.management} is under the targets, but StackSets never deploy there: it needs make deploy (printed at the end)` });
  }
  return verdicts;
}

/** CANARY is an active target account. */
export function canary(canaryId: string | undefined, accounts: readonly TargetAccount[], management: string): Verdict | undefined {
  if (canaryId === undefined) return undefined;
  const found = accounts.find((a) => a.id === canaryId);
  if (found && found.id !== management && found.state === 'ACTIVE') return { check: 'canary', level: 'ok', message: `${canaryId} (${found.name}) first, failure tolerance 0` };
  return { check: 'canary', level: 'fail', message: `CANARY ${canaryId} is not an active member account under the targets${canaryId === management ? ' (it is the management account)' : ''}` };
}

/** HOME_REGION can record IAM's global resource types (Config existed there before February 2022). */
export function homeRegion(region: string): Verdict {
  const can = canRecordIamTypes(region);
  if (can === true) return { check: 'home region', level: 'ok', message: `${region} can record IAM users (AWS Config); member accounts must record them there (Control Tower: its home region)` };
  if (can === undefined) return { check: 'home region', level: 'warn', message: `cannot tell whether AWS Config records IAM users in ${region}` };
  return { check: 'home region', level: 'fail', message: `AWS Config cannot record IAM users in ${region}`, hint: 'Choose the region where the accounts record global resource types (with Control Tower: its home region).' };
}

/** Every template fits a TemplateBody. */
export function templates(bodies: Readonly<Record<string, string>>): Verdict {
  const sizes = Object.entries(bodies).map(([name, body]) => ({ name, size: byteSize(body) }));
  const over = sizes.filter((s) => s.size > MAX_TEMPLATE_BODY);
  const list = sizes.map((s) => `${s.name} ${s.size.toLocaleString('en-US')}`).join(', ');
  if (over.length === 0) return { check: 'templates', level: 'ok', message: `${list} bytes (limit ${MAX_TEMPLATE_BODY.toLocaleString('en-US')})` };
  return { check: 'templates', level: 'fail', message: `over ${MAX_TEMPLATE_BODY.toLocaleString('en-US')} bytes: ${over.map((s) => s.name).join(', ')}`, hint: 'make synth, and keep the functions small.' };
}

/** The principals the read-only role trusts: OPERATORS, else the caller's own role. */
export function operators(configured: readonly string[], derived: string | undefined): Verdict & { principals: string[] } {
  const principals = configured.length > 0 ? [...configured] : derived ? [derived] : [];
  if (principals.length > 0) return { check: 'operators', level: 'ok', message: `the read-only role trusts ${principals.join(', ')} (within the organisation)`, principals };
  return { check: 'operators', level: 'fail', message: 'cannot tell which principal the read-only role should trust', hint: 'Set OPERATORS=arn:aws:iam::<account>:role/<name>[,…]', principals };
}
