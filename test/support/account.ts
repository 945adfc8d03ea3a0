/**
 * An in-memory AWS account (IAM, AWS Config, SSM) that answers REAL SDK v3 clients. `connect`
 * adds a middleware at the start of the `deserialize` step that answers from the model instead of
 * sending the request, so the SDK still validates, serialises and, above all, retries with its own
 * retry strategy. Every attempt is recorded in `calls`; faults and latency can be injected.
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
import { ConfigServiceClient, type Evaluation, type ResourceKey } from '@aws-sdk/client-config-service';
import { IAMClient } from '@aws-sdk/client-iam';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { DeserializeHandlerOutput, DeserializeMiddleware, HandlerExecutionContext, MetadataBearer, RetryStrategyV2 } from '@smithy/types';
import { configCommands, latestEvaluation } from './account-config.ts';
import { reportCommands } from './account-credential-report.ts';
import type { Service } from './account-errors.ts';
import { addAccessKey, createVirtualMfa, credentialCommands, enableMfa } from './account-iam-credentials.ts';
import { attach, createPolicy, policyCommands } from './account-iam-policies.ts';
import { createUser, ensureGroup, userCommands } from './account-iam-users.ts';
import { seed, PLACEHOLDER_DOCUMENT, type SeededAccount, type SeedOptions } from './account-seed.ts';
import { putParameter, ssmCommands } from './account-ssm.ts';
import { AccountState, type AccessKey, type AccountOptions, type MemoryParameter, type MemoryPolicy, type MemoryUser } from './account-state.ts';

export type { Service } from './account-errors.ts';
export type { AccountOptions, MemoryPolicy, MemoryUser } from './account-state.ts';

/** One attempt the SDK sent: retries are separate calls, as AWS bills and throttles them. */
export interface Call {
  readonly service: Service;
  /** The operation, without `Command`: `AttachUserPolicy`. */
  readonly command: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** The error name when the attempt failed. */
  error?: string;
}

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

/** How `clients()` builds the SDK clients. */
export interface ClientOptions {
  /** Attempts per call, first included (default 3). */
  readonly maxAttempts?: number;
  /** Delay before each retry in ms (default 1, so tests stay fast). */
  readonly backoffMs?: number;
  /** Builds a client's retry strategy instead (each client gets its own, as in production). */
  readonly retryStrategy?: () => RetryStrategyV2;
}

/** The three clients mfa-guard uses, wired to the account. */
export interface AccountClients {
  readonly iam: IAMClient;
  readonly config: ConfigServiceClient;
  readonly ssm: SSMClient;
}

type Handler = (state: AccountState, input: never) => object;
type FaultMaker = (input: Readonly<Record<string, unknown>>) => Error | undefined;
interface Fault {
  readonly service?: Service;
  readonly command: string;
  readonly make: FaultMaker;
  remaining: number;
}

const HANDLERS: Record<Service, Record<string, Handler>> = {
  iam: { ...userCommands, ...policyCommands, ...credentialCommands, ...reportCommands },
  config: configCommands,
  ssm: ssmCommands,
};

const MIDDLEWARE = { step: 'deserialize', priority: 'high', name: 'memoryAccount' } as const;
const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** An AWS account held in memory; see the module comment. */
export class MemoryAccount extends AccountState {
  readonly calls: Call[] = [];
  /** Delay added to every attempt, in ms (for the benchmark). */
  latencyMs = 0;
  private readonly faults: Fault[] = [];

  constructor(options: AccountOptions = {}) {
    super(options);
  }

  /** The ARN of `DenyActionWithoutMFA` in this account, as the fixtures spell it. */
  get policyArn(): string {
    return this.iamArn('policy', '/', 'DenyActionWithoutMFA');
  }

  /** Makes `client` answer from this account (replacing any account connected before). */
  connect<C extends IAMClient | ConfigServiceClient | SSMClient>(client: C): C {
    if (client instanceof IAMClient) {
      client.middlewareStack.remove(MIDDLEWARE.name);
      client.middlewareStack.add(this.middleware('iam'), MIDDLEWARE);
    } else if (client instanceof ConfigServiceClient) {
      client.middlewareStack.remove(MIDDLEWARE.name);
      client.middlewareStack.add(this.middleware('config'), MIDDLEWARE);
    } else {
      client.middlewareStack.remove(MIDDLEWARE.name);
      client.middlewareStack.add(this.middleware('ssm'), MIDDLEWARE);
    }
    return client;
  }

