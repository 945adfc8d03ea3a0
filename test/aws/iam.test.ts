import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyVersionCommand,
  EntityAlreadyExistsException,
  GetAccountAuthorizationDetailsCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  IAMClient,
  LimitExceededException,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
  NoSuchEntityException,
  ServiceFailureException,
  type GetAccountAuthorizationDetailsCommandOutput,
  type GetPolicyVersionCommandOutput,
  type GetUserCommandOutput,
  type ListAttachedUserPoliciesCommandOutput,
  type ListEntitiesForPolicyCommandOutput,
  type ListPolicyVersionsCommandOutput,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PolicyChangedError, PolicyNotFoundError, ResponseError } from '../../src/aws/errors.ts';
import * as iam from '../../src/aws/iam.ts';
import { rejectsAsync } from '../support/assert.ts';
import { recorded } from '../support/recorded.ts';
import { sent } from '../support/sent.ts';

const POLICY = 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA';
const $metadata = {};
const userMissing = (name: string) => new NoSuchEntityException({ message: `The user with name ${name} cannot be found.`, $metadata });
const policyMissing = (arn: string) => new NoSuchEntityException({ message: `Policy ${arn} does not exist or is not attachable.`, $metadata });
const tooManyPolicies = () => new LimitExceededException({ message: 'Cannot exceed quota for PoliciesPerUser: 10', $metadata });

function setup() {
  const client = new IAMClient({ region: 'us-east-1' });
  return { client, mock: mockClient(client) };
}

const scanPage = (n: number) => recorded<GetAccountAuthorizationDetailsCommandOutput>(`iam/get-account-authorization-details-${n}.json`);
const MARKER_1 = scanPage(1).Marker;
const MARKER_2 = scanPage(2).Marker;

// ---------------------------------------------------------------------------------------------
const listUsers = suite('iam.listUsers');

