/**
 * The make variables of the organisation commands (`OUS`, `HOME_REGION`, `MODE`, `CANARY`, `YES`,
 * `OPERATORS`, `WHITELIST_ORG`, `STACKSET`, `CONCURRENCY`, `JSON`), validated, and the names and
 * regions of the three StackSets they imply.
 *
 * @example
 * ```ts
 * const s = orgSettings.parse({ OUS: 'ou-ab12-34cd56ef', HOME_REGION: 'eu-west-1' });
 * orgSettings.stackSets(s); // access + home in eu-west-1, forwarder in us-east-1
 * ```
 */
import { DeployError } from '../deploy/errors.ts';
import { iamEventsRegion } from '../deploy/trails.ts';

/** What `make deploy-org | report-org | destroy-org` is told. */
export interface OrgSettings {
  readonly ous: readonly string[];
  readonly homeRegion: string;
  readonly mode: 'enforce' | 'report';
  readonly canary?: string;
  readonly yes: boolean;
  /** Principal ARNs (in the administrator account) the read-only role trusts; empty: the caller's role. */
  readonly operators: readonly string[];
  readonly whitelistFile: string;
  /** Prefix of the StackSet names (default mfa-guard). */
  readonly prefix: string;
  readonly concurrency: number;
  readonly json: boolean;
}

/** One of the three StackSets: its name, template file in dist/, regions, and the StackSet it depends on. */
export interface StackSetLayout {
  readonly key: 'access' | 'home' | 'forwarder';
  readonly name: string;
  readonly template: string;
  readonly regions: readonly string[];
  readonly dependsOn?: 'access' | 'home';
}

/** The read-only role's name in every member account (a named IAM resource: the access template deploys in one region only). */
export const ACCESS_ROLE = 'mfa-guard-org-read';

const TARGET = /^(r-[a-z0-9]{4,32}|ou-[a-z0-9]{4,32}-[a-z0-9]{8,32})$/;
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\x21-\x7e]+$/;
// The prefix also names every resource (<prefix>_config-rule), within the templates' 32 characters.
const STACKSET_NAME = /^[A-Za-z][A-Za-z0-9-]{0,31}$/;

/** Reads the variables (empty means unset); throws a DeployError naming the variable at fault. `needsTargets`: deploy-org. */
export function parse(env: Readonly<Record<string, string | undefined>>, needsTargets = true): OrgSettings {
  const value = (name: string) => env[name]?.trim() || undefined;
  const list = (name: string) => (value(name) ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  const ous = list('OUS');
  if (needsTargets && ous.length === 0) throw new DeployError('settings', 'OUS is not set', 'OUS=r-xxxx (the whole organisation) or OUS=ou-xxxx-yyyyyyyy[,ou-…]: `aws organizations list-roots`, `list-organizational-units-for-parent`.');
  for (const ou of ous) if (!TARGET.test(ou)) throw new DeployError('settings', `OUS: "${ou}" is neither a root ID (r-…) nor an OU ID (ou-…-…)`);
  if (new Set(ous).size !== ous.length) throw new DeployError('settings', 'OUS lists a target twice');
  const homeRegion = value('HOME_REGION') ?? '';
  if (!REGION.test(homeRegion)) throw new DeployError('settings', homeRegion ? `HOME_REGION "${homeRegion}" is not a region name like eu-west-1` : 'HOME_REGION is not set', 'The region whose AWS Config records IAM users in the member accounts (with Control Tower: its home region).');
  const mode = value('MODE') ?? 'enforce';
  if (mode !== 'enforce' && mode !== 'report') throw new DeployError('settings', `MODE "${mode}" is neither enforce nor report`);
  const canary = value('CANARY');
  if (canary !== undefined && !/^\d{12}$/.test(canary)) throw new DeployError('settings', `CANARY "${canary}" is not a 12-digit account ID`);
  const operators = list('OPERATORS');
  for (const arn of operators) if (!ROLE_ARN.test(arn)) throw new DeployError('settings', `OPERATORS: "${arn}" is not an IAM role or user ARN`);
  const prefix = value('STACKSET') ?? 'mfa-guard';
  if (!STACKSET_NAME.test(prefix)) throw new DeployError('settings', `STACKSET "${prefix}" is not a letter and up to 31 letters, digits and hyphens`);
  const concurrency = Number(value('CONCURRENCY') ?? '8');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new DeployError('settings', `CONCURRENCY "${value('CONCURRENCY')}" is not a whole number from 1 to 64`);
  return {
    ous,
    homeRegion,
    mode,
    ...(canary !== undefined && { canary }),
    yes: ['1', 'true', 'yes'].includes((value('YES') ?? '').toLowerCase()),
    operators,
    whitelistFile: value('WHITELIST_ORG') ?? 'whitelist-org.txt',
    prefix,
    concurrency,
    json: ['1', 'true', 'yes'].includes((value('JSON') ?? '').toLowerCase()),
  };
}

/** The three StackSets in rollout order: the read-only access role, the home stack (after it), the us-east-1 forwarder unless the home region is that region. */
export function stackSets(settings: Pick<OrgSettings, 'homeRegion' | 'prefix'>): StackSetLayout[] {
  const events = iamEventsRegion(settings.homeRegion);
  return [
    { key: 'access', name: `${settings.prefix}-access`, template: 'org-access.yml', regions: [settings.homeRegion] },
    { key: 'home', name: `${settings.prefix}-home`, template: 'mfa-guard.yml', regions: [settings.homeRegion], dependsOn: 'access' },
    ...(events === settings.homeRegion ? [] : [{ key: 'forwarder' as const, name: `${settings.prefix}-iam-events`, template: 'iam-events.yml', regions: [events], dependsOn: 'home' as const }]),
  ];
}

/** What the StackSet-wide parameters are made of. */
export interface ParameterFacts {
  readonly homeRegion: string;
  readonly mode: 'enforce' | 'report';
  /** The StackSet prefix, which also prefixes the stacks' resource names (the stack name cannot: StackSet-<name>-<id> is too long). */
  readonly prefix: string;
  readonly operators: readonly string[];
  readonly organizationId: string;
  /** The home stack's StackSet-wide whitelist (nobody exempt); accounts override it. */
  readonly emptyWhitelist: string;
  /** The home template's `<Function>Code<n>` parameters (make synth's dist/mfa-guard.code.json): the same in every account. */
  readonly code: Readonly<Record<string, string>>;
}

/** The parameters deploy-org gives each StackSet; every other template parameter keeps its default. */
export function stackSetParameters(key: StackSetLayout['key'], facts: ParameterFacts): Record<string, string> {
  if (key === 'access') return { OperatorPrincipalArns: facts.operators.join(','), OrganizationId: facts.organizationId, HomeRegion: facts.homeRegion };
  if (key === 'home') return { Mode: facts.mode, WhitelistJson: facts.emptyWhitelist, ResourcePrefix: facts.prefix, ...facts.code };
  return { HomeRegion: facts.homeRegion, HomeStackName: facts.prefix };
}

/**
 * The role ARN to trust for an assumed-role caller (`arn:aws:sts::1:assumed-role/Admin/me` →
 * `arn:aws:iam::1:role/Admin`; a role path is not in the session ARN, so set OPERATORS for a role
 * with a path), or the IAM user ARN itself.
 */
export function operatorOf(callerArn: string): string | undefined {
  const session = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  if (session) return `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`;
  return /^arn:aws[a-z-]*:iam::\d{12}:user\//.test(callerArn) ? callerArn : undefined;
}
