/**
 * How the in-memory account meets REAL SDK v3 clients: a middleware at the start of the
 * `deserialize` step answers each attempt from the model instead of sending it, so the SDK still
 * validates, serialises and, above all, retries with its own retry strategy (which wraps this step).
 * Every attempt is recorded in `calls`; faults and per-call latency can be injected.
 */
import { ConfigServiceClient, type Evaluation, type ResourceKey } from '@aws-sdk/client-config-service';
import { IAMClient } from '@aws-sdk/client-iam';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ConfiguredRetryStrategy, StandardRetryStrategy } from '@smithy/core/retry';
import type { DeserializeHandlerOutput, DeserializeMiddleware, HandlerExecutionContext, MetadataBearer, RetryStrategyV2, StandardRetryBackoffStrategy } from '@smithy/types';
import { iamClient, OPTIONS, ssmClient } from '../src/aws/clients.ts';
import { configClient } from '../src/aws/config-client.ts';
import { configCommands } from './account-config.ts';
import { reportCommands } from './account-credential-report.ts';
import type { Service } from './account-errors.ts';
import { credentialCommands } from './account-iam-credentials.ts';
import { groupCommands } from './account-iam-groups.ts';
import { policyCommands } from './account-iam-policies.ts';
import { userCommands } from './account-iam-users.ts';
import { ssmCommands } from './account-ssm.ts';
import { AccountState } from './account-state.ts';

/** One attempt the SDK sent: retries are separate calls, as AWS bills and throttles them. */
export interface Call {
  readonly service: Service;
  /** The operation, without `Command`: `AttachUserPolicy`. */
  readonly command: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** The error name when the attempt failed. */
  error?: string;
}

/**
 * How `clients()` builds the SDK clients: by default exactly as the functions do (src/aws/clients.ts:
 * adaptive retries, 5 attempts, LimitExceeded given up at once). `maxAttempts` (with `backoffMs`,
 * default 1) or `retryStrategy` replace that strategy, for tests of the account itself.
 */
export interface ClientOptions {
  /**
   * `skipped` (default): the production factories and retry decisions (which errors, 5 attempts,
   * LimitExceeded final), through the SDK's standard strategy (which the adaptive one delegates its
   * decisions to) with no backoff and no client-side rate limit: the account answers at once, and
   * tests stay fast. `real`: the clients exactly as in Lambda, waits included (the benchmark's wall times).
   */
  readonly waits?: 'skipped' | 'real';
  /** Attempts per call, first included, with a plain retry strategy. */
  readonly maxAttempts?: number;
  /** Delay before each retry in ms, with `maxAttempts`. */
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

/** Builds the error for one call from its input; undefined lets the call through. */
export type FaultMaker = (input: Readonly<Record<string, unknown>>) => Error | undefined;

type Handler = (state: AccountState, input: never) => object;
interface Fault {
  readonly service?: Service;
  readonly command: string;
  readonly make: FaultMaker;
  remaining: number;
}

const HANDLERS: Record<Service, Record<string, Handler>> = {
  iam: { ...userCommands, ...groupCommands, ...policyCommands, ...credentialCommands, ...reportCommands },
  config: configCommands,
  ssm: ssmCommands,
};

const MIDDLEWARE = { step: 'deserialize', priority: 'high', name: 'memoryAccount' } as const;
// The standard strategy sleeps its backoff itself; a zero delay (throttling's larger base included) skips it.
const NO_WAIT: StandardRetryBackoffStrategy = { computeNextBackoffDelay: () => 0, setDelayBase: () => undefined };
const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** The account's state plus its connection to SDK clients, its call log and its faults. */
export class WiredAccount extends AccountState {
  readonly calls: Call[] = [];
  /** Delay added to every attempt, in ms (for the benchmark). */
  latencyMs = 0;
  private readonly faults: Fault[] = [];

  /** Makes `client` answer from this account (replacing any account connected before). */
  connect<C extends IAMClient | ConfigServiceClient | SSMClient>(client: C): C {
    client.middlewareStack.remove(MIDDLEWARE.name);
    if (client instanceof IAMClient) client.middlewareStack.add(this.middleware('iam'), MIDDLEWARE);
    else if (client instanceof ConfigServiceClient) client.middlewareStack.add(this.middleware('config'), MIDDLEWARE);
    else client.middlewareStack.add(this.middleware('ssm'), MIDDLEWARE);
    return client;
  }

  /** Fresh IAM, Config and SSM clients (fake static credentials) built as the functions build theirs, connected to this account. */
  clients(options: ClientOptions = {}): AccountClients {
    const setup = { region: this.region, credentials: CREDENTIALS };
    if (options.maxAttempts === undefined && options.retryStrategy === undefined) {
      const tuned = options.waits === 'real' ? setup : { ...setup, retryStrategy: () => new StandardRetryStrategy({ maxAttempts: OPTIONS.maxAttempts, backoff: NO_WAIT }) };
      return { iam: this.connect(iamClient({ ...tuned, region: 'us-east-1' })), config: this.connect(configClient(tuned)), ssm: this.connect(ssmClient(tuned)) };
    }
    const retryStrategy = () => options.retryStrategy?.() ?? new ConfiguredRetryStrategy(options.maxAttempts ?? 3, options.backoffMs ?? 1);
    return {
      iam: this.connect(new IAMClient({ ...setup, region: 'us-east-1', retryStrategy: retryStrategy() })),
      config: this.connect(new ConfigServiceClient({ ...setup, retryStrategy: retryStrategy() })),
      ssm: this.connect(new SSMClient({ ...setup, retryStrategy: retryStrategy() })),
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

  /** PutEvaluations returns matching evaluations in FailedEvaluations (and drops them), in `times` calls. */
  failEvaluations(matches: (evaluation: Evaluation) => boolean, options: { readonly times?: number } = {}): void {
    this.failedEvaluations.push({ matches, remaining: options.times ?? Infinity });
  }

  /** BatchGetResourceConfig returns matching keys in unprocessedResourceKeys, in `times` calls. */
  leaveUnprocessed(matches: (key: ResourceKey) => boolean, options: { readonly times?: number } = {}): void {
    this.unprocessedKeys.push({ matches, remaining: options.times ?? Infinity });
  }

  /** Removes every injected fault. */
  clearFaults(): void {
    this.faults.length = 0;
    this.failedEvaluations.length = 0;
    this.unprocessedKeys.length = 0;
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
      if (!handler) throw new Error(`MemoryAccount does not model ${service}:${command}; add it to sim/account-*.ts`);
      // The SDK's command types already checked the input's shape.
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
