/**
 * IAM users and attachments: the full scan, one user, attaching the policy.
 * The managed policy itself (document, versions, who carries it) is in `iam-policy.ts` (re-exported here).
 *
 * @example
 * ```ts
 * const outcome = await iam.attachPolicy(client, 'bob', policyArn);
 * if (outcome.kind === 'limit-exceeded') failures.push({ user: 'bob', reason: outcome.message });
 * ```
 */
import {
  AttachUserPolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetUserCommand,
  ListAttachedUserPoliciesCommand,
  type AttachedPolicy,
  type IAMClient,
  type UserDetail,
} from '@aws-sdk/client-iam';
import type { UserFacts } from '../core/users.ts';
import { errorMessage, isLimitExceeded, isNoSuchEntity, PolicyNotFoundError, required } from './errors.ts';
import * as paging from './paging.ts';

export { createPolicy, ensurePolicy, getPolicyDocument, listVersions, policyEntities, restorePolicyDocument, type NewPolicy, type PolicyEntities } from './iam-policy.ts';

/** What the adapters need of an IAM client. */
export type Iam = Pick<IAMClient, 'send'>;

/** A user as the full scan sees it, with what the operator report shows besides the facts. */
export interface UserDetails extends UserFacts {
  readonly arn: string;
  readonly groups: readonly string[];
  readonly createDate: Date;
}

/** What attaching the policy to a user came to. */
export type AttachOutcome = { kind: 'attached' } | { kind: 'user-gone' } | { kind: 'limit-exceeded'; message: string };

/** Every user with its directly attached managed policies and its groups, in ⌈users/1000⌉ calls. */
export async function listUsers(iam: Iam): Promise<UserFacts[]> {
  return (await listUserDetails(iam)).map(({ name, id, path, attachedPolicyArns, groups }) => ({ name, id, path, attachedPolicyArns, groups }));
}

/** Every user with ARN, groups and creation date too (same calls as `listUsers`). */
export async function listUserDetails(iam: Iam): Promise<UserDetails[]> {
  const operation = 'GetAccountAuthorizationDetails';
  const pages = await paging.all(operation, (Marker) =>
    iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: 1000, ...(Marker && { Marker }) })),
  );
  return pages.flatMap((page, p) => (page.UserDetailList ?? []).map((user, i) => userDetails(user, operation, `page ${p + 1}: UserDetailList[${i}]`)));
}

/** One user and its attached policies (GetUser + ListAttachedUserPolicies); undefined if there is no such user. */
export async function getUser(iam: Iam, userName: string): Promise<UserFacts | undefined> {
  try {
    const { User: user } = await iam.send(new GetUserCommand({ UserName: userName }));
    const pages = await paging.all('ListAttachedUserPolicies', (Marker) =>
      iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName, ...(Marker && { Marker }) })),
    );
    return {
      name: required(user?.UserName, 'GetUser', 'User.UserName'),
      id: required(user?.UserId, 'GetUser', 'User.UserId'),
      path: required(user?.Path, 'GetUser', 'User.Path'),
      attachedPolicyArns: pages.flatMap((page, p) => policyArns(page.AttachedPolicies, 'ListAttachedUserPolicies', `page ${p + 1}: AttachedPolicies`)),
    };
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
}

/**
 * Attaches the policy (idempotent: attaching an attached policy succeeds). A user that does not
 * exist is `user-gone`, not an error; a missing policy throws PolicyNotFoundError (see `missingEntity`).
 */
export async function attachPolicy(iam: Iam, userName: string, policyArn: string): Promise<AttachOutcome> {
  try {
    await iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }));
    return { kind: 'attached' };
  } catch (error) {
    if (isLimitExceeded(error)) return { kind: 'limit-exceeded', message: errorMessage(error) };
    if (!isNoSuchEntity(error)) throw error;
    const missing = missingEntity(error, userName, policyArn);
    if (missing === 'user') return { kind: 'user-gone' };
    if (missing === 'policy') throw new PolicyNotFoundError(policyArn, errorMessage(error), { cause: error });
    throw error;
  }
}

/** Retry settings of `attachToNewUser`; `sleep` is injectable for tests. */
export interface NewUserRetry {
  readonly attempts?: number;
  readonly delayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * `attachPolicy` for a user just created: IAM is eventually consistent, so a user that is not found
 * is retried with exponential backoff (200, 400, 800, 1600 ms by default); after the last attempt it is `user-gone`.
 */
export async function attachToNewUser(iam: Iam, userName: string, policyArn: string, retry: NewUserRetry = {}): Promise<AttachOutcome> {
  const { attempts = 5, delayMs = 200, sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) } = retry;
  for (let attempt = 1; ; attempt++) {
    const outcome = await attachPolicy(iam, userName, policyArn);
    if (outcome.kind !== 'user-gone' || attempt >= attempts) return outcome;
    await sleep(delayMs * 2 ** (attempt - 1));
  }
}

/**
 * Which entity an AttachUserPolicy `NoSuchEntity` is about. IAM uses one error code for both and
 * tells them apart only in the message: "The user with name bob cannot be found." versus
 * "Policy arn:aws:iam::…:policy/X does not exist or is not attachable." Undefined when the message
 * names neither, so the caller rethrows instead of guessing.
 */
export function missingEntity(error: unknown, userName: string, policyArn: string): 'user' | 'policy' | undefined {
  const message = errorMessage(error).toLowerCase();
  if (message.includes(policyArn.toLowerCase())) return 'policy';
  if (/\buser\b/.test(message) && message.includes(userName.toLowerCase())) return 'user';
  return undefined;
}

function userDetails(user: UserDetail, operation: string, at: string): UserDetails {
  return {
    name: required(user.UserName, operation, `${at}.UserName`),
    id: required(user.UserId, operation, `${at}.UserId`),
    path: required(user.Path, operation, `${at}.Path`),
    attachedPolicyArns: policyArns(user.AttachedManagedPolicies, operation, `${at}.AttachedManagedPolicies`),
    arn: required(user.Arn, operation, `${at}.Arn`),
    groups: user.GroupList ?? [],
    createDate: required(user.CreateDate, operation, `${at}.CreateDate`),
  };
}

// The SDK gives undefined for a list element absent from IAM's XML (an empty element gives []): both mean no policies.
function policyArns(policies: readonly AttachedPolicy[] | undefined, operation: string, at: string): string[] {
  return (policies ?? []).map((policy, i) => required(policy.PolicyArn, operation, `${at}[${i}].PolicyArn`));
}
