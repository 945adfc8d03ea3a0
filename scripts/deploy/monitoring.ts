/**
 * The monitoring stack (<STACK>-monitoring, home region): deployed after the home stack, from its
 * outputs and parameters, so that alarms watch the functions just deployed.
 */
import type { Stack } from '@aws-sdk/client-cloudformation';
import * as cloudformation from '../../src/aws/cloudformation.ts';
import * as template from '../../src/cfn/template.ts';
import { DeployError } from '../../src/deploy/errors.ts';
import * as inline from '../../src/deploy/inline.ts';
import type { StackNames } from '../../src/deploy/settings.ts';
import type { Io, Pace } from './io.ts';
import { deployStack, type StackResult } from './stack.ts';

/** The home stack's outputs the monitoring stack takes as parameters of the same names. */
export const HOME_OUTPUTS = ['PolicyArn', 'AlertTopicArn', 'DeadLetterQueueArn', 'DeadLetterQueueUrl', 'DeadLetterQueueName', 'ConfigRuleFunctionName', 'RemediateFunctionName', 'EnforceFunctionName'] as const;

/** The home stack's parameters it takes too. */
const HOME_PARAMETERS = ['WhitelistParameterName', 'ConfigRuleName', 'EvaluationFrequency', 'LogRetentionDays'] as const;

/** The monitoring stack's parameters, from the home stack as deployed; a missing output is a DeployError naming it. */
export function parametersFrom(stack: string, home: Stack): Record<string, string> {
  const outputs = cloudformation.outputsOf(home);
  const missing = HOME_OUTPUTS.filter((name) => outputs[name] === undefined);
  if (missing.length > 0) throw new DeployError(`stack ${stack}`, `has no output ${missing.join(', ')}`, 'The monitoring stack needs them: check cfn/mfa-guard.yml Outputs, then make deploy again.');
  const homeParameters = cloudformation.parametersOf(home);
  const passed = HOME_PARAMETERS.flatMap((name) => (homeParameters[name] === undefined ? [] : [[name, homeParameters[name]] as const]));
  return { HomeStack: stack, ...Object.fromEntries(HOME_OUTPUTS.map((name) => [name, outputs[name] ?? ''])), ...Object.fromEntries(passed) };
}

/** Deploys <STACK>-monitoring with dist/monitoring.yml; `own` holds its own parameters (NotifyNewUsers, AlertEmail). */
export async function deployMonitoring(cfn: cloudformation.CloudFormation, names: StackNames, stack: string, home: Stack, body: string, own: Readonly<Record<string, string>>, io: Io, pace: Pace, version: string): Promise<StackResult> {
  const parsed = template.parse(body, 'dist/monitoring.yml');
  return deployStack(cfn, { name: names.monitoringStack, templateBody: body, parameters: { ...parametersFrom(stack, home), ...own }, capabilities: inline.capabilities(parsed, 'dist/monitoring.yml'), role: 'monitoring', version }, io, pace);
}
