/**
 * The one executor: carries out a plan's actions (src/core/plan.ts) and says what came of each.
 * Report mode turns every IAM write into `dry-run`; a batch runs its attaches with bounded
 * concurrency, starts none within the Lambda's deadline reserve, stops starting them once the
 * policy is missing, and keeps every other error as that user's failure. `execute` throws at the
 * end when the invocation must fail; `run` returns the outcomes (make reconcile prints them).
 *
 * @example
 * ```ts
 * const outcomes = await executor.execute(plan, { iam, policyArn, mode: 'enforce', canonicalDocument, onOutcome: log });
 * ```
 */
import { mapLimit } from '../core/concurrency.ts';
import { UserFailuresError } from '../core/errors.ts';
import { failures, settled, type Action, type Outcome, type Plan } from '../core/plan.ts';
import type { Effects } from './effects.ts';
import { errorMessage, errorName, PolicyNotFoundError } from './errors.ts';

/** What the executor acts with, and how. */
export interface ExecutionContext {
  /** The AWS calls the plan's actions take (src/aws/effects.ts). */
  readonly effects: Effects;
  readonly policyArn: string;
  readonly mode: 'enforce' | 'report';
  /** Sees each outcome as it happens (the log line). */
  readonly onOutcome: (outcome: Outcome) => void;
  /** Attaches in flight at once in a batch (default 8). */
  readonly concurrency?: number;
  /** Milliseconds left before the function times out (Lambda's `context.getRemainingTimeInMillis`). */
  readonly remainingMs?: () => number;
  /** A batch starts no attach with less than this left (default 20 s): the users left fail the invocation, and its retry finishes. */
  readonly reserveMs?: number;
}

/** Every outcome, and the missing-policy error that stopped a batch, if one did. */
export interface Execution {
  readonly outcomes: Outcome[];
  readonly stopped?: PolicyNotFoundError;
}

/** Runs the plan, then fails the invocation if the batch stopped on a missing policy or any user failed. */
export async function execute(plan: Plan, context: ExecutionContext): Promise<Outcome[]> {
  const { outcomes, stopped } = await run(plan, context);
  if (stopped) throw stopped;
  const failed = failures(outcomes);
  if (failed.length > 0) throw new UserFailuresError(plan.eventId, failed);
  return outcomes;
}

/** Runs the plan: every non-attach action in order, then the attaches. */
export async function run(plan: Plan, context: ExecutionContext): Promise<Execution> {
  const outcomes: Outcome[] = [];
  const record = (outcome: Outcome): void => {
    outcomes.push(outcome);
    context.onOutcome(outcome);
  };
  for (const action of plan.actions) {
    if (action.kind !== 'attach') for (const outcome of await act(action, context)) record(outcome);
  }
  const attaches = plan.actions.filter((a) => a.kind === 'attach');
  if (!plan.batch) {
    for (const action of attaches) record(await attach(action, context));
    return { outcomes };
  }
  const reserveMs = context.reserveMs ?? 20_000;
  // Every worker finishes before the invocation ends: the missing policy is reported once all have stopped.
  let stopped: PolicyNotFoundError | undefined;
  await mapLimit(attaches, context.concurrency ?? 8, async (action) => {
    if (stopped) return record(failed(action, `not attempted: policy ${context.policyArn} does not exist`));
    if (context.mode === 'enforce' && context.remainingMs && context.remainingMs() < reserveMs) {
      return record(failed(action, 'not attached: the function was about to time out; the retry of this event attaches it'));
    }
    try {
      record(await attach(action, context));
    } catch (error) {
      // A missing policy fails every attach alike: stop. Anything else is this user's failure, reported with the others at the end.
      if (error instanceof PolicyNotFoundError) stopped ??= error;
      record(failed(action, `AttachUserPolicy failed: ${errorName(error) ?? 'Error'}: ${errorMessage(error)}`));
    }
  });
  return { outcomes, ...(stopped && { stopped }) };
}

async function attach(action: Extract<Action, { kind: 'attach' }>, context: ExecutionContext): Promise<Outcome> {
  const done = (result: Outcome['result'], reason = action.reason): Outcome => ({ decision: 'attach', result, user: action.user, reason });
  if (context.mode === 'report') return done('dry-run');
  const outcome = await effect(context.effects.attach, action.kind)(action.user, action.newUser ?? false);
  if (outcome.kind === 'limit-exceeded') return done('failed', outcome.message);
  return done(outcome.kind === 'attached' ? 'attached' : 'gone');
}

async function act(action: Exclude<Action, { kind: 'attach' }>, context: ExecutionContext): Promise<Outcome[]> {
  const dryRun = context.mode === 'report';
  switch (action.kind) {
    case 'skip':
    case 'ignore':
      return [settled(action)];
    case 'recreate-policy': {
      const result = dryRun ? 'dry-run' : await effect(context.effects.recreatePolicy, action.kind)(action.name, action.path);
      return [{ decision: 'recreate-policy', result, reason: action.reason }];
    }
    case 'restore-document': {
      const result = await effect(context.effects.restoreDocument, action.kind)(dryRun);
      return [{ decision: 'restore-document', result, reason: action.reason }];
    }
    case 'put-evaluations': {
      // Evaluations are no IAM write: MODE=report puts them too. A local run's are checked (TestMode), not recorded.
      const put = await effect(context.effects.putEvaluations, action.kind)(action.resultToken, action.judged.map((j) => j.evaluation));
      return action.judged.map(({ user, userId, evaluation }) => ({
        decision: evaluation.ComplianceType,
        result: put,
        reason: evaluation.Annotation,
        ...(user !== undefined ? { user } : { userId: userId ?? evaluation.ComplianceResourceId }),
      }));
    }
  }
}

function effect<F>(fn: F | undefined, kind: Action['kind']): F {
  if (!fn) throw new Error(`executor: no effect wired for the action "${kind}"`);
  return fn;
}

function failed(action: Extract<Action, { kind: 'attach' }>, reason: string): Outcome {
  return { decision: 'attach', result: 'failed', user: action.user, reason };
}
