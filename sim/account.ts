/**
 * An in-memory AWS account (IAM, AWS Config, SSM) that answers REAL SDK v3 clients (see
 * account-wiring.ts: the SDK still serialises and retries; every attempt is recorded in `calls`;
 * faults and latency can be injected), plus the helpers tests use to set the scene.
 *
 * @example
 * ```ts
 * const account = new MemoryAccount();
 * account.createPolicy({ name: 'DenyActionWithoutMFA' });
 * account.addUser({ name: 'bob' });
 * const { iam } = account.clients();
 * await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: account.policyArn }));
 * account.count('iam', 'AttachUserPolicy'); // => 1
 * ```
 */
import type { Evaluation } from '@aws-sdk/client-config-service';
import { latestEvaluation } from './account-config.ts';
import { addAccessKey, createVirtualMfa, enableMfa } from './account-iam-credentials.ts';
import { attach, createPolicy } from './account-iam-policies.ts';
import { attachToGroup } from './account-iam-groups.ts';
import { createUser, ensureGroup, userCommands } from './account-iam-users.ts';
import { seed, PLACEHOLDER_DOCUMENT, type SeededAccount, type SeedOptions } from './account-seed.ts';
import { putParameter } from './account-ssm.ts';
import type { AccessKey, AccountOptions, MemoryGroup, MemoryParameter, MemoryPolicy, MemoryUser } from './account-state.ts';
import { WiredAccount } from './account-wiring.ts';

export type { Service } from './account-errors.ts';
export type { AccountOptions, MemoryGroup, MemoryPolicy, MemoryUser } from './account-state.ts';
export type { AccountClients, Call, ClientOptions, FaultMaker } from './account-wiring.ts';

/** A test's description of a user; only the name is required. */
export interface UserSpec {
  readonly name: string;
  /** A fixed user ID (a fixture's `AIDA…`); generated otherwise. */
  readonly id?: string;
  readonly path?: string;
  /** Managed policy ARNs to attach; AWS-managed ones exist implicitly, others must be created first. */
  readonly policies?: readonly string[];
  /** Number of MFA devices (true = 1). */
  readonly mfa?: number | boolean;
  /** A console password, optionally last used at a date. */
  readonly password?: boolean | { readonly lastUsed?: Date };
  /** Access keys: a count of active keys, or each key's status and last use. */
  readonly accessKeys?: number | ReadonlyArray<{ readonly status?: AccessKey['status']; readonly lastUsed?: AccessKey['lastUsed'] }>;
  readonly groups?: readonly string[];
  /** False: AWS Config has not recorded the user yet. */
  readonly recorded?: boolean;
}

/** A test's description of a customer-managed policy. */
export interface PolicySpec {
  readonly name: string;
  /** Version v1's document (default: a stand-in Deny-without-MFA document). */
  readonly document?: string;
  readonly path?: string;
  readonly description?: string;
}

/** An AWS account held in memory; see the module comment. */
export class MemoryAccount extends WiredAccount {
  constructor(options: AccountOptions = {}) {
    super(options);
  }

  /** The ARN of `DenyActionWithoutMFA` in this account, as the fixtures spell it. */
  get policyArn(): string {
    return this.iamArn('policy', '/', 'DenyActionWithoutMFA');
  }

  /** Adds a user with its policies, groups and credentials, without recording any call. */
  addUser(spec: UserSpec): MemoryUser {
    const user = createUser(this, spec.name, spec.path ?? '/', spec.id);
    for (const arn of spec.policies ?? []) {
      const policy = this.findPolicy(arn);
      if (!policy) throw new Error(`addUser(${spec.name}): policy ${arn} does not exist; createPolicy it first`);
      attach(this, user, policy);
    }
    for (const group of spec.groups ?? []) user.groups.push(ensureGroup(this, group).name);
    const devices = spec.mfa === true ? 1 : spec.mfa === false ? 0 : (spec.mfa ?? 0);
    for (let i = 0; i < devices; i++) enableMfa(this, user, createVirtualMfa(this, i === 0 ? user.name : `${user.name}-${i + 1}`).serial);
    if (spec.password) user.password = { created: this.clock(), ...(typeof spec.password === 'object' && spec.password.lastUsed ? { lastUsed: spec.password.lastUsed } : {}) };
    type KeySpec = Exclude<UserSpec['accessKeys'], number | undefined>[number];
    const keys: readonly KeySpec[] = typeof spec.accessKeys === 'number' ? Array.from({ length: spec.accessKeys }, () => ({})) : (spec.accessKeys ?? []);
    for (const key of keys) addAccessKey(this, user, key.status ?? 'Active', key.lastUsed);
    if (spec.recorded === false) user.recorded = false;
    return user;
  }

