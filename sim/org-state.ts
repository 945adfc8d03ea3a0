/**
 * What the in-memory organisation holds: its root, OUs and accounts (each member a MemoryAccount,
 * with the few per-account facts the account model lacks: Config recorders, CloudFormation stacks,
 * IAM roles made by stacks), the StackSets trusted access and delegated administrators, and the
 * service-managed StackSets. sim/org-*.ts read and change it; sim/org.ts is the public face.
 */
import type { AutoDeployment, Parameter, StackSetOperationPreferences } from '@aws-sdk/client-cloudformation';
import { MemoryAccount } from './account.ts';

/** One Config recorder of a member account in a region. */
export interface RecorderState {
  /** Whether it records IAM's global resource types. */
  readonly iam: boolean;
  recording: boolean;
}

/** A CloudFormation stack a StackSet instance made in a member account. */
export interface MemberStack {
  readonly name: string;
  readonly id: string;
  readonly region: string;
  readonly stackSet: string;
  status: string;
  parameters: Record<string, string>;
  outputs: Record<string, string>;
  /** The policy this stack created (home stacks), so deletion can remove it. */
  policyArn?: string;
  /** The whitelist parameter this stack owns (home stacks in organisation mode). */
  whitelistParameter?: string;
  /** The read-only role this stack created (access stacks). */
  role?: string;
  /** Each function's environment, resolved as CloudFormation would (home stacks): what the account's real functions run with. */
  functions: Record<string, Record<string, string>>;
}

/** An IAM role a stack created, with what its trust policy admits. */
export interface MemberRole {
  readonly name: string;
  readonly arn: string;
  /** Principal ARNs the trust policy names. */
  readonly principals: readonly string[];
  /** The aws:PrincipalOrgID the trust policy requires. */
  readonly orgId: string;
}

/** A member (or the management) account. */
export interface OrgAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  state: 'ACTIVE' | 'SUSPENDED';
  /** Root or OU ID. */
  parent: string;
  readonly joined: Date;
  readonly account: MemoryAccount;
  /** Config recorders by region. */
  readonly recorders: Map<string, RecorderState>;
  /** Stacks by `region/name`. */
  readonly stacks: Map<string, MemberStack>;
  readonly roles: Map<string, MemberRole>;
}

/** An organizational unit (or, with `parent` undefined, the root). */
export interface OrgUnit {
  readonly id: string;
  readonly name: string;
  readonly parent?: string;
}

/** One stack instance of a StackSet. */
export interface InstanceState {
  readonly account: string;
  readonly region: string;
  ou: string;
  overrides: Parameter[];
  status: 'CURRENT' | 'OUTDATED' | 'INOPERABLE';
  detailed: 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'INOPERABLE' | 'SKIPPED_SUSPENDED_ACCOUNT' | 'FAILED_IMPORT';
  reason?: string;
  stackId?: string;
  lastOperationId?: string;
}

/** One account × region an operation acts on, and how it ended. */
export interface OperationStep {
  readonly account: string;
  readonly region: string;
  readonly ou: string;
  status: 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  reason?: string;
}

/** A StackSet operation: queued, running one step batch per poll, then ended. */
export interface OperationState {
  readonly id: string;
  readonly action: 'CREATE' | 'UPDATE' | 'DELETE';
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'STOPPED';
  readonly preferences: StackSetOperationPreferences;
  readonly regions: readonly string[];
  readonly steps: OperationStep[];
  readonly retainStacks?: boolean;
  /** Overrides to set on each instance the operation touches (undefined: leave them). */
  readonly overrides?: Parameter[];
  readonly created: Date;
  ended?: Date;
  statusReason?: string;
}

