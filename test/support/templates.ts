/**
 * The templates under cfn/, parsed, and the values their names take in the fixtures' account, so
 * tests can render event patterns and policies exactly as CloudFormation would deploy them.
 */
import { readFileSync } from 'node:fs';
import * as template from '../../src/cfn/template.ts';
import type { RenderVars } from '../../src/core/policy-document.ts';
import { ENFORCER_ENV, WHITELIST_PARAMETER } from '../../sim/container.ts';
import { CONFIG_RULE_ARN, POLICY_ARN, REGION, RULE_NAME, STACK } from '../../sim/fixtures.ts';

export { CONFIG_RULE_ARN, ENFORCER_ENV, REGION, STACK };

/** The home stack, the us-east-1 forwarder and the organisation's read-only role, by path from the repository root. */
export const HOME = 'cfn/mfa-guard.yml';
export const FORWARDER = 'cfn/iam-events.yml';
/** The home region's monitoring stack: alarms and the notify function. */
export const MONITORING = 'cfn/monitoring.yml';
export const ORG_ACCESS = 'cfn/org-access.yml';

export const ACCOUNT = '123456789012';
/** The home stack's alert topic in the fixtures' account (named `<STACK>_alerts`). */
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:${STACK}_alerts`;

const here = (import.meta as ImportMeta & { readonly url: string }).url;

/** The raw text of a template. */
export function text(path: string): string {
  return readFileSync(new URL(`../../${path}`, here), 'utf8');
}

/** A template, parsed with src/cfn/template.ts. */
export function load(path: string): template.Template {
  return template.parse(text(path), path);
}

/** A resource of `t`, which must exist. */
export function resource(t: template.Template, id: string): template.Resource {
  const found = t.Resources[id];
  if (!found) throw new Error(`no resource ${id}`);
  return found;
}

/** A property of a resource, which must exist. */
export function property(t: template.Template, id: string, name: string): template.Json {
  const value = resource(t, id).Properties?.[name];
  if (value === undefined) throw new Error(`${id} has no property ${name}`);
  return value;
}

/** The deployed values of every name the templates use, with their parameters at the defaults the fixtures assume. */
export const vars: RenderVars = {
  partition: 'aws',
  accountId: ACCOUNT,
  region: REGION,
  policyName: 'DenyActionWithoutMFA',
  policyPath: '/',
  names: {
    'AWS::StackName': STACK,
    ResourcePrefix: STACK,
    MfaMaxAgeSeconds: '3600',
    'ConfigRule.Arn': CONFIG_RULE_ARN,
    Policy: POLICY_ARN,
    PolicyArn: POLICY_ARN,
    FallbackGroup: 'mfa-guard-mfa-required',
    'FallbackGroup.Arn': `arn:aws:iam::${ACCOUNT}:group/mfa-guard-mfa-required`,
    ConfigRuleRole: 'mfa-guard-ConfigRuleRole-1A2B3C',
    ConfigRuleName: RULE_NAME,
    WhitelistParameterName: WHITELIST_PARAMETER,
    HomeRegion: REGION,
    HomeStackName: STACK,
    HomeStack: STACK,
    'DeadLetterQueue.Arn': `arn:aws:sqs:${REGION}:${ACCOUNT}:mfa-guard_dead-letters`,
    'ConfigRuleLogGroup.Arn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/mfa-guard_config-rule:*`,
    'RemediateLogGroup.Arn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/mfa-guard_remediate:*`,
    'EnforceLogGroup.Arn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/mfa-guard_enforce:*`,
    'NotifyLogGroup.Arn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/mfa-guard_notify:*`,
    AlertTopic: TOPIC_ARN,
    AlertTopicArn: TOPIC_ARN,
    DeadLetterQueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:mfa-guard_dead-letters`,
  },
};
