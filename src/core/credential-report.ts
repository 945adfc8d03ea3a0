/**
 * The IAM credential report (`GetCredentialReport`, `text/csv`) parsed into typed rows.
 *
 * Real values besides dates: `true`/`false`, `N/A` (no such credential), `no_information` (never
 * used, or not since IAM began tracking), `not_supported` (the `<root_account>` row's password
 * columns). Columns are found by header name, so a column AWS adds later is ignored.
 *
 * @example
 * ```ts
 * const rows = credentialReport.parse(csv);
 * const alice = credentialReport.byUserName(rows).get('alice');
 * ```
 */
import { CsvError, splitRow } from './csv.ts';

import { COLUMNS, ROOT_USER, type AccessKeyColumns, type Column, type CredentialRow, type Timestamp } from './credential-columns.ts';

export { COLUMNS, ROOT_USER };
export type { AccessKeyColumns, CredentialRow, Timestamp };


/** A report that cannot be read, located by line (and column when one is at fault). */
export class CredentialReportError extends Error {
  override name = 'CredentialReportError';
  constructor(
    readonly line: number,
    readonly problem: string,
    readonly column?: string,
  ) {
    super(`credential report:${line}: ${column ? `${column}: ` : ''}${problem}`);
  }
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Parses the CSV text of a credential report; throws a CredentialReportError on anything unexpected. */
export function parse(csv: string): CredentialRow[] {
  try {
    return parseRows(csv);
  } catch (error) {
    if (error instanceof CsvError) throw new CredentialReportError(error.line, error.problem);
    throw error;
  }
}

function parseRows(csv: string): CredentialRow[] {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const header = splitRow(lines[0] ?? '', 1).fields;
  const index = new Map(header.map((name, i) => [name.trim(), i]));
  const missing = COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) throw new CredentialReportError(1, `header lacks column(s) ${missing.join(', ')}; found "${lines[0] ?? ''}"`);
  const nameFirst = index.get('user') === 0 && index.get('arn') === 1;
  return lines.slice(1).map((text, i) => {
    const line = i + 2;
    if (text.trim() === '') throw new CredentialReportError(line, 'blank line inside the report');
    const { fields, quoted } = splitRow(text, line);
    const cells = quoted || !nameFirst ? fields : rejoinNameWithCommas(fields, header.length);
    if (cells.length !== header.length) throw new CredentialReportError(line, `expected ${header.length} fields, found ${cells.length}`);
    return row(line, (column: Column) => cells[index.get(column) as number] as string);
  });
}

/** The IAM users' rows (root excluded) by lower-cased user name: IAM user names ignore case. */
export function byUserName(rows: readonly CredentialRow[]): Map<string, CredentialRow> {
  return new Map(rows.filter((r) => !r.isRoot).map((r) => [r.user.toLowerCase(), r]));
}

/** Number of access keys whose status is Active. */
export function activeAccessKeys(row: CredentialRow): number {
  return row.accessKeys.filter((key) => key.active).length;
}

function row(line: number, cell: (column: Column) => string): CredentialRow {
  const fail = (column: Column, problem: string): never => {
    throw new CredentialReportError(line, problem, column);
  };
  const flag = (column: Column): boolean => {
    const value = cell(column).toLowerCase();
    if (value === 'true' || value === 'false') return value === 'true';
    return fail(column, `expected true or false, found "${cell(column)}"`);
  };
  const time = (column: Column): Timestamp => {
    const value = cell(column);
    if (value === 'N/A' || value === 'no_information' || value === 'not_supported') return value;
    const date = new Date(value);
    if (!ISO_TIME.test(value) || Number.isNaN(date.getTime())) fail(column, `expected an ISO 8601 time, N/A, no_information or not_supported, found "${value}"`);
    return date;
  };
  const key = (n: 1 | 2): AccessKeyColumns => ({
    active: flag(`access_key_${n}_active`),
    lastRotated: time(`access_key_${n}_last_rotated`),
    lastUsedDate: time(`access_key_${n}_last_used_date`),
    lastUsedRegion: cell(`access_key_${n}_last_used_region`),
    lastUsedService: cell(`access_key_${n}_last_used_service`),
  });
  const user = cell('user');
  if (user === '') fail('user', 'empty');
  const arn = cell('arn');
  if (!arn.startsWith('arn:')) fail('arn', `expected an ARN, found "${arn}"`);
  const created = time('user_creation_time');
  if (!(created instanceof Date)) return fail('user_creation_time', `expected an ISO 8601 time, found "${created}"`);
  const password = cell('password_enabled');
  return {
    line,
    user,
    arn,
    isRoot: user === ROOT_USER,
    userCreationTime: created,
    passwordEnabled: password === 'not_supported' ? password : flag('password_enabled'),
    passwordLastUsed: time('password_last_used'),
    passwordLastChanged: time('password_last_changed'),
    passwordNextRotation: time('password_next_rotation'),
    mfaActive: flag('mfa_active'),
    accessKeys: [key(1), key(2)],
    certificates: [
      { active: flag('cert_1_active'), lastRotated: time('cert_1_last_rotated') },
      { active: flag('cert_2_active'), lastRotated: time('cert_2_last_rotated') },
    ],
  };
}

/**
 * IAM user names may contain commas; should a report leave such a name unquoted, the name and the
 * ARN (which ends with the name) each split into the same number of extra fields. Rejoin them when
 * that reading is the only one that fits; otherwise leave the row for the field-count error.
 */
function rejoinNameWithCommas(fields: readonly string[], width: number): readonly string[] {
  const extra = fields.length - width;
  if (extra <= 0 || extra % 2 !== 0) return fields;
  const k = extra / 2;
  const user = fields.slice(0, k + 1).join(',');
  const arn = fields.slice(k + 1, 2 * k + 2).join(',');
  return arn.endsWith(`/${user}`) ? [user, arn, ...fields.slice(2 * k + 2)] : fields;
}