listUsers('reads every page of GetAccountAuthorizationDetails until IsTruncated is false; each user with its groups', async () => {
  const { client, mock } = setup();
  mock.on(GetAccountAuthorizationDetailsCommand).resolvesOnce(scanPage(1)).resolvesOnce(scanPage(2)).resolvesOnce(scanPage(3));
  const users = await iam.listUsers(client);
  assert.equal(users, [
    { name: 'alice', id: 'AIDAJQABLZS4A3QDU576Q', path: '/', attachedPolicyArns: [POLICY, 'arn:aws:iam::aws:policy/AdministratorAccess'], groups: ['Admins'] },
    { name: 'bob', id: 'AIDAIOSFODNN7EXAMPLE', path: '/', attachedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'], groups: ['Dev'] },
    { name: 'carol', id: 'AIDACKCEVSQ6C2EXAMPLE', path: '/engineering/', attachedPolicyArns: [POLICY], groups: [] },
    { name: 'ci-deployer', id: 'AIDAQ3EGRNG2ZH3EXAMPLE', path: '/', attachedPolicyArns: [], groups: [] },
  ]);
  assert.equal(sent(mock), [
    { command: 'GetAccountAuthorizationDetailsCommand', input: { Filter: ['User'], MaxItems: 1000 } },
    { command: 'GetAccountAuthorizationDetailsCommand', input: { Filter: ['User'], MaxItems: 1000, Marker: MARKER_1 } },
    { command: 'GetAccountAuthorizationDetailsCommand', input: { Filter: ['User'], MaxItems: 1000, Marker: MARKER_2 } },
  ]);
});

listUsers('listUserDetails also gives ARN, groups and creation date', async () => {
  const { client, mock } = setup();
  mock.on(GetAccountAuthorizationDetailsCommand).resolves(scanPage(3));
  assert.equal(await iam.listUserDetails(client), [
    {
      name: 'ci-deployer',
      id: 'AIDAQ3EGRNG2ZH3EXAMPLE',
      path: '/',
      attachedPolicyArns: [],
      arn: 'arn:aws:iam::123456789012:user/ci-deployer',
      groups: [],
      createDate: new Date('2023-11-21T07:55:03Z'),
    },
  ]);
});

listUsers('a truncated page without a Marker is an error, not the end of the list', async () => {
  const { client, mock } = setup();
  mock.on(GetAccountAuthorizationDetailsCommand).resolves({ ...scanPage(1), Marker: undefined });
  const error = await rejectsAsync(iam.listUsers(client), ResponseError);
  assert.is(error.message, 'GetAccountAuthorizationDetails response: page 1: Marker: missing although IsTruncated is true');
});

listUsers('a marker handed back twice is an error, not an endless loop', async () => {
  const { client, mock } = setup();
  mock.on(GetAccountAuthorizationDetailsCommand).resolves(scanPage(1));
  await rejectsAsync(iam.listUsers(client), ResponseError);
  assert.is(mock.commandCalls(GetAccountAuthorizationDetailsCommand).length, 2);
});

listUsers('a user entry without its ID is an error naming page and index', async () => {
  const { client, mock } = setup();
  const page = scanPage(2);
  mock.on(GetAccountAuthorizationDetailsCommand).resolves({ ...page, IsTruncated: false, UserDetailList: [{ ...page.UserDetailList?.[0], UserId: undefined }] });
  const error = await rejectsAsync(iam.listUsers(client), ResponseError);
  assert.is(error.message, 'GetAccountAuthorizationDetails response: page 1: UserDetailList[0].UserId: missing');
});

listUsers('a service failure propagates', async () => {
  const { client, mock } = setup();
  mock.on(GetAccountAuthorizationDetailsCommand).resolvesOnce(scanPage(1)).rejects(new ServiceFailureException({ message: 'internal', $metadata }));
  await rejectsAsync(iam.listUsers(client), ServiceFailureException);
});

listUsers.run();

// ---------------------------------------------------------------------------------------------
const getUser = suite('iam.getUser');

getUser('combines GetUser with every page of ListAttachedUserPolicies', async () => {
  const { client, mock } = setup();
  mock.on(GetUserCommand).resolves(recorded<GetUserCommandOutput>('iam/get-user-carol.json'));
  const second = recorded<ListAttachedUserPoliciesCommandOutput>('iam/list-attached-user-policies-carol-2.json');
  const first = recorded<ListAttachedUserPoliciesCommandOutput>('iam/list-attached-user-policies-carol-1.json');
  mock.on(ListAttachedUserPoliciesCommand).resolvesOnce(first).resolvesOnce(second);
  assert.equal(await iam.getUser(client, 'carol'), {
    name: 'carol',
    id: 'AIDACKCEVSQ6C2EXAMPLE',
    path: '/engineering/',
    attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess', POLICY],
  });
  assert.equal(sent(mock), [
    { command: 'GetUserCommand', input: { UserName: 'carol' } },
    { command: 'ListAttachedUserPoliciesCommand', input: { UserName: 'carol' } },
    { command: 'ListAttachedUserPoliciesCommand', input: { UserName: 'carol', Marker: first.Marker } },
  ]);
});

getUser('a user that does not exist is undefined', async () => {
  const { client, mock } = setup();
  mock.on(GetUserCommand).rejects(userMissing('dave'));
  assert.is(await iam.getUser(client, 'dave'), undefined);
  assert.is(mock.commandCalls(ListAttachedUserPoliciesCommand).length, 0);
});

getUser('a user deleted between the two calls is undefined', async () => {
  const { client, mock } = setup();
  mock.on(GetUserCommand).resolves(recorded<GetUserCommandOutput>('iam/get-user-carol.json'));
  mock.on(ListAttachedUserPoliciesCommand).rejects(userMissing('carol'));
  assert.is(await iam.getUser(client, 'carol'), undefined);
});

getUser.run();

// ---------------------------------------------------------------------------------------------
const attach = suite('iam.attachPolicy');

attach('sends AttachUserPolicy for the user and the policy', async () => {
  const { client, mock } = setup();
  mock.on(AttachUserPolicyCommand).resolves({});
  assert.equal(await iam.attachPolicy(client, 'bob', POLICY), { kind: 'attached' });
  assert.equal(sent(mock), [{ command: 'AttachUserPolicyCommand', input: { UserName: 'bob', PolicyArn: POLICY } }]);
});

attach('a user deleted meanwhile is user-gone, not an error', async () => {
  const { client, mock } = setup();
  mock.on(AttachUserPolicyCommand).rejects(userMissing('bob'));
  assert.equal(await iam.attachPolicy(client, 'bob', POLICY), { kind: 'user-gone' });
});

attach('a missing policy is a PolicyNotFoundError, not a gone user', async () => {
  const { client, mock } = setup();
  mock.on(AttachUserPolicyCommand).rejects(policyMissing(POLICY));
  const error = await rejectsAsync(iam.attachPolicy(client, 'bob', POLICY), PolicyNotFoundError);
  assert.is(error.policyArn, POLICY);
  assert.instance(error.cause, NoSuchEntityException);
});

attach('a NoSuchEntity naming neither user nor policy propagates unchanged', async () => {
  const { client, mock } = setup();
  const odd = new NoSuchEntityException({ message: 'The entity cannot be found.', $metadata });
  mock.on(AttachUserPolicyCommand).rejects(odd);
  const error = await rejectsAsync(iam.attachPolicy(client, 'bob', POLICY), NoSuchEntityException);
  assert.is(error, odd);
});

attach('a user with 10 managed policies is limit-exceeded with IAM’s message', async () => {
  const { client, mock } = setup();
  mock.on(AttachUserPolicyCommand).rejects(tooManyPolicies());
  assert.equal(await iam.attachPolicy(client, 'bob', POLICY), { kind: 'limit-exceeded', message: 'Cannot exceed quota for PoliciesPerUser: 10' });
});

attach('any other error propagates', async () => {
  const { client, mock } = setup();
  mock.on(AttachUserPolicyCommand).rejects(new ServiceFailureException({ message: 'internal', $metadata }));
  await rejectsAsync(iam.attachPolicy(client, 'bob', POLICY), ServiceFailureException);
});

attach('missingEntity tells user from policy by IAM’s message, ignoring case', () => {
  assert.is(iam.missingEntity(userMissing('Bob'), 'bob', POLICY), 'user');
  assert.is(iam.missingEntity(policyMissing(POLICY.toLowerCase()), 'bob', POLICY), 'policy');
  assert.is(iam.missingEntity(policyMissing(POLICY), 'DenyActionWithoutMFA', POLICY), 'policy');
  assert.is(iam.missingEntity(new Error('The entity cannot be found.'), 'bob', POLICY), undefined);
});

attach.run();

// ---------------------------------------------------------------------------------------------
const newUser = suite('iam.attachToNewUser');

newUser('a user not visible yet is retried with exponential backoff until attached', async () => {
  const { client, mock } = setup();
  mock.on(AttachUserPolicyCommand).rejectsOnce(userMissing('erin')).rejectsOnce(userMissing('erin')).resolves({});
  const slept: number[] = [];
  const outcome = await iam.attachToNewUser(client, 'erin', POLICY, { sleep: async (ms) => void slept.push(ms) });
  assert.equal(outcome, { kind: 'attached' });
  assert.equal(slept, [200, 400]);
  assert.is(mock.commandCalls(AttachUserPolicyCommand).length, 3);
});

newUser('after the last attempt the user is gone', async () => {
  const { client, mock } = setup();
  mock.on(AttachUserPolicyCommand).rejects(userMissing('erin'));
  const slept: number[] = [];
  const outcome = await iam.attachToNewUser(client, 'erin', POLICY, { sleep: async (ms) => void slept.push(ms) });
  assert.equal(outcome, { kind: 'user-gone' });
  assert.equal(slept, [200, 400, 800, 1600]);
  assert.is(mock.commandCalls(AttachUserPolicyCommand).length, 5);
});

newUser('attempts and delay are configurable', async () => {
  const { client, mock } = setup();
  mock.on(AttachUserPolicyCommand).rejects(userMissing('erin'));
  const slept: number[] = [];
  await iam.attachToNewUser(client, 'erin', POLICY, { attempts: 2, delayMs: 5, sleep: async (ms) => void slept.push(ms) });
  assert.equal(slept, [5]);
  assert.is(mock.commandCalls(AttachUserPolicyCommand).length, 2);
});

newUser('a missing policy or a full user is not retried', async () => {
  const { client, mock } = setup();
  const sleep = async () => assert.unreachable('slept');
  mock.on(AttachUserPolicyCommand).rejectsOnce(policyMissing(POLICY)).rejectsOnce(tooManyPolicies());
  await rejectsAsync(iam.attachToNewUser(client, 'erin', POLICY, { sleep }), PolicyNotFoundError);
  assert.equal(await iam.attachToNewUser(client, 'erin', POLICY, { sleep }), { kind: 'limit-exceeded', message: 'Cannot exceed quota for PoliciesPerUser: 10' });
  assert.is(mock.commandCalls(AttachUserPolicyCommand).length, 2);
});

newUser.run();

// ---------------------------------------------------------------------------------------------
const policyEntities = suite('iam.policyEntities');

policyEntities('lists the users, groups and roles the policy is attached to, over every page', async () => {
  const { client, mock } = setup();
  const last = recorded<ListEntitiesForPolicyCommandOutput>('iam/list-entities-for-policy.json');
  mock.on(ListEntitiesForPolicyCommand).resolvesOnce({ PolicyUsers: [{ UserName: 'zoe', UserId: 'AIDAZOEZOEZOEZOEZOE12' }], IsTruncated: true, Marker: 'm1' }).resolvesOnce(last);
  assert.equal(await iam.policyEntities(client, POLICY), { users: ['zoe', 'alice', 'carol'], groups: [], roles: [] });
  assert.equal(sent(mock), [
    { command: 'ListEntitiesForPolicyCommand', input: { PolicyArn: POLICY, PolicyUsageFilter: 'PermissionsPolicy', MaxItems: 1000 } },
    { command: 'ListEntitiesForPolicyCommand', input: { PolicyArn: POLICY, PolicyUsageFilter: 'PermissionsPolicy', MaxItems: 1000, Marker: 'm1' } },
  ]);
});

policyEntities('an entity without its name is a ResponseError naming the page and item', async () => {
  const { client, mock } = setup();
  mock.on(ListEntitiesForPolicyCommand).resolves({ PolicyUsers: [], PolicyGroups: [{ GroupId: 'AGPAEXAMPLE' }], PolicyRoles: [], IsTruncated: false });
  const error = await rejectsAsync(iam.policyEntities(client, POLICY), ResponseError);
  assert.match(error.message, /page 1: PolicyGroups\[0\]/);
});

policyEntities('a missing policy is a PolicyNotFoundError', async () => {
  const { client, mock } = setup();
  mock.on(ListEntitiesForPolicyCommand).rejects(new NoSuchEntityException({ message: `Policy ${POLICY} was not found.`, $metadata }));
  await rejectsAsync(iam.policyEntities(client, POLICY), PolicyNotFoundError);
});

policyEntities.run();

// ---------------------------------------------------------------------------------------------
const CANONICAL = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'DenyAllExceptListedIfNoMFA', Effect: 'Deny', NotAction: ['iam:ChangePassword'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }],
};
const versions = () => recorded<ListPolicyVersionsCommandOutput>('iam/list-policy-versions.json');
const tamperedV5 = () => recorded<GetPolicyVersionCommandOutput>('iam/get-policy-version-v5.json');
const encoded = (document: unknown, indent?: number) => encodeURIComponent(JSON.stringify(document, null, indent));

