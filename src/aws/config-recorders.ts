/**
 * AWS Config adapter for the deploy family: the configuration recorders of a region with their
 * status, and starting a first evaluation of the rule.
 */
import {
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  StartConfigRulesEvaluationCommand,
  type ConfigServiceClient,
} from '@aws-sdk/client-config-service';
import type { RecorderFacts, RecorderStatusFacts } from '../deploy/config-recording.ts';

/** The client, narrowed to what the adapter uses. */
export type ConfigService = Pick<ConfigServiceClient, 'send'>;

/** `DescribeConfigurationRecorders` and `DescribeConfigurationRecorderStatus` of the client's region. */
export async function recorders(config: ConfigService): Promise<{ recorders: RecorderFacts[]; statuses: RecorderStatusFacts[] }> {
  const [described, status] = await Promise.all([
    config.send(new DescribeConfigurationRecordersCommand({})),
    config.send(new DescribeConfigurationRecorderStatusCommand({})),
  ]);
  return { recorders: described.ConfigurationRecorders ?? [], statuses: status.ConfigurationRecordersStatus ?? [] };
}

/** `StartConfigRulesEvaluation` of one rule: Config then evaluates every user it records. */
export async function startEvaluation(config: ConfigService, ruleName: string): Promise<void> {
  await config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [ruleName] }));
}
