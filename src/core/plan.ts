/**
 * Decisions as data: what a trigger reads before deciding, the actions it decides on, and what
 * came of each. Every decide function returns a Plan; `src/aws/executor.ts` carries it out.
 *
 * @example
 * ```ts
 * const plan: Plan = { eventId, batch: false, actions: [{ kind: 'attach', user: 'bob', reason: 'new user' }] };
 * const outcomes = await executor.execute(plan, context); // [{ decision: 'attach', result: 'attached', user: 'bob', reason: 'new user' }]
 * ```
 */
import type { Evaluation } from './evaluations.ts';
import type { Held } from './evaluation-writes.ts';
import type { UserFacts } from './users.ts';
import type { Exemption } from './whitelist.ts';

/** Something to read before deciding. */
export type Read =
  | { readonly kind: 'whitelist' }
  | { readonly kind: 'users' }
  | { readonly kind: 'user'; readonly name: string }
  | { readonly kind: 'config-user-name'; readonly userId: string }
  /** What AWS Config holds for the rule (the sweep writes only what differs). */
  | { readonly kind: 'held-evaluations' }
  /** Whether the stack's fallback group carries the policy. */
  | { readonly kind: 'fallback-group' }
  /** The policy's attachment count now, and the container's last complete check of every user. */
  | { readonly kind: 'policy-attachments' };

/** What has been read so far; `null` is "read, and there is none". */
export interface Facts {
  readonly exemptions?: readonly Exemption[];
  readonly users?: readonly UserFacts[];
  readonly user?: UserFacts | null;
  /** The user name AWS Config holds for a user ID. */
  readonly configUserName?: string | null;
  readonly held?: Held;
  readonly groupCarries?: boolean;
  /** `GetPolicy`'s AttachmentCount (null: the policy does not exist), and the last full check this container completed. */
  readonly policyAttachments?: { readonly count: number | null; readonly lastFullCheck: FullCheck | null };
}

/** A DeletePolicy recovery that checked every user and left nothing undone: when, and the policy's AttachmentCount after it. */
export interface FullCheck {
  readonly at: Date;
  readonly attachments: number;
}

/** Why a user (or the whole event) needs nothing: exempt, gone, or already as it should be. */
export type SkipWhy = 'exempt' | 'gone' | 'unchanged';

/** A judged user: the name for the log, the evaluation for Config. */
export interface Judged {
  readonly user?: string;
  readonly userId?: string;
  readonly evaluation: Evaluation;
}

/** One thing to do. `attach`, `restore-group`, `recreate-policy` and `restore-document` write to IAM; MODE=report turns them into `dry-run`. */
export type Action =
  /** Cover the user: attach, or at the managed-policy quota add to the fallback group; `userId` finds a renamed user. */
  | { readonly kind: 'attach'; readonly user: string; readonly reason: string; readonly userId?: string; readonly newUser?: boolean; readonly policyJustCreated?: boolean }
  /** Attach our policy to the stack's fallback group again (detached from it). */
  | { readonly kind: 'restore-group'; readonly group: string; readonly reason: string }
  | { readonly kind: 'recreate-policy'; readonly name: string; readonly path: string; readonly reason: string }
  | { readonly kind: 'restore-document'; readonly reason: string }
  | { readonly kind: 'put-evaluations'; readonly resultToken: string; readonly judged: readonly Judged[] }
  | { readonly kind: 'skip'; readonly why: SkipWhy; readonly user?: string; readonly userId?: string; readonly reason: string }
  | { readonly kind: 'ignore'; readonly reason: string };

/** An attach to a user. */
export type Attach = Extract<Action, { readonly kind: 'attach' }>;

/** A user, or the event, left alone. */
export type Skip = Extract<Action, { readonly kind: 'skip' }>;

/** A trigger's decision. In a `batch` (many users), an error of one user's attach is that user's failure; alone, it fails the invocation as itself. */
export interface Plan {
  readonly eventId: string;
  readonly batch: boolean;
  readonly actions: readonly Action[];
}

/** What came of an action (`failed` always with its reason). */
export type Result = 'attached' | 'recreated' | 'restored' | 'reported' | 'checked' | 'unchanged' | 'gone' | 'exempt' | 'ignored' | 'dry-run' | 'failed';

/** One action's outcome, as logged and returned; `decision` is the action kind, or the compliance a Config evaluation reported. */
export interface Outcome {
  readonly decision: Exclude<Action['kind'], 'put-evaluations'> | Evaluation['ComplianceType'];
  readonly result: Result;
  readonly reason: string;
  /** A user name. */
  readonly user?: string;
  /** A user ID, where no name is known (and beside the name for a sweep's attach). */
  readonly userId?: string;
  /** An attach that covered the user through the fallback group (at the managed-policy quota). */
  readonly throughGroup?: string;
}

/** The one rule of whether an invocation fails: it does when any user's outcome failed. */
export function failures(outcomes: readonly Outcome[]): { readonly user: string; readonly reason: string }[] {
  return outcomes.filter((o) => o.result === 'failed').map((o) => ({ user: o.user ?? o.userId ?? '(policy)', reason: o.reason }));
}

/** The outcome of an action that needs no AWS call: a skip or an ignored event. */
export function settled(action: Extract<Action, { kind: 'skip' | 'ignore' }>): Outcome {
  if (action.kind === 'ignore') return { decision: 'ignore', result: 'ignored', reason: action.reason };
  return { decision: 'skip', result: action.why, reason: action.reason, ...(action.user !== undefined && { user: action.user }), ...(action.userId !== undefined && { userId: action.userId }) };
}

/** The fact `name`, which the plan's reads must have gathered. */
export function need<K extends keyof Facts>(facts: Facts, name: K): NonNullable<Facts[K]> | Extract<Facts[K], null> {
  const value = facts[name];
  if (value === undefined) throw new Error(`decide: the fact ${name} was not gathered`);
  return value as NonNullable<Facts[K]> | Extract<Facts[K], null>;
}
