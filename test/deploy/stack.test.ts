import { ExecuteChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { deployStack, deleteStack } from '../../scripts/deploy/stack.ts';
import { DeclinedError, DeployError } from '../../src/deploy/errors.ts';
import { rejectsAsync } from '../support/assert.ts';
import { scriptedIo, instantPace } from '../support/deploy-io.ts';
import { event, fakeCloudFormation } from '../support/fake-cloudformation.ts';
import { sent } from '../support/sent.ts';

const STACK = 'AWS::CloudFormation::Stack';
const request = { name: 'mfa-guard', templateBody: 'Resources: {}\n', parameters: { Mode: 'enforce' }, capabilities: ['CAPABILITY_NAMED_IAM'], role: 'home' as const, version: '0.1.0+abc' };
const add = (id: string, type: string) => ({ Type: 'Resource' as const, ResourceChange: { Action: 'Add' as const, LogicalResourceId: id, ResourceType: type } });
const modify = (id: string, type: string, replacement: 'True' | 'False') => ({ Type: 'Resource' as const, ResourceChange: { Action: 'Modify' as const, LogicalResourceId: id, ResourceType: type, Replacement: replacement } });

const deploy = suite('deployStack');

deploy('a new stack: change set CREATE, table, confirmation, execution followed to CREATE_COMPLETE', async () => {
  const { client, stub, stackId } = fakeCloudFormation({
    name: 'mfa-guard',
    changes: [add('Policy', 'AWS::IAM::ManagedPolicy'), add('EnforceRole', 'AWS::IAM::Role'), add('EnforceFunction', 'AWS::Lambda::Function')],
    history: [event('mfa-guard', STACK, 'REVIEW_IN_PROGRESS', 0, 'User Initiated')],
    batches: [
      [
        [
          event('mfa-guard', STACK, 'CREATE_IN_PROGRESS', 10, 'User Initiated'),
          event('Policy', 'AWS::IAM::ManagedPolicy', 'CREATE_IN_PROGRESS', 11),
          event('EnforceRole', 'AWS::IAM::Role', 'CREATE_IN_PROGRESS', 11),
          event('Policy', 'AWS::IAM::ManagedPolicy', 'CREATE_COMPLETE', 20),
        ],
        [event('EnforceRole', 'AWS::IAM::Role', 'CREATE_COMPLETE', 30)],
        [event('EnforceFunction', 'AWS::Lambda::Function', 'CREATE_COMPLETE', 40), event('mfa-guard', STACK, 'CREATE_COMPLETE', 41)],
      ],
    ],
    after: [{ StackStatus: 'CREATE_COMPLETE', Outputs: [{ OutputKey: 'PolicyArn', OutputValue: 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA' }] }],
  });
  const io = scriptedIo(true);
  const result = await deployStack(client, request, io, instantPace());
  assert.is(result.kind, 'deployed');
  assert.equal(result.stack.Outputs, [{ OutputKey: 'PolicyArn', OutputValue: 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA' }]);
  const calls = sent(stub);
  assert.equal(calls.map((c) => c.command), [
    'DescribeStacksCommand',
    'CreateChangeSetCommand',
    'DescribeChangeSetCommand',
    'DescribeChangeSetCommand',
    'DescribeChangeSetCommand',
    'DescribeChangeSetCommand',
    'DescribeStackEventsCommand',
    'ExecuteChangeSetCommand',
    'DescribeStackEventsCommand',
    'DescribeStackEventsCommand',
    'DescribeStackEventsCommand',
    'DescribeStackEventsCommand',
    'DescribeStacksCommand',
  ]);
  assert.equal(calls[1]?.input, {
    StackName: 'mfa-guard',
    ChangeSetName: 'mfa-guard-20261129T120000Z',
    ChangeSetType: 'CREATE',
    TemplateBody: 'Resources: {}\n',
    Parameters: [{ ParameterKey: 'Mode', ParameterValue: 'enforce' }],
    Capabilities: ['CAPABILITY_NAMED_IAM'],
    Description: 'make deploy (mfa-guard)',
    Tags: [
      { Key: 'mfa-guard:role', Value: 'home' },
      { Key: 'mfa-guard:version', Value: '0.1.0+abc' },
    ],
  });
  assert.equal(calls[4]?.input, { StackName: 'mfa-guard', ChangeSetName: 'mfa-guard-20261129T120000Z', NextToken: undefined });
  assert.equal(calls[5]?.input, { StackName: 'mfa-guard', ChangeSetName: 'mfa-guard-20261129T120000Z', NextToken: '2' });
  const execute = calls[7]?.input as { StackName: string; ChangeSetName: string; ClientRequestToken: string };
  assert.is(execute.StackName, 'mfa-guard');
  assert.match(execute.ClientRequestToken, /^mfa-guard-[0-9a-f-]{36}$/);
  // The first poll finds 4 new events: two newest-first pages, the second reaching the marker.
  assert.equal(calls[8]?.input, { StackName: stackId, NextToken: undefined });
  assert.equal(calls[9]?.input, { StackName: stackId, NextToken: '3' });
  const progress = io.lines.filter((l) => /^ {2}12:00:/.test(l)).map((l) => l.replace(/\s+/g, ' ').trim());
  assert.equal(progress, [
    '12:00:10 CREATE_IN_PROGRESS AWS::CloudFormation::Stack mfa-guard User Initiated',
    '12:00:11 CREATE_IN_PROGRESS AWS::IAM::ManagedPolicy Policy',
    '12:00:11 CREATE_IN_PROGRESS AWS::IAM::Role EnforceRole',
    '12:00:20 CREATE_COMPLETE AWS::IAM::ManagedPolicy Policy',
    '12:00:30 CREATE_COMPLETE AWS::IAM::Role EnforceRole',
    '12:00:40 CREATE_COMPLETE AWS::Lambda::Function EnforceFunction',
    '12:00:41 CREATE_COMPLETE AWS::CloudFormation::Stack mfa-guard',
  ]);
  assert.ok(io.lines.includes('Changes to stack mfa-guard (3 to add, 0 to modify, 0 to remove):'));
  assert.ok(io.lines.some((l) => /CREATE_COMPLETE\s+AWS::Lambda::Function\s+EnforceFunction/.test(l)));
  assert.equal(io.questions, ['Execute change set mfa-guard-20261129T120000Z on stack mfa-guard?']);
});

deploy('an existing stack is updated, and a replacement is shown in the table', async () => {
  const { client, stub } = fakeCloudFormation({
    name: 'mfa-guard',
    existing: { StackStatus: 'UPDATE_COMPLETE' },
    changes: [modify('EnforceFunction', 'AWS::Lambda::Function', 'False'), modify('DeadLetterQueue', 'AWS::SQS::Queue', 'True')],
    history: [event('mfa-guard', STACK, 'UPDATE_COMPLETE', 0)],
    batches: [[[event('mfa-guard', STACK, 'UPDATE_IN_PROGRESS', 5), event('mfa-guard', STACK, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 9)], [event('mfa-guard', STACK, 'UPDATE_COMPLETE', 12)]]],
    after: [{ StackStatus: 'UPDATE_COMPLETE' }],
  });
  const io = scriptedIo(true);
  const result = await deployStack(client, request, io, instantPace());
  assert.is(result.kind, 'deployed');
  assert.is((sent(stub)[1]?.input as { ChangeSetType: string }).ChangeSetType, 'UPDATE');
  assert.ok(io.lines.includes('Changes to stack mfa-guard (0 to add, 2 to modify (1 replaced), 0 to remove):'));
  assert.ok(io.lines.some((l) => /Modify\s+DeadLetterQueue\s+AWS::SQS::Queue\s+True/.test(l)));
  assert.ok(io.lines.includes('Stack mfa-guard: UPDATE_COMPLETE.'));
});

deploy('an empty change set is success: "no changes", change set deleted, nothing executed, nobody asked', async () => {
  const { client, stub } = fakeCloudFormation({
    name: 'mfa-guard',
    existing: { StackStatus: 'UPDATE_COMPLETE' },
    changeSet: { Status: 'FAILED', StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set." },
  });
  const io = scriptedIo();
  const result = await deployStack(client, request, io, instantPace());
  assert.is(result.kind, 'unchanged');
  const commands = sent(stub).map((c) => c.command);
  assert.ok(commands.includes('DeleteChangeSetCommand'));
  assert.not.ok(commands.includes('ExecuteChangeSetCommand'));
  assert.equal(io.questions, []);
  assert.ok(io.lines.includes('Stack mfa-guard: no changes.'));
});

deploy('a change set that fails for another reason is an error naming the reason, kept for inspection', async () => {
  const { client, stub } = fakeCloudFormation({
    name: 'mfa-guard',
    existing: { StackStatus: 'UPDATE_COMPLETE' },
    changeSet: { Status: 'FAILED', StatusReason: 'Requires capabilities : [CAPABILITY_NAMED_IAM]' },
  });
  const error = await rejectsAsync(deployStack(client, request, scriptedIo(), instantPace()), DeployError);
  assert.match(error.message, 'change set mfa-guard-20261129T120000Z failed: Requires capabilities : [CAPABILITY_NAMED_IAM]');
  assert.match(error.message, 'aws cloudformation describe-change-set --stack-name mfa-guard');
  assert.not.ok(sent(stub).some((c) => c.command === 'DeleteChangeSetCommand' || c.command === 'ExecuteChangeSetCommand'));
});

deploy('a failed update that rolled back is an error listing every failed resource with its reason', async () => {
  const { client } = fakeCloudFormation({
    name: 'mfa-guard',
    existing: { StackStatus: 'UPDATE_COMPLETE' },
    changes: [modify('ConfigRule', 'AWS::Config::ConfigRule', 'False')],
    history: [event('mfa-guard', STACK, 'UPDATE_COMPLETE', 0)],
    batches: [
      [
        [event('mfa-guard', STACK, 'UPDATE_IN_PROGRESS', 5, 'User Initiated'), event('ConfigRule', 'AWS::Config::ConfigRule', 'UPDATE_FAILED', 8, 'The configuration recorder is not available (Service: Config)')],
        [event('mfa-guard', STACK, 'UPDATE_ROLLBACK_IN_PROGRESS', 9, 'The following resource(s) failed to update: [ConfigRule].'), event('mfa-guard', STACK, 'UPDATE_ROLLBACK_COMPLETE', 20)],
      ],
    ],
    after: [{ StackStatus: 'UPDATE_ROLLBACK_COMPLETE' }],
  });
  const io = scriptedIo(true);
  const error = await rejectsAsync(deployStack(client, request, io, instantPace()), DeployError);
  assert.match(error.message, 'stack mfa-guard: update failed: UPDATE_ROLLBACK_COMPLETE (The following resource(s) failed to update: [ConfigRule].)');
  assert.match(error.message, /ConfigRule\s+AWS::Config::ConfigRule\s+UPDATE_FAILED\s+The configuration recorder is not available \(Service: Config\)/);
});

deploy('a creation that rolled back (ROLLBACK_COMPLETE) is a failure, never success', async () => {
  const { client } = fakeCloudFormation({
    name: 'mfa-guard',
    changes: [add('Policy', 'AWS::IAM::ManagedPolicy')],
    history: [event('mfa-guard', STACK, 'REVIEW_IN_PROGRESS', 0)],
    batches: [
      [
        [event('Policy', 'AWS::IAM::ManagedPolicy', 'CREATE_FAILED', 5, 'A policy called DenyActionWithoutMFA already exists. Duplicate names are not allowed.')],
        [event('Policy', 'AWS::IAM::ManagedPolicy', 'DELETE_COMPLETE', 7), event('mfa-guard', STACK, 'ROLLBACK_COMPLETE', 8)],
      ],
    ],
    after: [{ StackStatus: 'ROLLBACK_COMPLETE' }],
  });
  const error = await rejectsAsync(deployStack(client, request, scriptedIo(true), instantPace()), DeployError);
  assert.match(error.message, 'creation failed: ROLLBACK_COMPLETE');
  assert.match(error.message, 'A policy called DenyActionWithoutMFA already exists');
});

deploy('declining deletes the change set and executes nothing', async () => {
  const { client, stub } = fakeCloudFormation({ name: 'mfa-guard', existing: { StackStatus: 'UPDATE_COMPLETE' }, changes: [add('Policy', 'AWS::IAM::ManagedPolicy')] });
  const error = await rejectsAsync(deployStack(client, request, scriptedIo(false), instantPace()), DeclinedError);
  assert.match(error.message, 'declined, not executed and deleted');
  const calls = sent(stub);
  assert.equal(calls.at(-1), { command: 'DeleteChangeSetCommand', input: { StackName: 'mfa-guard', ChangeSetName: 'mfa-guard-20261129T120000Z' } });
  assert.not.ok(calls.some((c) => c.command === 'ExecuteChangeSetCommand'));
});

deploy('beforeExecute runs once confirmed, before ExecuteChangeSet; never when declined', async () => {
  const order: string[] = [];
  const confirmed = fakeCloudFormation({ name: 'mfa-guard', existing: { StackStatus: 'UPDATE_COMPLETE' }, changes: [add('Policy', 'AWS::IAM::ManagedPolicy')], batches: [[[event('mfa-guard', STACK, 'UPDATE_COMPLETE', 3)]]] });
  confirmed.stub.on(ExecuteChangeSetCommand).callsFake(() => (order.push('execute'), {}));
  await deployStack(confirmed.client, { ...request, beforeExecute: async () => void order.push('before') }, scriptedIo(true), instantPace()).catch(() => undefined);
  assert.equal(order, ['before', 'execute']);

  const declined = fakeCloudFormation({ name: 'mfa-guard', existing: { StackStatus: 'UPDATE_COMPLETE' }, changes: [add('Policy', 'AWS::IAM::ManagedPolicy')] });
  let ran = false;
  await rejectsAsync(deployStack(declined.client, { ...request, beforeExecute: async () => void (ran = true) }, scriptedIo(false), instantPace()), DeclinedError);
  assert.is(ran, false);
});

deploy('an existing stack without the mfa-guard:role tag, or with another role, is refused before any change set', async () => {
  for (const Tags of [[], [{ Key: 'mfa-guard:role', Value: 'forwarder' }]]) {
    const { client, stub } = fakeCloudFormation({ name: 'mfa-guard', existing: { StackStatus: 'ROLLBACK_COMPLETE', Tags } });
    const error = await rejectsAsync(deployStack(client, request, scriptedIo(true), instantPace()), DeployError);
    assert.match(error.message, 'refusing to change or delete it');
    assert.equal(sent(stub).map((c) => c.command), ['DescribeStacksCommand']);
  }
});

deploy('a stack whose creation rolled back is deleted first, then created', async () => {
  const { client, stub } = fakeCloudFormation({
    name: 'mfa-guard',
    existing: { StackStatus: 'ROLLBACK_COMPLETE' },
    changes: [add('Policy', 'AWS::IAM::ManagedPolicy')],
    history: [event('mfa-guard', STACK, 'ROLLBACK_COMPLETE', 0)],
    batches: [[[event('mfa-guard', STACK, 'DELETE_IN_PROGRESS', 2), event('mfa-guard', STACK, 'DELETE_COMPLETE', 4)]], [[event('mfa-guard', STACK, 'CREATE_COMPLETE', 9)]]],
    after: [undefined, { StackStatus: 'CREATE_COMPLETE' }],
  });
  const result = await deployStack(client, request, scriptedIo(true), instantPace());
  assert.is(result.kind, 'deployed');
  const commands = sent(stub).map((c) => c.command);
  assert.ok(commands.indexOf('DeleteStackCommand') < commands.indexOf('CreateChangeSetCommand'));
  assert.is((sent(stub).find((c) => c.command === 'CreateChangeSetCommand')?.input as { ChangeSetType: string }).ChangeSetType, 'CREATE');
});

deploy('a stack left in REVIEW_IN_PROGRESS gets a CREATE change set', async () => {
  const { client, stub } = fakeCloudFormation({ name: 'mfa-guard', existing: { StackStatus: 'REVIEW_IN_PROGRESS' }, changes: [add('Policy', 'AWS::IAM::ManagedPolicy')] });
  await rejectsAsync(deployStack(client, request, scriptedIo(false), instantPace()), DeclinedError);
  assert.is((sent(stub).find((c) => c.command === 'CreateChangeSetCommand')?.input as { ChangeSetType: string }).ChangeSetType, 'CREATE');
});

deploy('a stack in the middle of an operation is refused before any change set', async () => {
  const { client, stub } = fakeCloudFormation({ name: 'mfa-guard', existing: { StackStatus: 'UPDATE_IN_PROGRESS' } });
  const error = await rejectsAsync(deployStack(client, request, scriptedIo(true), instantPace()), DeployError);
  assert.match(error.message, 'stack mfa-guard is UPDATE_IN_PROGRESS');
  assert.equal(sent(stub).map((c) => c.command), ['DescribeStacksCommand']);
});

deploy('a template over 51,200 bytes is refused before any call', async () => {
  const { client, stub } = fakeCloudFormation({ name: 'mfa-guard' });
  const error = await rejectsAsync(deployStack(client, { ...request, templateBody: 'x'.repeat(51_201) }, scriptedIo(true), instantPace()), DeployError);
  assert.match(error.message, '51201 bytes, over the 51200-byte limit');
  assert.equal(sent(stub), []);
});

deploy('gives up waiting after the timeout, saying the operation goes on in AWS', async () => {
  const { client } = fakeCloudFormation({
    name: 'mfa-guard',
    existing: { StackStatus: 'UPDATE_COMPLETE' },
    changes: [add('Policy', 'AWS::IAM::ManagedPolicy')],
    batches: [[[event('mfa-guard', STACK, 'UPDATE_IN_PROGRESS', 5)]]],
  });
  const error = await rejectsAsync(deployStack(client, request, scriptedIo(true), instantPace(undefined, 60_000)), DeployError);
  assert.match(error.message, 'still UPDATE_IN_PROGRESS after 1 minutes; it goes on in AWS');
});

deploy.run();

const remove = suite('deleteStack');

remove('follows a deletion by stack ID to DELETE_COMPLETE', async () => {
  const { client, stub, stackId } = fakeCloudFormation({
    name: 'mfa-guard',
    existing: { StackStatus: 'UPDATE_COMPLETE' },
    history: [event('mfa-guard', STACK, 'UPDATE_COMPLETE', 0)],
    batches: [[[event('EnforceFunction', 'AWS::Lambda::Function', 'DELETE_COMPLETE', 3), event('mfa-guard', STACK, 'DELETE_COMPLETE', 4)]]],
    after: [undefined],
  });
  const followed = await deleteStack(client, { id: stackId, name: 'mfa-guard' }, scriptedIo(), instantPace());
  assert.is(followed.outcome, 'success');
  const del = sent(stub).find((c) => c.command === 'DeleteStackCommand')?.input as { StackName: string; ClientRequestToken: string };
  assert.is(del.StackName, stackId);
  assert.match(del.ClientRequestToken, /^mfa-guard-/);
});

remove.run();
