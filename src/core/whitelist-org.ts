/**
 * `whitelist-org.txt`: the organisation's exemptions, one `<account-id|*>/<user name>` a line, with
 * whitelist.txt's syntax after it (`expires=YYYY-MM-DD`, `# reason`). `*` exempts that user name
 * in every target account where such a user exists. Resolved per account to user IDs (through the
 * read-only role) and delivered as that account's `WhitelistJson` parameter override; an account
 * without entries gets the empty whitelist: nobody exempt.
 *
 * @example
 * ```ts
 * const lines = whitelistOrg.parse('222222222222/ci-deployer  # GitHub Actions\n', 'whitelist-org.txt', today);
 * ```
 */
import { WhitelistError, type WhitelistProblem } from './errors.ts';
import * as whitelist from './whitelist.ts';
import type { Exemption, WhitelistLine } from './whitelist.ts';

/** One line: the account it applies to (`*`: every target account), and the whitelist.txt entry. */
export interface OrgWhitelistLine extends WhitelistLine {
  readonly account: string;
}

/** What resolution knows of one target account: its state and its users (name → ID). */
export interface AccountUsers {
  readonly state: string;
  readonly users: ReadonlyMap<string, string>;
}

/** Largest value a StackSet `ParameterOverrides` entry may hold, in bytes. */
export const MAX_OVERRIDE_BYTES = 4096;

const ACCOUNT = /^(\d{12}|\*)\/(.*)$/s;

/** Parses the file; throws a WhitelistError listing every bad line (file:line). */
export function parse(text: string, source: string, today: Date): OrgWhitelistLine[] {
  const problems: WhitelistProblem[] = [];
  const entries: OrgWhitelistLine[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const body = raw.trimStart();
    if (body === '' || body.startsWith('#')) return;
    const match = ACCOUNT.exec(body);
    if (!match) return void problems.push({ source, line, message: `"${body.split(/\s/)[0]}" is not <account-id>/<user name> or */<user name> (a 12-digit account ID)` });
    const [, account = '', rest = ''] = match;
    let entry: WhitelistLine | undefined;
    try {
      [entry] = whitelist.parse(rest, source, today);
    } catch (error) {
      if (!(error instanceof WhitelistError)) throw error;
      for (const problem of error.problems) problems.push({ ...problem, line });
      return;
    }
    if (!entry) return;
    const name = entry.name.toLowerCase();
    const first = seen.get(`${account}/${name}`) ?? (account === '*' ? undefined : seen.get(`*/${name}`));
    if (first !== undefined) return void problems.push({ source, line, message: `"${account}/${entry.name}" is already covered by line ${first} (IAM user names ignore case)` });
    seen.set(`${account}/${name}`, line);
    entries.push({ ...entry, account, line });
  });
  for (const entry of entries) {
    const wildcard = entry.account === '*' ? undefined : seen.get(`*/${entry.name.toLowerCase()}`);
    if (wildcard !== undefined && wildcard > entry.line) problems.push({ source, line: wildcard, message: `"*/${entry.name}" repeats line ${entry.line} (${entry.account}/${entry.name})` });
  }
  if (problems.length > 0) throw new WhitelistError(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  return entries;
}

/**
 * Each target account's exemptions (every target appears, most with none). An account line for
 * an account outside the targets, suspended, or without that user is an error at its line; a `*`
 * line applies where the user exists, and is an error only when it exists in no active account.
 * An account whose JSON exceeds a parameter override (4,096 bytes) is an error at its first line.
 */
export function resolve(lines: readonly OrgWhitelistLine[], accounts: ReadonlyMap<string, AccountUsers>, source: string): Map<string, Exemption[]> {
  const problems: WhitelistProblem[] = [];
  const result = new Map<string, Exemption[]>([...accounts].filter(([, a]) => a.state === 'ACTIVE').map(([id]) => [id, []]));
  const firstLine = new Map<string, number>();
  const add = (id: string, entry: OrgWhitelistLine, userName: string, userId: string) => {
    result.get(id)?.push({ name: userName, userId, ...(entry.expires && { expires: entry.expires }), ...(entry.reason && { reason: entry.reason }) });
    if (!firstLine.has(id)) firstLine.set(id, entry.line);
  };
  for (const entry of lines) {
    const problem = (message: string) => problems.push({ source, line: entry.line, message });
    if (entry.account === '*') {
      let found = 0;
      for (const [id, account] of accounts) {
        const user = account.state === 'ACTIVE' ? userNamed(account.users, entry.name) : undefined;
        if (user) (found++, add(id, entry, user[0], user[1]));
      }
      if (found === 0) problem(`no active target account has an IAM user named "${entry.name}"`);
      continue;
    }
    const account = accounts.get(entry.account);
    if (!account) problem(`account ${entry.account} is not a target of this rollout (not in the OUs, or the management account)`);
    else if (account.state !== 'ACTIVE') problem(`account ${entry.account} is ${account.state.toLowerCase()}: remove the line or reactivate the account`);
    else {
      const user = userNamed(account.users, entry.name);
      if (!user) problem(`no IAM user named "${entry.name}" in account ${entry.account}`);
      else add(entry.account, entry, user[0], user[1]);
    }
  }
  for (const [id, exemptions] of result) {
    const bytes = new TextEncoder().encode(whitelist.toParameter(exemptions)).length;
    if (bytes > MAX_OVERRIDE_BYTES) problems.push({ source, line: firstLine.get(id) ?? 0, message: `account ${id}'s whitelist is ${bytes} bytes as JSON, over the ${MAX_OVERRIDE_BYTES}-byte limit of a parameter override` });
  }
  if (problems.length > 0) throw new WhitelistError(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  return result;
}

/** The `WhitelistJson` value for one account (the empty whitelist when it has no exemptions). */
export function overrideValue(exemptions: readonly Exemption[]): string {
  return whitelist.toParameter(exemptions);
}

function userNamed(users: ReadonlyMap<string, string>, name: string): [string, string] | undefined {
  const lower = name.toLowerCase();
  for (const [userName, id] of users) if (userName.toLowerCase() === lower) return [userName, id];
  return undefined;
}

/** The StackSet-wide `WhitelistJson`: nobody exempt. */
export const EMPTY_WHITELIST = whitelist.toParameter([]);
