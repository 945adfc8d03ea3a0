/** The real-time enforcer: repairs, seconds after the CloudTrail event, what a user or an admin undid. */
import { errorMessage, errorName, PolicyNotFoundError } from '../aws/errors.ts';
import * as iamApi from '../aws/iam.ts';
import * as cloudtrail from '../core/cloudtrail.ts';
import { mapLimit } from '../core/concurrency.ts';
import { plan, exemptionCandidate } from '../core/enforcement.ts';
import { UserFailuresError } from '../core/errors.ts';
import { parsePolicyArn } from '../core/names.ts';
import { classify, exemptReason } from '../core/users.ts';
import { exemptionFor } from '../core/whitelist.ts';
import { lambdaDeps, type Deps } from './deps.ts';

/** What the enforcer did for one user or for the policy. */
export interface Outcome {
  readonly decision: 'ignore' | 'skip' | 'attach' | 'recreate' | 'restore';
  readonly result: string;
  readonly user?: string;
}

/** Options for the retries right after CreateUser (IAM is eventually consistent). */
export interface EnforceOptions {
  readonly newUserRetry?: { attempts?: number; delayMs?: number; sleep?: (ms: number) => Promise<void> };
  /** Attaches in flight at once during a DeletePolicy recovery. */
  readonly concurrency?: number;
  /** Milliseconds left before the function times out (Lambda's `context.getRemainingTimeInMillis`). */
  readonly remainingMs?: () => number;
  /** A DeletePolicy recovery starts no attach with less than this left (default 20 s): the users left fail the invocation, and its retry finishes. */
  readonly reserveMs?: number;
}

/** What the enforcer reads of the Lambda context. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

type Call = cloudtrail.TrailEvent;

/** Handles one CloudTrail event; throws after the others are done if any user could not be fixed. */
export async function enforce(event: unknown, deps: Deps, options: EnforceOptions = {}): Promise<Outcome[]> {
  const call = cloudtrail.decode(event, deps.settings.policyArn);
  const outcomes: Outcome[] = [];
  const failures: { user: string; reason: string }[] = [];
  const record = (outcome: Outcome, reason: string): void => {
    outcomes.push(outcome);
    if (outcome.result === 'failed' && outcome.user) failures.push({ user: outcome.user, reason });
    deps.log({ function: 'enforce', eventId: call.id, ...(call.actor && { actor: call.actor }), ...outcome, reason });
  };

  switch (call.kind) {
    case 'ignored':
      record({ decision: 'ignore', result: 'nothing to do' }, call.reason);
      break;
    case 'create-user':
    case 'detach-user-policy':
      await repairUser(call, deps, options, record);
      break;
    case 'delete-policy':
      await recoverFromDelete(call, deps, options, record);
      break;
    case 'policy-version':
      await restoreDocument(call, deps, record);
      break;
  }
  if (failures.length > 0) throw new UserFailuresError(call.id, failures);
  return outcomes;
}

type Record = (outcome: Outcome, reason: string) => void;

async function repairUser(call: Extract<Call, { kind: 'create-user' | 'detach-user-policy' }>, deps: Deps, options: EnforceOptions, record: Record): Promise<void> {
  const exemptions = await deps.whitelist();
  const now = deps.now();
  const name = call.userName;
  const why = call.kind === 'create-user' ? `new user created by ${call.actor}` : `${call.actor} detached the policy`;
  // IAM is read only when the name is whitelisted: then whether the user holding it now is the exempt one.
  if (exemptionCandidate(exemptions, name, now)) {
    // A CreateUser event carries the user ID: the whitelisted one needs no read.
    const exemption = call.kind === 'create-user' && call.userId !== undefined ? exemptionFor(exemptions, { name, id: call.userId }, now) : undefined;
    if (exemption) return record({ decision: 'skip', result: 'exempt', user: name }, exemptReason(exemption));
    // Otherwise the event may be stale (the whitelisted user re-created since): decide on the user IAM has now.
    const user = await iamApi.getUser(deps.iam, name);
    const state = user && classify(user, exemptions, deps.settings.policyArn, now);
    if (state?.kind === 'exempt') {
      // Never attach to the exempt holder of the name on the strength of an event about another user; if IAM
      // merely lags a re-creation, the Config path (which decides by user ID) attaches to the new user.
      const other = call.kind === 'create-user' && call.userId !== undefined ? `; the event is about user ID ${call.userId}, not the user holding the name now` : '';
      return record({ decision: 'skip', result: 'exempt', user: name }, `${state.reason}${other}`);
    }
    // A detached user that is gone is done; a new one IAM does not show yet is retried below.
    if (!user && call.kind === 'detach-user-policy') return record({ decision: 'skip', result: 'user no longer exists', user: name }, why);
  }
  if (deps.settings.mode === 'report') return record({ decision: 'attach', result: 'not attached (MODE=report)', user: name }, why);
  const outcome =
    call.kind === 'create-user'
      ? await iamApi.attachToNewUser(deps.iam, name, deps.settings.policyArn, options.newUserRetry)
      : await iamApi.attachPolicy(deps.iam, name, deps.settings.policyArn);
  record(attachOutcome(name, outcome), outcome.kind === 'limit-exceeded' ? outcome.message : why);
}

