import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteConflictException,
  DeleteLoginProfileCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  DetachGroupPolicyCommand,
  DetachUserPolicyCommand,
  EnableMFADeviceCommand,
  EntityAlreadyExistsException,
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  IAMServiceException,
  InvalidAuthenticationCodeException,
  LimitExceededException,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListPolicyVersionsCommand,
  ListUsersCommand,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
  RemoveUserFromGroupCommand,
  SetDefaultPolicyVersionCommand,
  UpdateUserCommand,
  type UserDetail,
} from '@aws-sdk/client-iam';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryAccount } from '../../sim/account.ts';
import { rejectsAsync } from '../support/assert.ts';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const DOC = (sid: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Deny', Action: 's3:*', Resource: '*' }] });

function setup() {
  const account = new MemoryAccount();
  account.createPolicy({ name: 'DenyActionWithoutMFA', document: DOC('v1') });
  account.addUser({ name: 'alice', id: 'AIDAJQABLZS4A3QDU576Q', policies: [account.policyArn, ADMIN], groups: ['Admins'], mfa: 1 });
  account.addUser({ name: 'bob', id: 'AIDAIOSFODNN7EXAMPLE', groups: ['Dev'] });
  account.addUser({ name: 'carol', id: 'AIDACKCEVSQ6C2EXAMPLE', path: '/engineering/', policies: [account.policyArn] });
  const { iam } = account.clients();
  return { account, iam };
}

function createUsers(account: MemoryAccount, n: number) {
  for (let i = 0; i < n; i++) account.addUser({ name: `u${String(i).padStart(5, '0')}` });
}

// ---------------------------------------------------------------------------------------------
const users = suite('IAM users');

users('CreateUser builds the ARN from path and name and issues an AIDA user ID', async () => {
  const { account, iam } = setup();
  const out = await iam.send(new CreateUserCommand({ UserName: 'dave', Path: '/ops/' }));
  assert.is(out.User?.Arn, 'arn:aws:iam::123456789012:user/ops/dave');
  assert.match(out.User?.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
  assert.is(account.user('dave').id, out.User?.UserId);
});

users('user names are unique ignoring case, and lookups ignore case', async () => {
  const { iam } = setup();
  await rejectsAsync(iam.send(new CreateUserCommand({ UserName: 'ALICE' })), EntityAlreadyExistsException);
  const out = await iam.send(new GetUserCommand({ UserName: 'Alice' }));
  assert.is(out.User?.UserName, 'alice');
});

users('an invalid user name or path is a ValidationError', async () => {
  const { iam } = setup();
  const error = await rejectsAsync(iam.send(new CreateUserCommand({ UserName: 'bob smith' })), IAMServiceException);
  assert.is(error.name, 'ValidationError');
  const path = await rejectsAsync(iam.send(new CreateUserCommand({ UserName: 'x', Path: 'ops' })), IAMServiceException);
  assert.is(path.name, 'ValidationError');
});

users('GetUser of a missing user is NoSuchEntity', async () => {
  const { iam } = setup();
  const error = await rejectsAsync(iam.send(new GetUserCommand({ UserName: 'nobody' })), NoSuchEntityException);
  assert.is(error.message, 'The user with name nobody cannot be found.');
  assert.is(error.$metadata.httpStatusCode, 404);
});

users('ListUsers pages by 100 by default and filters by path prefix', async () => {
  const { account, iam } = setup();
  createUsers(account, 150);
  const first = await iam.send(new ListUsersCommand({}));
  assert.is(first.Users?.length, 100);
  assert.is(first.IsTruncated, true);
  const second = await iam.send(new ListUsersCommand({ Marker: first.Marker }));
  assert.is(second.Users?.length, 53);
  assert.is(second.IsTruncated, false);
  assert.is(second.Marker, undefined);
  const engineering = await iam.send(new ListUsersCommand({ PathPrefix: '/engineering/' }));
  assert.equal(engineering.Users?.map((u) => u.UserName), ['carol']);
});

users('MaxItems outside 1..1000 is a ValidationError', async () => {
  const { iam } = setup();
  for (const MaxItems of [0, 1001]) {
    const error = await rejectsAsync(iam.send(new ListUsersCommand({ MaxItems })), IAMServiceException);
    assert.is(error.name, 'ValidationError');
  }
});

users('DeleteUser is refused while credentials, devices, groups or policies remain, like IAM', async () => {
  const { account, iam } = setup();
  account.addUser({ name: 'erin', policies: [account.policyArn], groups: ['Dev'], mfa: 1, password: true, accessKeys: 1 });
  const remove = () => iam.send(new DeleteUserCommand({ UserName: 'erin' }));
  const steps: [string, () => Promise<unknown>][] = [
    ['must delete login profile first', () => iam.send(new DeleteLoginProfileCommand({ UserName: 'erin' }))],
    ['must delete access keys first', () => iam.send(new DeleteAccessKeyCommand({ UserName: 'erin', AccessKeyId: account.user('erin').accessKeys[0]?.id }))],
    ['must delete MFA device first', () => iam.send(new DeactivateMFADeviceCommand({ UserName: 'erin', SerialNumber: 'arn:aws:iam::123456789012:mfa/erin' }))],
    ['must remove users from group first', () => iam.send(new RemoveUserFromGroupCommand({ UserName: 'erin', GroupName: 'Dev' }))],
    ['must detach all policies first', () => iam.send(new DetachUserPolicyCommand({ UserName: 'erin', PolicyArn: account.policyArn }))],
  ];
  for (const [message, step] of steps) {
    const error = await rejectsAsync(remove(), DeleteConflictException);
    assert.match(error.message, message);
    await step();
  }
  await remove();
  assert.is(account.hasUser('erin'), false);
  await rejectsAsync(remove(), NoSuchEntityException);
});

users('a reattach between the console detach and DeleteUser makes the delete fail; after the delete it finds no user', async () => {
  const { account, iam } = setup();
  await iam.send(new DetachUserPolicyCommand({ UserName: 'carol', PolicyArn: account.policyArn }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: account.policyArn }));
  await rejectsAsync(iam.send(new DeleteUserCommand({ UserName: 'carol' })), DeleteConflictException);
  await iam.send(new DetachUserPolicyCommand({ UserName: 'carol', PolicyArn: account.policyArn }));
  await iam.send(new DeleteUserCommand({ UserName: 'carol' }));
  await rejectsAsync(iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: account.policyArn })), NoSuchEntityException);
});

