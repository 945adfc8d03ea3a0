/**
 * Where `make report` and `make reconcile` find the policy and the whitelist: `POLICY_ARN` and
 * `WHITELIST_PARAMETER` when set (the Lambdas' own variables), otherwise the deployed stack
 * (`STACK`, default mfa-guard): its `PolicyArn` output and `WhitelistParameterName` parameter.
 * The stack is the operator's usual source of truth; the variables serve an account without it.
 */
import type { Stack } from '@aws-sdk/client-cloudformation';
import { outputsOf, parametersOf } from '../../src/aws/cloudformation.ts';
import { parsePolicyArn } from '../../src/core/names.ts';

/** What the operator commands act on, and where it came from (printed, so nobody guesses). */
export interface OperatorSettings {
  readonly policyArn: string;
  readonly whitelistParameter: string;
  /** The stack's fallback group (its FallbackGroupName output, or FALLBACK_GROUP): members are covered. */
  readonly fallbackGroup?: string;
  readonly source: string;
}

/** Settings that cannot be resolved; `hint` says what to do. */
export class OperatorSettingsError extends Error {
  override name = 'OperatorSettingsError';
  constructor(
    problem: string,
    readonly hint: string,
  ) {
    super(`${problem}\n${hint}`);
  }
}

const DEFAULT_STACK = 'mfa-guard';
const HINT = 'Deploy with `make deploy`, pass STACK=<name> (and REGION=<region>), or set POLICY_ARN and WHITELIST_PARAMETER.';

/** Resolves the settings; reads the stack (through `describeStack`) only when a variable is missing. */
export async function resolveSettings(env: Readonly<Record<string, string | undefined>>, describeStack: (name: string) => Promise<Stack | undefined>): Promise<OperatorSettings> {
  const value = (name: string) => env[name]?.trim() || undefined;
  let policyArn = value('POLICY_ARN');
  let whitelistParameter = value('WHITELIST_PARAMETER');
  let fallbackGroup = value('FALLBACK_GROUP');
  let source = 'POLICY_ARN and WHITELIST_PARAMETER';
  if (policyArn === undefined || whitelistParameter === undefined) {
    const stackName = value('STACK') ?? DEFAULT_STACK;
    const stack = await describeStack(stackName);
    if (!stack) throw new OperatorSettingsError(`stack ${stackName} does not exist in this region`, HINT);
    policyArn ??= outputsOf(stack).PolicyArn;
    whitelistParameter ??= parametersOf(stack).WhitelistParameterName;
    fallbackGroup ??= outputsOf(stack).FallbackGroupName;
    if (policyArn === undefined || whitelistParameter === undefined) {
      const missing = policyArn === undefined ? 'output PolicyArn' : 'parameter WhitelistParameterName';
      throw new OperatorSettingsError(`stack ${stackName} (${stack.StackStatus ?? 'status unknown'}) has no ${missing}`, HINT);
    }
    source = `stack ${stackName}`;
  }
  if (!parsePolicyArn(policyArn)) throw new OperatorSettingsError(`"${policyArn}" is not a customer managed policy ARN`, HINT);
  return { policyArn, whitelistParameter, ...(fallbackGroup !== undefined && { fallbackGroup }), source };
}
