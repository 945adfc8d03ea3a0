import {
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DeleteStackInstancesCommand,
  DescribeStackSetOperationCommand,
  ListStackInstancesCommand,
  ListStackSetOperationResultsCommand,
  OperationInProgressException,
  UpdateStackInstancesCommand,
  type CloudFormationClient,
  type CreateStackSetInput,
  CloudFormationServiceException,
} from '@aws-sdk/client-cloudformation';
import { GetParameterCommand, SSMServiceException } from '@aws-sdk/client-ssm';
import { AttachUserPolicyCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { AccessDeniedException, ListAccountsForParentCommand, DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSServiceException } from '@aws-sdk/client-sts';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryOrganization } from '../../sim/org.ts';
import { rejectsAsync } from '../support/assert.ts';
import { ACCESS_LIKE, HOME_LIKE, PLAIN } from './org-templates.ts';

/** Root → workloads (a, b) → prod (c), plus sandbox (d); member accounts in each; the management account in the root. */
function organisation() {
  const org = new MemoryOrganization();
  const workloads = org.addOu('workloads');
  const prod = org.addOu('prod', workloads);
  const sandbox = org.addOu('sandbox');
  org.createAccount('222222222201', 'a', workloads, { recorder: 'eu-west-1' });
  org.createAccount('222222222202', 'b', workloads, { recorder: 'eu-west-1' });
  org.createAccount('222222222203', 'c', prod, { recorder: 'eu-west-1' });
  org.createAccount('222222222204', 'd', sandbox, { recorder: 'eu-west-1' });
  return { org, workloads, prod, sandbox, ...org.clients('eu-west-1') };
}

function stackSet(name: string, body: string, extra: Partial<CreateStackSetInput> = {}): CreateStackSetCommand {
  return new CreateStackSetCommand({ StackSetName: name, TemplateBody: body, PermissionModel: 'SERVICE_MANAGED', Capabilities: ['CAPABILITY_NAMED_IAM'], ...extra });
}

async function follow(cloudformation: CloudFormationClient, name: string, id: string | undefined, callAs?: 'DELEGATED_ADMIN') {
  for (let i = 0; i < 1000; i++) {
    const { StackSetOperation: op } = await cloudformation.send(new DescribeStackSetOperationCommand({ StackSetName: name, OperationId: id, CallAs: callAs }));
    if (op?.Status !== 'RUNNING' && op?.Status !== 'QUEUED') return op;
  }
  throw new Error('operation never ended');
}

async function results(cloudformation: CloudFormationClient, name: string, id: string | undefined) {
  const out = await cloudformation.send(new ListStackSetOperationResultsCommand({ StackSetName: name, OperationId: id }));
  return (out.Summaries ?? []).map((s) => `${s.Account}/${s.Region} ${s.Status}`).sort();
}

// ---------------------------------------------------------------------------------------------
const targets = suite('MemoryOrganization: targets');

targets('an instance operation on the root reaches every member account of nested OUs, never the management account', async () => {
  const { org, cloudformation } = organisation();
  await cloudformation.send(stackSet('plain', PLAIN));
  const { OperationId } = await cloudformation.send(new CreateStackInstancesCommand({ StackSetName: 'plain', Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [org.rootId] } }));
  const op = await follow(cloudformation, 'plain', OperationId);
  assert.is(op?.Status, 'SUCCEEDED');
  assert.equal(await results(cloudformation, 'plain', OperationId), ['222222222201', '222222222202', '222222222203', '222222222204'].map((a) => `${a}/eu-west-1 SUCCEEDED`));
  assert.is(org.member(org.managementId).stacks.size, 0);
});

