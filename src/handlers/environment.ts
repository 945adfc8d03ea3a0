/**
 * The one module that reads the Lambda environment (and the document the build embeds).
 *
 * | variable | meaning |
 * | --- | --- |
 * | `POLICY_ARN` | ARN of the DenyActionWithoutMFA managed policy |
 * | `WHITELIST_PARAMETER` | SSM parameter holding the resolved whitelist (JSON) |
 * | `CONFIG_RULE_NAME` | the Config rule whose Compliance Change events remediation handles |
 * | `MODE` | `enforce` (default) or `report`: decide and log, write nothing to IAM |
 *
 * The notify function reads `TOPIC_ARN`, `STACK`, `POLICY_ARN`, `WHITELIST_PARAMETER`,
 * `CONFIG_RULE_NAME`, `DEAD_LETTER_QUEUE_URL` and `NOTIFY_NEW_USERS` (see `notifySettings`).
 */
import { parsePolicyArn } from '../core/names.ts';

/** What every function is configured with. */
export interface Settings {
  readonly policyArn: string;
  readonly whitelistParameter: string;
  readonly ruleName: string;
  readonly mode: 'enforce' | 'report';
}

/** A missing or malformed environment variable. */
export class SettingsError extends Error {
  override name = 'SettingsError';
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
export function notifySettings(env: Readonly<Record<string, string | undefined>> = process.env): NotifySettings {
  const read = required(env);
  const flag = env.NOTIFY_NEW_USERS?.trim() || '1';
  if (flag !== '1' && flag !== '0') throw new SettingsError(`NOTIFY_NEW_USERS "${flag}" is neither 1 nor 0`);
  return { topicArn: read('TOPIC_ARN'), stack: read('STACK'), policyArn: read('POLICY_ARN'), notifyNewUsers: flag === '1', whitelistParameter: read('WHITELIST_PARAMETER'), configRuleName: read('CONFIG_RULE_NAME'), deadLetterQueueUrl: env.DEAD_LETTER_QUEUE_URL?.trim() || undefined };
}

function required(env: Readonly<Record<string, string | undefined>>): (name: string) => string {
  return (name) => {
    const value = env[name]?.trim();
    if (!value) throw new SettingsError(`environment variable ${name} is not set`);
    return value;
  };
}

/** Reads and validates the settings; names the variable at fault. */
export function settings(env: Readonly<Record<string, string | undefined>> = process.env): Settings {
  const read = required(env);
  const policyArn = read('POLICY_ARN');
  if (!parsePolicyArn(policyArn)) throw new SettingsError(`POLICY_ARN "${policyArn}" is not a customer managed policy ARN`);
  const mode = env.MODE?.trim() || 'enforce';
  if (mode !== 'enforce' && mode !== 'report') throw new SettingsError(`MODE "${mode}" is neither enforce nor report`);
  return { policyArn, whitelistParameter: read('WHITELIST_PARAMETER'), ruleName: read('CONFIG_RULE_NAME'), mode };
}

// Replaced by `make synth` (esbuild `define`) with the policy document of cfn/mfa-guard.yml, as a JSON string.
declare const MFA_GUARD_POLICY_DOCUMENT: string | undefined;

/** The canonical policy document (unrendered CloudFormation form) embedded by the build, if this is a build. */
export function embeddedPolicyDocument(): unknown {
  return typeof MFA_GUARD_POLICY_DOCUMENT === 'string' ? JSON.parse(MFA_GUARD_POLICY_DOCUMENT) : undefined;
}
