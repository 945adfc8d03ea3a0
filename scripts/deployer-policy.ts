/**
 * `make deployer-policy [STACK PARTITION ACCOUNT REGION]`: prints the IAM policy (JSON) a principal
 * needs for make deploy, whitelist, destroy and report (see src/deploy/deployer-policy.ts). Offline.
 */
import process from 'node:process';
import * as deployerPolicy from '../src/deploy/deployer-policy.ts';
import { isRegionName, regionProblem } from '../src/core/names.ts';
import { DeployError } from '../src/deploy/errors.ts';
import * as settings from '../src/deploy/settings.ts';
import * as usage from './usage.ts';

function scope(env: Readonly<Record<string, string | undefined>>): deployerPolicy.Scope {
  const value = (name: string) => env[name]?.trim() || undefined;
  const { stack } = settings.parse({ STACK: value('STACK') });
  const partition = value('PARTITION') ?? 'aws';
  if (partition !== 'aws' && partition !== 'aws-cn') throw new DeployError('settings', `PARTITION "${partition}" is neither aws nor aws-cn (the partitions mfa-guard supports)`);
  const account = value('ACCOUNT') ?? '*';
  if (account !== '*' && !/^\d{12}$/.test(account)) throw new DeployError('settings', `ACCOUNT "${account}" is not a 12-digit account ID`);
  const region = value('REGION') ?? '*';
  if (region !== '*' && !isRegionName(region)) throw new DeployError('settings', regionProblem('REGION', region));
  return { partition, account, region, stack };
}

if (!usage.stop('deployer-policy')) {
  try {
    process.stdout.write(`${JSON.stringify(deployerPolicy.document(scope(process.env)), null, 2)}\n`);
  } catch (error) {
    process.stderr.write(`make deployer-policy: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