targets('an OU target expands its nested OUs; INTERSECTION and DIFFERENCE narrow it to or away from listed accounts', async () => {
  const { workloads, cloudformation } = organisation();
  await cloudformation.send(stackSet('plain', PLAIN));
  const one = await cloudformation.send(new CreateStackInstancesCommand({ StackSetName: 'plain', Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [workloads], Accounts: ['222222222203'], AccountFilterType: 'INTERSECTION' } }));
  await follow(cloudformation, 'plain', one.OperationId);
  assert.equal(await results(cloudformation, 'plain', one.OperationId), ['222222222203/eu-west-1 SUCCEEDED']);
  const rest = await cloudformation.send(new CreateStackInstancesCommand({ StackSetName: 'plain', Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [workloads], Accounts: ['222222222203'], AccountFilterType: 'DIFFERENCE' } }));
  await follow(cloudformation, 'plain', rest.OperationId);
  assert.equal(await results(cloudformation, 'plain', rest.OperationId), ['222222222201/eu-west-1 SUCCEEDED', '222222222202/eu-west-1 SUCCEEDED']);
});

targets('a create with both OUs and Accounts but no AccountFilterType is a ValidationError', async () => {
  const { workloads, cloudformation } = organisation();
  await cloudformation.send(stackSet('plain', PLAIN));
  const error = await rejectsAsync(cloudformation.send(new CreateStackInstancesCommand({ StackSetName: 'plain', Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [workloads], Accounts: ['222222222203'] } })), CloudFormationServiceException);
  assert.is(error.name, 'ValidationError');
});

targets('a suspended account is skipped: SKIPPED_SUSPENDED_ACCOUNT, the instance stays OUTDATED, nothing fails', async () => {
  const { org, sandbox, cloudformation } = organisation();
  org.suspend('222222222204');
  await cloudformation.send(stackSet('plain', PLAIN));
  const { OperationId } = await cloudformation.send(new CreateStackInstancesCommand({ StackSetName: 'plain', Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [sandbox] } }));
  assert.is((await follow(cloudformation, 'plain', OperationId))?.Status, 'SUCCEEDED');
  const { Summaries } = await cloudformation.send(new ListStackInstancesCommand({ StackSetName: 'plain' }));
  assert.equal(Summaries?.map((s) => [s.Account, s.Status, s.StackInstanceStatus?.DetailedStatus]), [['222222222204', 'OUTDATED', 'SKIPPED_SUSPENDED_ACCOUNT']]);
  assert.is(org.member('222222222204').stacks.size, 0);
});

// ---------------------------------------------------------------------------------------------
const operations = suite('MemoryOrganization: operations');

operations('an operation is asynchronous: RUNNING while polled, one account at a time, with per-account results', async () => {
  const { org, workloads, cloudformation } = organisation();
  await cloudformation.send(stackSet('plain', PLAIN));
  const { OperationId } = await cloudformation.send(new CreateStackInstancesCommand({ StackSetName: 'plain', Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [workloads] } }));
  const first = await cloudformation.send(new DescribeStackSetOperationCommand({ StackSetName: 'plain', OperationId }));
  assert.is(first.StackSetOperation?.Status, 'RUNNING');
  assert.equal(await results(cloudformation, 'plain', OperationId), ['222222222201/eu-west-1 SUCCEEDED', '222222222202/eu-west-1 PENDING', '222222222203/eu-west-1 PENDING']);
  assert.is((await follow(cloudformation, 'plain', OperationId))?.Status, 'SUCCEEDED');
  assert.ok(org.member('222222222203').stacks.has('eu-west-1/plain'));
});

