/**
 * The handlers' `Deps` over a MemoryAccount, assembled as a Lambda container's (handlers/deps.ts
 * `assemble`): the account's real SDK clients, the whitelist cache on a fake clock, the canonical
 * document rendered from cfn/mfa-guard.yml, a fixed `now`, and the decision log kept in a list.
 *
 * @example
 * ```ts
 * const account = fixtureAccount();
 * const { deps, logs } = container(account);
 * await enforce(fixtures.load('cloudtrail', 'create-user.json'), deps);
 * ```
 */
import { readFileSync } from 'node:fs';
import type { CacheOptions } from '../src/aws/ssm.ts';
import * as template from '../src/cfn/template.ts';
import type { Exemption } from '../src/core/whitelist.ts';
import * as whitelist from '../src/core/whitelist.ts';
import { canonical, renderFor } from '../src/handlers/canonical.ts';
import { assemble, type ConfigDeps } from '../src/handlers/deps.ts';
import { documentNames, type DocumentNames, type Settings } from '../src/handlers/environment.ts';
import type { DecisionLog, Logger } from '../src/handlers/log.ts';
import { MemoryAccount, type AccountClients } from './account.ts';
import { CONFIG_RULE_ARN, POLICY_ARN, REGION, RULE_NAME, STACK } from './fixtures.ts';

const HOME = 'cfn/mfa-guard.yml';

/** The whitelist parameter the fixture account holds. */
export const WHITELIST_PARAMETER = '/mfa-guard/whitelist';

/** The handlers' `now`: the account's default clock. */
export const NOW = new Date('2025-01-15T12:00:00.000Z');

/** The stack the fixtures' account runs, and its fallback group (cfn/mfa-guard.yml FallbackGroup). */
export const STACK_NAME = STACK;
export const FALLBACK_GROUP = 'mfa-guard-mfa-required';

/** The fixtures' users (fixtures/README.md). */
export const USERS = {
  alice: 'AIDAJQABLZS4A3QDU576Q',
  bob: 'AIDAIOSFODNN7EXAMPLE',
  carol: 'AIDACKCEVSQ6C2EXAMPLE',
  ciDeployer: 'AIDAQ3EGRNG2ZH3EXAMPLE',
} as const;

/** ci-deployer's exemption, as `make whitelist` writes it. */
export const CI_EXEMPTION: Exemption = { name: 'ci-deployer', userId: USERS.ciDeployer, reason: 'GitHub Actions deploys' };

/** The enforcer's environment in the fixtures' stack, as the template sets it (test/cfn checks), plus Lambda's AWS_REGION. */
export const ENFORCER_ENV = {
  POLICY_ARN,
  WHITELIST_PARAMETER,
  CONFIG_RULE_NAME: RULE_NAME,
  MODE: 'enforce',
  STACK_NAME: STACK,
  RESOURCE_PREFIX: STACK,
  MFA_MAX_AGE_SECONDS: '3600',
  CONFIG_RULE_ARN,
  AWS_REGION: REGION,
} as const;

/** What the enforcer of the fixtures' stack reads from ENFORCER_ENV to render the policy. */
export function fixtureNames(): DocumentNames {
  return documentNames(ENFORCER_ENV);
}

/** The policy document of cfn/mfa-guard.yml, rendered for `policyArn` exactly as the enforcer renders it. */
export function canonicalDocument(policyArn: string): unknown {
  return renderFor(policyArn, templateDocument(), fixtureNames());
}

/** The policy document as cfn/mfa-guard.yml writes it (what `make synth` embeds in the functions). */
export function templateDocument(): unknown {
  const home = template.parse(readFileSync(new URL('../cfn/mfa-guard.yml', import.meta.url), 'utf8'), HOME);
  return template.policyDocumentOf(home, HOME);
}

/**
 * The fixtures' account: our policy (canonical document, at `policyPath`) and the fallback group carrying it, alice and carol
 * (`/engineering/`) carrying it, bob without it, ci-deployer whitelisted.
 */
