/**
 * Gathers the facts of `make report`'s health block (src/deploy/health.ts decides): the three
 * stacks, our EventBridge rules, the trail, the recorder, the dead-letter queues, each function's
 * deployed code, the Config rule's last evaluation. Every read that fails is kept as its error, so
 * one denied call fails its own check, not the report.
 */
import * as configRecorders from './config-recorders.ts';
import * as cloudformation from './cloudformation.ts';
import { errorMessage, errorName } from './errors.ts';
import * as reads from './health-reads.ts';
import * as sqsApi from './sqs.ts';
import * as trailsApi from './trails.ts';
import { ownedPrefix } from '../core/names.ts';
import type { FunctionFacts, HealthFacts, Read, RuleFacts, StackFacts } from '../deploy/health.ts';
import { names as namesOf } from '../deploy/settings.ts';
import { coversIam, writesManagementEvents } from '../deploy/trails.ts';

/** The clients: the home region's, and us-east-1's for the forwarder and the trail. */
export interface HealthAws {
  readonly cfn: cloudformation.CloudFormation;
  readonly cfnEvents: cloudformation.CloudFormation;
  readonly events: reads.EventBridge;
  readonly eventsIn: reads.EventBridge;
  readonly trail: reads.CloudTrail & trailsApi.CloudTrail;
  readonly config: reads.ConfigService & configRecorders.ConfigService;
  readonly sqs: sqsApi.Sqs;
  readonly sqsEvents: sqsApi.Sqs;
  readonly lambda: reads.Lambda;
  readonly logs: reads.Logs;
  readonly download: reads.Download;
}

/** What to check: the stack, where, which version and which code this checkout builds (bundled loaders by logical ID). */
export interface HealthRequest {
  readonly stack: string;
  readonly region: string;
  readonly eventsRegion: string;
  readonly version: string;
  readonly expectedCode: Readonly<Record<string, string>>;
  readonly now: Date;
}

const FREQUENCY_HOURS: Readonly<Record<string, number>> = { One_Hour: 1, Three_Hours: 3, Six_Hours: 6, Twelve_Hours: 12, TwentyFour_Hours: 24 };

async function read<T>(fn: () => Promise<T>): Promise<Read<T>> {
  try {
    return await fn();
  } catch (error) {
    return { error: `${errorName(error) ?? 'Error'}: ${errorMessage(error)}` };
  }
}

