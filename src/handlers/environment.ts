/**
 * The one module that reads the Lambda environment (and the document the build embeds).
 *
 * | variable | meaning |
 * | --- | --- |
 * | `POLICY_ARN` | ARN of the DenyActionWithoutMFA managed policy |
 * | `WHITELIST_PARAMETER` | SSM parameter holding the resolved whitelist (JSON) |
 * | `CONFIG_RULE_NAME` | the Config rule whose Compliance Change events remediation handles |
 * | `MODE` | `enforce` (default) or `report`: decide and log, write nothing to IAM |
 * | `STACK_NAME` | the stack: renders the policy document, and names the fallback group `<STACK_NAME>-mfa-required` unless `RESOURCE_PREFIX` does; optional for local runs (then no group fallback) |
 * | `RESOURCE_PREFIX` | the prefix of the stack's resource names (`<prefix>_…`, the group `<prefix>-mfa-required`) |
 *
 * The enforcer also renders the canonical policy document, which names the stack's resources:
 * `STACK_NAME`, `RESOURCE_PREFIX`, `MFA_MAX_AGE_SECONDS`, `CONFIG_RULE_ARN` and Lambda's own `AWS_REGION`.
 *
 * The notify function reads `TOPIC_ARN`, `STACK`, `POLICY_ARN`, `WHITELIST_PARAMETER`,
 * `CONFIG_RULE_NAME`, `DEAD_LETTER_QUEUE_URL` and `NOTIFY_NEW_USERS` (see `notifySettings`).
 */
import { fallbackGroupName, parsePolicyArn } from '../core/names.ts';

/** What every function is configured with. */
export interface Settings {
  readonly policyArn: string;
  readonly whitelistParameter: string;
  readonly ruleName: string;
  readonly mode: 'enforce' | 'report';
  /** The stack's name (`AWS::StackName` in the policy document), when known. */
  readonly stackName?: string;
  /** The group carrying the policy for users at the managed-policy quota; none without STACK_NAME. */
  readonly fallbackGroup?: string;
}

/** A missing or malformed environment variable. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new SettingsError(`environment variable ${name} is not set`);
  return value;
}

/** What the notify function is configured with. */
export interface NotifySettings {
  readonly topicArn: string;
  readonly stack: string;
  readonly policyArn: string;
  /** Whether a new user enforced is an alert (`NOTIFY_NEW_USERS`, 1 or 0). */
  readonly notifyNewUsers: boolean;
  readonly whitelistParameter: string;
  readonly configRuleName: string;
  /** The home dead-letter queue, looked into when its alarm fires. */
  readonly deadLetterQueueUrl: string | undefined;
}

/** Reads the notify function's settings; names the variable at fault. */
export function notifySettings(env: Env = process.env): NotifySettings {
  const read = (name: string): string => required(env, name);
  const flag = env.NOTIFY_NEW_USERS?.trim() || '1';
  if (flag !== '1' && flag !== '0') throw new SettingsError(`NOTIFY_NEW_USERS "${flag}" is neither 1 nor 0`);
  return { topicArn: read('TOPIC_ARN'), stack: read('STACK'), policyArn: read('POLICY_ARN'), notifyNewUsers: flag === '1', whitelistParameter: read('WHITELIST_PARAMETER'), configRuleName: read('CONFIG_RULE_NAME'), deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL?.trim() || undefined };
}

/** Reads and validates the settings; names the variable at fault. */
export function settings(env: Env = process.env): Settings {
  const read = (name: string): string => required(env, name);
  const policyArn = read('POLICY_ARN');
  if (!parsePolicyArn(policyArn)) throw new SettingsError(`POLICY_ARN "${policyArn}" is not a customer managed policy ARN`);
  const mode = env.MODE?.trim() || 'enforce';
  if (mode !== 'enforce' && mode !== 'report') throw new SettingsError(`MODE "${mode}" is neither enforce nor report`);
  const stackName = env.STACK_NAME?.trim();
  if (stackName !== undefined && stackName !== '' && !/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName)) throw new SettingsError(`STACK_NAME "${stackName}" is not a stack name`);
  // Resources are named from RESOURCE_PREFIX (under a StackSet the stack name is too long); STACK_NAME when it is absent.
  const prefix = env.RESOURCE_PREFIX?.trim() || stackName;
  const stack = stackName ? { stackName, ...(prefix && { fallbackGroup: fallbackGroupName(prefix) }) } : {};
  return { policyArn, whitelistParameter: read('WHITELIST_PARAMETER'), ruleName: read('CONFIG_RULE_NAME'), mode, ...stack };
}

// Replaced by `make synth` (esbuild `define`) with the policy document of cfn/mfa-guard.yml, as a JSON string.
declare const MFA_GUARD_POLICY_DOCUMENT: string | undefined;

/** The canonical policy document (unrendered CloudFormation form) embedded by the build, if this is a build. */
export function embeddedPolicyDocument(): unknown {
  return typeof MFA_GUARD_POLICY_DOCUMENT === 'string' ? JSON.parse(MFA_GUARD_POLICY_DOCUMENT) : undefined;
}

/** What CloudFormation substituted in the policy document besides the policy's own ARN. */
export interface DocumentNames {
  readonly region: string;
  /** By the names the template uses: `AWS::StackName`, `MfaMaxAgeSeconds`, `ConfigRule.Arn`… */
  readonly names: Readonly<Record<string, string>>;
}

/** Reads the names the canonical document needs (only the enforcer renders it); names the variable at fault. */
export function documentNames(env: Env = process.env): DocumentNames {
  const age = required(env, 'MFA_MAX_AGE_SECONDS');
  if (!/^\d+$/.test(age)) throw new SettingsError(`MFA_MAX_AGE_SECONDS "${age}" is not a whole number of seconds`);
  return {
    region: required(env, 'AWS_REGION'),
    names: {
      'AWS::StackName': required(env, 'STACK_NAME'),
      ResourcePrefix: required(env, 'RESOURCE_PREFIX'),
      MfaMaxAgeSeconds: age,
      'ConfigRule.Arn': required(env, 'CONFIG_RULE_ARN'),
      WhitelistParameterName: required(env, 'WHITELIST_PARAMETER'),
    },
  };
}
