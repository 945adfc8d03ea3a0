/**
 * `make destroy-org`: the StackSets' instances, then the StackSets, in reverse rollout order
 * (forwarder, home, access), each operation followed. Never reports success while an instance is
 * FAILED or INOPERABLE: those are listed with the remedy, and the StackSet (and the ones before it
 * in the rollout) stay.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import * as stacksets from '../../src/aws/stacksets.ts';
import type { OrgAws } from '../../src/aws/org-clients.ts';
import * as organizations from '../../src/aws/organizations.ts';
import * as checks from '../../src/org/preflight.ts';
import { stackSets, type OrgSettings } from '../../src/org/settings.ts';
import type { Io, Pace } from '../deploy/io.ts';
import { follow, say, startWhenFree } from './follow.ts';
import { soft } from './rollout.ts';

/** Runs the command; returns 0 when every StackSet is gone, 1 otherwise. */
export async function destroyOrg(aws: OrgAws, settings: OrgSettings, io: Io, pace: Pace): Promise<0 | 1> {
  const identity = await aws.sts.send(new GetCallerIdentityCommand({}));
  const management = (await organizations.describe(aws.organizations)).MasterAccountId ?? '';
  let delegated: string[] | 'denied' = [];
  if (identity.Account !== management) delegated = await organizations.stackSetsAdministrators(aws.organizations).catch(() => 'denied' as const);
  const admin = checks.administrator({ caller: identity.Account ?? '', management, delegated });
  if (!admin.callAs) {
    say(io, `FAIL  ${admin.message}`);
    if (admin.hint) say(io, `      → ${admin.hint}`);
    return 1;
  }
  const s: stacksets.StackSets = { cfn: aws.cloudformation, callAs: admin.callAs };
  const layouts = stackSets(settings).reverse();
  const found = (await Promise.all(layouts.map(async (l) => ({ layout: l, set: await stacksets.describe(s, l.name), instances: await instancesIfAny(s, l.name) })))).filter((f) => f.set);
  if (found.length === 0) {
    say(io, `No StackSet ${layouts.map((l) => l.name).join(', ')} in ${settings.homeRegion}: nothing to delete.`);
    return 0;
  }
  say(io, 'make destroy-org deletes, in this order:');
  for (const f of found) say(io, `  ${f.layout.name}: ${f.instances.length} instance${f.instances.length === 1 ? '' : 's'} (the stacks in the accounts: ${f.layout.key === 'home' ? 'the policy, the functions, the Config rule' : f.layout.key === 'access' ? 'the read-only role' : 'the forwarding rule'}), then the StackSet`);
  say(io, 'Every account then runs without mfa-guard. The management account keeps its own make deploy stack (make destroy there).');
  if (!(await io.confirm('Delete them?'))) {
    say(io, 'Nothing was deleted.');
    return 1;
  }
  for (const { layout, set } of found) {
    const ous = set?.OrganizationalUnitIds ?? [];
    const regions = set?.Regions ?? [...layout.regions];
    const before = await instancesIfAny(s, layout.name);
    if (before.length > 0) {
      for (let i = 0; i < ous.length; i += 50) {
        const targets = { OrganizationalUnitIds: ous.slice(i, i + 50) };
        const id = await startWhenFree(s, layout.name, () => stacksets.deleteInstances(s, layout.name, targets, regions, soft(regions, before.length)), io, pace);
        say(io, `  ${layout.name}: delete ${before.length} instances (operation ${id})`);
        await follow(s, layout.name, id, io, pace);
      }
    }
    const left = await instancesIfAny(s, layout.name);
    if (left.length > 0) {
      say(io, '', `${layout.name} keeps ${left.length} instance${left.length === 1 ? '' : 's'}:`);
      for (const i of left) say(io, `  ${i.Account}  ${i.Region}  ${i.StackInstanceStatus?.DetailedStatus ?? i.Status}  ${i.StatusReason ?? ''}`.trimEnd());
      say(io, ...remedy(layout.name, s.callAs));
      say(io, `Stopped: ${layout.name} and the StackSets after it in this list stay.`);
      return 1;
    }
    await stacksets.remove(s, layout.name);
    say(io, `  ${layout.name}: StackSet deleted`);
  }
  say(io, '', 'Every mfa-guard StackSet is deleted.');
  return 0;
}

async function instancesIfAny(s: stacksets.StackSets, name: string) {
  return (await stacksets.describe(s, name)) ? stacksets.instances(s, name) : [];
}

/** What to do about instances a deletion left. */
function remedy(name: string, callAs: string): string[] {
  const as = callAs === 'DELEGATED_ADMIN' ? ' --call-as DELEGATED_ADMIN' : '';
  return [
    'Remedy:',
    '  DeleteConflict on the policy: users of that account still carry it (CloudFormation does not detach a managed policy it deletes).',
    '    In the account: aws iam list-entities-for-policy --policy-arn <PolicyArn>, then aws iam detach-user-policy for each user',
    '    (as a role: the policy denies its own detaching to the users it binds); then run make destroy-org again.',
    `  INOPERABLE: aws cloudformation delete-stack-instances --stack-set-name ${name} --deployment-targets OrganizationalUnitIds=<ou>,Accounts=<account>,AccountFilterType=INTERSECTION --regions <region> --retain-stacks${as}`,
    '    then delete the stack StackSet-<name>-… in that account yourself, and run make destroy-org again.',
  ];
}
