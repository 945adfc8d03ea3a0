/**
 * `make destroy`: deletes the monitoring stack, the forwarder stack, the home stack and the whitelist
 * parameter, after saying what that means and asking.
 *
 * The order matters. The policy is attached to users outside CloudFormation, so CloudFormation
 * cannot delete it (DeleteConflict); but detaching it first would be undone in seconds by the
 * enforcer. So: delete the forwarder, then the home stack. CloudFormation deletes the functions,
 * rules and Config rule first (they all reference the policy), and the policy last, which fails
 * while it is attached. Only then, with nothing left to reattach it (checked: the policy must be
 * the one resource remaining), detach it everywhere, delete its old versions, and delete the stack again.
 */
import * as cloudformation from '../../src/aws/cloudformation.ts';
import type { DeployAws } from '../../src/aws/deploy-clients.ts';
import * as iamApi from '../../src/aws/iam.ts';
import * as sts from '../../src/aws/sts.ts';
import * as teardown from '../../src/aws/teardown.ts';
import { DeclinedError, DeployError } from '../../src/deploy/errors.ts';
import * as ownership from '../../src/deploy/ownership.ts';
import * as settings from '../../src/deploy/settings.ts';
import { iamEventsRegion } from '../../src/deploy/trails.ts';
import { failed, type Followed } from './follow.ts';
import type { Io, Pace } from './io.ts';
import { deleteStack } from './stack.ts';

/** What `make destroy` is given besides AWS. */
export interface DestroyInput {
  readonly settings: settings.Settings;
  readonly region: string;
}

const POLICY_TYPE = 'AWS::IAM::ManagedPolicy';

/** Deletes everything `make deploy` created; throws DeployError with every failed resource and its reason. */
export async function destroy(aws: Pick<DeployAws, 'sts' | 'iam' | 'ssm' | 'cfn' | 'cfnIn'>, input: DestroyInput, io: Io, pace: Pace): Promise<void> {
  const { stack } = input.settings;
  const names = settings.names(stack);
  const eventsRegion = iamEventsRegion(input.region);
  const caller = await sts.callerIdentity(aws.sts);
  io.print(`mfa-guard destroy: account ${caller.Account ?? '?'} as ${caller.Arn ?? '?'}, stack ${stack} in ${input.region}`);

  const forwarderCfn = input.region === eventsRegion ? undefined : aws.cfnIn(eventsRegion);
  const forwarder = forwarderCfn ? await cloudformation.describeStack(forwarderCfn, names.forwarderStack) : undefined;
  const monitoringCfn = aws.cfnIn(input.region);
  const monitoring = await cloudformation.describeStack(monitoringCfn, names.monitoringStack);
  const home = await cloudformation.describeStack(aws.cfn, stack);
  // Before reading further or asking: never delete a stack that is not mfa-guard's (a typo in STACK, YES=1).
  if (home) ownership.assertOurs(home, 'home');
  if (forwarder) ownership.assertOurs(forwarder, 'forwarder');
  if (monitoring) ownership.assertOurs(monitoring, 'monitoring');
  const parameter = cloudformation.parametersOf(home).WhitelistParameterName ?? names.whitelistParameter;
  const policyArn = cloudformation.outputsOf(home).PolicyArn;
  const carriers = policyArn ? await iamApi.policyEntities(aws.iam, policyArn) : { users: [], groups: [], roles: [] };

  io.print('This will:');
  if (monitoring) io.print(`  - delete stack ${names.monitoringStack} in ${input.region} (alarms and alerts)`);
  if (forwarder) io.print(`  - delete stack ${names.forwarderStack} in ${eventsRegion} (forwards IAM events)`);
  if (home) io.print(`  - delete stack ${stack} in ${input.region}: the three functions, their rules and the Config rule, then the policy`);
  const count = carriers.users.length + carriers.groups.length + carriers.roles.length;
  if (count > 0) {
    io.print(`  - detach ${policyArn} from ${describeCarriers(carriers)}, once the functions are gone:`);
    io.print('    CloudFormation cannot delete an attached policy. From then on these users need no MFA.');
  }
  io.print(`  - delete the SSM parameter ${parameter}`);
  if (!home && !forwarder) io.print(`(No stack ${stack} in ${input.region}${forwarderCfn ? ` nor ${names.forwarderStack} in ${eventsRegion}` : ''}.)`);
  if (!(await io.confirm('Destroy?'))) throw new DeclinedError(`destroy of stack ${stack}`);

  // Alarms first: the functions they watch are about to go, which would only raise them.
  if (monitoring?.StackId) {
    const gone = await deleteStack(monitoringCfn, { id: monitoring.StackId, name: names.monitoringStack }, io, pace);
    if (gone.outcome === 'failure') throw failed(names.monitoringStack, 'deletion', gone);
  }
  if (forwarder?.StackId && forwarderCfn) {
    const gone = await deleteStack(forwarderCfn, { id: forwarder.StackId, name: names.forwarderStack }, io, pace);
    if (gone.outcome === 'failure') throw failed(names.forwarderStack, 'deletion', gone);
  }
  if (home?.StackId) await deleteHome(aws, { id: home.StackId, name: stack }, io, pace);

  const deleted = await teardown.deleteParameter(aws.ssm, parameter);
  io.print(deleted === 'deleted' ? `Deleted the parameter ${parameter}.` : `The parameter ${parameter} was already absent.`);
  io.print('Destroyed.');
}

async function deleteHome(aws: Pick<DeployAws, 'iam' | 'cfn'>, stack: { id: string; name: string }, io: Io, pace: Pace): Promise<void> {
  const first = await deleteStack(aws.cfn, stack, io, pace);
  if (first.outcome === 'success') return;
  const left = (await cloudformation.stackResources(aws.cfn, stack.id)).filter((r) => r.ResourceStatus !== 'DELETE_COMPLETE' && r.ResourceStatus !== 'DELETE_SKIPPED');
  const policy = left.find((r) => r.ResourceType === POLICY_TYPE);
  // Detach only when the policy is all that is left: a surviving function could reattach it.
  if (!policy?.PhysicalResourceId || left.length !== 1) throw failed(stack.name, 'deletion', first);
  const policyArn = policy.PhysicalResourceId;
  io.print(`Only the policy is left (${policy.ResourceStatusReason ?? 'DELETE_FAILED'}). Detaching it, then deleting the stack again:`);
  const carriers = await iamApi.policyEntities(aws.iam, policyArn);
  const done = (what: string) => io.print(`  detached from ${what}`);
  const problems = [...(await teardown.detachAll(aws.iam, policyArn, carriers, done)), ...(await teardown.deleteOldVersions(aws.iam, policyArn, (what) => io.print(`  deleted ${what}`)))];
  if (problems.length > 0) {
    throw new DeployError(`stack ${stack.name}`, `could not free the policy ${policyArn}:\n${problems.map((p) => `  ${p.what}: ${p.error}`).join('\n')}`, 'Fix these, then run make destroy again.');
  }
  const second: Followed = await deleteStack(aws.cfn, stack, io, pace);
  if (second.outcome === 'failure') throw failed(stack.name, 'deletion', second);
}

function describeCarriers(c: iamApi.PolicyEntities): string {
  const part = (list: readonly string[], one: string) => (list.length === 0 ? [] : [`${list.length} ${one}${list.length === 1 ? '' : 's'} (${list.join(', ')})`]);
  return [...part(c.users, 'user'), ...part(c.groups, 'group'), ...part(c.roles, 'role')].join(', ');
}
