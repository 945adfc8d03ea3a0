/**
 * `make report [JSON=1] [STACK=mfa-guard] [REGION=…]`: every IAM user's state. Exit 0 when nobody
 * is violating, 1 when someone is, 2 on error. Settings: see operator/settings.ts.
 */
import process from 'node:process';
import * as cloudformation from '../src/aws/cloudformation.ts';
import { resolveRegion } from '../src/aws/deploy-clients.ts';
import { colorWanted } from '../src/core/report-render.ts';
import { flag, operatorClients, quietOnBrokenPipe, runMain, stdio } from './operator/cli.ts';
import { runReport } from './operator/report.ts';
import { resolveSettings } from './operator/settings.ts';
import * as awsEnv from './aws-env.ts';
import * as usage from './usage.ts';

quietOnBrokenPipe();
if (!usage.stop('report')) runMain('report', async () => {
  const env = process.env;
  awsEnv.prepare(env);
  const json = flag(env, 'JSON');
  const { iam, ssm, cfn } = operatorClients(await resolveRegion(env.REGION?.trim() || undefined));
  const settings = await resolveSettings(env, (name) => cloudformation.describeStack(cfn, name));
  return runReport({ iam, ssm, settings, now: () => new Date() }, { json, color: colorWanted(process.stdout.isTTY, env.NO_COLOR) }, stdio);
});
