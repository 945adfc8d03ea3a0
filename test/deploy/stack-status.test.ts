import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as stackStatus from '../../src/deploy/stack-status.ts';

const planFor = suite('stackStatus.planFor');

planFor('no stack: create', () => {
  assert.equal(stackStatus.planFor('s', undefined), { kind: 'create' });
});

planFor('REVIEW_IN_PROGRESS (a change set never executed): create, on the same stack', () => {
  assert.equal(stackStatus.planFor('s', 'REVIEW_IN_PROGRESS'), { kind: 'create-in-review' });
});

planFor('ROLLBACK_COMPLETE (a failed creation): delete, then create', () => {
  assert.equal(stackStatus.planFor('s', 'ROLLBACK_COMPLETE'), { kind: 'recreate', status: 'ROLLBACK_COMPLETE' });
});

planFor('stable statuses, rolled-back updates included: update', () => {
  for (const status of ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']) {
    assert.equal(stackStatus.planFor('s', status), { kind: 'update' }, status);
  }
});

planFor('an operation in progress blocks, with a hint to wait', () => {
  const plan = stackStatus.planFor('s', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  assert.is(plan.kind, 'blocked');
  assert.match(plan.kind === 'blocked' ? plan.hint : '', 'wait');
});

planFor('UPDATE_ROLLBACK_FAILED blocks with the continue-update-rollback command', () => {
  const plan = stackStatus.planFor('mfa-guard', 'UPDATE_ROLLBACK_FAILED');
  assert.match(plan.kind === 'blocked' ? plan.hint : '', 'aws cloudformation continue-update-rollback --stack-name mfa-guard');
});

planFor('DELETE_FAILED and ROLLBACK_FAILED block with make destroy', () => {
  for (const status of ['DELETE_FAILED', 'ROLLBACK_FAILED']) {
    const plan = stackStatus.planFor('s', status);
    assert.equal(plan, { kind: 'blocked', problem: `stack s is ${status} and cannot be updated`, hint: 'Delete it with `make destroy`, then deploy again.' });
  }
});

planFor.run();

const outcome = suite('stackStatus.outcome');

outcome('a deploy succeeds only on CREATE_COMPLETE, UPDATE_COMPLETE or IMPORT_COMPLETE', () => {
  for (const status of ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE']) assert.is(stackStatus.outcome('deploy', status), 'success', status);
});

outcome('a completed rollback is a failed deploy', () => {
  for (const status of ['ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'UPDATE_ROLLBACK_FAILED', 'CREATE_FAILED']) {
    assert.is(stackStatus.outcome('deploy', status), 'failure', status);
  }
});

outcome('cleanup phases and REVIEW_IN_PROGRESS are still in progress', () => {
  for (const status of ['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'REVIEW_IN_PROGRESS', 'CREATE_IN_PROGRESS']) {
    assert.is(stackStatus.outcome('deploy', status), 'in-progress', status);
  }
});

outcome('a deletion succeeds only on DELETE_COMPLETE', () => {
  assert.is(stackStatus.outcome('delete', 'DELETE_COMPLETE'), 'success');
  assert.is(stackStatus.outcome('delete', 'DELETE_FAILED'), 'failure');
  assert.is(stackStatus.outcome('delete', 'DELETE_IN_PROGRESS'), 'in-progress');
});

outcome.run();
