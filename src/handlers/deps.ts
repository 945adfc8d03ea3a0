/** What the functions depend on, assembled in one place (Lambda, `make invoke`, the simulated account, the demo). */
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

/** Deps of a function that calls AWS Config too (the rule, remediation). */
export interface ConfigDeps extends Deps {
  readonly config: configApi.Config;
}

/** The clients a function is built with: IAM and SSM always, Config where it is called. */
export interface Clients {
  readonly iam: iamApi.Iam;
  readonly ssm: ssmApi.Ssm;
  readonly config?: configApi.Config;
}

/** Deps, or ConfigDeps when the clients include Config. */
export type DepsOf<C extends Clients> = C extends { readonly config: configApi.Config } ? ConfigDeps : Deps;

/** What `assemble` builds Deps from. */
export interface DepsParts<C extends Clients> {
  readonly clients: C;
  readonly settings: Settings;
  /** The canonical policy document (canonical.ts); only the enforcer needs it, the others get a function that throws. */
  readonly canonicalDocument?: () => unknown;
  /** The whitelist cache's TTL and clock (default 60 s, the real clock). */
  readonly cache?: ssmApi.CacheOptions;
  readonly now?: () => Date;
  readonly log?: Logger;
}

/** Deps from their parts: the one place they are put together. */
export function assemble<C extends Clients>(parts: DepsParts<C>): DepsOf<C> {
  const { iam, config, ssm } = parts.clients;
  return {
    iam,
    ...(config && { config }),
    settings: parts.settings,
    whitelist: ssmApi.cachedWhitelist(ssm, parts.settings.whitelistParameter, parts.cache),
    canonicalDocument: parts.canonicalDocument ?? noDocument,
    now: parts.now ?? (() => new Date()),
    log: parts.log ?? jsonLogger,
    memory: { lastFullCheck: null },
  } as DepsOf<C>;
}

function noDocument(): never {
  throw new Error('this function does not restore the policy: it has no canonical document');
}

/**
 * A Lambda container's dependencies over the clients `build` makes (each function builds only those
 * it uses), from the environment; built on the first invocation and kept for the container's life
 * (a failure, e.g. a missing variable, is not kept: the next invocation tries again). The enforcer
 * passes `lambdaCanonical()`.
 */
export function lambdaDeps<C extends Clients>(build: () => C, canonicalDocument?: () => unknown): () => DepsOf<C> {
  let built: DepsOf<C> | undefined;
  return () => (built ??= assemble({ clients: build(), settings: settings(), ...(canonicalDocument && { canonicalDocument }) }));
}

/** The executor's context for a function: its effects and settings, each outcome logged as `entry` makes it. */
export function executionOf(deps: Deps, effects: Effects, entry: (outcome: Outcome) => DecisionLog): ExecutionContext {
  const { policyArn, mode } = deps.settings;
  return { effects, policyArn, mode, onOutcome: (outcome) => deps.log(entry(outcome)) };
}