users('group membership: list, add (existing groups only), remove', async () => {
  const { iam } = setup();
  assert.equal((await iam.send(new ListGroupsForUserCommand({ UserName: 'alice' }))).Groups?.map((g) => g.GroupName), ['Admins']);
  await iam.send(new AddUserToGroupCommand({ UserName: 'alice', GroupName: 'Dev' }));
  assert.equal((await iam.send(new ListGroupsForUserCommand({ UserName: 'alice' }))).Groups?.map((g) => g.GroupName), ['Admins', 'Dev']);
  await rejectsAsync(iam.send(new AddUserToGroupCommand({ UserName: 'alice', GroupName: 'Nope' })), NoSuchEntityException);
  await iam.send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'Admins' }));
  await rejectsAsync(iam.send(new RemoveUserFromGroupCommand({ UserName: 'alice', GroupName: 'Admins' })), NoSuchEntityException);
});

users('a user in 10 groups cannot join an 11th: LimitExceeded', async () => {
  const { account, iam } = setup();
  for (let i = 1; i <= 9; i++) account.addGroup(`g${i}`);
  account.addGroup('mfa-guard-mfa-required');
  for (let i = 1; i <= 9; i++) await iam.send(new AddUserToGroupCommand({ UserName: 'alice', GroupName: `g${i}` }));
  await rejectsAsync(iam.send(new AddUserToGroupCommand({ UserName: 'alice', GroupName: 'mfa-guard-mfa-required' })), LimitExceededException);
});

