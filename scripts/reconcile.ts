/**
 * `make reconcile [APPLY=1] [STACK=mfa-guard] [REGION=…]`: lists the users the policy would be
 * attached to; with APPLY=1 attaches it. Exit 1 if any attach failed, 2 on error.
 */
import process from 'node:process';
import * as cloudformation from '../src/aws/cloudformation.ts';
import { resolveRegion } from '../src/aws/deploy-clients.ts';
import { flag, operatorClients, runMain, stdio } from './operator/cli.ts';
import { runReconcile } from './operator/reconcile.ts';
import { resolveSettings } from './operator/settings.ts';
import * as awsEnv from './aws-env.ts';
import * as usage from './usage.ts';

if (!usage.stop('reconcile')) runMain('reconcile', async () => {
  const env = process.env;
  awsEnv.prepare(env);
  const apply = flag(env, 'APPLY');
  const { iam, ssm, cfn } = operatorClients(await resolveRegion(env.REGION?.trim() || undefined));
  const settings = await resolveSettings(env, (name) => cloudformation.describeStack(cfn, name));
  return (await runReconcile({ iam, ssm, settings, now: () => new Date() }, { apply }, stdio)).exitCode;
});
