/**
 * Organizations adapter for the organisation commands: the organisation, the StackSets delegated
 * administrators, and the accounts under roots or OUs, nested OUs included (NextToken pagination).
 *
 * @example
 * ```ts
 * const { accounts, missing } = await organizations.accountsUnder(client, ['ou-ab12-34cd56ef']);
 * ```
 */
import {
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListDelegatedAdministratorsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  type Organization,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';

/** The client, narrowed to what the adapter uses. */
export type Organizations = Pick<OrganizationsClient, 'send'>;

/** The service principal of StackSets with service-managed permissions (trusted access, delegated administration). */
export const STACKSETS_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

/** An account found under a target, with the root or OU it sits in directly and the target that reached it. */
export interface TargetAccount {
  readonly id: string;
  readonly name: string;
  /** `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`… (Account.State, else the older Account.Status). */
  readonly state: string;
  readonly parent: string;
  readonly target: string;
}

/** `DescribeOrganization`: ID, feature set and management account. Any member may call it. */
export async function describe(client: Organizations): Promise<Organization> {
  const out = await client.send(new DescribeOrganizationCommand({}));
  if (!out.Organization?.Id || !out.Organization.MasterAccountId) throw new Error('DescribeOrganization returned no organisation ID or management account');
  return out.Organization;
}

/** The organisation's root ID (`r-…`). */
export async function rootId(client: Organizations): Promise<string> {
  const id = (await client.send(new ListRootsCommand({}))).Roots?.[0]?.Id;
  if (!id) throw new Error('ListRoots returned no root');
  return id;
}

/** Account IDs registered as delegated administrators for StackSets. */
export async function stackSetsAdministrators(client: Organizations): Promise<string[]> {
  const ids: string[] = [];
  let NextToken: string | undefined;
  do {
    const out = await client.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: STACKSETS_PRINCIPAL, ...(NextToken && { NextToken }) }));
    ids.push(...(out.DelegatedAdministrators ?? []).map((a) => a.Id ?? ''));
    NextToken = out.NextToken;
  } while (NextToken);
  return ids;
}

/**
 * Every account under each target (a root `r-…` or OU `ou-…`), nested OUs included, each once (the
 * first target reaching it); `missing` names the targets Organizations does not know.
 */
export async function accountsUnder(client: Organizations, targets: readonly string[]): Promise<{ accounts: TargetAccount[]; missing: string[] }> {
  const found = new Map<string, TargetAccount>();
  const missing: string[] = [];
  for (const target of targets) {
    try {
      const queue = [target];
      for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
        for (const account of await listAccounts(client, parent)) {
          if (!found.has(account.id)) found.set(account.id, { ...account, parent, target });
        }
        queue.push(...(await listOus(client, parent)));
      }
    } catch (error) {
      if (error instanceof Error && (error.name === 'ParentNotFoundException' || error.name === 'InvalidInputException')) missing.push(target);
      else throw error;
    }
  }
  return { accounts: [...found.values()].sort((a, b) => a.id.localeCompare(b.id)), missing };
}

async function listAccounts(client: Organizations, ParentId: string): Promise<{ id: string; name: string; state: string }[]> {
  const accounts: { id: string; name: string; state: string }[] = [];
  let NextToken: string | undefined;
  do {
    const out = await client.send(new ListAccountsForParentCommand({ ParentId, ...(NextToken && { NextToken }) }));
    for (const a of out.Accounts ?? []) accounts.push({ id: a.Id ?? '', name: a.Name ?? '', state: a.State ?? a.Status ?? 'UNKNOWN' });
    NextToken = out.NextToken;
  } while (NextToken);
  return accounts;
}

async function listOus(client: Organizations, ParentId: string): Promise<string[]> {
  const ids: string[] = [];
  let NextToken: string | undefined;
  do {
    const out = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId, ...(NextToken && { NextToken }) }));
    ids.push(...(out.OrganizationalUnits ?? []).map((u) => u.Id ?? ''));
    NextToken = out.NextToken;
  } while (NextToken);
  return ids;
}