  /** Fresh IAM, Config and SSM clients (us-east-1, fake static credentials, fast retries) connected to this account. */
  clients(options: ClientOptions = {}): AccountClients {
    const retryStrategy = () => options.retryStrategy?.() ?? new ConfiguredRetryStrategy(options.maxAttempts ?? 3, options.backoffMs ?? 1);
    const base = { region: this.region, credentials: CREDENTIALS };
    return {
      iam: this.connect(new IAMClient({ ...base, region: 'us-east-1', retryStrategy: retryStrategy() })),
      config: this.connect(new ConfigServiceClient({ ...base, retryStrategy: retryStrategy() })),
      ssm: this.connect(new SSMClient({ ...base, retryStrategy: retryStrategy() })),
    };
  }

  /** Number of calls made, optionally to one service and one operation (`count('iam', 'AttachUserPolicy')`). */
  count(service?: Service, command?: string): number {
    return this.calls.filter((c) => (service === undefined || c.service === service) && (command === undefined || c.command === command)).length;
  }

  /** The inputs of every call to one operation, in order. */
  inputs(command: string): Readonly<Record<string, unknown>>[] {
    return this.calls.filter((c) => c.command === command).map((c) => c.input);
  }

  /** Forgets the calls made so far (after a test's setup). */
  resetCalls(): void {
    this.calls.length = 0;
  }

  /**
   * Makes calls fail. `target` is an operation (`AttachUserPolicy`), `iam:*`, or `*`. `error` is
   * thrown as is, or built per call from the input (undefined: this call goes through). With
   * `times`, the fault ends after failing that many calls.
   */
  fail(target: string, error: Error | FaultMaker, options: { readonly times?: number } = {}): void {
    const [service, command] = target.includes(':') ? (target.split(':', 2) as [Service, string]) : [undefined, target];
    const make: FaultMaker = typeof error === 'function' ? error : () => error;
    this.faults.push({ ...(service ? { service } : {}), command, make, remaining: options.times ?? Infinity });
  }

  /** Removes every injected fault. */
  clearFaults(): void {
    this.faults.length = 0;
    this.failedEvaluations.length = 0;
    this.unprocessedKeys.length = 0;
  }

  /** PutEvaluations returns matching evaluations in FailedEvaluations (and drops them), in `times` calls. */
  failEvaluations(matches: (evaluation: Evaluation) => boolean, options: { readonly times?: number } = {}): void {
    this.failedEvaluations.push({ matches, remaining: options.times ?? Infinity });
  }

  /** BatchGetResourceConfig returns matching keys in unprocessedResourceKeys, in `times` calls. */
  leaveUnprocessed(matches: (key: ResourceKey) => boolean, options: { readonly times?: number } = {}): void {
    this.unprocessedKeys.push({ matches, remaining: options.times ?? Infinity });
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
    this.policies.delete(arn.toLowerCase());
  }

  /** Attaches a policy as someone else would, without recording a call. */
  attachPolicy(userName: string, arn: string): void {
    attach(this, this.user(userName), this.requirePolicy(arn));
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

  private middleware<O extends MetadataBearer>(service: Service): DeserializeMiddleware<object, O> {
    return (_next, context: HandlerExecutionContext) => async (args): Promise<DeserializeHandlerOutput<O>> => {
      const output = await this.answer(service, String(context.commandName ?? ''), args.input);
      return { output: { $metadata: {}, ...output } as O, response: { statusCode: 200, headers: {} } };
    };
  }

  private async answer(service: Service, commandName: string, input: object): Promise<object> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const command = commandName.replace(/Command$/, '');
    const call: Call = { service, command, input: structuredClone(input) as Record<string, unknown> };
    this.calls.push(call);
    try {
      const fault = this.faultFor(service, command, call.input);
      if (fault) throw fault;
      const handler = HANDLERS[service][command];
      if (!handler) throw new Error(`MemoryAccount does not model ${service}:${command}; add it to test/support/account-*.ts`);
      return structuredClone(handler(this, input as never));
    } catch (error) {
      call.error = error instanceof Error ? error.name : String(error);
      throw error;
    }
  }

  private faultFor(service: Service, command: string, input: Readonly<Record<string, unknown>>): Error | undefined {
    for (const fault of this.faults) {
      if (fault.remaining <= 0 || (fault.service && fault.service !== service) || (fault.command !== '*' && fault.command !== command)) continue;
      const error = fault.make(input);
      if (!error) continue;
      fault.remaining -= 1;
      return error;
    }
    return undefined;
  }
}
