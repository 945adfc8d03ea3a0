import { DeleteParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  IAMClient,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as iamApi from '../../src/aws/iam.ts';
import * as teardown from '../../src/aws/teardown.ts';
import { rejectsAsync } from '../support/assert.ts';
import { sent } from '../support/sent.ts';

const ARN = 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA';
const iamClient = () => {
  const iam = new IAMClient({ region: 'us-east-1' });
  return { iam, stub: mockClient(iam) };
};

const entities = suite('iam.policyEntities and teardown.detachAll');

entities('lists users, groups and roles across pages (permissions-policy use only)', async () => {
  const { iam, stub } = iamClient();
  stub.on(ListEntitiesForPolicyCommand).resolvesOnce({ PolicyUsers: [{ UserName: 'alice' }], PolicyGroups: [{ GroupName: 'admins' }], IsTruncated: true, Marker: 'm2' }).resolvesOnce({ PolicyRoles: [{ RoleName: 'legacy' }], IsTruncated: false });
  assert.equal(await iamApi.policyEntities(iam, ARN), { users: ['alice'], groups: ['admins'], roles: ['legacy'] });
  assert.equal(sent(stub).map((c) => c.input), [
    { PolicyArn: ARN, PolicyUsageFilter: 'PermissionsPolicy', MaxItems: 1000 },
    { PolicyArn: ARN, PolicyUsageFilter: 'PermissionsPolicy', MaxItems: 1000, Marker: 'm2' },
  ]);
});

entities('detaches from each kind of entity with its own call, and reports each', async () => {
  const { iam, stub } = iamClient();
  stub.on(DetachUserPolicyCommand).resolves({});
  stub.on(DetachGroupPolicyCommand).resolves({});
  stub.on(DetachRolePolicyCommand).resolves({});
  const done: string[] = [];
  const failures = await teardown.detachAll(iam, ARN, { users: ['alice'], groups: ['admins'], roles: ['legacy'] }, (what) => done.push(what));
  assert.equal(failures, []);
  assert.equal(done, ['user alice', 'group admins', 'role legacy']);
  assert.equal(sent(stub), [
    { command: 'DetachUserPolicyCommand', input: { UserName: 'alice', PolicyArn: ARN } },
    { command: 'DetachGroupPolicyCommand', input: { GroupName: 'admins', PolicyArn: ARN } },
    { command: 'DetachRolePolicyCommand', input: { RoleName: 'legacy', PolicyArn: ARN } },
  ]);
});

entities('old versions are deleted, the default one kept', async () => {
  const { iam, stub } = iamClient();
  stub.on(ListPolicyVersionsCommand).resolves({ Versions: [{ VersionId: 'v4', IsDefaultVersion: true, CreateDate: new Date('2025-01-04T00:00:00Z') }, { VersionId: 'v1', IsDefaultVersion: false, CreateDate: new Date('2025-01-01T00:00:00Z') }], IsTruncated: false });
  const failures = await teardown.deleteOldVersions(iam, ARN, () => undefined);
  assert.equal(failures, []);
  assert.equal(sent(stub).at(-1), { command: 'DeletePolicyVersionCommand', input: { PolicyArn: ARN, VersionId: 'v1' } });
});

entities.run();

const parameter = suite('teardown.deleteParameter');

parameter('deletes, or says it was absent; other errors are thrown', async () => {
  const ssm = new SSMClient({ region: 'eu-west-1' });
  const stub = mockClient(ssm);
  stub.on(DeleteParameterCommand).resolvesOnce({}).rejectsOnce(Object.assign(new Error('gone'), { name: 'ParameterNotFound' })).rejectsOnce(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
  assert.is(await teardown.deleteParameter(ssm, '/mfa-guard/whitelist'), 'deleted');
  assert.is(await teardown.deleteParameter(ssm, '/mfa-guard/whitelist'), 'absent');
  await rejectsAsync(teardown.deleteParameter(ssm, '/mfa-guard/whitelist'), Error);
});

parameter.run();