operations('failure tolerance counts per region: the first failure with tolerance 0 stops that region and later regions are not attempted', async () => {
  const { org, workloads, cloudformation } = organisation();
  org.member('222222222201').recorders.clear();
  await cloudformation.send(stackSet('home', HOME_LIKE));
  const { OperationId } = await cloudformation.send(
    new CreateStackInstancesCommand({ StackSetName: 'home', Regions: ['eu-west-1', 'eu-central-1'], DeploymentTargets: { OrganizationalUnitIds: [workloads] }, OperationPreferences: { RegionOrder: ['eu-west-1', 'eu-central-1'] } }),
  );
  const op = await follow(cloudformation, 'home', OperationId);
  assert.is(op?.Status, 'FAILED');
  assert.equal(await results(cloudformation, 'home', OperationId), [
    '222222222201/eu-central-1 CANCELLED',
    '222222222201/eu-west-1 FAILED',
    '222222222202/eu-central-1 CANCELLED',
    '222222222202/eu-west-1 CANCELLED',
    '222222222203/eu-central-1 CANCELLED',
    '222222222203/eu-west-1 CANCELLED',
  ]);
});

operations('within the tolerance the other accounts go on and the operation succeeds; the failure names the missing Config recorder', async () => {
  const { org, workloads, cloudformation } = organisation();
  org.member('222222222201').recorders.clear();
  await cloudformation.send(stackSet('home', HOME_LIKE));
  const { OperationId } = await cloudformation.send(
    new CreateStackInstancesCommand({ StackSetName: 'home', Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [workloads] }, OperationPreferences: { FailureToleranceCount: 1, MaxConcurrentCount: 2 } }),
  );
  assert.is((await follow(cloudformation, 'home', OperationId))?.Status, 'SUCCEEDED');
  const out = await cloudformation.send(new ListStackSetOperationResultsCommand({ StackSetName: 'home', OperationId }));
  const failed = out.Summaries?.find((s) => s.Status === 'FAILED');
  assert.is(failed?.Account, '222222222201');
  assert.match(failed?.StatusReason ?? '', /NoAvailableConfigurationRecorderException/);
  assert.is(org.member('222222222201').account.policies.size, 0, 'the failed stack left nothing behind');
  assert.ok(org.member('222222222202').account.policy('arn:aws:iam::222222222202:policy/DenyActionWithoutMFA'));
});

