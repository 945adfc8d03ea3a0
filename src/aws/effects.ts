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
import type { Facts, FullCheck } from '../core/plan.ts';
import type { Held } from '../core/evaluation-writes.ts';
import type { Exemption } from '../core/whitelist.ts';
import { cover, type CoverOptions, type CoverOutcome, type CoverTarget } from './cover.ts';
import * as iamApi from './iam.ts';
import * as iamGroups from './iam-groups.ts';
import { policyAttachments } from './iam-attachments.ts';

/** How the executor carries out each kind of write; a function wires only those its plans contain. */
export interface Effects {
  readonly attach?: (target: CoverTarget) => Promise<CoverOutcome>;
  readonly restoreGroup?: (group: string) => Promise<void>;
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
  readonly held?: () => Promise<Held>;
  readonly groupCarries?: () => Promise<boolean>;
  readonly policyAttachments?: () => Promise<NonNullable<Facts['policyAttachments']>>;
}

/**
 * Covers a user (src/aws/cover.ts): AttachUserPolicy (for a user just created, retried while IAM does
 * not show it yet), the fallback group at the quota, and a renamed user found by ID in IAM's listing.
 */
export function attach(iam: iamApi.Iam, policyArn: string, options: Omit<CoverOptions, 'userById'> = {}): NonNullable<Effects['attach']> {
  const userById = async (userId: string) => (await iamApi.listUsers(iam)).find((u) => u.id === userId);
  return (target) => cover(iam, policyArn, target, { ...options, userById });
}

/** AttachGroupPolicy of our policy to the fallback group. */
export function restoreGroup(iam: iamApi.Iam, policyArn: string): NonNullable<Effects['restoreGroup']> {
  return (group) => iamGroups.attachToGroup(iam, group, policyArn);
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

/** Whether the fallback group carries the policy (ListAttachedGroupPolicies). */
export function groupCarries(iam: iamApi.Iam, group: string, policyArn: string): NonNullable<Sources['groupCarries']> {
  return () => iamGroups.groupCarries(iam, group, policyArn);
}

/** The policy's AttachmentCount (GetPolicy) and the container's last full check, kept in `memory`. */
export function policyAttachmentsOf(iam: iamApi.Iam, policyArn: string, memory: { lastFullCheck: FullCheck | null }): NonNullable<Sources['policyAttachments']> {
  return async () => ({ count: await policyAttachments(iam, policyArn), lastFullCheck: memory.lastFullCheck });
}
