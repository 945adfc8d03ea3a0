/**
 * The functions' dependencies for the benchmark: sim/container.ts's container (settings,
 * canonical document, clock), with the benchmark's production-configured clients, a real
 * whitelist cache, and a logger that builds each JSON line, as in Lambda, then drops it (a list of
 * thousands of entries would count as the handler's memory).
 */
import type { ConfigDeps } from '../../src/handlers/deps.ts';
import type { AccountClients, MemoryAccount } from '../../sim/account.ts';
import { container } from '../../sim/container.ts';

export { canonicalDocument, NOW, WHITELIST_PARAMETER } from '../../sim/container.ts';
export { RULE_NAME } from '../../sim/fixtures.ts';

/** The deps of a new Lambda container (empty whitelist cache, real clock for it) whose SDK clients are `clients`. */
export function containerDeps(account: MemoryAccount, clients: AccountClients): ConfigDeps {
  return container(account, { clients, cache: {}, log: (entry) => void JSON.stringify({ level: 'info', ...entry }) }).deps;
}
