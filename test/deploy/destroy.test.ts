import { DeleteParameterCommand, ParameterNotFound } from '@aws-sdk/client-ssm';
import {
  DeletePolicyVersionCommand,
  DetachUserPolicyCommand,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { destroy } from '../../scripts/deploy/destroy.ts';
import { DeclinedError, DeployError } from '../../src/deploy/errors.ts';
import * as settings from '../../src/deploy/settings.ts';
import { rejectsAsync } from '../support/assert.ts';
import { instantPace, scriptedIo } from '../support/deploy-io.ts';
import { event, fakeCloudFormation } from '../support/fake-cloudformation.ts';
import { fakeDeployAws, POLICY_ARN } from '../support/fake-deploy-aws.ts';
import { sent } from '../support/sent.ts';

const STACK = 'AWS::CloudFormation::Stack';
const POLICY = 'AWS::IAM::ManagedPolicy';
const deployed = {
  StackStatus: 'UPDATE_COMPLETE' as const,
  Outputs: [{ OutputKey: 'PolicyArn', OutputValue: POLICY_ARN }],
  Parameters: [{ ParameterKey: 'WhitelistParameterName', ParameterValue: '/mfa-guard/whitelist' }],
};
const conflict = 'Cannot delete a policy attached to entities. (Service: Iam, Status Code: 409)';

function forwarder() {
  return fakeCloudFormation({
    name: 'mfa-guard-iam-events',
    region: 'us-east-1',
    existing: { StackStatus: 'CREATE_COMPLETE' },
    history: [event('mfa-guard-iam-events', STACK, 'CREATE_COMPLETE', 0)],
    batches: [[[event('ForwardRule', 'AWS::Events::Rule', 'DELETE_COMPLETE', 5), event('mfa-guard-iam-events', STACK, 'DELETE_COMPLETE', 6)]]],
    after: [undefined],
  });
}

function homeWithAttachedPolicy(remaining: { LogicalResourceId: string; ResourceType: string }[] = []) {
  return fakeCloudFormation({
    name: 'mfa-guard',
    existing: deployed,
    history: [event('mfa-guard', STACK, 'UPDATE_COMPLETE', 0)],
    batches: [
      [
        [event('mfa-guard', STACK, 'DELETE_IN_PROGRESS', 10), event('EnforceFunction', 'AWS::Lambda::Function', 'DELETE_COMPLETE', 14), event('CloudTrailRule', 'AWS::Events::Rule', 'DELETE_COMPLETE', 15)],
        [event('Policy', POLICY, 'DELETE_FAILED', 20, conflict), event('mfa-guard', STACK, 'DELETE_FAILED', 21, 'The following resource(s) failed to delete: [Policy].')],
      ],
      [[event('Policy', POLICY, 'DELETE_COMPLETE', 40), event('mfa-guard', STACK, 'DELETE_COMPLETE', 41)]],
    ],
    after: [{ ...deployed, StackStatus: 'DELETE_FAILED' }, undefined],
    resources: [
      { LogicalResourceId: 'EnforceFunction', ResourceType: 'AWS::Lambda::Function', ResourceStatus: 'DELETE_COMPLETE', LastUpdatedTimestamp: new Date() },
      { LogicalResourceId: 'Policy', PhysicalResourceId: POLICY_ARN, ResourceType: POLICY, ResourceStatus: 'DELETE_FAILED', ResourceStatusReason: conflict, LastUpdatedTimestamp: new Date() },
      ...remaining.map((r) => ({ ...r, ResourceStatus: 'DELETE_FAILED' as const, ResourceStatusReason: 'Internal failure', LastUpdatedTimestamp: new Date() })),
    ],
  });
}

function account(home: ReturnType<typeof fakeCloudFormation>, fwd = forwarder()) {
  const fake = fakeDeployAws({ cfn: home.client, cfnIn: { 'us-east-1': fwd.client } });
  fake.stubs.iam.on(ListEntitiesForPolicyCommand).resolves({ PolicyUsers: [{ UserName: 'alice', UserId: 'AIDAJQABLZS4A3QDU576Q' }, { UserName: 'carol', UserId: 'AIDACKCEVSQ6C2EXAMPLE' }], PolicyGroups: [], PolicyRoles: [], IsTruncated: false });
  fake.stubs.iam.on(DetachUserPolicyCommand).resolves({});
  fake.stubs.iam.on(ListPolicyVersionsCommand).resolves({ Versions: [{ VersionId: 'v3', IsDefaultVersion: true, CreateDate: new Date('2025-01-03T00:00:00Z') }, { VersionId: 'v2', IsDefaultVersion: false, CreateDate: new Date('2025-01-02T00:00:00Z') }], IsTruncated: false });
  fake.stubs.iam.on(DeletePolicyVersionCommand).resolves({});
  fake.stubs.ssm.on(DeleteParameterCommand).resolves({});
  return { ...fake, fwd };
}

const input = { settings: settings.parse({ REGION: 'eu-west-1' }), region: 'eu-west-1' };
const destroyFlow = suite('destroy');

destroyFlow('a STACK that is not an mfa-guard stack (no mfa-guard:role tag) is refused before asking, even with YES=1', async () => {
  const home = fakeCloudFormation({ name: 'mfa-guard', existing: { ...deployed, Tags: [{ Key: 'owner', Value: 'network-team' }] } });
  const { aws, stubs, fwd } = account(home);
  const io = scriptedIo(true);
  const error = await rejectsAsync(destroy(aws, input, io, instantPace()), DeployError);
  assert.match(error.message, 'stack mfa-guard: exists but has no mfa-guard:role tag');
  assert.equal(io.questions, []);
  assert.not.ok([...sent(home.stub), ...sent(fwd.stub)].some((c) => c.command === 'DeleteStackCommand'));
  assert.equal(sent(stubs.ssm), []);
});

destroyFlow('says what it will do, including who loses the policy, and asks first', async () => {
  const home = homeWithAttachedPolicy();
  const { aws } = account(home);
  const io = scriptedIo(false);
  await rejectsAsync(destroy(aws, input, io, instantPace()), DeclinedError);
  assert.ok(io.lines.includes('  - delete stack mfa-guard-iam-events in us-east-1 (forwards IAM events)'));
  assert.ok(io.lines.includes(`  - detach ${POLICY_ARN} from 2 users (alice, carol), once the functions are gone:`));
  assert.ok(io.lines.includes('  - delete the SSM parameter /mfa-guard/whitelist'));
  assert.not.ok(sent(home.stub).some((c) => c.command === 'DeleteStackCommand'));
});

destroyFlow('forwarder first, then the home stack; the attached policy is detached only once the functions are gone, then the stack deleted again', async () => {
  const home = homeWithAttachedPolicy();
  const { aws, stubs, fwd } = account(home);
  const io = scriptedIo(true);
  await destroy(aws, input, io, instantPace());
  assert.ok(sent(fwd.stub).some((c) => c.command === 'DeleteStackCommand'));
  assert.is(sent(home.stub).filter((c) => c.command === 'DeleteStackCommand').length, 2);
  const detaches = sent(stubs.iam).filter((c) => c.command === 'DetachUserPolicyCommand').map((c) => c.input);
  assert.equal(detaches, [
    { UserName: 'alice', PolicyArn: POLICY_ARN },
    { UserName: 'carol', PolicyArn: POLICY_ARN },
  ]);
  assert.equal(sent(stubs.iam).filter((c) => c.command === 'DeletePolicyVersionCommand').map((c) => c.input), [{ PolicyArn: POLICY_ARN, VersionId: 'v2' }]);
  const at = (text: string) => io.lines.findIndex((l) => l.includes(text));
  assert.ok(at('Stack mfa-guard-iam-events: DELETE_COMPLETE.') < at('Stack mfa-guard: DELETE_FAILED.'));
  assert.ok(at('Stack mfa-guard: DELETE_FAILED.') < at('detached from user alice'));
  assert.ok(at('detached from user carol') < at('Stack mfa-guard: DELETE_COMPLETE.'));
  assert.equal(sent(stubs.ssm), [{ command: 'DeleteParameterCommand', input: { Name: '/mfa-guard/whitelist' } }]);
  assert.is(io.lines.at(-1), 'Destroyed.');
});

destroyFlow('if anything but the policy is left, nothing is detached and every failure is reported', async () => {
  const home = homeWithAttachedPolicy([{ LogicalResourceId: 'EnforceRole', ResourceType: 'AWS::IAM::Role' }]);
  const { aws, stubs } = account(home);
  const error = await rejectsAsync(destroy(aws, input, scriptedIo(true), instantPace()), DeployError);
  assert.match(error.message, 'stack mfa-guard: deletion failed: DELETE_FAILED (The following resource(s) failed to delete: [Policy].)');
  assert.match(error.message, conflict);
  assert.not.ok(sent(stubs.iam).some((c) => c.command === 'DetachUserPolicyCommand'));
  assert.equal(sent(stubs.ssm), []);
});

destroyFlow('a user deleted meanwhile is fine; any other detach failure stops before deleting again', async () => {
  const home = homeWithAttachedPolicy();
  const { aws, stubs } = account(home);
  stubs.iam.on(DetachUserPolicyCommand, { UserName: 'alice' }).rejects(new NoSuchEntityException({ message: 'The user with name alice cannot be found.', $metadata: {} }));
  stubs.iam.on(DetachUserPolicyCommand, { UserName: 'carol' }).rejects(Object.assign(new Error('User: x is not authorized to perform: iam:DetachUserPolicy'), { name: 'AccessDenied' }));
  const error = await rejectsAsync(destroy(aws, input, scriptedIo(true), instantPace()), DeployError);
  assert.match(error.message, 'user carol: AccessDenied: User: x is not authorized');
  assert.not.match(error.message, 'alice');
  assert.is(sent(home.stub).filter((c) => c.command === 'DeleteStackCommand').length, 1);
});

destroyFlow('with nothing deployed, only the parameter is looked for', async () => {
  const home = fakeCloudFormation({ name: 'mfa-guard' });
  const fwd = fakeCloudFormation({ name: 'mfa-guard-iam-events', region: 'us-east-1' });
  const { aws, stubs } = account(home, fwd);
  stubs.ssm.on(DeleteParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
  const io = scriptedIo(true);
  await destroy(aws, input, io, instantPace());
  assert.ok(io.lines.includes('(No stack mfa-guard in eu-west-1 nor mfa-guard-iam-events in us-east-1.)'));
  assert.ok(io.lines.includes('The parameter /mfa-guard/whitelist was already absent.'));
  assert.not.ok(sent(stubs.iam).some((c) => c.command === 'ListEntitiesForPolicyCommand'));
});

destroyFlow('the monitoring stack goes first: its alarms would only fire as the functions are deleted', async () => {
  const monitoring = fakeCloudFormation({
    name: 'mfa-guard-monitoring',
    existing: { StackStatus: 'CREATE_COMPLETE' },
    history: [event('mfa-guard-monitoring', STACK, 'CREATE_COMPLETE', 0)],
    batches: [[[event('NotifyFunction', 'AWS::Lambda::Function', 'DELETE_COMPLETE', 3), event('mfa-guard-monitoring', STACK, 'DELETE_COMPLETE', 4)]]],
    after: [undefined],
  });
  const home = homeWithAttachedPolicy();
  const fake = account(home);
  const aws = { ...fake.aws, cfnIn: (region: string) => (region === 'eu-west-1' ? monitoring.client : fake.aws.cfnIn(region)) };
  const io = scriptedIo(true);
  await destroy(aws, input, io, instantPace());
  assert.ok(io.lines.includes('  - delete stack mfa-guard-monitoring in eu-west-1 (alarms and alerts)'));
  const at = (text: string) => io.lines.findIndex((l) => l.includes(text));
  assert.ok(at('Stack mfa-guard-monitoring: DELETE_COMPLETE.') >= 0);
  assert.ok(at('Stack mfa-guard-monitoring: DELETE_COMPLETE.') < at('Stack mfa-guard-iam-events: DELETE_COMPLETE.'));
});

destroyFlow.run();