async function recoverFromDelete(call: Extract<Call, { kind: 'delete-policy' }>, deps: Deps, options: EnforceOptions, record: Record): Promise<void> {
  const policyArn = deps.settings.policyArn;
  const report = deps.settings.mode === 'report';
  // A failed DeletePolicy left the policy in place, but the console detaches it from everyone first.
  if (!call.errorCode) {
    const parts = parsePolicyArn(policyArn);
    if (!parts) throw new Error(`POLICY_ARN "${policyArn}" is not a customer managed policy ARN`);
    const why = `${call.actor} deleted the policy`;
    if (report) record({ decision: 'recreate', result: 'not recreated (MODE=report)' }, why);
    else if (await iamApi.ensurePolicy(deps.iam, { name: parts.name, path: parts.path, document: deps.canonicalDocument() })) record({ decision: 'recreate', result: 'recreated' }, why);
    else {
      // Recreated first by someone else: with whatever document they chose.
      const restored = await iamApi.restorePolicyDocument(deps.iam, policyArn, deps.canonicalDocument());
      record({ decision: 'recreate', result: restored === 'restored' ? 'already exists; canonical document restored as default' : 'already exists with the canonical document' }, why);
    }
  }
  const users = await iamApi.listUsers(deps.iam);
  const { attach } = plan(users, await deps.whitelist(), policyArn, deps.now());
  const why = `policy missing after ${call.actor}'s DeletePolicy${call.errorCode ? ` (${call.errorCode})` : ''}`;
  const reserveMs = options.reserveMs ?? 20_000;
  // Every worker finishes before the invocation ends: a fatal error is thrown only once all have stopped.
  let fatal: { error: unknown } | undefined;
  await mapLimit(attach, options.concurrency ?? 8, async (user) => {
    if (fatal) return;
    if (report) return record({ decision: 'attach', result: 'not attached (MODE=report)', user: user.name }, why);
    if (options.remainingMs && options.remainingMs() < reserveMs) {
      return record({ decision: 'attach', result: 'failed', user: user.name }, 'not attached: the function was about to time out; the retry of this event attaches it');
    }
    try {
      const outcome = await iamApi.attachPolicy(deps.iam, user.name, policyArn);
      record(attachOutcome(user.name, outcome), outcome.kind === 'limit-exceeded' ? outcome.message : why);
    } catch (error) {
      // A missing policy fails every attach alike: stop. Anything else is this user's failure, reported with the others at the end.
      if (error instanceof PolicyNotFoundError) fatal = { error };
      else record({ decision: 'attach', result: 'failed', user: user.name }, `AttachUserPolicy failed: ${errorName(error) ?? 'Error'}: ${errorMessage(error)}`);
    }
  });
  if (fatal) throw fatal.error;
  if (attach.length === 0) record({ decision: 'skip', result: 'every user has the policy' }, `checked ${users.length} users`);
}

async function restoreDocument(call: Extract<Call, { kind: 'policy-version' }>, deps: Deps, record: Record): Promise<void> {
  const why = `${call.actor} called ${call.eventName}`;
  if (deps.settings.mode === 'report') {
    const current = await iamApi.getPolicyDocument(deps.iam, deps.settings.policyArn);
    const canonical = current !== undefined && iamApi.sameDocument(current.document, deps.canonicalDocument());
    return record({ decision: 'restore', result: canonical ? 'default document already canonical' : 'not restored (MODE=report)' }, why);
  }
  const result = await iamApi.restorePolicyDocument(deps.iam, deps.settings.policyArn, deps.canonicalDocument());
  record({ decision: 'restore', result: result === 'restored' ? 'canonical document restored as default' : 'default document already canonical' }, why);
}

function attachOutcome(user: string, outcome: iamApi.AttachOutcome): Outcome {
  switch (outcome.kind) {
    case 'attached':
      return { decision: 'attach', result: 'attached', user };
    case 'user-gone':
      return { decision: 'attach', result: 'user no longer exists', user };
    case 'limit-exceeded':
      return { decision: 'attach', result: 'failed', user };
  }
}

/** Lambda entry point. */
export const handler = async (event: unknown, context?: LambdaContext): Promise<void> => {
  await enforce(event, lambdaDeps(), context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {});
};