const read = suite('iam.getPolicyDocument');

read('decodes the default version’s URL-encoded document and lists the versions', async () => {
  const { client, mock } = setup();
  mock.on(ListPolicyVersionsCommand).resolves(versions());
  mock.on(GetPolicyVersionCommand).resolves(tamperedV5());
  const policy = await iam.getPolicyDocument(client, POLICY);
  assert.is(policy?.defaultVersionId, 'v5');
  assert.equal(policy?.document, { Version: '2012-10-17', Statement: [{ Sid: 'AllowEverything', Effect: 'Allow', Action: '*', Resource: '*' }] });
  assert.equal(policy?.versions.map((v) => [v.id, v.isDefault]), [['v5', true], ['v4', false], ['v3', false], ['v2', false], ['v1', false]]);
  assert.equal(policy?.versions[4]?.created, new Date('2025-12-01T09:00:00Z'));
  assert.equal(sent(mock), [
    { command: 'ListPolicyVersionsCommand', input: { PolicyArn: POLICY } },
    { command: 'GetPolicyVersionCommand', input: { PolicyArn: POLICY, VersionId: 'v5' } },
  ]);
});

read('a policy that does not exist is undefined', async () => {
  const { client, mock } = setup();
  mock.on(ListPolicyVersionsCommand).rejects(new NoSuchEntityException({ message: `Policy ${POLICY} was not found.`, $metadata }));
  assert.is(await iam.getPolicyDocument(client, POLICY), undefined);
  assert.is(mock.commandCalls(GetPolicyVersionCommand).length, 0);
});