operations('STRICT failure tolerance (the default) runs at most tolerance + 1 accounts at once; SOFT runs MaxConcurrentCount', async () => {
  const { workloads, cloudformation } = organisation();
  await cloudformation.send(stackSet('strict', PLAIN));
  await cloudformation.send(stackSet('soft', PLAIN));
  const input = (name: string, OperationPreferences: object) => new CreateStackInstancesCommand({ StackSetName: name, Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [workloads] }, OperationPreferences });
  const strict = await cloudformation.send(input('strict', { MaxConcurrentCount: 5, FailureToleranceCount: 1 }));
  await cloudformation.send(new DescribeStackSetOperationCommand({ StackSetName: 'strict', OperationId: strict.OperationId }));
  assert.equal(await results(cloudformation, 'strict', strict.OperationId), ['222222222201/eu-west-1 SUCCEEDED', '222222222202/eu-west-1 SUCCEEDED', '222222222203/eu-west-1 PENDING']);
  const soft = await cloudformation.send(input('soft', { MaxConcurrentCount: 5, FailureToleranceCount: 1, ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE' }));
  await cloudformation.send(new DescribeStackSetOperationCommand({ StackSetName: 'soft', OperationId: soft.OperationId }));
  assert.equal(await results(cloudformation, 'soft', soft.OperationId), ['222222222201/eu-west-1 SUCCEEDED', '222222222202/eu-west-1 SUCCEEDED', '222222222203/eu-west-1 SUCCEEDED']);
});

operations('without managed execution a second operation while one runs is OperationInProgressException; with it, it queues and runs after', async () => {
  const { workloads, sandbox, cloudformation } = organisation();
  await cloudformation.send(stackSet('plain', PLAIN));
  await cloudformation.send(stackSet('managed', PLAIN, { ManagedExecution: { Active: true } }));
  const input = (name: string, ou: string) => new CreateStackInstancesCommand({ StackSetName: name, Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [ou] } });
  await cloudformation.send(input('plain', workloads));
  await rejectsAsync(cloudformation.send(input('plain', sandbox)), OperationInProgressException);
  const first = await cloudformation.send(input('managed', workloads));
  const second = await cloudformation.send(input('managed', sandbox));
  const queued = await cloudformation.send(new DescribeStackSetOperationCommand({ StackSetName: 'managed', OperationId: second.OperationId }));
  assert.is(queued.StackSetOperation?.Status, 'QUEUED');
  assert.is((await follow(cloudformation, 'managed', second.OperationId))?.Status, 'SUCCEEDED');
  assert.is((await follow(cloudformation, 'managed', first.OperationId))?.Status, 'SUCCEEDED');
});

operations('parameter overrides reach the account: the home-like stack owns the whitelist parameter; an empty override list resets it', async () => {
  const { org, workloads, cloudformation } = organisation();
  await cloudformation.send(stackSet('home', HOME_LIKE, { Parameters: [{ ParameterKey: 'WhitelistJson', ParameterValue: '{"version":1,"exemptions":[]}' }] }));
  const create = await cloudformation.send(new CreateStackInstancesCommand({ StackSetName: 'home', Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [workloads] } }));
  await follow(cloudformation, 'home', create.OperationId);
  const value = '{"version":1,"exemptions":[{"name":"ci","userId":"AIDAEXAMPLEEXAMPLE01"}]}';
  const set = await cloudformation.send(
    new UpdateStackInstancesCommand({ StackSetName: 'home', Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [workloads], Accounts: ['222222222202'], AccountFilterType: 'INTERSECTION' }, ParameterOverrides: [{ ParameterKey: 'WhitelistJson', ParameterValue: value }] }),
  );
  await follow(cloudformation, 'home', set.OperationId);
  const parameter = (id: string) => org.member(id).account.parameters.get('/mfa-guard/whitelist')?.value;
  assert.is(parameter('222222222202'), value);
  assert.is(parameter('222222222201'), '{"version":1,"exemptions":[]}');
  const reset = await cloudformation.send(
    new UpdateStackInstancesCommand({ StackSetName: 'home', Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [workloads], Accounts: ['222222222202'], AccountFilterType: 'INTERSECTION' }, ParameterOverrides: [] }),
  );
  await follow(cloudformation, 'home', reset.OperationId);
  assert.is(parameter('222222222202'), '{"version":1,"exemptions":[]}');
});

operations('a missing parameter value fails the instance, naming the parameter', async () => {
  const { workloads, cloudformation } = organisation();
  await cloudformation.send(stackSet('access', ACCESS_LIKE));
  const { OperationId } = await cloudformation.send(new CreateStackInstancesCommand({ StackSetName: 'access', Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [workloads] } }));
  await follow(cloudformation, 'access', OperationId);
  const out = await cloudformation.send(new ListStackSetOperationResultsCommand({ StackSetName: 'access', OperationId }));
  assert.match(out.Summaries?.[0]?.StatusReason ?? '', /Parameters: \[OperatorPrincipalArns, OrganizationId\] must have values/);
});

// ---------------------------------------------------------------------------------------------
const automatic = suite('MemoryOrganization: automatic deployment');

async function deployedWithAutoDeployment(retain: boolean) {
  const env = organisation();
  const { cloudformation, workloads } = env;
  const access = await cloudformation.send(stackSet('access', PLAIN, { AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: retain } }));
  const arn = `arn:aws:cloudformation:us-east-1:${env.org.managementId}:stackset/${access.StackSetId}`;
  await cloudformation.send(stackSet('home', HOME_LIKE, { AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: retain, DependsOn: [arn] } }));
  for (const name of ['access', 'home']) {
    const { OperationId } = await cloudformation.send(new CreateStackInstancesCommand({ StackSetName: name, Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [workloads] } }));
    await follow(cloudformation, name, OperationId);
  }
  return env;
}

