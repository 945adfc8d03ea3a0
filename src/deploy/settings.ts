/**
 * The make variables of the deploy family (`REGION`, `STACK`, `MODE`, `YES`, `ALLOW_SELF_LOCKOUT`,
 * `WHITELIST`, `MFA_MAX_AGE`, `FREQUENCY`, `LOG_RETENTION`, `ALERT_EMAIL`, `NOTIFY_NEW_USERS`), validated,
 * and the names derived from the stack name, so one STACK value names everything it owns.
 *
 * @example
 * ```ts
 * const s = settings.parse({ STACK: 'mfa-guard', MODE: 'report' });
 * settings.names(s.stack); // { whitelistParameter: '/mfa-guard/whitelist', configRule: 'mfa-guard-users', forwarderStack: 'mfa-guard-iam-events', monitoringStack: 'mfa-guard-monitoring', … }
 * ```
 */
import { fallbackGroupName, isRegionName, regionProblem } from '../core/names.ts';
import { DeployError } from './errors.ts';

/** What `make deploy|whitelist|destroy` is told. */
export interface Settings {
  /** Undefined: let the SDK resolve it (AWS_REGION, the profile). */
  readonly region: string | undefined;
  readonly stack: string;
  readonly mode: 'enforce' | 'report';
  /** Answers the questions (required without a terminal); passes no guard. */
  readonly yes: boolean;
  /** Lets an IAM user who is not exempt deploy a policy that binds them: the one way past the lock-out guard. */
  readonly allowSelfLockout: boolean;
  readonly whitelistFile: string;
  /** The AWS profile in use (make's PROFILE sets AWS_PROFILE), for messages: the SDK reads it itself. */
  readonly profile: string | undefined;
  /** `MFA_MAX_AGE`: seconds an MFA sign-in counts as recent (the template's MfaMaxAgeSeconds). */
  readonly mfaMaxAgeSeconds: number;
  /** The Config rule's MaximumExecutionFrequency; undefined: keep the deployed value (the template's default on a first deploy). */
  readonly frequency: Frequency | undefined;
  /** Days the functions' logs are kept; undefined: keep the deployed value (the template's default on a first deploy). */
  readonly logRetention: number | undefined;
  /** An address to subscribe to the alert topic (`ALERT_EMAIL`), or '' for none. */
  readonly alertEmail: string;
  /** `NOTIFY_NEW_USERS`: alert on every new user enforced (default) or not. */
  readonly notifyNewUsers: boolean;
}

