/**
 * CloudFormation change sets, decided without calling AWS: where a change set stands, and its
 * changes as a table an operator can read before saying yes.
 *
 * @example
 * ```ts
 * const state = changeset.stateOf(await describeChangeSet(...)); // { kind: 'empty' }
 * ```
 */
import { table } from './table.ts';

/** What `DescribeChangeSet` says of one resource change (field names as in the API). */
export interface ResourceChangeFacts {
  readonly Action?: string | undefined;
  readonly LogicalResourceId?: string | undefined;
  readonly ResourceType?: string | undefined;
  readonly Replacement?: string | undefined;
}

/** One entry of `DescribeChangeSet`'s `Changes`. */
export interface ChangeFacts {
  readonly Type?: string | undefined;
  readonly ResourceChange?: ResourceChangeFacts | undefined;
}

/** The status fields of `DescribeChangeSet`. */
export interface ChangeSetFacts {
  readonly Status?: string | undefined;
  readonly StatusReason?: string | undefined;
  readonly ExecutionStatus?: string | undefined;
}

/** `pending`: still being computed. `ready`: can be executed. `empty`: nothing would change. */
export type ChangeSetState =
  | { readonly kind: 'pending' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'failed'; readonly reason: string };

// CloudFormation reports a change set without changes as FAILED with one of these reasons.
const NO_CHANGES = ["The submitted information didn't contain changes", 'No updates are to be performed'];

/** Where a change set stands; an empty one is not a failure. */
export function stateOf(facts: ChangeSetFacts): ChangeSetState {
  const reason = facts.StatusReason ?? '';
  switch (facts.Status) {
    case 'CREATE_PENDING':
    case 'CREATE_IN_PROGRESS':
      return { kind: 'pending' };
    case 'CREATE_COMPLETE':
      if (facts.ExecutionStatus === 'AVAILABLE') return { kind: 'ready' };
      if (facts.ExecutionStatus === 'UNAVAILABLE' && reason === '') return { kind: 'pending' };
      return { kind: 'failed', reason: `cannot be executed (ExecutionStatus ${facts.ExecutionStatus ?? 'missing'})${reason && `: ${reason}`}` };
    case 'FAILED':
      if (NO_CHANGES.some((text) => reason.includes(text))) return { kind: 'empty' };
      return { kind: 'failed', reason: reason || 'FAILED without a reason' };
    default:
      return { kind: 'failed', reason: `unexpected status ${facts.Status ?? 'missing'}${reason && `: ${reason}`}` };
  }
}

/** The change set's resource changes as table lines: Action, LogicalResourceId, ResourceType, Replacement. */
export function summary(changes: readonly ChangeFacts[]): string[] {
  const rows = changes
    .filter((change) => change.ResourceChange !== undefined)
    .map((change) => {
      const r = change.ResourceChange ?? {};
      const replacement = r.Action === 'Modify' ? (r.Replacement ?? '') : '';
      return [r.Action ?? '?', r.LogicalResourceId ?? '?', r.ResourceType ?? '?', replacement];
    });
  return table(['Action', 'LogicalResourceId', 'ResourceType', 'Replacement'], rows);
}

/** Counts of each action, e.g. `3 to add, 1 to modify (1 replaced), 0 to remove`. */
export function tally(changes: readonly ChangeFacts[]): string {
  const actions = changes.flatMap((change) => (change.ResourceChange ? [change.ResourceChange] : []));
  const count = (action: string) => actions.filter((r) => r.Action === action).length;
  const replaced = actions.filter((r) => r.Action === 'Modify' && r.Replacement === 'True').length;
  const conditional = actions.filter((r) => r.Action === 'Modify' && r.Replacement === 'Conditional').length;
  const notes = [replaced > 0 ? `${replaced} replaced` : '', conditional > 0 ? `${conditional} maybe replaced` : ''].filter(Boolean);
  const modify = `${count('Modify')} to modify${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
  return `${count('Add')} to add, ${modify}, ${count('Remove')} to remove`;
}

/** A change set name from the clock: `mfa-guard-20261129T120000Z` (letters, digits and hyphens only). */
export function nameAt(now: Date): string {
  return `mfa-guard-${now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '')}`;
}
