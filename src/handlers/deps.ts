/** What the functions depend on, assembled in one place (Lambda, `make invoke`, the simulated account, the demo). */
import { clients as lambdaClients } from '../aws/clients.ts';
import type * as configApi from '../aws/config.ts';
import type { Effects } from '../aws/effects.ts';
import type { ExecutionContext } from '../aws/executor.ts';
import type * as iamApi from '../aws/iam.ts';
import * as ssmApi from '../aws/ssm.ts';
import type { FullCheck, Outcome } from '../core/plan.ts';
import type { Exemption } from '../core/whitelist.ts';
import { settings, type Settings } from './environment.ts';
import { jsonLogger, type DecisionLog, type Logger } from './log.ts';

/** Clients, configuration and effects the three functions share. */
export interface Deps {
  readonly iam: iamApi.Iam;
  readonly config: configApi.Config;
  readonly settings: Settings;
  /** The whitelist, cached per container for a short TTL; throws when unreadable. */
  readonly whitelist: () => Promise<Exemption[]>;
  /** The canonical policy document, rendered for this account. */
  readonly canonicalDocument: () => unknown;
  readonly now: () => Date;
  readonly log: Logger;
  /** What the container remembers between invocations: the last complete DeletePolicy check (flood coalescing). */
  readonly memory: { lastFullCheck: FullCheck | null };
}

/** What `assemble` builds Deps from. */
export interface DepsParts {
  readonly clients: { readonly iam: iamApi.Iam; readonly config: configApi.Config; readonly ssm: ssmApi.Ssm };
  readonly settings: Settings;
  /** The canonical document (src/handlers/canonical.ts); only the enforcer and local runs have one. */
  readonly canonicalDocument?: () => unknown;
  /** The whitelist cache's TTL and clock (default 60 s, the real clock). */
  readonly cache?: ssmApi.CacheOptions;
  readonly now?: () => Date;
  readonly log?: Logger;
}

/** Deps from their parts: the one place they are put together. */
export function assemble(parts: DepsParts): Deps {
  const { iam, config, ssm } = parts.clients;
  return {
    iam,
    config,
    settings: parts.settings,
    whitelist: ssmApi.cachedWhitelist(ssm, parts.settings.whitelistParameter, parts.cache),
    canonicalDocument: parts.canonicalDocument ?? noDocument,
    now: parts.now ?? (() => new Date()),
    log: parts.log ?? jsonLogger,
    memory: { lastFullCheck: null },
  };
}

let built: Deps | undefined;

/** The Lambda's dependencies, built on first use and kept for the container's life; the enforcer passes its canonical document. */
export function lambdaDeps(canonicalDocument?: () => unknown): Deps {
  built ??= assemble({ clients: lambdaClients(), settings: settings(), ...(canonicalDocument && { canonicalDocument }) });
  return built;
}

function noDocument(): never {
  throw new Error('this function has no canonical policy document: only the enforcer restores the policy');
}

/** The executor's context for a function: its effects and settings, each outcome logged as `entry` makes it. */
export function executionOf(deps: Deps, effects: Effects, entry: (outcome: Outcome) => DecisionLog): ExecutionContext {
  const { policyArn, mode } = deps.settings;
  return { effects, policyArn, mode, onOutcome: (outcome) => deps.log(entry(outcome)) };
}