/** The values of the template's `EvaluationFrequency` (Config's MaximumExecutionFrequency). */
export const FREQUENCIES = ['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** The values CloudWatch Logs accepts for a retention, as the template's `LogRetentionDays` lists them. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Names owned by one stack. With the default STACK they are the templates' defaults. */
export interface StackNames {
  readonly whitelistParameter: string;
  readonly configRule: string;
  /** The us-east-1 stack that forwards IAM events when the home region is elsewhere. */
  readonly forwarderStack: string;
  /** The IAM group carrying the policy for users at the managed-policy quota (cfn/mfa-guard.yml FallbackGroup). */
  readonly fallbackGroup: string;
  /** The home region's stack of alarms and the notify function. */
  readonly monitoringStack: string;
}

const FORWARDER_SUFFIX = '-iam-events';
const MONITORING_SUFFIX = '-monitoring';
/**
 * The longest STACK: the stack names its functions, roles, rules and queues (`<STACK>_compliance-change`
 * is one, 64 characters at most), and the MFA policy names them all within IAM's 6,144 characters.
 * The forwarder and monitoring stacks (`<STACK>-iam-events`, `<STACK>-monitoring`) stay far below
 * CloudFormation's 128.
 */
export const MAX_STACK_LENGTH = 32;
// CloudFormation stack names: a letter, then letters, digits, hyphens.
const STACK_NAME = new RegExp(`^[A-Za-z][A-Za-z0-9-]{0,${MAX_STACK_LENGTH - 1}}$`);
/** The template's MfaMaxAgeSeconds bounds: 15 minutes to 36 hours, the range of an MFA session from sts:GetSessionToken. */
export const MFA_MAX_AGE = { min: 900, max: 129_600, default: 3600 } as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Reads the variables (empty means unset); throws a DeployError naming the variable at fault. */
export function parse(env: Readonly<Record<string, string | undefined>>): Settings {
  const value = (name: string) => env[name]?.trim() || undefined;
  const region = value('REGION');
  if (region !== undefined && !isRegionName(region)) throw new DeployError('settings', regionProblem('REGION', region));
  const stack = value('STACK') ?? 'mfa-guard';
  if (!STACK_NAME.test(stack)) {
    throw new DeployError('settings', `STACK "${stack}" is not a valid stack name`, `A letter, then letters, digits and hyphens, at most ${MAX_STACK_LENGTH} characters.`);
  }
  const age = value('MFA_MAX_AGE') ?? String(MFA_MAX_AGE.default);
  if (!/^\d+$/.test(age) || Number(age) < MFA_MAX_AGE.min || Number(age) > MFA_MAX_AGE.max) {
    throw new DeployError('settings', `MFA_MAX_AGE "${age}" is not a whole number of seconds from ${MFA_MAX_AGE.min} to ${MFA_MAX_AGE.max}`);
  }
  const mode = value('MODE') ?? 'enforce';
  if (mode !== 'enforce' && mode !== 'report') throw new DeployError('settings', `MODE "${mode}" is neither enforce nor report`);
  const frequency = value('FREQUENCY');
  if (frequency !== undefined && !isFrequency(frequency)) throw new DeployError('settings', `FREQUENCY "${frequency}" is not one of ${FREQUENCIES.join(', ')}`);
  const retention = value('LOG_RETENTION');
  const logRetention = retention === undefined ? undefined : Number(retention);
  if (logRetention !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(logRetention)) {
    throw new DeployError('settings', `LOG_RETENTION "${retention}" is not a retention CloudWatch Logs accepts`, `Days, one of ${LOG_RETENTION_DAYS.join(', ')}.`);
  }
  const alertEmail = value('ALERT_EMAIL') ?? '';
  if (alertEmail !== '' && !EMAIL.test(alertEmail)) throw new DeployError('settings', `ALERT_EMAIL "${alertEmail}" is not an e-mail address`);
  const notify = value('NOTIFY_NEW_USERS') ?? '1';
  if (notify !== '1' && notify !== '0') throw new DeployError('settings', `NOTIFY_NEW_USERS "${notify}" is neither 1 nor 0`);
  return {
    region,
    stack,
    mode,
    yes: flag(value, 'YES'),
    allowSelfLockout: flag(value, 'ALLOW_SELF_LOCKOUT'),
    whitelistFile: value('WHITELIST') ?? 'whitelist.txt',
    mfaMaxAgeSeconds: Number(age),
    frequency,
    logRetention,
    alertEmail,
    notifyNewUsers: notify === '1',
    profile: value('AWS_PROFILE'),
  };
}

function flag(value: (name: string) => string | undefined, name: string): boolean {
  const given = value(name)?.toLowerCase();
  if (given === undefined || ['0', 'false', 'no'].includes(given)) return false;
  if (['1', 'true', 'yes'].includes(given)) return true;
  throw new DeployError('settings', `${name} "${value(name)}" is not 1 or 0`);
}

function isFrequency(value: string): value is Frequency {
  return (FREQUENCIES as readonly string[]).includes(value);
}

/** The names a stack owns: its whitelist parameter, Config rule, forwarder and monitoring stacks. */
export function names(stack: string): StackNames {
  return {
    whitelistParameter: `/${stack}/whitelist`,
    configRule: `${stack}-users`,
    forwarderStack: `${stack}${FORWARDER_SUFFIX}`,
    fallbackGroup: fallbackGroupName(stack),
    monitoringStack: `${stack}${MONITORING_SUFFIX}`,
  };
}