users('UpdateUser renames a user: same ID, policies and groups; the old name is gone; a taken name is refused', async () => {
  const { account, iam } = setup();
  const { id, policies } = account.user('alice');
  const before = [...policies];
  await iam.send(new UpdateUserCommand({ UserName: 'alice', NewUserName: 'alicia' }));
  assert.is(account.hasUser('alice'), false);
  assert.equal([account.user('alicia').id, account.user('alicia').policies, account.user('alicia').arn], [id, before, 'arn:aws:iam::123456789012:user/alicia']);
  await rejectsAsync(iam.send(new GetUserCommand({ UserName: 'alice' })), NoSuchEntityException);
  assert.ok(account.hasUser('bob'));
  await rejectsAsync(iam.send(new UpdateUserCommand({ UserName: 'alicia', NewUserName: 'BOB' })), EntityAlreadyExistsException);
  await rejectsAsync(iam.send(new UpdateUserCommand({ UserName: 'nobody', NewUserName: 'x' })), NoSuchEntityException);
});

users('group policies: attach, list, detach; GetAccountAuthorizationDetails and ListEntitiesForPolicy show them', async () => {
  const { account, iam } = setup();
  account.addGroup('mfa-guard-mfa-required');
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'mfa-guard-mfa-required', PolicyArn: account.policyArn }));
  assert.equal((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'mfa-guard-mfa-required' }))).AttachedPolicies?.map((p) => p.PolicyArn), [account.policyArn]);
  const gaad = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Group'] }));
  assert.equal(gaad.GroupDetailList?.find((g) => g.GroupName === 'mfa-guard-mfa-required')?.AttachedManagedPolicies, [{ PolicyName: 'DenyActionWithoutMFA', PolicyArn: account.policyArn }]);
  const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: account.policyArn }));
  assert.equal(entities.PolicyGroups?.map((g) => g.GroupName), ['mfa-guard-mfa-required']);
  await iam.send(new DetachGroupPolicyCommand({ GroupName: 'mfa-guard-mfa-required', PolicyArn: account.policyArn }));
  await rejectsAsync(iam.send(new DetachGroupPolicyCommand({ GroupName: 'mfa-guard-mfa-required', PolicyArn: account.policyArn })), NoSuchEntityException);
  await rejectsAsync(iam.send(new AttachGroupPolicyCommand({ GroupName: 'nope', PolicyArn: account.policyArn })), NoSuchEntityException);
});

// ---------------------------------------------------------------------------------------------
const details = suite('IAM GetAccountAuthorizationDetails');

details('2,500 users with MaxItems 1000 come in 3 pages, each user once, in the real UserDetail shape', async () => {
  const account = new MemoryAccount();
  createUsers(account, 2500);
  const { iam } = account.clients();
  const seen: UserDetail[] = [];
  const pages: number[] = [];
  let Marker: string | undefined;
  do {
    const out = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: 1000, Marker }));
    pages.push(out.UserDetailList?.length ?? 0);
    seen.push(...(out.UserDetailList ?? []));
    Marker = out.IsTruncated ? out.Marker : undefined;
    if (!out.IsTruncated) assert.is(out.Marker, undefined);
  } while (Marker);
  assert.equal(pages, [1000, 1000, 500]);
  assert.is(new Set(seen.map((u) => u.UserId)).size, 2500);
  assert.is(account.count('iam', 'GetAccountAuthorizationDetails'), 3);
});

details('a user detail carries groups and attached managed policies; Filter User lists users only', async () => {
  const { iam } = setup();
  const out = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'] }));
  const alice = out.UserDetailList?.find((u) => u.UserName === 'alice');
  assert.equal(alice?.GroupList, ['Admins']);
  assert.equal(alice?.AttachedManagedPolicies, [
    { PolicyName: 'DenyActionWithoutMFA', PolicyArn: 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA' },
    { PolicyName: 'AdministratorAccess', PolicyArn: ADMIN },
  ]);
  assert.equal(alice?.UserPolicyList, []);
  assert.instance(alice?.CreateDate, Date);
  assert.equal(out.GroupDetailList, []);
  assert.equal(out.Policies, []);
});

details('without a filter it lists groups and the policies in use, with URL-encoded version documents', async () => {
  const { iam } = setup();
  const out = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
  assert.equal(out.GroupDetailList?.map((g) => g.GroupName), ['Admins', 'Dev']);
  const ours = out.Policies?.find((p) => p.PolicyName === 'DenyActionWithoutMFA');
  assert.is(ours?.AttachmentCount, 2);
  assert.is(decodeURIComponent(ours?.PolicyVersionList?.[0]?.Document ?? ''), DOC('v1'));
  assert.ok(out.Policies?.some((p) => p.Arn === ADMIN));
});

details('a user created between pages after the marker still shows up; the marker survives deletions', async () => {
  const account = new MemoryAccount();
  createUsers(account, 4);
  const { iam } = account.clients();
  const first = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: 2 }));
  account.addUser({ name: 'zed' });
  await iam.send(new DeleteUserCommand({ UserName: 'u00001' }));
  const second = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: 2, Marker: first.Marker }));
  assert.equal(second.UserDetailList?.map((u) => u.UserName), ['u00002', 'u00003']);
  const third = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: 2, Marker: second.Marker }));
  assert.equal(third.UserDetailList?.map((u) => u.UserName), ['zed']);
  assert.is(third.IsTruncated, false);
});