automatic('an account created in a target OU (even nested) gets every StackSet at once, dependencies first', async () => {
  const { org, prod } = await deployedWithAutoDeployment(true);
  const account = org.createAccount('222222222299', 'new', prod, { recorder: 'eu-west-1' });
  assert.equal([...account.stacks.keys()], ['eu-west-1/access', 'eu-west-1/home']);
  assert.ok(account.account.policy('arn:aws:iam::222222222299:policy/DenyActionWithoutMFA'));
});

automatic('an account without a recorder gets a FAILED home instance, shown only in ListStackInstances, and no retry', async () => {
  const { org, prod, cloudformation } = await deployedWithAutoDeployment(true);
  org.createAccount('222222222299', 'new', prod);
  const { Summaries } = await cloudformation.send(new ListStackInstancesCommand({ StackSetName: 'home', StackInstanceAccount: '222222222299' }));
  assert.is(Summaries?.[0]?.StackInstanceStatus?.DetailedStatus, 'FAILED');
  assert.match(Summaries?.[0]?.StatusReason ?? '', /NoAvailableConfigurationRecorderException/);
  org.addRecorder('222222222299', 'eu-west-1');
  const again = await cloudformation.send(new ListStackInstancesCommand({ StackSetName: 'home', StackInstanceAccount: '222222222299' }));
  assert.is(again.Summaries?.[0]?.StackInstanceStatus?.DetailedStatus, 'FAILED', 'automatic deployment does not retry');
});

automatic('a dependency that failed in the new account keeps the dependent StackSet from deploying there', async () => {
  const { org, prod, cloudformation } = organisation();
  const home = await cloudformation.send(stackSet('home', HOME_LIKE, { AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true } }));
  const arn = `arn:aws:cloudformation:us-east-1:${org.managementId}:stackset/${home.StackSetId}`;
  await cloudformation.send(stackSet('after', PLAIN, { AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true, DependsOn: [arn] } }));
  for (const name of ['home', 'after']) {
    const { OperationId } = await cloudformation.send(new CreateStackInstancesCommand({ StackSetName: name, Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [prod] } }));
    await follow(cloudformation, name, OperationId);
  }
  const account = org.createAccount('222222222299', 'new', prod);
  assert.equal([...account.stacks.keys()], []);
  const { Summaries } = await cloudformation.send(new ListStackInstancesCommand({ StackSetName: 'after', StackInstanceAccount: '222222222299' }));
  assert.is(Summaries?.[0]?.StackInstanceStatus?.DetailedStatus, 'FAILED');
});

automatic('an account moved into a target OU is deployed; moved out, its instances go and the stacks stay (retain)', async () => {
  const { org, workloads, sandbox } = await deployedWithAutoDeployment(true);
  org.moveAccount('222222222204', workloads);
  assert.ok(org.member('222222222204').stacks.has('eu-west-1/home'));
  org.moveAccount('222222222204', sandbox);
  assert.not.ok(org.stackSets.get('home')?.instances.has('222222222204/eu-west-1'));
  assert.ok(org.member('222222222204').stacks.has('eu-west-1/home'), 'retained');
});

automatic('without retain, an account removed from the organisation loses the stacks', async () => {
  const { org } = await deployedWithAutoDeployment(false);
  const member = org.member('222222222201');
  org.removeAccount('222222222201');
  assert.is(member.stacks.size, 0);
  assert.is(member.account.policies.size, 0);
});

automatic('DeleteStackInstances without RetainStacks deletes the stack; a policy still attached fails with DeleteConflict (INOPERABLE)', async () => {
  const { org, workloads, cloudformation } = await deployedWithAutoDeployment(true);
  const a = org.member('222222222201').account;
  a.addUser({ name: 'alice', policies: ['arn:aws:iam::222222222201:policy/DenyActionWithoutMFA'] });
  const { OperationId } = await cloudformation.send(new DeleteStackInstancesCommand({ StackSetName: 'home', Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [workloads] }, RetainStacks: false, OperationPreferences: { FailureToleranceCount: 3, MaxConcurrentCount: 3 } }));
  await follow(cloudformation, 'home', OperationId);
  const { Summaries } = await cloudformation.send(new ListStackInstancesCommand({ StackSetName: 'home' }));
  assert.equal(Summaries?.map((s) => [s.Account, s.StackInstanceStatus?.DetailedStatus]), [['222222222201', 'INOPERABLE']]);
  assert.match(Summaries?.[0]?.StatusReason ?? '', /DeleteConflict/);
  assert.is(org.member('222222222202').stacks.has('eu-west-1/home'), false);
});

