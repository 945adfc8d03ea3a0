/** What the functions depend on, assembled in one place (Lambda, `make invoke`, the simulated account, the demo). */
import { clients as lambdaClients } from '../aws/clients.ts';
import type * as configApi from '../aws/config.ts';
import type { Effects } from '../aws/effects.ts';
import type { ExecutionContext } from '../aws/executor.ts';
import type * as iamApi from '../aws/iam.ts';
import * as ssmApi from '../aws/ssm.ts';
import type { Outcome } from '../core/plan.ts';
import * as policyDocument from '../core/policy-document.ts';
import type { Exemption } from '../core/whitelist.ts';
import { embeddedPolicyDocument, settings, type Settings } from './environment.ts';
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
}

/** What `assemble` builds Deps from. */
export interface DepsParts {
  readonly clients: { readonly iam: iamApi.Iam; readonly config: configApi.Config; readonly ssm: ssmApi.Ssm };
  readonly settings: Settings;
  /** The policy document as the template writes it; rendered for `settings.policyArn` on first use. */
  readonly document: () => unknown;
  /** The whitelist cache's TTL and clock (default 60 s, the real clock). */
  readonly cache?: ssmApi.CacheOptions;
  readonly now?: () => Date;
  readonly log?: Logger;
}

/** Deps from their parts: the one place they are put together. */
export function assemble(parts: DepsParts): Deps {
  const { iam, config, ssm } = parts.clients;
  let rendered: { value: unknown } | undefined;
  return {
    iam,
    config,
    settings: parts.settings,
    whitelist: ssmApi.cachedWhitelist(ssm, parts.settings.whitelistParameter, parts.cache),
    canonicalDocument: () => (rendered ??= { value: renderFor(parts.settings.policyArn, parts.document()) }).value,
    now: parts.now ?? (() => new Date()),
    log: parts.log ?? jsonLogger,
  };
}

let built: Deps | undefined;

/** The Lambda's dependencies, built on first use and kept for the container's life. */
export function lambdaDeps(): Deps {
  built ??= assemble({ clients: lambdaClients(), settings: settings(), document: embeddedPolicyDocument });
  return built;
}

/** The executor's context for a function: its effects and settings, each outcome logged as `entry` makes it. */
export function executionOf(deps: Deps, effects: Effects, entry: (outcome: Outcome) => DecisionLog): ExecutionContext {
  const { policyArn, mode } = deps.settings;
  return { effects, policyArn, mode, onOutcome: (outcome) => deps.log(entry(outcome)) };
}

/** Renders the template's policy document for the policy at `policyArn`. */
export function renderFor(policyArn: string, document: unknown): unknown {
  if (document === undefined) throw new Error('no canonical policy document embedded: this code was not built by `make synth`');
  return policyDocument.render(document, policyDocument.varsOf(policyArn));
}
