/**
 * The one executor: carries out a plan's actions (src/core/plan.ts) and says what came of each.
 * Report mode turns every IAM write into `dry-run`; a batch runs its attaches with bounded
 * concurrency, starts none within the Lambda's deadline reserve, stops starting them once the
 * policy is missing, and keeps every other error as that user's failure. `execute` throws at the
 * end when the invocation must fail; `run` returns the outcomes (make reconcile prints them).
 *
 * @example
 * ```ts
 * const outcomes = await executor.execute(plan, { effects: { attach: effects.attach(iam, policyArn) }, policyArn, mode: 'enforce', onOutcome: log });
 * ```
 */
import { mapLimit } from '../core/concurrency.ts';
import { UserFailuresError } from '../core/errors.ts';
import { failures, settled, type Action, type Attach, type Outcome, type Plan } from '../core/plan.ts';
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
    if (!dryRun(context) && context.remainingMs && context.remainingMs() < reserveMs) {
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

async function attach(action: Attach, context: ExecutionContext): Promise<Outcome> {
  const done = (result: Outcome['result'], reason = action.reason, user = action.user): Outcome => ({ decision: 'attach', result, user, reason, ...(action.userId !== undefined && { userId: action.userId }) });
  if (dryRun(context)) return done('dry-run');
  const { kind, ...target } = action;
  const outcome = await effect(context.effects.attach, kind)(target);
  switch (outcome.kind) {
    case 'attached': {
      const attached = done('attached', outcome.note ? `${action.reason}; ${outcome.note}` : action.reason, outcome.user);
      return outcome.group === undefined ? attached : { ...attached, throughGroup: outcome.group };
    }
    case 'user-gone':
      return done('gone');
    case 'failed':
      return done('failed', outcome.reason);
  }
}

async function act(action: Exclude<Action, { kind: 'attach' }>, context: ExecutionContext): Promise<Outcome[]> {
  switch (action.kind) {
    case 'skip':
    case 'ignore':
      return [settled(action)];
    case 'recreate-policy': {
      const result = dryRun(context) ? 'dry-run' : await effect(context.effects.recreatePolicy, action.kind)(action.name, action.path);
      return [{ decision: 'recreate-policy', result, reason: action.reason }];
    }
    case 'restore-group': {
      if (dryRun(context)) return [{ decision: 'restore-group', result: 'dry-run', reason: action.reason }];
      try {
        await effect(context.effects.restoreGroup, action.kind)(action.group);
        return [{ decision: 'restore-group', result: 'restored', reason: action.reason }];
      } catch (error) {
        return [{ decision: 'restore-group', result: 'failed', userId: `(group ${action.group})`, reason: `AttachGroupPolicy ${action.group} failed: ${errorName(error) ?? 'Error'}: ${errorMessage(error)}` }];
      }
    }
    case 'restore-document': {
      const result = await effect(context.effects.restoreDocument, action.kind)(dryRun(context));
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

/** The report-mode rule, the only one: MODE=report writes nothing to IAM, every write is `dry-run` (a restore still reads, to say whether one is due). */
function dryRun(context: ExecutionContext): boolean {
  return context.mode === 'report';
}

function effect<F>(fn: F | undefined, kind: Action['kind']): F {
  if (!fn) throw new Error(`executor: no effect wired for the action "${kind}"`);
  return fn;
}

function failed(action: Attach, reason: string): Outcome {
  return { decision: 'attach', result: 'failed', user: action.user, reason };
}
