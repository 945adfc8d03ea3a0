/**
 * An in-memory AWS Organization beside the in-memory account: a root, nested OUs, a management
 * account and members (each a MemoryAccount), StackSets trusted access and delegated
 * administrators, and service-managed StackSets whose instances really act in the members (the
 * home stack creates the policy and the whitelist parameter; see org-deployer.ts). It answers REAL
 * SDK v3 clients, as the account does (a `deserialize` middleware, so the SDK still serialises and
 * retries): Organizations, STS and CloudFormation for the administrator, and IAM, SSM, Config and
 * CloudFormation for a member through the credentials STS AssumeRole issued. Every call is logged.
 *
 * @example
 * ```ts
 * const org = new MemoryOrganization();
 * const prod = org.addOu('prod');
 * org.createAccount('222222222222', 'payments', prod, { recorder: 'eu-west-1' });
 * const { cloudformation } = org.clients();
 * ```
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { AwsCredentialIdentity, DeserializeMiddleware, HandlerExecutionContext, MetadataBearer } from '@smithy/types';
import * as errors from './org-errors.ts';
import { memberStackCommands, recorderCommands } from './org-member.ts';
import { autoDeploy, autoRemove, settle } from './org-operations.ts';
import { organizationsCommands, stsCommands, type Session } from './org-organizations.ts';
import { OrgState, type OrgAccount, type OrgOptions } from './org-state.ts';
import { stackSetCommands, type Caller } from './org-stacksets.ts';

export type { OrgAccount, OrgOptions, StackSetState } from './org-state.ts';
export type { Caller } from './org-stacksets.ts';

/** One call the organisation answered: who sent it (the administrator, or a member session), what, and how it ended. */
export interface OrgCall {
  readonly service: 'organizations' | 'sts' | 'cloudformation' | 'iam' | 'ssm' | 'config';
  readonly command: string;
  /** The account the call acted in (the caller's for administrator calls, the member's for sessions). */
  readonly account: string;
  /** The role of a member session (calls in a member account); absent for the administrator's calls. */
  readonly role?: string;
  readonly input: Readonly<Record<string, unknown>>;
  error?: string;
}

/** The administrator's clients. */
export interface AdminClients {
  readonly organizations: OrganizationsClient;
  readonly sts: STSClient;
  readonly cloudformation: CloudFormationClient;
}

/** A member account's clients, as built from AssumeRole's credentials. */
export interface MemberClients {
  readonly iam: IAMClient;
  readonly ssm: SSMClient;
  readonly config: ConfigServiceClient;
  readonly cloudformation: CloudFormationClient;
}

type Handler = (org: OrgState, caller: Caller, input: never) => object;
const NAME = 'memoryOrganization';
const READ_ONLY = /^(Get|List|Describe|GenerateCredentialReport$)/;
const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** The organisation; see the module comment. */
export class MemoryOrganization extends OrgState {
  readonly calls: OrgCall[] = [];
  /** Who the administrator clients act as (default: the management account's admin role). */
  caller: Caller;
  private readonly sessions = new Map<string, Session>();
  private readonly sts: Record<string, Handler>;

  constructor(options: OrgOptions = {}) {
    super(options);
    this.caller = { account: this.managementId, arn: this.arn(this.managementId, 'role/OrgAdmin') };
    this.sts = stsCommands(this.sessions);
  }

  /** Makes the administrator clients act as `account` (a role ARN in it, default `role/OrgAdmin`). */
  actAs(account: string, role = 'OrgAdmin'): Caller {
    this.caller = { account, arn: this.arn(account, `role/${role}`) };
    return this.caller;
  }

  /** Adds an OU under a root or OU; returns its ID (`ou-a1b2-…`). */
  addOu(name: string, parent: string = this.rootId): string {
    this.unit(parent);
    const id = `ou-a1b2-${this.nextId('', 8)}`;
    this.units.set(id, { id, name, parent });
    return id;
  }

  /** An account created in (or invited to) the organisation: automatic deployment acts on it at once. */
  createAccount(id: string, name: string, parent: string, options: { readonly recorder?: string | false; readonly recordsIam?: boolean } = {}): OrgAccount {
    const account = this.addAccount(id, name, parent);
    if (options.recorder) account.recorders.set(options.recorder, { iam: options.recordsIam ?? true, recording: true });
    autoDeploy(this, id);
    return account;
  }

  /** MoveAccount: instances of StackSets no longer targeting it go (retained or deleted), new targets deploy. */
  moveAccount(id: string, parent: string): void {
    this.unit(parent);
    this.member(id).parent = parent;
    autoRemove(this, id, true);
    autoDeploy(this, id);
  }

  /** RemoveAccountFromOrganization. */
  removeAccount(id: string): void {
    autoRemove(this, id, false);
    this.accounts.delete(id);
  }

  /** Suspends (closes) an account. */
  suspend(id: string): void {
    this.member(id).state = 'SUSPENDED';
  }

  /** Gives an account a Config recorder in `region` (recording IAM's global types unless told otherwise). */
  addRecorder(id: string, region: string, iam = true): void {
    this.member(id).recorders.set(region, { iam, recording: true });
  }

