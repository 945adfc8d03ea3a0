/**
 * The Service Control Policy `make scp` prints: the MFA policy's anti-tamper and self-protection
 * statements, for every principal of the accounts it applies to (administrator roles included)
 * except the deploy roles given, and the enforcer, which restores the policy (its own role policy
 * lets it change nothing else).
 *
 * @example
 * ```ts
 * const document = renderScp(template.policyDocumentOf(home, 'cfn/mfa-guard.yml'), {
 *   roles: ['arn:aws:iam::123456789012:role/deployer'], stack: 'mfa-guard', policyName: 'DenyActionWithoutMFA',
 *   policyPath: '/', whitelistParameter: '/mfa-guard/whitelist',
 * }); // { Version, Statement: [DenyChangingMfaGuard, DenyDetachingThisPolicy] }
 * ```
 */
import { render, type Rendered } from './policy-document.ts';

/** What the SCP is made for. */
export interface ScpInput {
  /** ARNs of the roles that may still change the guard (`arn:aws:iam::123456789012:role/deployer`). */
  readonly roles: readonly string[];
  readonly stack: string;
  readonly policyName: string;
  readonly policyPath: string;
  readonly whitelistParameter: string;
  /** The stack's ConfigRuleArn output; without it the Config rule is left out (its ARN holds a generated ID). */
  readonly configRuleArn?: string;
}

/** A bad ROLES or CONFIG_RULE_ARN (or a document without the statements): says which value and what was expected. */
export class ScpError extends Error {
  override name = 'ScpError';
}

/** The statements of the MFA policy that an SCP carries, by Sid. */
export const STATEMENTS = ['DenyChangingMfaGuard', 'DenyDetachingThisPolicy'] as const;

const ROLE = /^arn:(aws[a-z-]*):iam::\d{12}:role\/[\w+=,.@/-]+$/;
const CONFIG_RULE = /^arn:(aws[a-z-]*):config:[a-z0-9-]+:\d{12}:config-rule\/config-rule-[a-z0-9]+$/;
const LEFT_OUT = '\u0000left out';

type Statement = { readonly Sid?: Rendered; readonly Resource?: Rendered; readonly Condition?: Record<string, Record<string, Rendered>>; readonly [key: string]: Rendered | undefined };

function union(values: ReadonlyArray<Rendered | undefined>): Rendered[] {
  return [...new Set(values.flatMap((v) => (v === undefined ? [] : [v].flat())))];
}

function single(values: Rendered[]): Rendered {
  return values.length === 1 ? (values[0] as Rendered) : values;
}

/** The SCP for `input`, from the template's (unrendered) policy document; throws ScpError naming a bad value. */
export function renderScp(templateDocument: unknown, input: ScpInput): Rendered {
  if (input.roles.length === 0) throw new ScpError('ROLES is empty: give the ARN of at least one deploy role (arn:aws:iam::123456789012:role/deployer)');
  const bad = input.roles.find((role) => !ROLE.test(role));
  if (bad !== undefined) throw new ScpError(`ROLES: "${bad}" is not an IAM role ARN like arn:aws:iam::123456789012:role/deployer`);
  const partitions = new Set(input.roles.map((role) => ROLE.exec(role)?.[1]));
  if (partitions.size > 1) throw new ScpError(`ROLES: the roles are in different partitions (${[...partitions].join(', ')}); an SCP applies within one`);
  const [partition = 'aws'] = partitions;
  if (input.configRuleArn !== undefined && CONFIG_RULE.exec(input.configRuleArn)?.[1] !== partition) {
    throw new ScpError(`CONFIG_RULE_ARN: "${input.configRuleArn}" is not a Config rule ARN of partition ${partition} like arn:${partition}:config:eu-west-1:123456789012:config-rule/config-rule-a1b2c3`);
  }
  // Region `*`: the forwarder lives in another region than the home stack, and the names carry the
  // stack. Accounts: those of the roles (conditions compare policy ARNs exactly, so no `*` there).
  const accounts = [...new Set(input.roles.map((role) => role.split(':')[4] ?? ''))];
  const document = templateDocument as { Statement?: unknown };
  const statements = (Array.isArray(document.Statement) ? document.Statement : []) as unknown[];
  const chosen = STATEMENTS.map((sid) => {
    const found = statements.find((s) => (s as { Sid?: unknown }).Sid === sid);
    if (!found) throw new ScpError(`the policy document has no statement ${sid}`);
    return found;
  });
  const names = { 'AWS::StackName': input.stack, ResourcePrefix: input.stack, WhitelistParameterName: input.whitelistParameter, 'ConfigRule.Arn': input.configRuleArn ?? LEFT_OUT };
  const perAccount = accounts.map((accountId) => chosen.map((statement) => render(statement, { partition, accountId, region: '*', policyName: input.policyName, policyPath: input.policyPath, names }) as Statement));
  const enforcers = accounts.map((account) => `arn:${partition}:iam::${account}:role/mfa-guard/${input.stack}_enforce`);
  const rendered = chosen.map((_, i) => {
    const versions = perAccount.map((statements) => statements[i] as Statement);
    const first = versions[0] as Statement;
    const resources = union(versions.map((v) => v.Resource)).filter((r) => r !== LEFT_OUT);
    const condition: Record<string, Record<string, Rendered>> = {};
    for (const [operator, keys] of Object.entries(first.Condition ?? {})) {
      condition[operator] = Object.fromEntries(Object.keys(keys).map((key) => [key, single(union(versions.map((v) => v.Condition?.[operator]?.[key])))]));
    }
    // The enforcer restores the policy's document; its own policy lets it change nothing else of the guard.
    return { ...first, Resource: single(resources), Condition: { ...condition, ArnNotLike: { 'aws:PrincipalArn': [...input.roles, ...enforcers] } } };
  });
  return { Version: '2012-10-17', Statement: rendered };
}
