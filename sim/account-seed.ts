/**
 * Large, deterministic accounts for the benchmark and scale tests: N users of which a share is
 * whitelisted and a share violating (policy not attached), the rest carrying the policy (most with
 * an MFA device), with paths, groups, other managed policies, passwords and access keys mixed in.
 *
 * @example
 * ```ts
 * const { users, whitelisted, violating } = seed(account, 5000, { whitelisted: 0.02, violating: 0.1 });
 * ```
 */
import * as whitelist from '../src/core/whitelist.ts';
import { addAccessKey, createVirtualMfa, enableMfa } from './account-iam-credentials.ts';
import { attach, createPolicy } from './account-iam-policies.ts';
import { createUser, ensureGroup } from './account-iam-users.ts';
import { Random } from './account-ids.ts';
import { putParameter } from './account-ssm.ts';
import type { AccountState, MemoryPolicy, MemoryUser } from './account-state.ts';

/** What to build; every field has a default. */
export interface SeedOptions {
  /** Share of users on the whitelist (default 0.02). */
  readonly whitelisted?: number;
  /** Share of users without the policy (default 0.1). */
  readonly violating?: number;
  /** Share of policy-carrying users that have an MFA device (default 0.8). */
  readonly mfa?: number;
  /** User names are `${prefix}-0001`… (default `user`). */
  readonly prefix?: string;
  /** The enforced policy's name (default `DenyActionWithoutMFA`), created when missing. */
  readonly policyName?: string;
  /** Its document when it has to be created. */
  readonly policyDocument?: string;
  /** When set, the whitelisted users are written there as the whitelist parameter. */
  readonly whitelistParameter?: string;
  /** Seed of the shuffle deciding who is whitelisted or violating (default 42). */
  readonly seed?: number;
}

/** The seeded users, by role, and the exemptions of the whitelisted ones. */
export interface SeededAccount {
  readonly policy: MemoryPolicy;
  readonly users: MemoryUser[];
  readonly whitelisted: MemoryUser[];
  readonly violating: MemoryUser[];
  readonly exemptions: whitelist.Exemption[];
}

/** A stand-in for the canonical document, which lives in the template. */
export const PLACEHOLDER_DOCUMENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'DenyAllExceptListedIfNoMFA', Effect: 'Deny', NotAction: ['iam:ChangePassword'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }],
});

type Role = 'whitelisted' | 'violating' | 'attached';

/** Adds `count` users to the account and returns them by role. */
export function seed(state: AccountState, count: number, options: SeedOptions = {}): SeededAccount {
  const name = options.policyName ?? 'DenyActionWithoutMFA';
  const policy = state.findPolicy(state.iamArn('policy', '/', name)) ?? createPolicy(state, name, options.policyDocument ?? PLACEHOLDER_DOCUMENT);
  // The stack's fallback group, carrying the policy, as CloudFormation creates it.
  const group = ensureGroup(state, 'mfa-guard-mfa-required');
  if (!group.policies.includes(policy.arn)) group.policies.push(policy.arn);
  const random = new Random(options.seed ?? 42);
  const whitelistedCount = Math.round(count * (options.whitelisted ?? 0.02));
  const violatingCount = Math.round(count * (options.violating ?? 0.1));
  const roles: Role[] = random.shuffle(
    Array.from({ length: count }, (_, i): Role => (i < whitelistedCount ? 'whitelisted' : i < whitelistedCount + violatingCount ? 'violating' : 'attached')),
  );
  const width = Math.max(4, String(count).length);
  const mfaShare = options.mfa ?? 0.8;
  const seeded: SeededAccount = { policy, users: [], whitelisted: [], violating: [], exemptions: [] };
  roles.forEach((role, i) => {
    const path = i % 7 === 3 ? '/engineering/' : i % 13 === 5 ? '/ops/oncall/' : '/';
    const user = createUser(state, `${options.prefix ?? 'user'}-${String(i + 1).padStart(width, '0')}`, path);
    if (i % 3 === 0) user.groups.push(ensureGroup(state, 'developers').name);
    if (i % 5 === 0) user.groups.push(ensureGroup(state, 'operators').name);
    if (i % 4 === 1) attach(state, user, state.requirePolicy(`arn:${state.partition}:iam::aws:policy/ReadOnlyAccess`));
    if (i % 9 === 2) attach(state, user, state.requirePolicy(`arn:${state.partition}:iam::aws:policy/AmazonS3FullAccess`));
    if (i % 10 < 7 && role !== 'whitelisted') user.password = { created: state.clock() };
    if (i % 2 === 0 || role === 'whitelisted') addAccessKey(state, user);
    seeded.users.push(user);
    if (role === 'whitelisted') {
      seeded.whitelisted.push(user);
      // No reason: at ~55 bytes an entry, 100 exemptions fit the 8 KB of an Advanced parameter.
      seeded.exemptions.push({ name: user.name, userId: user.id });
    } else if (role === 'violating') {
      seeded.violating.push(user);
    } else {
      attach(state, user, policy);
      if (random.next() < mfaShare) enableMfa(state, user, createVirtualMfa(state, user.name).serial);
    }
  });
  if (options.whitelistParameter !== undefined) {
    const value = whitelist.toParameter(seeded.exemptions);
    // A Standard parameter holds 4 KB (about 70 exemptions without reasons); more need the Advanced tier (8 KB).
    putParameter(state, { Name: options.whitelistParameter, Value: value, Type: 'String', Overwrite: true, Tier: value.length > 4096 ? 'Advanced' : 'Standard' });
  }
  return seeded;
}
