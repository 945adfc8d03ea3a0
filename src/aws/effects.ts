/**
 * The AWS calls behind the executor's actions and the gatherer's reads, one factory each, so that a
 * function's bundle holds only the calls it makes (and its role grants exactly those, which the role
 * tests check). Those that call AWS Config are in config-effects.ts, which the enforcer never loads.
 *
 * @example
 * ```ts
 * const outcomes = await executor.execute(plan, { ...context, effects: { attach: effects.attach(iam, policyArn) } });
 * ```
 */
import type { Evaluation } from '../core/evaluations.ts';
import type { Facts } from '../core/plan.ts';
import type { Exemption } from '../core/whitelist.ts';
import * as iamApi from './iam.ts';

/** How the executor carries out each kind of write; a function wires only those its plans contain. */
export interface Effects {
  readonly attach?: (user: string, newUser: boolean) => Promise<iamApi.AttachOutcome>;
  readonly recreatePolicy?: (name: string, path: string) => Promise<'recreated' | 'restored' | 'unchanged'>;
  readonly restoreDocument?: (dryRun: boolean) => Promise<'restored' | 'unchanged' | 'dry-run'>;
  /** Resolves to how Config took them: `reported`, or `checked` (TestMode: not recorded). */
  readonly putEvaluations?: (resultToken: string, evaluations: readonly Evaluation[]) => Promise<'reported' | 'checked'>;
}

/** How the gatherer reads each kind of fact; a function wires only those its decisions ask for. */
export interface Sources {
  readonly whitelist: () => Promise<readonly Exemption[]>;
  readonly users?: () => Promise<NonNullable<Facts['users']>>;
  readonly user?: (name: string) => Promise<Facts['user']>;
  readonly configUserName?: (userId: string) => Promise<Facts['configUserName']>;
}

/** AttachUserPolicy; for a user just created, retried with backoff while IAM does not show it yet. */
export function attach(iam: iamApi.Iam, policyArn: string, newUserRetry?: iamApi.NewUserRetry): NonNullable<Effects['attach']> {
  return (user, newUser) => (newUser ? iamApi.attachToNewUser(iam, user, policyArn, newUserRetry) : iamApi.attachPolicy(iam, user, policyArn));
}

/** CreatePolicy with the canonical document; if it exists already (recreated by someone else, with whatever document), the canonical one is restored. */
export function recreatePolicy(iam: iamApi.Iam, policyArn: string, canonicalDocument: () => unknown): NonNullable<Effects['recreatePolicy']> {
  return async (name, path) => {
    if (await iamApi.ensurePolicy(iam, { name, path, document: canonicalDocument() })) return 'recreated';
    return (await iamApi.restorePolicyDocument(iam, policyArn, canonicalDocument())) === 'restored' ? 'restored' : 'unchanged';
  };
}

/** Makes the canonical document the default version again (decided in core/policy-versions.ts). */
export function restoreDocument(iam: iamApi.Iam, policyArn: string, canonicalDocument: () => unknown): NonNullable<Effects['restoreDocument']> {
  return (dryRun) => iamApi.restorePolicyDocument(iam, policyArn, canonicalDocument(), { dryRun });
}

/** Every user (GetAccountAuthorizationDetails). */
export function users(iam: iamApi.Iam): NonNullable<Sources['users']> {
  return () => iamApi.listUsers(iam);
}

/** One user by name (GetUser + ListAttachedUserPolicies); null when there is none. */
export function user(iam: iamApi.Iam): NonNullable<Sources['user']> {
  return async (name) => (await iamApi.getUser(iam, name)) ?? null;
}
