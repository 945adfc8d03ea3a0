/**
 * CloudFormation stack statuses: what a deploy can do with a stack in a given status, and whether
 * an operation has ended well, badly, or not yet.
 *
 * @example
 * ```ts
 * stackStatus.planFor('ROLLBACK_COMPLETE'); // { kind: 'recreate', ... }
 * stackStatus.outcome('deploy', 'UPDATE_ROLLBACK_COMPLETE'); // 'failure'
 * ```
 */

/** How to deploy over a stack found in some status (or not found). */
export type Plan =
  | { readonly kind: 'create' }
  /** A stack left in REVIEW_IN_PROGRESS by a change set never executed: it has no resources yet. */
  | { readonly kind: 'create-in-review' }
  /** A stack whose creation rolled back: it holds no resources and can only be deleted. */
  | { readonly kind: 'recreate'; readonly status: string }
  | { readonly kind: 'update' }
  | { readonly kind: 'blocked'; readonly problem: string; readonly hint: string };

/** How an operation on a stack stands. */
export type Outcome = 'in-progress' | 'success' | 'failure';

const UPDATABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);

/** Whether CloudFormation is still working on the stack (REVIEW_IN_PROGRESS waits for us, not for it). */
export function isInProgress(status: string): boolean {
  return status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS';
}

/** Decides create, update, recreate, or why neither is possible. `undefined` means no such stack. */
export function planFor(stackName: string, status: string | undefined): Plan {
  if (status === undefined || status === 'DELETE_COMPLETE') return { kind: 'create' };
  if (status === 'REVIEW_IN_PROGRESS') return { kind: 'create-in-review' };
  if (status === 'ROLLBACK_COMPLETE') return { kind: 'recreate', status };
  if (UPDATABLE.has(status)) return { kind: 'update' };
  if (isInProgress(status)) {
    return { kind: 'blocked', problem: `stack ${stackName} is ${status}`, hint: 'Another operation is running on it: wait until it ends, then deploy again.' };
  }
  if (status === 'UPDATE_ROLLBACK_FAILED') {
    return {
      kind: 'blocked',
      problem: `stack ${stackName} is UPDATE_ROLLBACK_FAILED`,
      hint: `Fix the resources named in its events, then: aws cloudformation continue-update-rollback --stack-name ${stackName}`,
    };
  }
  return { kind: 'blocked', problem: `stack ${stackName} is ${status} and cannot be updated`, hint: 'Delete it with `make destroy`, then deploy again.' };
}

/** Where a deploy (`deploy`) or a deletion (`delete`) stands, given the stack's status now. */
export function outcome(operation: 'deploy' | 'delete', status: string): Outcome {
  if (isInProgress(status) || status === 'REVIEW_IN_PROGRESS') return 'in-progress';
  if (operation === 'delete') return status === 'DELETE_COMPLETE' ? 'success' : 'failure';
  // A rollback that completed is still a failed deployment: the change did not happen.
  return status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE' || status === 'IMPORT_COMPLETE' ? 'success' : 'failure';
}
