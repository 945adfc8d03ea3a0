/**
 * The health block's wiring for `make report`: clients of the home region and of us-east-1, the
 * code `make synth` builds from this checkout (each function's loader and code), and the release.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { OPTIONS } from '../../src/aws/clients.ts';
import { gather, type HealthAws } from '../../src/aws/health.ts';
import { fetchBytes } from '../../src/aws/health-reads.ts';
import * as template from '../../src/cfn/template.ts';
import { zipFileOf } from '../../src/deploy/code-parameters.ts';
import { checks } from '../../src/deploy/health.ts';
import type { Verdict } from '../../src/deploy/preflight.ts';
import { iamEventsRegion } from '../../src/deploy/trails.ts';
import { synth } from '../synth/synth.ts';

/** The real clients for `region` (and us-east-1, or cn-north-1 in China). */
export function healthClients(region: string): HealthAws {
  const here = { ...OPTIONS, region };
  const there = { ...OPTIONS, region: iamEventsRegion(region) };
  return {
    cfn: new CloudFormationClient(here),
    cfnEvents: new CloudFormationClient(there),
    events: new EventBridgeClient(here),
    eventsIn: new EventBridgeClient(there),
    trail: new CloudTrailClient(there),
    config: new ConfigServiceClient(here),
    sqs: new SQSClient(here),
    sqsEvents: new SQSClient(there),
    lambda: new LambdaClient(here),
    logs: new CloudWatchLogsClient(here),
    download: fetchBytes,
  };
}

/** Each function's index.js as `make synth` builds it from the checkout at `root` (the home ones joined with their code parameters), by logical ID. */
export async function expectedCode(root: string): Promise<Record<string, string>> {
  const built = await synth({ root });
  const code: Record<string, string> = {};
  for (const body of [built.home, built.monitoring]) {
    const parsed = template.parse(body, 'dist');
    for (const [id, resource] of Object.entries(parsed.Resources)) {
      if (resource.Type === 'AWS::Lambda::Function') code[id] = zipFileOf(parsed, id, built.code);
    }
  }
  return code;
}

/** The health checks of stack `stack` in `region`, against the checkout at `root`. */
export async function healthOf(aws: HealthAws, stack: string, region: string, root: string, now: Date): Promise<Verdict[]> {
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  const facts = await gather(aws, { stack, region, eventsRegion: iamEventsRegion(region), version, expectedCode: await expectedCode(root), now });
  return checks(facts);
}
