import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as changeset from '../../src/deploy/changeset.ts';

const stateOf = suite('changeset.stateOf');

stateOf('pending while CloudFormation computes it', () => {
  assert.equal(changeset.stateOf({ Status: 'CREATE_PENDING' }), { kind: 'pending' });
  assert.equal(changeset.stateOf({ Status: 'CREATE_IN_PROGRESS', ExecutionStatus: 'UNAVAILABLE' }), { kind: 'pending' });
});

stateOf('ready once complete and available', () => {
  assert.equal(changeset.stateOf({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' }), { kind: 'ready' });
});

stateOf('"didn\'t contain changes" and "No updates are to be performed" mean empty, not failed', () => {
  const reason = "The submitted information didn't contain changes. Submit different information to create a change set.";
  assert.equal(changeset.stateOf({ Status: 'FAILED', StatusReason: reason }), { kind: 'empty' });
  assert.equal(changeset.stateOf({ Status: 'FAILED', StatusReason: 'No updates are to be performed.' }), { kind: 'empty' });
});

stateOf('any other FAILED is a failure carrying the reason', () => {
  assert.equal(changeset.stateOf({ Status: 'FAILED', StatusReason: 'Template format error: unsupported structure.' }), { kind: 'failed', reason: 'Template format error: unsupported structure.' });
  assert.equal(changeset.stateOf({ Status: 'FAILED' }), { kind: 'failed', reason: 'FAILED without a reason' });
});

stateOf('complete but not executable (obsolete) is a failure', () => {
  assert.equal(changeset.stateOf({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'OBSOLETE' }), { kind: 'failed', reason: 'cannot be executed (ExecutionStatus OBSOLETE)' });
});

stateOf('a deleted change set is a failure', () => {
  assert.equal(changeset.stateOf({ Status: 'DELETE_COMPLETE' }), { kind: 'failed', reason: 'unexpected status DELETE_COMPLETE' });
});

stateOf.run();

const summary = suite('changeset.summary and tally');

const changes = [
  { Type: 'Resource', ResourceChange: { Action: 'Add', LogicalResourceId: 'Policy', ResourceType: 'AWS::IAM::ManagedPolicy' } },
  { Type: 'Resource', ResourceChange: { Action: 'Modify', LogicalResourceId: 'EnforceFunction', ResourceType: 'AWS::Lambda::Function', Replacement: 'False' } },
  { Type: 'Resource', ResourceChange: { Action: 'Modify', LogicalResourceId: 'DeadLetterQueue', ResourceType: 'AWS::SQS::Queue', Replacement: 'Conditional' } },
  { Type: 'Resource', ResourceChange: { Action: 'Remove', LogicalResourceId: 'OldRule', ResourceType: 'AWS::Events::Rule' } },
];

summary('one row per resource change: Action, LogicalResourceId, ResourceType, Replacement (for Modify only)', () => {
  assert.equal(changeset.summary(changes), [
    'Action  LogicalResourceId  ResourceType             Replacement',
    '------  -----------------  -----------------------  -----------',
    'Add     Policy             AWS::IAM::ManagedPolicy',
    'Modify  EnforceFunction    AWS::Lambda::Function    False',
    'Modify  DeadLetterQueue    AWS::SQS::Queue          Conditional',
    'Remove  OldRule            AWS::Events::Rule',
  ]);
});

summary('counts each action and calls out replacements', () => {
  assert.is(changeset.tally(changes), '1 to add, 2 to modify (1 maybe replaced), 1 to remove');
  assert.is(changeset.tally([{ ResourceChange: { Action: 'Modify', Replacement: 'True' } }]), '0 to add, 1 to modify (1 replaced), 0 to remove');
});

summary('change set names use only letters, digits and hyphens', () => {
  assert.is(changeset.nameAt(new Date('2026-11-29T12:34:56.789Z')), 'mfa-guard-20261129T123456Z');
  assert.match(changeset.nameAt(new Date()), /^[a-zA-Z][-a-zA-Z0-9]*$/);
});

summary.run();
