/**
 * What the in-memory AWS account holds: IAM users, groups, managed policies and MFA devices, the
 * AWS Config evaluations it received, and SSM parameters. The command modules
 * (`account-iam-*.ts`, `account-config.ts`, `account-ssm.ts`) read and change it; `account.ts`
 * wires it to real SDK clients.
 */
import type { Evaluation, ResourceKey } from '@aws-sdk/client-config-service';
import * as errors from './account-errors.ts';
import { IdGenerator } from './account-ids.ts';

/** An access key of a user (never a secret: the model has none). */
export interface AccessKey {
  readonly id: string;
  status: 'Active' | 'Inactive';
  readonly created: Date;
  lastUsed?: { readonly date: Date; readonly region: string; readonly service: string };
}

/** A virtual MFA device; `user` is the lower-cased name of the user it is enabled for. */
export interface MfaDevice {
  readonly serial: string;
  readonly created: Date;
  user?: string;
  enabled?: Date;
}

/** A console password (IAM's "login profile"). */
export interface LoginProfile {
  readonly created: Date;
  lastUsed?: Date;
}

/** An IAM user. `changed` is when its AWS Config item last changed (MFA devices, keys and passwords do not produce items). */
export interface MemoryUser {
  /** Name, path and ARN change with UpdateUser; the ID never does. */
  name: string;
  readonly id: string;
  path: string;
  arn: string;
  readonly created: Date;
  readonly groups: string[];
  readonly policies: string[];
  readonly mfa: MfaDevice[];
  readonly accessKeys: AccessKey[];
  password?: LoginProfile;
  changed: Date;
  /** False while AWS Config has not recorded the user yet (Config lags IAM). */
  recorded: boolean;
}

/** An IAM group: membership is held by the users; `policies` are its attached managed policy ARNs. */
export interface MemoryGroup {
  readonly name: string;
  readonly id: string;
  readonly path: string;
  readonly arn: string;
  readonly created: Date;
  readonly policies: string[];
}

/** One version of a managed policy; `document` is the JSON as given, not URL-encoded. */
export interface PolicyVersionState {
  readonly id: string;
  readonly document: string;
  readonly created: Date;
}

/** A managed policy, customer-managed or AWS-managed (`arn:aws:iam::aws:policy/…`). */
export interface MemoryPolicy {
  readonly arn: string;
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly created: Date;
  updated: Date;
  readonly description?: string;
  readonly versions: PolicyVersionState[];
  defaultVersion: string;
  nextVersion: number;
  readonly awsManaged: boolean;
}

/** An SSM parameter (current version only). */
export interface MemoryParameter {
  readonly name: string;
  type: 'String' | 'StringList' | 'SecureString';
  value: string;
  version: number;
  modified: Date;
  tier: 'Standard' | 'Advanced';
  description?: string;
}

/** One evaluation PutEvaluations accepted, with the token of the rule invocation it answered. */
export interface RecordedEvaluation {
  readonly resultToken: string;
  readonly evaluation: Evaluation;
}

/** Items a call leaves undone on purpose (FailedEvaluations, unprocessed keys), for `remaining` more calls. */
export interface PartialFailure<T> {
  readonly matches: (item: T) => boolean;
  remaining: number;
}

/** Splits `items` into those a partial failure catches and the rest, counting down each rule that caught some. */
export function splitFailures<T>(rules: PartialFailure<T>[], items: readonly T[]): { failed: T[]; passed: T[] } {
  const failed: T[] = [];
  const passed: T[] = [];
  const used = new Set<PartialFailure<T>>();
  for (const item of items) {
    const rule = rules.find((r) => r.remaining > 0 && r.matches(item));
    if (rule) used.add(rule);
    (rule ? failed : passed).push(item);
  }
  for (const rule of used) rule.remaining -= 1;
  rules.splice(0, rules.length, ...rules.filter((r) => r.remaining > 0));
  return { failed, passed };
}

/** The credential report: none yet, being generated (ready after `polls` more Generate calls), or ready. */
export type ReportState =
  | { readonly kind: 'none' }
  | { readonly kind: 'generating'; polls: number }
  | { readonly kind: 'ready'; readonly generated: Date; readonly content: string };

/** How the account is built; every field has a default. */
export interface AccountOptions {
  /** Default `123456789012`, the ID the fixtures use. */
  readonly accountId?: string;
  /** Default `aws`. */
  readonly partition?: string;
  /** Region of Config and SSM (IAM is global). Default `us-east-1`. */
  readonly region?: string;
  /** The model's clock. Default 2025-01-15T12:00:00Z; change `account.now` to move it. */
  readonly now?: Date;
  /** Seed of the ID generator. */
  readonly seed?: number;
  /** Managed policies a user may have (IAM default 10, up to 20 when raised). */
  readonly policiesPerUser?: number;
  /** The one Config rule the account's evaluations belong to. Default `mfa-guard-users`. */
  readonly configRuleName?: string;
}

