/**
 * The whitelist: IAM users exempt from the MFA policy (CI/CD, monitoring).
 *
 * `whitelist.txt` holds one user name a line, `#` starts a comment (the text after it is the
 * exemption's reason), blank lines are ignored, and `expires=YYYY-MM-DD` may follow the name.
 * Deploy resolves each name to its user ID and stores the entries as JSON in one SSM parameter;
 * at run time a user is exempt only if both name and ID match and the entry has not expired.
 *
 * @example
 * ```ts
 * const lines = whitelist.parse('ci-deployer  expires=2027-06-30  # GitHub Actions\n', 'whitelist.txt', today);
 * ```
 */
import { WhitelistError, type WhitelistProblem } from './errors.ts';
import { isValidUserName } from './names.ts';

/** One entry of `whitelist.txt`, before its user ID is known. */
export interface WhitelistLine {
  readonly name: string;
  readonly line: number;
  /** Last day (UTC, inclusive) the exemption holds, `YYYY-MM-DD`. */
  readonly expires?: string;
  readonly reason?: string;
}

/** A resolved exemption, as stored in the whitelist parameter. */
export interface Exemption {
  readonly name: string;
  readonly userId: string;
  readonly expires?: string;
  readonly reason?: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const USER_ID = /^AIDA[A-Z0-9]{12,124}$/;

/** Parses `whitelist.txt`; throws a WhitelistError listing every bad line (file:line). */
export function parse(text: string, source: string, today: Date): WhitelistLine[] {
  const problems: WhitelistProblem[] = [];
  const entries: WhitelistLine[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const hash = raw.indexOf('#');
    const body = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    const reason = hash < 0 ? undefined : raw.slice(hash + 1).trim() || undefined;
    if (body === '') return;
    const words = body.split(/\s+/);
    const options = words.filter((w, i) => i > 0 && w.startsWith('expires='));
    const name = words.filter((w, i) => i === 0 || !w.startsWith('expires=')).join(' ');
    const problem = (message: string) => problems.push({ source, line, message });
    if (!isValidUserName(name)) {
      const hint = name.includes(' ') ? '; only expires=YYYY-MM-DD may follow the name, a reason goes after #' : '';
      return problem(`"${name}" is not a valid IAM user name (1-64 of A-Z a-z 0-9 _ + = , . @ -${hint})`);
    }
    if (options.length > 1) return problem(`"${name}" has more than one expires=`);
    let expires: string | undefined;
    for (const option of options) {
      const value = option.slice('expires='.length);
      if (!isCalendarDate(value)) return problem(`expires=${value} is not a date of the form YYYY-MM-DD`);
      if (expired(value, today)) return problem(`exemption of "${name}" expired on ${value}`);
      expires = value;
    }
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) return problem(`"${name}" is already listed on line ${first} (IAM user names ignore case)`);
    seen.set(key, line);
    entries.push({ name, line, ...(expires && { expires }), ...(reason && { reason }) });
  });
  if (problems.length > 0) throw new WhitelistError(problems);
  return entries;
}

/** Pairs each line with its user ID; a name with no user is an error at its line. */
export function resolve(lines: readonly WhitelistLine[], userIds: ReadonlyMap<string, string>, source: string): Exemption[] {
  const byName = new Map([...userIds].map(([name, id]) => [name.toLowerCase(), { name, id }]));
  const problems: WhitelistProblem[] = [];
  const exemptions: Exemption[] = [];
  for (const entry of lines) {
    const user = byName.get(entry.name.toLowerCase());
    if (!user) {
      problems.push({ source, line: entry.line, message: `no IAM user named "${entry.name}" in this account` });
      continue;
    }
    exemptions.push({ name: user.name, userId: user.id, ...(entry.expires && { expires: entry.expires }), ...(entry.reason && { reason: entry.reason }) });
  }
  if (problems.length > 0) throw new WhitelistError(problems);
  return exemptions;
}

/** Serialises exemptions to the parameter value (JSON, stable order). */
export function toParameter(exemptions: readonly Exemption[]): string {
  const sorted = [...exemptions].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  return JSON.stringify({ version: 1, exemptions: sorted });
}

/** Parses the parameter value; anything malformed throws a WhitelistError naming the parameter. */
export function fromParameter(value: string, source: string): Exemption[] {
  const fail = (message: string): never => {
    throw new WhitelistError([{ source, message }]);
  };
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch (error) {
    return fail(`is not JSON (${(error as Error).message})`);
  }
  if (!isRecord(data) || data.version !== 1 || !Array.isArray(data.exemptions)) {
    return fail('expected {"version":1,"exemptions":[...]}');
  }
  const seen = new Set<string>();
  return data.exemptions.map((item: unknown, i: number): Exemption => {
    const at = `exemptions[${i}]`;
    if (!isRecord(item)) return fail(`${at} is not an object`);
    const { name, userId, expires, reason } = item;
    if (typeof name !== 'string' || !isValidUserName(name)) return fail(`${at}.name is not a valid IAM user name`);
    if (typeof userId !== 'string' || !USER_ID.test(userId)) return fail(`${at}.userId is not an IAM user ID (AIDA...)`);
    if (expires !== undefined && (typeof expires !== 'string' || !isCalendarDate(expires))) return fail(`${at}.expires is not YYYY-MM-DD`);
    if (reason !== undefined && typeof reason !== 'string') return fail(`${at}.reason is not a string`);
    if (seen.has(name.toLowerCase())) return fail(`${at}.name "${name}" is listed twice`);
    seen.add(name.toLowerCase());
    return { name, userId, ...(expires !== undefined && { expires }), ...(reason !== undefined && { reason }) };
  });
}

/** Whether an exemption whose last day is `expires` has run out at `now` (UTC). */
export function expired(expires: string, now: Date): boolean {
  return expires < now.toISOString().slice(0, 10);
}

function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