/** A service-managed StackSet. */
export interface StackSetState {
  readonly name: string;
  /** `name:uuid`, as CloudFormation spells StackSetId. */
  readonly id: string;
  readonly arn: string;
  templateBody: string;
  parameters: Parameter[];
  capabilities: string[];
  autoDeployment: AutoDeployment;
  managedExecution: boolean;
  description?: string;
  /** OUs instances were created for (automatic deployment watches them). */
  readonly targetOus: Set<string>;
  readonly regions: Set<string>;
  readonly instances: Map<string, InstanceState>;
  readonly operations: OperationState[];
}

/** How the organisation is built; every field has a default. */
export interface OrgOptions {
  /** Default `111111111111`. */
  readonly managementId?: string;
  readonly now?: Date;
  /** Trusted access for StackSets (default on). */
  readonly trustedAccess?: boolean;
  /** `ALL` (default) or `CONSOLIDATED_BILLING`. */
  readonly featureSet?: 'ALL' | 'CONSOLIDATED_BILLING';
}

/** The organisation's data and the lookups every command makes. */
export class OrgState {
  readonly id = 'o-a1b2c3d4e5';
  readonly rootId = 'r-a1b2';
  readonly managementId: string;
  now: Date;
  trustedAccess: boolean;
  featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  readonly units = new Map<string, OrgUnit>();
  readonly accounts = new Map<string, OrgAccount>();
  readonly delegatedAdmins = new Set<string>();
  readonly stackSets = new Map<string, StackSetState>();
  private counter = 0;

  constructor(options: OrgOptions = {}) {
    this.managementId = options.managementId ?? '111111111111';
    this.now = options.now ?? new Date('2025-01-15T12:00:00.000Z');
    this.trustedAccess = options.trustedAccess ?? true;
    this.featureSet = options.featureSet ?? 'ALL';
    this.units.set(this.rootId, { id: this.rootId, name: 'Root' });
    this.addAccount(this.managementId, 'management', this.rootId);
  }

  /** A fresh ID with a prefix and `digits` characters, deterministic. */
  nextId(prefix: string, digits = 8): string {
    this.counter += 1;
    return `${prefix}${String(this.counter).padStart(digits, '0')}`;
  }

  /** Adds an account (with its in-memory AWS account) under a root or OU, as Organizations would after CreateAccount. */
  addAccount(id: string, name: string, parent: string): OrgAccount {
    if (!/^\d{12}$/.test(id)) throw new Error(`account ID ${id} is not 12 digits`);
    if (this.accounts.has(id)) throw new Error(`account ${id} already exists`);
    this.unit(parent);
    const entry: OrgAccount = {
      id,
      name,
      email: `${name}@example.com`,
      state: 'ACTIVE',
      parent,
      joined: new Date(this.now.getTime()),
      account: new MemoryAccount({ accountId: id, now: this.now, seed: Number(id.slice(-6)) }),
      recorders: new Map(),
      stacks: new Map(),
      roles: new Map(),
    };
    this.accounts.set(id, entry);
    return entry;
  }

  /** The root or OU with that ID; throws (a test's mistake) when there is none. */
  unit(id: string): OrgUnit {
    const unit = this.units.get(id);
    if (!unit) throw new Error(`no root or OU ${id} in the organisation`);
    return unit;
  }

  /** The account with that ID; throws when there is none. */
  member(id: string): OrgAccount {
    const account = this.accounts.get(id);
    if (!account) throw new Error(`no account ${id} in the organisation`);
    return account;
  }

  /** Whether `id` is `ancestor` or lies below it. */
  within(id: string, ancestor: string): boolean {
    for (let at: string | undefined = id; at !== undefined; at = this.units.get(at)?.parent) if (at === ancestor) return true;
    return false;
  }

  /** Accounts under a root or OU, nested OUs included, in ID order. */
  accountsUnder(unitId: string): OrgAccount[] {
    return [...this.accounts.values()].filter((a) => this.within(a.parent, unitId)).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The partition's ARN of an account's root principal or a role in it. */
  arn(account: string, resource: string): string {
    return `arn:aws:iam::${account}:${resource}`;
  }
}