/** The account's data and the lookups every command makes. */
export class AccountState {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  now: Date;
  policiesPerUser: number;
  /** Groups a user may be in (IAM's quota: 10). */
  groupsPerUser = 10;
  readonly configRuleName: string;
  /** Whether GetComplianceDetailsByConfigRule lists NOT_APPLICABLE results (the API documentation leaves it open). */
  listsNotApplicable = true;
  /** Generate calls after STARTED before the credential report is COMPLETE. */
  reportPolls = 1;
  /** Whether the root user has MFA (the credential report's `<root_account>` row). */
  rootMfa = true;
  readonly ids: IdGenerator;
  readonly created: Date;
  readonly users = new Map<string, MemoryUser>();
  readonly groups = new Map<string, MemoryGroup>();
  readonly policies = new Map<string, MemoryPolicy>();
  readonly mfaDevices = new Map<string, MfaDevice>();
  readonly parameters = new Map<string, MemoryParameter>();
  readonly evaluations: RecordedEvaluation[] = [];
  readonly failedEvaluations: PartialFailure<Evaluation>[] = [];
  readonly unprocessedKeys: PartialFailure<ResourceKey>[] = [];
  /** The rule names of every StartConfigRulesEvaluation call. */
  readonly startedRuleEvaluations: string[][] = [];
  report: ReportState = { kind: 'none' };

  constructor(options: AccountOptions = {}) {
    this.accountId = options.accountId ?? '123456789012';
    this.partition = options.partition ?? 'aws';
    this.region = options.region ?? 'us-east-1';
    this.now = options.now ?? new Date('2025-01-15T12:00:00.000Z');
    this.created = new Date(this.now.getTime() - 365 * 86_400_000);
    this.policiesPerUser = options.policiesPerUser ?? 10;
    this.configRuleName = options.configRuleName ?? 'mfa-guard-users';
    this.ids = new IdGenerator(options.seed ?? 1);
  }

  /** The account's clock, as a fresh Date. */
  clock(): Date {
    return new Date(this.now.getTime());
  }

  /** An IAM ARN in this account: `iamArn('user', '/', 'alice')`. */
  iamArn(kind: 'user' | 'group' | 'policy' | 'mfa', path: string, name: string): string {
    return `arn:${this.partition}:iam::${this.accountId}:${kind}${path}${name}`;
  }

  /** The user of that name (IAM names ignore case), if any. */
  findUser(name: string | undefined): MemoryUser | undefined {
    return name === undefined ? undefined : this.users.get(name.toLowerCase());
  }

  /** The user of that name, or IAM's NoSuchEntity. */
  requireUser(name: string | undefined): MemoryUser {
    if (name === undefined) throw errors.iam.validation('Must specify userName when calling with non-User credentials');
    const user = this.findUser(name);
    if (!user) throw errors.iam.noSuchEntity(`The user with name ${name} cannot be found.`);
    return user;
  }

  /** The managed policy with that ARN; AWS-managed policies exist implicitly. */
  findPolicy(arn: string | undefined): MemoryPolicy | undefined {
    if (arn === undefined) return undefined;
    const known = this.policies.get(arn.toLowerCase());
    if (known) return known;
    const aws = new RegExp(`^arn:${this.partition}:iam::aws:policy(/(?:[!-~]+/)?)([\\w+=,.@-]+)$`).exec(arn);
    if (!aws) return undefined;
    const policy: MemoryPolicy = {
      arn,
      name: aws[2] ?? '',
      path: aws[1] ?? '/',
      id: this.ids.next('ANPA'),
      created: this.created,
      updated: this.created,
      versions: [{ id: 'v1', document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', created: this.created }],
      defaultVersion: 'v1',
      nextVersion: 2,
      awsManaged: true,
    };
    this.policies.set(arn.toLowerCase(), policy);
    return policy;
  }

  /** The managed policy with that ARN, or IAM's NoSuchEntity. */
  requirePolicy(arn: string | undefined): MemoryPolicy {
    const policy = this.findPolicy(arn);
    if (!policy) throw errors.iam.noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
    return policy;
  }

  /** The users the policy is attached to. */
  usersWithPolicy(policy: MemoryPolicy): MemoryUser[] {
    const arn = policy.arn.toLowerCase();
    return [...this.users.values()].filter((u) => u.policies.some((p) => p.toLowerCase() === arn));
  }

  /** The groups the policy is attached to. */
  groupsWithPolicy(policy: MemoryPolicy): MemoryGroup[] {
    const arn = policy.arn.toLowerCase();
    return [...this.groups.values()].filter((g) => g.policies.some((p) => p.toLowerCase() === arn));
  }

  /** The group of that name (IAM names ignore case), or IAM's NoSuchEntity. */
  requireGroup(name: string | undefined): MemoryGroup {
    const group = this.groups.get((name ?? '').toLowerCase());
    if (!group) throw errors.iam.noSuchEntity(`The group with name ${name} cannot be found.`);
    return group;
  }

  /** Marks a change AWS Config records (attachments, group membership). */
  touch(user: MemoryUser): void {
    user.changed = this.clock();
  }
}
