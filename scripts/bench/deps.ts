/**
 * The functions' dependencies for the benchmark: sim/container.ts's container (settings,
 * canonical document, clock), with the benchmark's production-configured clients, a real
 * whitelist cache, and a logger that builds each JSON line, as in Lambda, then drops it (a list of
 * thousands of entries would count as the handler's memory).
 */
import * as ssmApi from '../../src/aws/ssm.ts';
import type { Deps } from '../../src/handlers/deps.ts';
import type { AccountClients, MemoryAccount } from '../../sim/account.ts';
import { container, WHITELIST_PARAMETER } from '../../sim/container.ts';

export { canonicalDocument, NOW, WHITELIST_PARAMETER } from '../../sim/container.ts';
export { RULE_NAME } from '../../sim/fixtures.ts';

/** Deps of a new Lambda container (empty whitelist cache) whose SDK clients are `clients`. */
export function containerDeps(account: MemoryAccount, clients: AccountClients): Deps {
  const { deps } = container(account);
  return {
    ...deps,
    iam: clients.iam,
    config: clients.config,
    whitelist: ssmApi.cachedWhitelist(clients.ssm, WHITELIST_PARAMETER),
    log: (entry) => void JSON.stringify({ level: 'info', ...entry }),
  };
}
