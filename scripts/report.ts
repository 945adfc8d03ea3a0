/**
 * `make report [JSON=1] [STACK=mfa-guard] [REGION=…]`: the health block, then every IAM user's
 * state. Exit 0 when healthy and nobody is violating, 1 when someone is, 3 when a health check
 * failed, 2 on error. Settings: see operator/settings.ts; health is checked when they come from the stack.
 */
import process from 'node:process';
import * as cloudformation from '../src/aws/cloudformation.ts';
import { resolveRegion } from '../src/aws/deploy-clients.ts';
import { colorWanted } from '../src/core/report-render.ts';
import { flag, operatorClients, quietOnBrokenPipe, runMain, stdio } from './operator/cli.ts';
import { healthClients, healthOf } from './operator/health.ts';
import { runReport } from './operator/report.ts';
import { resolveSettings } from './operator/settings.ts';
import * as awsEnv from './aws-env.ts';
import * as usage from './usage.ts';

quietOnBrokenPipe();
if (!usage.stop('report')) runMain('report', async () => {
  const env = process.env;
  awsEnv.prepare(env);
  const json = flag(env, 'JSON');
  const region = await resolveRegion(env.REGION?.trim() || undefined);
  const { iam, ssm, cfn } = operatorClients(region);
  const settings = await resolveSettings(env, (name) => cloudformation.describeStack(cfn, name));
  const stack = env.STACK?.trim() || 'mfa-guard';
  // Without a stack (POLICY_ARN and WHITELIST_PARAMETER set) there is no deployment to check.
  const health = settings.source.startsWith('stack ') ? () => healthOf(healthClients(region), stack, region, process.cwd(), new Date()) : undefined;
  return runReport({ iam, ssm, settings, now: () => new Date(), ...(health && { health }) }, { json, color: colorWanted(process.stdout.isTTY, env.NO_COLOR) }, stdio);
});
