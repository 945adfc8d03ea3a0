/**
 * The make variables of the deploy family (`REGION`, `STACK`, `MODE`, `YES`, `WHITELIST`), validated,
 * and the names derived from the stack name, so one STACK value names everything it owns.
 *
 * @example
 * ```ts
 * const s = settings.parse({ STACK: 'mfa-guard', MODE: 'report' });
 * settings.names(s.stack); // { whitelistParameter: '/mfa-guard/whitelist', configRule: 'mfa-guard-users', forwarderStack: 'mfa-guard-iam-events' }
 * ```
 */
import { DeployError } from './errors.ts';

/** What `make deploy|whitelist|destroy` is told. */
export interface Settings {
  /** Undefined: let the SDK resolve it (AWS_REGION, the profile). */
  readonly region: string | undefined;
  readonly stack: string;
  readonly mode: 'enforce' | 'report';
  readonly yes: boolean;
  readonly whitelistFile: string;
  /** An address to subscribe to the alert topic (`ALERT_EMAIL`), or '' for none. */
  readonly alertEmail: string;
  /** `NOTIFY_NEW_USERS`: alert on every new user enforced (default) or not. */
  readonly notifyNewUsers: boolean;
}

/** Names owned by one stack. With the default STACK they are the templates' defaults. */
export interface StackNames {
  readonly whitelistParameter: string;
  readonly configRule: string;
  /** The us-east-1 stack that forwards IAM events when the home region is elsewhere. */
  readonly forwarderStack: string;
  /** The home region's stack of alarms and the notify function. */
  readonly monitoringStack: string;
}

const FORWARDER_SUFFIX = '-iam-events';
const MONITORING_SUFFIX = '-monitoring';
const LONGEST_SUFFIX = Math.max(FORWARDER_SUFFIX.length, MONITORING_SUFFIX.length);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// CloudFormation stack names: a letter, then letters, digits, hyphens; 128 at most (the longest suffix, -iam-events or -monitoring, included).
const STACK_NAME = new RegExp(`^[A-Za-z][A-Za-z0-9-]{0,${127 - LONGEST_SUFFIX}}$`);
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;

/** Reads the variables (empty means unset); throws a DeployError naming the variable at fault. */
export function parse(env: Readonly<Record<string, string | undefined>>): Settings {
  const value = (name: string) => env[name]?.trim() || undefined;
  const region = value('REGION');
  if (region !== undefined && !REGION.test(region)) throw new DeployError('settings', `REGION "${region}" is not a region name like eu-west-1`);
  const stack = value('STACK') ?? 'mfa-guard';
  if (!STACK_NAME.test(stack)) {
    throw new DeployError('settings', `STACK "${stack}" is not a valid stack name`, `A letter, then letters, digits and hyphens, at most ${128 - LONGEST_SUFFIX} characters.`);
  }
  const mode = value('MODE') ?? 'enforce';
  if (mode !== 'enforce' && mode !== 'report') throw new DeployError('settings', `MODE "${mode}" is neither enforce nor report`);
  const yes = value('YES');
  if (yes !== undefined && !['1', '0', 'true', 'false', 'yes', 'no'].includes(yes.toLowerCase())) {
    throw new DeployError('settings', `YES "${yes}" is not 1 or 0`);
  }
  const alertEmail = value('ALERT_EMAIL') ?? '';
  if (alertEmail !== '' && !EMAIL.test(alertEmail)) throw new DeployError('settings', `ALERT_EMAIL "${alertEmail}" is not an e-mail address`);
  const notify = value('NOTIFY_NEW_USERS') ?? '1';
  if (notify !== '1' && notify !== '0') throw new DeployError('settings', `NOTIFY_NEW_USERS "${notify}" is neither 1 nor 0`);
  return { region, stack, mode, yes: yes !== undefined && ['1', 'true', 'yes'].includes(yes.toLowerCase()), whitelistFile: value('WHITELIST') ?? 'whitelist.txt', alertEmail, notifyNewUsers: notify === '1' };
}

/** The names a stack owns: its whitelist parameter, Config rule, forwarder and monitoring stacks. */
export function names(stack: string): StackNames {
  return { whitelistParameter: `/${stack}/whitelist`, configRule: `${stack}-users`, forwarderStack: `${stack}${FORWARDER_SUFFIX}`, monitoringStack: `${stack}${MONITORING_SUFFIX}` };
}
