/**
 * `make whitelist`: validate whitelist.txt, resolve every name to its user ID, write the parameter.
 * No stack update: the functions read the new whitelist within their cache TTL (a minute).
 */
import * as cloudformation from '../../src/aws/cloudformation.ts';
import type { DeployAws } from '../../src/aws/deploy-clients.ts';
import * as sts from '../../src/aws/sts.ts';
import { DeployError } from '../../src/deploy/errors.ts';
import * as preflight from '../../src/deploy/preflight.ts';
import * as settings from '../../src/deploy/settings.ts';
import type { Io, Pace } from './io.ts';
import * as whitelist from './whitelist.ts';

/** What `make whitelist` is given besides AWS. */
export interface WhitelistInput {
  readonly settings: settings.Settings;
  readonly region: string;
  readonly whitelist: { readonly text: string; readonly source: string };
}

/**
 * Writes the parameter the deployed stack reads (its `WhitelistParameterName`, else the name
 * `make deploy` would give it). Refuses, like the deploy, to leave a non-exempt IAM-user caller
 * exposed to the policy without ALLOW_SELF_LOCKOUT=1.
 */
export async function updateWhitelist(aws: Pick<DeployAws, 'sts' | 'iam' | 'ssm' | 'cfn'>, input: WhitelistInput, io: Io, pace: Pace): Promise<void> {
  const { stack } = input.settings;
  const caller = await sts.callerIdentity(aws.sts);
  io.print(`mfa-guard whitelist: account ${caller.Account ?? '?'} as ${caller.Arn ?? '?'}, stack ${stack} in ${input.region}`);
  const now = pace.now();
  const exemptions = await whitelist.assemble(aws.iam, input.whitelist.text, input.whitelist.source, now);
  const guard = preflight.lockout(caller, exemptions, now, input.settings.allowSelfLockout);
  if (guard.level === 'fail') throw new DeployError('lock-out', guard.message, guard.hint);
  if (guard.level === 'warn') io.print(`warning: ${guard.message}`);
  const deployed = await cloudformation.describeStack(aws.cfn, stack);
  const name = cloudformation.parametersOf(deployed).WhitelistParameterName ?? settings.names(stack).whitelistParameter;
  if (!deployed) io.print(`Stack ${stack} is not deployed in ${input.region}: writing ${name} for the next make deploy.`);
  const written = await whitelist.write(aws.ssm, name, exemptions);
  const listed = exemptions.map((e) => `${e.name} (${e.userId}${e.expires ? `, until ${e.expires}` : ''})`).join(', ') || 'nobody';
  io.print(`Wrote ${name} (${whitelist.describeWrite(written)}): exempt ${listed}.`);
  io.print('The functions read it within a minute; users no longer exempt get the policy at their next event or the next Config sweep.');
}