// ---------------------------------------------------------------------------------------------
const attach = suite('IAM AttachUserPolicy / DetachUserPolicy');

attach('attaching an attached policy succeeds and changes nothing', async () => {
  const { account, iam } = setup();
  await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: account.policyArn }));
  assert.equal(account.user('alice').policies, [account.policyArn, ADMIN]);
});

attach('a missing user or policy is NoSuchEntity with IAM messages', async () => {
  const { account, iam } = setup();
  const user = await rejectsAsync(iam.send(new AttachUserPolicyCommand({ UserName: 'ghost', PolicyArn: account.policyArn })), NoSuchEntityException);
  assert.is(user.message, 'The user with name ghost cannot be found.');
  const arn = 'arn:aws:iam::123456789012:policy/Nope';
  const policy = await rejectsAsync(iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: arn })), NoSuchEntityException);
  assert.is(policy.message, `Policy ${arn} does not exist or is not attachable.`);
});

attach('an 11th managed policy is LimitExceeded; the quota is configurable', async () => {
  const { account } = setup();
  const { iam } = account.clients({ maxAttempts: 1 });
  for (let i = 0; i < 10; i++) account.attachPolicy('bob', `arn:aws:iam::aws:policy/P${i}`);
  const error = await rejectsAsync(iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: account.policyArn })), LimitExceededException);
  assert.is(error.message, 'Cannot exceed quota for PoliciesPerUser: 10');
  assert.is(error.$metadata.httpStatusCode, 409);
  account.policiesPerUser = 20;
  await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: account.policyArn }));
  assert.is(account.user('bob').policies.length, 11);
});

attach('detaching a policy the user does not have is NoSuchEntity', async () => {
  const { account, iam } = setup();
  const error = await rejectsAsync(iam.send(new DetachUserPolicyCommand({ UserName: 'bob', PolicyArn: account.policyArn })), NoSuchEntityException);
  assert.is(error.message, `Policy ${account.policyArn} was not found.`);
});

attach('ListAttachedUserPolicies pages and names the policies', async () => {
  const { iam } = setup();
  const first = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice', MaxItems: 1 }));
  const second = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice', MaxItems: 1, Marker: first.Marker }));
  assert.is(first.IsTruncated, true);
  assert.is(second.IsTruncated, false);
  assert.equal([...(first.AttachedPolicies ?? []), ...(second.AttachedPolicies ?? [])].map((p) => p.PolicyName).sort(), ['AdministratorAccess', 'DenyActionWithoutMFA']);
  await rejectsAsync(iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'ghost' })), NoSuchEntityException);
});

attach('ListEntitiesForPolicy with EntityFilter User lists the users carrying it, paged', async () => {
  const { iam } = setup();
  const arn = 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA';
  const first = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'User', MaxItems: 1 }));
  const second = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'User', Marker: first.Marker }));
  assert.equal([...(first.PolicyUsers ?? []), ...(second.PolicyUsers ?? [])], [
    { UserName: 'alice', UserId: 'AIDAJQABLZS4A3QDU576Q' },
    { UserName: 'carol', UserId: 'AIDACKCEVSQ6C2EXAMPLE' },
  ]);
  assert.equal(first.PolicyGroups, []);
  await rejectsAsync(iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: 'arn:aws:iam::123456789012:policy/Nope' })), NoSuchEntityException);
});

// ---------------------------------------------------------------------------------------------
const policies = suite('IAM managed policies and versions');