  /** The user of that name (ignoring case); throws when there is none. */
  user(name: string): MemoryUser {
    const user = this.findUser(name);
    if (!user) throw new Error(`no user named ${name} in the memory account`);
    return user;
  }

  /** Whether a user of that name exists. */
  hasUser(name: string): boolean {
    return this.findUser(name) !== undefined;
  }

  /** Creates a customer-managed policy, without recording any call. */
  createPolicy(spec: PolicySpec): MemoryPolicy {
    return createPolicy(this, spec.name, spec.document ?? PLACEHOLDER_DOCUMENT, spec.path ?? '/', spec.description);
  }

  /** The managed policy with that ARN, if it exists. */
  policy(arn: string): MemoryPolicy | undefined {
    return this.findPolicy(arn);
  }

  /** What the console does to delete a policy: detach it from everyone, delete its versions, delete it. */
  removePolicy(arn: string): void {
    const policy = this.findPolicy(arn);
    if (!policy) throw new Error(`no policy ${arn} in the memory account`);
    for (const user of this.usersWithPolicy(policy)) this.detachPolicy(user.name, arn);
    for (const group of this.groupsWithPolicy(policy)) group.policies.splice(group.policies.indexOf(policy.arn), 1);
    this.policies.delete(arn.toLowerCase());
  }

  /** Attaches a policy as someone else would, without recording a call. */
  attachPolicy(userName: string, arn: string): void {
    attach(this, this.user(userName), this.requirePolicy(arn));
  }

  /** Creates a group (as a CloudFormation stack would) with managed policies attached, without recording a call. */
  addGroup(name: string, policies: readonly string[] = []): MemoryGroup {
    const group = ensureGroup(this, name);
    for (const arn of policies) attachToGroup(this, group, arn);
    return group;
  }

  /** Renames a user as UpdateUser does (same ID, policies and groups), without recording a call. */
  renameUser(name: string, newName: string): MemoryUser {
    userCommands.UpdateUser(this, { UserName: name, NewUserName: newName });
    return this.user(newName);
  }

  /** Detaches a policy as someone else would (the tampering mfa-guard repairs), without recording a call. */
  detachPolicy(userName: string, arn: string): void {
    const user = this.user(userName);
    const index = user.policies.findIndex((p) => p.toLowerCase() === arn.toLowerCase());
    if (index < 0) throw new Error(`${userName} does not have ${arn}`);
    user.policies.splice(index, 1);
    this.touch(user);
  }

  /** Writes an SSM parameter (PutParameter's rules, overwriting), without recording a call. */
  setParameter(name: string, value: string, type: MemoryParameter['type'] = 'String'): MemoryParameter {
    return putParameter(this, { Name: name, Value: value, Type: type, Overwrite: true, Tier: value.length > 4096 ? 'Advanced' : 'Standard' });
  }

  /** The latest evaluation Config holds for a user ID (or another resource), if any. */
  compliance(resourceId: string, resourceType = 'AWS::IAM::User'): Evaluation | undefined {
    return latestEvaluation(this, resourceId, resourceType);
  }

  /** Adds `count` users (see account-seed.ts); for the benchmark and scale tests. */
  seed(count: number, options: SeedOptions = {}): SeededAccount {
    return seed(this, count, options);
  }
}