/** Reads every fact; never throws for an AWS error. */
export async function gather(aws: HealthAws, request: HealthRequest): Promise<HealthFacts> {
  const { stack, region, eventsRegion } = request;
  const names = namesOf(stack);
  const forwarding = region !== eventsRegion;
  const stackIn = async (cfn: cloudformation.CloudFormation, name: string, where: string) => {
    const found = await read(() => cloudformation.describeStack(cfn, name));
    const facts: StackFacts = { name, region: where, found: found && !('error' in found) ? { status: found.StackStatus ?? 'unknown', version: cloudformation.outputsOf(found).Version } : found };
    const resources = found && !('error' in found) ? await read(() => cloudformation.stackResources(cfn, name)) : [];
    const physical = (id: string) => (Array.isArray(resources) ? resources.find((r) => r.LogicalResourceId === id)?.PhysicalResourceId : undefined);
    return { facts, stack: found && !('error' in found) ? found : undefined, physical };
  };
  const home = await stackIn(aws.cfn, stack, region);
  const monitoring = await stackIn(aws.cfn, names.monitoringStack, region);
  const forwarder = forwarding ? await stackIn(aws.cfnEvents, names.forwarderStack, eventsRegion) : undefined;

  // arn:<partition>:cloudformation:<region>:<account>:stack/… gives the partition and account.
  const [, partition = 'aws', , , account = ''] = (home.stack?.StackId ?? '').split(':');
  const functionArn = (name: string | undefined) => `arn:${partition}:lambda:${region}:${account}:function:${name ?? '?'}`;
  const ruleOf = async (owner: typeof home, id: string, events: reads.EventBridge, where: string, expectedTarget: string): Promise<RuleFacts> => {
    // A rule's physical ID is its name ("bus|name" on a custom bus).
    const name = owner.physical(id)?.split('|').pop();
    return { name: name ?? id, region: where, expectedTarget, found: name ? await read(() => reads.rule(events, name)) : { error: `no ${id} in the stack` } };
  };
  const rules = [
    await ruleOf(home, 'CloudTrailRule', aws.events, region, functionArn(home.physical('EnforceFunction'))),
    await ruleOf(home, 'ComplianceChangeRule', aws.events, region, functionArn(home.physical('RemediateFunction'))),
    ...(forwarder
      ? [
          await ruleOf(forwarder, 'ForwardRule', aws.eventsIn, eventsRegion, `arn:${partition}:events:${region}:${account}:event-bus/default`),
          await ruleOf(forwarder, 'AlertsForwardRule', aws.eventsIn, eventsRegion, `arn:${partition}:events:${region}:${account}:event-bus/default`),
        ]
      : []),
    await ruleOf(monitoring, 'GuardRule', aws.events, region, functionArn(monitoring.physical('NotifyFunction'))),
    await ruleOf(monitoring, 'AlarmRule', aws.events, region, functionArn(monitoring.physical('NotifyFunction'))),
  ];

  const functions: FunctionFacts[] = [];
  for (const [owner, id] of [[home, 'ConfigRuleFunction'], [home, 'RemediateFunction'], [home, 'EnforceFunction'], [monitoring, 'NotifyFunction']] as const) {
    const name = owner.physical(id);
    functions.push({ name: name ?? id, expected: request.expectedCode[id] ?? '', deployed: name ? await read(() => reads.deployedCode(aws.lambda, name, aws.download)) : { error: `no ${id} in the stack` } });
  }

  const queue = async (name: string, url: string | undefined, sqs: sqsApi.Sqs) => ({ name, url: url ?? '?', depth: url ? await read(() => sqsApi.depth(sqs, url)) : { error: 'no DeadLetterQueueUrl output' } });
  const queues = [
    await queue(`${stack} dead letters`, cloudformation.outputsOf(home.stack).DeadLetterQueueUrl, aws.sqs),
    ...(forwarder ? [await queue(`${names.forwarderStack} dead letters`, cloudformation.outputsOf(forwarder.stack).DeadLetterQueueUrl, aws.sqsEvents)] : []),
  ];

  const trails = await read(async () => {
    const all = await trailsApi.trailsWithStatus(aws.trail);
    return Promise.all(all.map(async (t) => (coversIam(t, eventsRegion) && t.TrailARN ? { ...t, writesManagementEvents: writesManagementEvents(await reads.selectors(aws.trail, t.TrailARN)) } : t)));
  });
  const notifyArn = functionArn(monitoring.physical('NotifyFunction'));
  const subscriptions = [];
  for (const fn of ['config-rule', 'remediate', 'enforce']) {
    const logGroup = `/aws/lambda/${ownedPrefix(stack)}${fn}`;
    subscriptions.push({ logGroup, expectedDestination: notifyArn, found: await read(() => reads.subscriptions(aws.logs, logGroup)) });
  }
  const ruleName = cloudformation.outputsOf(home.stack).ConfigRuleName ?? names.configRule;
  const frequency = cloudformation.parametersOf(home.stack).EvaluationFrequency ?? 'One_Hour';
  return {
    version: request.version,
    region,
    eventsRegion,
    stacks: [home.facts, ...(forwarder ? [forwarder.facts] : []), monitoring.facts],
    rules,
    trails,
    recorders: await read(() => configRecorders.recorders(aws.config)),
    queues,
    functions,
    subscriptions,
    evaluation: { rule: ruleName, maxAgeHours: 2 * (FREQUENCY_HOURS[frequency] ?? 1), found: await read(() => reads.lastEvaluation(aws.config, ruleName)) },
    now: request.now,
  };
}