  /** Runs every StackSet operation to its end (a test's shortcut; the CLI polls instead). */
  settle(): void {
    for (const set of this.stackSets.values()) settle(this, set);
  }

  /** Calls made, optionally one operation's, optionally in one account. */
  count(command?: string, account?: string): number {
    return this.calls.filter((c) => (command === undefined || c.command === command) && (account === undefined || c.account === account)).length;
  }

  /** The administrator's clients (fake credentials, fast retries), connected to the organisation. */
  clients(region = 'us-east-1'): AdminClients {
    const base = { region, credentials: CREDENTIALS, retryStrategy: new ConfiguredRetryStrategy(3, 1) };
    const organizations = new OrganizationsClient({ ...base, region: 'us-east-1' });
    const sts = new STSClient(base);
    const cloudformation = new CloudFormationClient(base);
    organizations.middlewareStack.add(this.adminMiddleware('organizations', organizationsCommands), { step: 'deserialize', priority: 'high', name: NAME });
    sts.middlewareStack.add(this.adminMiddleware('sts', this.sts), { step: 'deserialize', priority: 'high', name: NAME });
    cloudformation.middlewareStack.add(this.adminMiddleware('cloudformation', stackSetCommands), { step: 'deserialize', priority: 'high', name: NAME });
    return { organizations, sts, cloudformation };
  }

  /**
   * A member's clients for credentials AssumeRole issued (real clients, `region` for Config and
   * CloudFormation). The session's role is read-only: any other call is AccessDenied.
   */
  memberClients(credentials: AwsCredentialIdentity, region: string): MemberClients {
    const session = this.sessions.get(credentials.accessKeyId);
    if (!session) throw new Error(`credentials ${credentials.accessKeyId} were not issued by this organisation's AssumeRole`);
    const member = this.member(session.account);
    const retryStrategy = () => new ConfiguredRetryStrategy(3, 1);
    const base = { region, credentials };
    const iam = new IAMClient({ ...base, region: 'us-east-1', retryStrategy: retryStrategy() });
    const ssm = new SSMClient({ ...base, retryStrategy: retryStrategy() });
    const config = new ConfigServiceClient({ ...base, retryStrategy: retryStrategy() });
    const cloudformation = new CloudFormationClient({ ...base, retryStrategy: retryStrategy() });
    const at = { member, region, role: session.role };
    iam.middlewareStack.add(this.memberMiddleware(at, 'iam', {}), { step: 'deserialize', priority: 'high', name: NAME });
    ssm.middlewareStack.add(this.memberMiddleware(at, 'ssm', {}), { step: 'deserialize', priority: 'high', name: NAME });
    config.middlewareStack.add(this.memberMiddleware(at, 'config', recorderCommands), { step: 'deserialize', priority: 'high', name: NAME });
    cloudformation.middlewareStack.add(this.memberMiddleware(at, 'cloudformation', memberStackCommands), { step: 'deserialize', priority: 'high', name: NAME });
    member.account.connect(iam);
    member.account.connect(ssm);
    member.account.connect(config);
    return { iam, ssm, config, cloudformation };
  }

  private adminMiddleware<O extends MetadataBearer>(service: OrgCall['service'], handlers: Record<string, Handler>): DeserializeMiddleware<object, O> {
    return (_next, context: HandlerExecutionContext) => async (args) => {
      const command = String(context.commandName ?? '').replace(/Command$/, '');
      const caller = this.caller;
      const call: OrgCall = { service, command, account: caller.account, input: structuredClone(args.input) as Record<string, unknown> };
      this.calls.push(call);
      try {
        const handler = handlers[command];
        if (!handler) throw new Error(`MemoryOrganization does not model ${service}:${command}; add it to sim/org-*.ts`);
        const output = structuredClone(handler(this, caller, args.input as never));
        return { output: { $metadata: {}, ...output } as unknown as O, response: { statusCode: 200, headers: {} } };
      } catch (error) {
        call.error = error instanceof Error ? error.name : String(error);
        throw error;
      }
    };
  }

  /** Logs a member call, refuses writes (the read-only role), answers the commands given here, and passes the rest to the member's account. */
  private memberMiddleware<O extends MetadataBearer>(at: { member: OrgAccount; region: string; role: string }, service: OrgCall['service'], handlers: Record<string, (m: OrgAccount, r: string, i: never) => object>): DeserializeMiddleware<object, O> {
    const { member, region, role } = at;
    return (next, context: HandlerExecutionContext) => async (args) => {
      const command = String(context.commandName ?? '').replace(/Command$/, '');
      const call: OrgCall = { service, command, account: member.id, role, input: structuredClone(args.input) as Record<string, unknown> };
      this.calls.push(call);
      try {
        if (!READ_ONLY.test(command)) throw errors.cloudformation.accessDenied(`User is not authorized to perform: ${service}:${command} (the role is read-only)`);
        const handler = handlers[command];
        if (!handler) return await next(args);
        const output = structuredClone(handler(member, region, args.input as never));
        return { output: { $metadata: {}, ...output } as unknown as O, response: { statusCode: 200, headers: {} } };
      } catch (error) {
        call.error = error instanceof Error ? error.name : String(error);
        throw error;
      }
    };
  }
}
