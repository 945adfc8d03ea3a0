/** What the functions depend on, built once per Lambda container from the environment. */
import { clients } from '../aws/clients.ts';
import type * as configApi from '../aws/config.ts';
import type * as iamApi from '../aws/iam.ts';
import * as ssmApi from '../aws/ssm.ts';
import * as policyDocument from '../core/policy-document.ts';
import type { Exemption } from '../core/whitelist.ts';
import { embeddedPolicyDocument, settings, type Settings } from './environment.ts';
import { jsonLogger, type Logger } from './log.ts';

/** Clients, configuration and effects the three functions share; tests build their own. */
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

let built: Deps | undefined;

/** The Lambda's dependencies, built on first use and kept for the container's life. */
export function lambdaDeps(): Deps {
  if (built) return built;
  const configured = settings();
  const { iam, config, ssm } = clients();
  built = {
    iam,
    config,
    settings: configured,
    whitelist: ssmApi.cachedWhitelist(ssm, configured.whitelistParameter),
    canonicalDocument: () => renderFor(configured.policyArn, embeddedPolicyDocument()),
    now: () => new Date(),
    log: jsonLogger,
  };
  return built;
}

/** Renders the template's policy document for the policy at `policyArn`. */
export function renderFor(policyArn: string, document: unknown): unknown {
  if (document === undefined) throw new Error('no canonical policy document embedded: this code was not built by `make synth`');
  return policyDocument.render(document, policyDocument.varsOf(policyArn));
}