policies('CreatePolicy: v1 default, ANPA ID, duplicate names refused, malformed documents refused', async () => {
  const { iam } = setup();
  const out = await iam.send(new CreatePolicyCommand({ PolicyName: 'Other', Path: '/guard/', PolicyDocument: DOC('x') }));
  assert.is(out.Policy?.Arn, 'arn:aws:iam::123456789012:policy/guard/Other');
  assert.is(out.Policy?.DefaultVersionId, 'v1');
  assert.match(out.Policy?.PolicyId ?? '', /^ANPA/);
  await rejectsAsync(iam.send(new CreatePolicyCommand({ PolicyName: 'other', PolicyDocument: DOC('x') })), EntityAlreadyExistsException);
  await rejectsAsync(iam.send(new CreatePolicyCommand({ PolicyName: 'Bad', PolicyDocument: '{"Version":' })), MalformedPolicyDocumentException);
});

policies('a document over 6,144 characters (whitespace excluded) is LimitExceeded', async () => {
  const { iam } = setup();
  const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*', Sid: 'x'.repeat(6200) }] });
  await rejectsAsync(iam.send(new CreatePolicyCommand({ PolicyName: 'Big', PolicyDocument: big })), LimitExceededException);
});

policies('GetPolicy counts attachments; GetPolicyVersion returns the document URL-encoded', async () => {
  const { account, iam } = setup();
  const policy = await iam.send(new GetPolicyCommand({ PolicyArn: account.policyArn }));
  assert.is(policy.Policy?.AttachmentCount, 2);
  const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: account.policyArn, VersionId: 'v1' }));
  const encoded = version.PolicyVersion?.Document ?? '';
  assert.not.match(encoded, /[{}":]/);
  assert.is(decodeURIComponent(encoded), DOC('v1'));
  assert.is(version.PolicyVersion?.IsDefaultVersion, true);
  await rejectsAsync(iam.send(new GetPolicyVersionCommand({ PolicyArn: account.policyArn, VersionId: 'v9' })), NoSuchEntityException);
});

policies('CreatePolicyVersion: new IDs count up, SetAsDefault switches, the 6th version is LimitExceeded', async () => {
  const { account } = setup();
  const { iam } = account.clients({ maxAttempts: 1 });
  for (let i = 2; i <= 5; i++) {
    const out = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: account.policyArn, PolicyDocument: DOC(`v${i}`), SetAsDefault: i === 5 }));
    assert.is(out.PolicyVersion?.VersionId, `v${i}`);
  }
  assert.is(account.policy(account.policyArn)?.defaultVersion, 'v5');
  const error = await rejectsAsync(iam.send(new CreatePolicyVersionCommand({ PolicyArn: account.policyArn, PolicyDocument: DOC('v6') })), LimitExceededException);
  assert.match(error.message, 'up to 5 versions');
  const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: account.policyArn }));
  assert.equal(listed.Versions?.map((v) => `${v.VersionId}${v.IsDefaultVersion ? '*' : ''}`), ['v5*', 'v4', 'v3', 'v2', 'v1']);
  await iam.send(new DeletePolicyVersionCommand({ PolicyArn: account.policyArn, VersionId: 'v2' }));
  const next = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: account.policyArn, PolicyDocument: DOC('v6') }));
  assert.is(next.PolicyVersion?.VersionId, 'v6');
});

policies('the default version cannot be deleted; SetDefaultPolicyVersion needs an existing version', async () => {
  const { account, iam } = setup();
  await rejectsAsync(iam.send(new DeletePolicyVersionCommand({ PolicyArn: account.policyArn, VersionId: 'v1' })), DeleteConflictException);
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: account.policyArn, PolicyDocument: DOC('v2') }));
  await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: account.policyArn, VersionId: 'v2' }));
  assert.is(account.policy(account.policyArn)?.defaultVersion, 'v2');
  await rejectsAsync(iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: account.policyArn, VersionId: 'v7' })), NoSuchEntityException);
});

