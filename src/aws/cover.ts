/**
 * Covering one user with the policy, whatever IAM answers: attach it; at the managed-policy quota,
 * add the user to the stack's fallback group (which carries it); when the name is gone but the user
 * ID is known, find the user under its new name (renamed); when the policy was just recreated and
 * IAM does not show it yet, try again briefly.
 *
 * @example
 * ```ts
 * const outcome = await cover(iam, policyArn, { user: 'bob', userId: 'AIDA…' }, { fallbackGroup: 'mfa-guard-mfa-required' });
 * // { kind: 'attached', user: 'bob', note: 'at the managed-policy quota: added to group mfa-guard-mfa-required, which carries the policy' }
 * ```
 */
import type { UserFacts } from '../core/users.ts';
import { PolicyNotFoundError } from './errors.ts';
import * as iamApi from './iam.ts';
import { addToGroup } from './iam-groups.ts';

/** Who to cover: the name to attach to, and the user ID when the trigger knows it. */
export interface CoverTarget {
  readonly user: string;
  readonly userId?: string;
  /** Just created: IAM may not show the user yet (retried with backoff). */
  readonly newUser?: boolean;
  /** The policy was recreated moments ago: IAM may not let it be attached yet (retried with backoff). */
  readonly policyJustCreated?: boolean;
}

/** What covering came to; `user` is the name the policy reached (another one after a rename). */
export type CoverOutcome =
  /** `group`: covered through the fallback group (the user is at the managed-policy quota). */
  | { readonly kind: 'attached'; readonly user: string; readonly note?: string; readonly group?: string }
  | { readonly kind: 'user-gone' }
  | { readonly kind: 'failed'; readonly reason: string };

/** Backoff of the attaches a just-recreated policy refuses (`NoSuchEntity`); `sleep` is injectable for tests. */
export interface PolicyRetry {
  readonly attempts?: number;
  readonly delayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** How a function covers users. */
export interface CoverOptions {
  /** The stack's fallback group; without it, a user at the quota is a failure. */
  readonly fallbackGroup?: string;
  readonly newUserRetry?: iamApi.NewUserRetry;
  /** For a policy just created. Default: 4 attempts, 500 ms doubling (3.5 s at most), then PolicyNotFoundError as before. */
  readonly policyRetry?: PolicyRetry;
  /** The user with this ID now, if any (a listing): consulted only when a name answers NoSuchEntity. */
  readonly userById?: (userId: string) => Promise<UserFacts | undefined>;
}

const sleeping = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Covers `target` with `policyArn`; PolicyNotFoundError once the policy stays missing after the retries. */
export async function cover(iam: iamApi.Iam, policyArn: string, target: CoverTarget, options: CoverOptions = {}): Promise<CoverOutcome> {
  let name = target.user;
  let note: string | undefined;
  const policyAttempts = target.policyJustCreated ? (options.policyRetry?.attempts ?? 4) : 1;
  let outcome = await attach(iam, policyArn, name, target.newUser ?? false, policyAttempts, options);
  if (outcome.kind === 'user-gone' && target.userId !== undefined && options.userById) {
    // Decided by ID, attached by name: a rename in between must not let the user escape.
    const now = await options.userById(target.userId);
    if (now && now.name !== name) {
      note = `renamed from ${name} to ${now.name}`;
      name = now.name;
      outcome = await attach(iam, policyArn, name, false, policyAttempts, options);
    }
  }
  switch (outcome.kind) {
    case 'attached':
      return { kind: 'attached', user: name, ...(note && { note }) };
    case 'user-gone':
      return { kind: 'user-gone' };
    case 'limit-exceeded':
      return atQuota(iam, name, outcome.message, note, options.fallbackGroup);
  }
}

async function atQuota(iam: iamApi.Iam, name: string, message: string, note: string | undefined, group: string | undefined): Promise<CoverOutcome> {
  const quota = `AttachUserPolicy: LimitExceeded (${message})`;
  if (group === undefined) return { kind: 'failed', reason: `${quota}; no fallback group configured (STACK_NAME unset, or the stack has no FallbackGroupName output)` };
  const added = await addToGroup(iam, name, group);
  const prefix = note ? `${note}; ` : '';
  switch (added.kind) {
    case 'added':
      return { kind: 'attached', user: name, group, note: `${prefix}at the managed-policy quota: added to group ${group}, which carries the policy` };
    case 'user-gone':
      return { kind: 'user-gone' };
    case 'group-missing':
      return { kind: 'failed', reason: `${quota}; the fallback group ${group} does not exist (${added.message}): deploy the stack again` };
    case 'limit-exceeded':
      return { kind: 'failed', reason: `at the policy and the group quota: remove a policy or a group (AddUserToGroup ${group}: ${added.message}; ${quota})` };
  }
}

async function attach(iam: iamApi.Iam, policyArn: string, name: string, newUser: boolean, attempts: number, options: CoverOptions): Promise<iamApi.AttachOutcome> {
  const { delayMs = 500, sleep = sleeping } = options.policyRetry ?? {};
  for (let attempt = 1; ; attempt++) {
    try {
      return newUser ? await iamApi.attachToNewUser(iam, name, policyArn, options.newUserRetry) : await iamApi.attachPolicy(iam, name, policyArn);
    } catch (error) {
      // A policy created moments ago may answer NoSuchEntity for a short while (eventual consistency).
      if (!(error instanceof PolicyNotFoundError) || attempt >= attempts) throw error;
      await sleep(delayMs * 2 ** (attempt - 1));
    }
  }
}