read('a default version changed between the two calls is a PolicyChangedError', async () => {
  const { client, mock } = setup();
  mock.on(ListPolicyVersionsCommand).resolves(versions());
  const v5 = tamperedV5();
  mock.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { ...v5.PolicyVersion, IsDefaultVersion: false } });
  await rejectsAsync(iam.getPolicyDocument(client, POLICY), PolicyChangedError);
});

read('a document that is not URL-encoded JSON is a ResponseError', async () => {
  const { client, mock } = setup();
  mock.on(ListPolicyVersionsCommand).resolves(versions());
  mock.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { Document: '%7B%22Version', VersionId: 'v5', IsDefaultVersion: true } });
  const error = await rejectsAsync(iam.getPolicyDocument(client, POLICY), ResponseError);
  assert.is(error.field, 'PolicyVersion.Document');
});

read.run();

// ---------------------------------------------------------------------------------------------
const restore = suite('iam.restorePolicyDocument');

restore('the canonical document already default, in another key order and layout, is unchanged', async () => {
  const { client, mock } = setup();
  mock.on(ListPolicyVersionsCommand).resolves({ Versions: [{ VersionId: 'v1', IsDefaultVersion: true, CreateDate: new Date('2025-12-01T09:00:00Z') }], IsTruncated: false });
  const reordered = { Statement: CANONICAL.Statement, Version: CANONICAL.Version };
  mock.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { Document: encoded(reordered, 4), VersionId: 'v1', IsDefaultVersion: true } });
  assert.is(await iam.restorePolicyDocument(client, POLICY, CANONICAL), 'unchanged');
  assert.equal(sent(mock).map((s) => s.command), ['ListPolicyVersionsCommand', 'GetPolicyVersionCommand']);
});