// ---------------------------------------------------------------------------------------------
const callers = suite('MemoryOrganization: callers');

callers('a delegated administrator acts with CallAs=DELEGATED_ADMIN; without it, or unregistered, the call is refused', async () => {
  const { org, workloads, cloudformation } = organisation();
  org.actAs('222222222204');
  const refused = await rejectsAsync(cloudformation.send(stackSet('plain', PLAIN, { CallAs: 'DELEGATED_ADMIN' })), CloudFormationServiceException);
  assert.match(refused.message, /not a delegated administrator/);
  org.delegatedAdmins.add('222222222204');
  await rejectsAsync(cloudformation.send(stackSet('plain', PLAIN)), CloudFormationServiceException);
  await cloudformation.send(stackSet('plain', PLAIN, { CallAs: 'DELEGATED_ADMIN' }));
  const { OperationId } = await cloudformation.send(new CreateStackInstancesCommand({ StackSetName: 'plain', Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [workloads] }, CallAs: 'DELEGATED_ADMIN' }));
  assert.is((await follow(cloudformation, 'plain', OperationId, 'DELEGATED_ADMIN'))?.Status, 'SUCCEEDED');
});

callers('a member that is neither management nor delegated administrator cannot list the organisation, but can describe it', async () => {
  const { org, organizations } = organisation();
  org.actAs('222222222201');
  await rejectsAsync(organizations.send(new ListAccountsForParentCommand({ ParentId: org.rootId })), AccessDeniedException);
  const { Organization } = await organizations.send(new DescribeOrganizationCommand({}));
  assert.is(Organization?.MasterAccountId, org.managementId);
});

callers('AssumeRole into the access role: admitted for a listed principal of the organisation, refused otherwise; the session is read-only', async () => {
  const { org, workloads, cloudformation, sts } = organisation();
  const principal = org.arn(org.managementId, 'role/OrgAdmin');
  await cloudformation.send(stackSet('access', ACCESS_LIKE, { Parameters: [{ ParameterKey: 'OperatorPrincipalArns', ParameterValue: principal }, { ParameterKey: 'OrganizationId', ParameterValue: org.id }] }));
  const { OperationId } = await cloudformation.send(new CreateStackInstancesCommand({ StackSetName: 'access', Regions: ['eu-west-1'], DeploymentTargets: { OrganizationalUnitIds: [workloads] } }));
  await follow(cloudformation, 'access', OperationId);
  const RoleArn = 'arn:aws:iam::222222222201:role/mfa-guard-org-read';
  const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'report-org' }));
  const member = org.memberClients({ accessKeyId: Credentials?.AccessKeyId ?? '', secretAccessKey: Credentials?.SecretAccessKey ?? '', sessionToken: Credentials?.SessionToken ?? '' }, 'eu-west-1');
  org.member('222222222201').account.addUser({ name: 'alice' });
  const users = await member.iam.send(new ListUsersCommand({}));
  assert.equal(users.Users?.map((u) => u.UserName), ['alice']);
  await rejectsAsync(member.iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })), CloudFormationServiceException);
  await rejectsAsync(member.ssm.send(new GetParameterCommand({ Name: '/none' })), SSMServiceException);
  org.actAs(org.managementId, 'SomeoneElse');
  await rejectsAsync(sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'x' })), STSServiceException);
});

targets.run();
operations.run();
automatic.run();
callers.run();
