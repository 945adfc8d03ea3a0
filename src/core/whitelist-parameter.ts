/**
 * The whitelist parameter's value: JSON in one SSM `String` parameter, in the smallest of two
 * formats that fits. Version 1 (`{"version":1,"exemptions":[{"name",…}]}`) is written while it fits
 * the Standard tier's 4,096 bytes, so functions of earlier releases keep reading it; beyond that,
 * version 2 (`{"version":2,"exemptions":[["name","AIDA…","2027-06-30","reason"]]}`, expiry `""` when
 * none, reason left out when none) holds about twice as many. Readers accept both.
 *
 * @example
 * ```ts
 * const value = whitelistParameter.toParameter(exemptions); // version 1 or 2
 * whitelistParameter.fromParameter(value, 'SSM parameter /mfa-guard/whitelist'); // the exemptions back
 * ```
 */
import { WhitelistError } from './errors.ts';
import { isValidUserName } from './names.ts';
import type { Exemption } from './whitelist.ts';

/** The Standard tier's value limit (free): the largest version-1 value written. */
export const STANDARD_BYTES = 4096;
/** The Advanced tier's value limit (charged: USD 0.05 a parameter-month): the largest value written at all. */
export const ADVANCED_BYTES = 8192;

const USER_ID = /^AIDA[A-Z0-9]{12,124}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Serialises exemptions (stable order): version 1 if it fits STANDARD_BYTES, else the compact version 2. */
export function toParameter(exemptions: readonly Exemption[]): string {
  const sorted = [...exemptions].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  const v1 = JSON.stringify({ version: 1, exemptions: sorted });
  if (byteLength(v1) <= STANDARD_BYTES) return v1;
  const rows = sorted.map((e) => (e.reason !== undefined ? [e.name, e.userId, e.expires ?? '', e.reason] : e.expires ? [e.name, e.userId, e.expires] : [e.name, e.userId]));
  return JSON.stringify({ version: 2, exemptions: rows });
}

/** The UTF-8 size of a value: what Parameter Store's limits count. */
export function byteLength(value: string): number {
  return new TextEncoder().encode(value).length;
}

/** Parses a version 1 or 2 value; anything malformed throws a WhitelistError naming the parameter. */
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
  if (!isRecord(data) || (data.version !== 1 && data.version !== 2) || !Array.isArray(data.exemptions)) {
    return fail('expected {"version":1|2,"exemptions":[...]}');
  }
  const compact = data.version === 2;
  const seen = new Set<string>();
  return data.exemptions.map((item: unknown, i: number): Exemption => {
    const at = `exemptions[${i}]`;
    let fields: Record<string, unknown>;
    if (compact) {
      if (!Array.isArray(item) || item.length < 2 || item.length > 4) return fail(`${at} is not ["name","userId"(,"expires"(,"reason"))]`);
      fields = { name: item[0], userId: item[1], expires: item[2] === '' ? undefined : item[2], reason: item[3] };
    } else {
      if (!isRecord(item)) return fail(`${at} is not an object`);
      fields = item;
    }
    const { name, userId, expires, reason } = fields;
    if (typeof name !== 'string' || !isValidUserName(name)) return fail(`${at}.name is not a valid IAM user name`);
    if (typeof userId !== 'string' || !USER_ID.test(userId)) return fail(`${at}.userId is not an IAM user ID (AIDA...)`);
    if (expires !== undefined && (typeof expires !== 'string' || !isCalendarDate(expires))) return fail(`${at}.expires is not YYYY-MM-DD`);
    if (reason !== undefined && typeof reason !== 'string') return fail(`${at}.reason is not a string`);
    if (seen.has(name.toLowerCase())) return fail(`${at}.name "${name}" is listed twice`);
    seen.add(name.toLowerCase());
    return { name, userId, ...(expires !== undefined && { expires }), ...(reason !== undefined && { reason }) };
  });
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