restore('a tampered default with 5 versions: the oldest non-default goes, the canonical one becomes default', async () => {
  const { client, mock } = setup();
  mock.on(ListPolicyVersionsCommand).resolves(versions());
  mock.on(GetPolicyVersionCommand).resolves(tamperedV5());
  mock.on(DeletePolicyVersionCommand).resolves({});
  mock.on(CreatePolicyVersionCommand).resolves({ PolicyVersion: { VersionId: 'v6', IsDefaultVersion: true } });
  assert.is(await iam.restorePolicyDocument(client, POLICY, CANONICAL), 'restored');
  assert.equal(sent(mock).slice(2), [
    { command: 'DeletePolicyVersionCommand', input: { PolicyArn: POLICY, VersionId: 'v1' } },
    { command: 'CreatePolicyVersionCommand', input: { PolicyArn: POLICY, PolicyDocument: JSON.stringify(CANONICAL), SetAsDefault: true } },
  ]);
});

restore('with room for a version nothing is deleted', async () => {
  const { client, mock } = setup();
  const all = versions();
  mock.on(ListPolicyVersionsCommand).resolves({ ...all, Versions: all.Versions?.slice(0, 2) });
  mock.on(GetPolicyVersionCommand).resolves(tamperedV5());
  mock.on(CreatePolicyVersionCommand).resolves({});
  assert.is(await iam.restorePolicyDocument(client, POLICY, CANONICAL), 'restored');
  assert.is(mock.commandCalls(DeletePolicyVersionCommand).length, 0);
  assert.is(mock.commandCalls(CreatePolicyVersionCommand).length, 1);
});

restore('a missing policy cannot be restored: PolicyNotFoundError', async () => {
  const { client, mock } = setup();
  mock.on(ListPolicyVersionsCommand).rejects(new NoSuchEntityException({ message: `Policy ${POLICY} was not found.`, $metadata }));
  await rejectsAsync(iam.restorePolicyDocument(client, POLICY, CANONICAL), PolicyNotFoundError);
  assert.is(mock.commandCalls(CreatePolicyVersionCommand).length, 0);
});

restore.run();

// ---------------------------------------------------------------------------------------------
const create = suite('iam.createPolicy / ensurePolicy');

create('CreatePolicy with name, path, compact document and description returns the ARN', async () => {
  const { client, mock } = setup();
  mock.on(CreatePolicyCommand).resolves({ Policy: { PolicyName: 'DenyActionWithoutMFA', Arn: POLICY, DefaultVersionId: 'v1' } });
  const arn = await iam.createPolicy(client, { name: 'DenyActionWithoutMFA', path: '/', document: CANONICAL, description: 'mfa-guard' });
  assert.is(arn, POLICY);
  assert.equal(sent(mock), [
    { command: 'CreatePolicyCommand', input: { PolicyName: 'DenyActionWithoutMFA', Path: '/', PolicyDocument: JSON.stringify(CANONICAL), Description: 'mfa-guard' } },
  ]);
});

create('ensurePolicy is true when it created the policy, false when one of that name exists', async () => {
  const { client, mock } = setup();
  mock
    .on(CreatePolicyCommand)
    .resolvesOnce({ Policy: { Arn: POLICY } })
    .rejectsOnce(new EntityAlreadyExistsException({ message: 'A policy called DenyActionWithoutMFA already exists. Duplicate names are not allowed.', $metadata }))
    .rejectsOnce(new ServiceFailureException({ message: 'internal', $metadata }));
  const policy = { name: 'DenyActionWithoutMFA', document: CANONICAL };
  assert.is(await iam.ensurePolicy(client, policy), true);
  assert.is(await iam.ensurePolicy(client, policy), false);
  await rejectsAsync(iam.ensurePolicy(client, policy), ServiceFailureException);
  assert.equal(mock.commandCalls(CreatePolicyCommand)[0]?.args[0].input, { PolicyName: 'DenyActionWithoutMFA', PolicyDocument: JSON.stringify(CANONICAL) });
});

create.run();