export function fixtureAccount(options: { readonly policyPath?: string } = {}): MemoryAccount {
  const account = new MemoryAccount({ now: NOW });
  const path = options.policyPath ?? '/';
  const policy = account.createPolicy({ name: 'DenyActionWithoutMFA', path, document: JSON.stringify(canonicalDocument(account.iamArn('policy', path, 'DenyActionWithoutMFA'))) });
  account.addGroup(FALLBACK_GROUP, [policy.arn]);
  account.addUser({ name: 'alice', id: USERS.alice, policies: [policy.arn, 'arn:aws:iam::aws:policy/AdministratorAccess'] });
  account.addUser({ name: 'bob', id: USERS.bob, policies: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
  account.addUser({ name: 'carol', id: USERS.carol, path: '/engineering/', policies: [policy.arn] });
  account.addUser({ name: 'ci-deployer', id: USERS.ciDeployer });
  setWhitelist(account, [CI_EXEMPTION]);
  return account;
}

/** Writes the whitelist parameter as `make whitelist` does. */
export function setWhitelist(account: MemoryAccount, exemptions: readonly Exemption[]): void {
  account.setParameter(WHITELIST_PARAMETER, whitelist.toParameter(exemptions));
}

/** One Lambda container over the account: its deps, the decisions it logged, and its clock for the whitelist cache. */
export interface Container {
  readonly deps: ConfigDeps;
  readonly logs: DecisionLog[];
  /** Moves the container's clock (the whitelist cache TTL is 60 s). */
  advance(ms: number): void;
}

/** What a container is configured with; the defaults are the fixtures' settings in enforce mode and the account's clients. */
export interface ContainerOptions {
  readonly mode?: Settings['mode'];
  readonly policyArn?: string;
  readonly ttlMs?: number;
  readonly clients?: AccountClients;
  /** The whitelist cache's settings instead of `ttlMs` on the container's own clock. */
  readonly cache?: CacheOptions;
  /** Where decisions go instead of `logs`. */
  readonly log?: Logger;
}

/** A fresh container (new clients, empty whitelist cache) over `account`, assembled as the Lambda's. */
export function container(account: MemoryAccount, options: ContainerOptions = {}): Container {
  const logs: DecisionLog[] = [];
  let clock = 0;
  const policyArn = options.policyArn ?? account.policyArn;
  const deps = assemble({
    clients: options.clients ?? account.clients(),
    settings: { policyArn, whitelistParameter: WHITELIST_PARAMETER, ruleName: RULE_NAME, mode: options.mode ?? 'enforce', stackName: STACK_NAME, fallbackGroup: FALLBACK_GROUP },
    canonicalDocument: canonical(policyArn, templateDocument, fixtureNames),
    cache: options.cache ?? { ttlMs: options.ttlMs ?? 60_000, now: () => clock },
    now: () => new Date(NOW.getTime()),
    log: options.log ?? ((entry) => void logs.push(entry)),
  });
  return { deps, logs, advance: (ms) => void (clock += ms) };
}

/** `service:Command` of every call the account received, in order (`['ssm:GetParameter', 'iam:AttachUserPolicy']`). */
export function callNames(account: MemoryAccount): string[] {
  return account.calls.map((c) => `${c.service}:${c.command}`);
}

/** Whether the user carries the policy in the account now. */
export function carries(account: MemoryAccount, userName: string, policyArn = account.policyArn): boolean {
  return account.user(userName).policies.some((arn) => arn.toLowerCase() === policyArn.toLowerCase());
}

/** The default version's document of a policy in the account, parsed. */
export function defaultDocument(account: MemoryAccount, policyArn = account.policyArn): unknown {
  const policy = account.policy(policyArn);
  const version = policy?.versions.find((v) => v.id === policy.defaultVersion);
  if (!version) throw new Error(`no default version of ${policyArn}`);
  return JSON.parse(version.document);
}