policies('DeletePolicy is refused while attached or while other versions exist, then succeeds', async () => {
  const { account, iam } = setup();
  const remove = () => iam.send(new DeletePolicyCommand({ PolicyArn: account.policyArn }));
  assert.match((await rejectsAsync(remove(), DeleteConflictException)).message, 'attached to entities');
  account.detachPolicy('alice', account.policyArn);
  account.detachPolicy('carol', account.policyArn);
  await iam.send(new CreatePolicyVersionCommand({ PolicyArn: account.policyArn, PolicyDocument: DOC('v2') }));
  assert.match((await rejectsAsync(remove(), DeleteConflictException)).message, 'more than one version');
  await iam.send(new DeletePolicyVersionCommand({ PolicyArn: account.policyArn, VersionId: 'v2' }));
  await remove();
  assert.is(account.policy(account.policyArn), undefined);
  await rejectsAsync(remove(), NoSuchEntityException);
});

policies('a recreated policy keeps its ARN but gets a new policy ID', async () => {
  const { account, iam } = setup();
  const before = account.policy(account.policyArn)?.id;
  account.removePolicy(account.policyArn);
  assert.equal(account.user('alice').policies, [ADMIN]);
  const out = await iam.send(new CreatePolicyCommand({ PolicyName: 'DenyActionWithoutMFA', PolicyDocument: DOC('v1') }));
  assert.is(out.Policy?.Arn, account.policyArn);
  assert.is.not(out.Policy?.PolicyId, before);
});

// ---------------------------------------------------------------------------------------------
const mfa = suite('IAM MFA devices and access keys');

mfa('ListMFADevices lists a user\'s enabled devices', async () => {
  const { iam } = setup();
  const out = await iam.send(new ListMFADevicesCommand({ UserName: 'alice' }));
  assert.equal(out.MFADevices?.map((d) => d.SerialNumber), ['arn:aws:iam::123456789012:mfa/alice']);
  assert.equal((await iam.send(new ListMFADevicesCommand({ UserName: 'bob' }))).MFADevices, []);
});

mfa('a virtual device is created, enabled with two 6-digit codes, and deleted only once deactivated', async () => {
  const { account, iam } = setup();
  const created = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'bob-phone' }));
  const serial = created.VirtualMFADevice?.SerialNumber;
  assert.is(serial, 'arn:aws:iam::123456789012:mfa/bob-phone');
  assert.instance(created.VirtualMFADevice?.Base32StringSeed, Uint8Array);
  await rejectsAsync(iam.send(new EnableMFADeviceCommand({ UserName: 'bob', SerialNumber: serial, AuthenticationCode1: '12', AuthenticationCode2: '654321' })), InvalidAuthenticationCodeException);
  await iam.send(new EnableMFADeviceCommand({ UserName: 'bob', SerialNumber: serial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
  assert.is(account.user('bob').mfa.length, 1);
  await rejectsAsync(iam.send(new EnableMFADeviceCommand({ UserName: 'carol', SerialNumber: serial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' })), EntityAlreadyExistsException);
  await rejectsAsync(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })), DeleteConflictException);
  await iam.send(new DeactivateMFADeviceCommand({ UserName: 'bob', SerialNumber: serial }));
  await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
  assert.is(account.mfaDevices.has(serial ?? ''), false);
});

mfa('a user may have at most 8 MFA devices', async () => {
  const { account, iam } = setup();
  account.addUser({ name: 'frank', mfa: 8 });
  const created = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'frank-9' }));
  const enable = new EnableMFADeviceCommand({ UserName: 'frank', SerialNumber: created.VirtualMFADevice?.SerialNumber, AuthenticationCode1: '123456', AuthenticationCode2: '654321' });
  await rejectsAsync(account.clients({ maxAttempts: 1 }).iam.send(enable), LimitExceededException);
});

mfa('ListAccessKeys shows status, never secrets', async () => {
  const { account, iam } = setup();
  account.addUser({ name: 'ci', accessKeys: [{ status: 'Active' }, { status: 'Inactive' }] });
  const out = await iam.send(new ListAccessKeysCommand({ UserName: 'ci' }));
  assert.equal(out.AccessKeyMetadata?.map((k) => [k.UserName, k.Status, /^AKIA[A-Z2-7]{16}$/.test(k.AccessKeyId ?? '')]), [
    ['ci', 'Active', true],
    ['ci', 'Inactive', true],
  ]);
});

users.run();
details.run();
attach.run();
policies.run();
mfa.run();
