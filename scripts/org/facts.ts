/** What CloudFormation holds of one StackSet: template, parameters, ARN and instances (with overrides where asked). */
import * as stacksets from '../../src/aws/stacksets.ts';
import { mapLimit } from '../../src/core/concurrency.ts';
import type { InstanceFacts, SetFacts } from '../../src/org/plan.ts';

/** The StackSet's facts; `withOverrides` adds one DescribeStackInstance per instance (the home StackSet's whitelist). */
export async function setFacts(s: stacksets.StackSets, name: string, withOverrides: boolean, concurrency: number): Promise<SetFacts & { readonly arn?: string }> {
  const set = await stacksets.describe(s, name);
  if (!set) return { exists: false, parameters: {}, instances: [] };
  const summaries = await stacksets.instances(s, name);
  const instances = await mapLimit(summaries, concurrency, async (i): Promise<InstanceFacts> => ({
    account: i.Account ?? '',
    region: i.Region ?? '',
    status: i.Status ?? '',
    detailed: i.StackInstanceStatus?.DetailedStatus ?? '',
    ...(i.StatusReason && { reason: i.StatusReason }),
    overrides: withOverrides ? await stacksets.overrides(s, name, i.Account ?? '', i.Region ?? '') : {},
  }));
  return {
    exists: true,
    ...(set.TemplateBody !== undefined && { templateBody: set.TemplateBody }),
    parameters: Object.fromEntries((set.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? ''])),
    instances,
    ...(set.StackSetARN && { arn: set.StackSetARN }),
  };
}
