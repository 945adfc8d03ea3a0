/**
 * SSM Parameter Store in the in-memory account: GetParameter (ParameterNotFound), PutParameter
 * (ParameterAlreadyExists unless Overwrite; a type is required to create; values of 1 to 4,096
 * characters in the Standard tier, 8,192 in Advanced) and DeleteParameter.
 */
import type {
  DeleteParameterRequest,
  GetParameterRequest,
  GetParameterResult,
  PutParameterRequest,
  PutParameterResult,
} from '@aws-sdk/client-ssm';
import { Buffer } from 'node:buffer';
import * as errors from './account-errors.ts';
import type { AccountState, MemoryParameter } from './account-state.ts';

const TYPES = new Set(['String', 'StringList', 'SecureString']);

/** The parameter's ARN: `arn:aws:ssm:us-east-1:123456789012:parameter/mfa-guard/whitelist`. */
export function parameterArn(state: AccountState, name: string): string {
  return `arn:${state.partition}:ssm:${state.region}:${state.accountId}:parameter/${name.replace(/^\//, '')}`;
}

/** Creates or overwrites a parameter with PutParameter's rules; returns the new version. */
export function putParameter(state: AccountState, input: PutParameterRequest): MemoryParameter {
  const name = input.Name ?? '';
  const value = input.Value ?? '';
  if (name.length < 1 || name.length > 2048) throw errors.ssm.validation(`1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must have length between 1 and 2048`);
  if (value.length < 1) throw errors.ssm.validation("1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
  const known = state.parameters.get(name);
  if (known?.tier === 'Advanced' && input.Tier === 'Standard') {
    throw errors.ssm.validation("You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.");
  }
  const tier = input.Tier === 'Advanced' || known?.tier === 'Advanced' ? 'Advanced' : 'Standard';
  if (tier === 'Standard' && value.length > 4096) {
    throw errors.ssm.validation('Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.');
  }
  if (value.length > 8192) throw errors.ssm.validation('Advanced tier parameters support a maximum parameter value of 8192 characters.');
  if (input.Type !== undefined && !TYPES.has(input.Type)) throw errors.ssm.validation(`1 validation error detected: Value '${input.Type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`);
  if (known && !input.Overwrite) throw errors.ssm.alreadyExists();
  if (!known && input.Type === undefined) throw errors.ssm.validation('A parameter type is required when you create a parameter.');
  const parameter: MemoryParameter = {
    name,
    type: input.Type ?? known?.type ?? 'String',
    value,
    version: (known?.version ?? 0) + 1,
    modified: state.clock(),
    tier,
    ...(input.Description === undefined ? {} : { description: input.Description }),
  };
  state.parameters.set(name, parameter);
  return parameter;
}

/** The SSM commands. */
export const ssmCommands = {
  GetParameter: (state: AccountState, input: GetParameterRequest): GetParameterResult => {
    const name = input.Name ?? '';
    const parameter = state.parameters.get(name);
    if (!parameter) throw errors.ssm.parameterNotFound(name);
    // Without decryption a SecureString comes back as ciphertext, never as the plain value.
    const value = parameter.type === 'SecureString' && !input.WithDecryption ? `AQICAH${Buffer.from(parameter.value).toString('base64')}` : parameter.value;
    return {
      Parameter: {
        Name: parameter.name,
        Type: parameter.type,
        Value: value,
        Version: parameter.version,
        LastModifiedDate: parameter.modified,
        ARN: parameterArn(state, parameter.name),
        DataType: 'text',
      },
    };
  },

  PutParameter: (state: AccountState, input: PutParameterRequest): PutParameterResult => {
    const parameter = putParameter(state, input);
    return { Version: parameter.version, Tier: parameter.tier };
  },

  DeleteParameter: (state: AccountState, input: DeleteParameterRequest): object => {
    const name = input.Name ?? '';
    if (!state.parameters.delete(name)) throw errors.ssm.parameterNotFound(name);
    return {};
  },
};
