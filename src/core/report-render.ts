/**
 * The report as text: an aligned table for people, JSON with stable keys for scripts.
 *
 * @example
 * ```ts
 * process.stdout.write(json ? renderJson(report) : renderTable(report, { color: isTty && !noColor }));
 * ```
 */
import type { Flag, Report, ReportState, UserRow } from './report.ts';

const COLORS: Record<ReportState, string> = { violating: '31', contained: '33', enforced: '32', exempt: '36' };
const HEADERS = ['USER', 'STATE', 'PASSWORD', 'KEYS', 'MFA', 'EXEMPT UNTIL', 'REASON'] as const;

/** Colour only on a terminal, and never when `NO_COLOR` is set to a non-empty value (no-color.org). */
export function colorWanted(isTty: boolean | undefined, noColor: string | undefined): boolean {
  return isTty === true && (noColor === undefined || noColor === '');
}

/** The table, flags, totals and the credential report's age; states coloured when `color`. */
export function renderTable(report: Report, options: { readonly color: boolean }): string {
  const cells = report.users.map((u) => [u.user, u.state, yesNo(u.consolePassword), u.activeAccessKeys === null ? '?' : String(u.activeAccessKeys), yesNo(u.mfa), u.exemptionExpires ?? '-', u.reason]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[], state?: ReportState): string =>
    row
      .map((cell, i) => {
        const padded = i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0);
        return i === 1 && state && options.color ? paint(padded, state) : padded;
      })
      .join('  ');
  const out = [line(HEADERS), ...cells.map((row, i) => line(row, report.users[i]?.state))];
  const flagged = report.users.filter((u) => u.flags.length > 0);
  if (flagged.length > 0) {
    out.push('', 'Flags:');
    for (const user of flagged) for (const flag of user.flags) out.push(`  ! ${user.user}: ${flag.message}`);
  }
  const t = report.totals;
  const states = (['violating', 'contained', 'enforced', 'exempt'] as const).map((s) => `${t[s]} ${options.color ? paint(s, s) : s}`);
  out.push('', `Totals: ${t.users} user${t.users === 1 ? '' : 's'}: ${states.join(', ')}; ${t.flagged} flagged`);
  out.push(`Credential report generated ${iso(report.credentialReport.generatedAt)} (${age(report.credentialReport.ageMinutes)}).`);
  return `${out.join('\n')}\n`;
}

/** The report as JSON, keys in a fixed order, times in ISO 8601. */
export function renderJson(report: Report): string {
  const value = {
    policyArn: report.policyArn,
    generatedAt: iso(report.now),
    credentialReport: { generatedAt: iso(report.credentialReport.generatedAt), ageMinutes: report.credentialReport.ageMinutes },
    totals: { users: report.totals.users, violating: report.totals.violating, contained: report.totals.contained, enforced: report.totals.enforced, exempt: report.totals.exempt, flagged: report.totals.flagged },
    exitCode: report.exitCode,
    users: report.users.map(userJson),
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}

function userJson(u: UserRow) {
  return {
    user: u.user,
    userId: u.userId,
    path: u.path,
    state: u.state,
    reason: u.reason,
    consolePassword: u.consolePassword,
    activeAccessKeys: u.activeAccessKeys,
    mfa: u.mfa,
    exemptionExpires: u.exemptionExpires,
    managedPolicies: u.managedPolicies,
    flags: u.flags.map(flagJson),
  };
}

function flagJson(flag: Flag) {
  switch (flag.kind) {
    case 'exemption-expired':
    case 'exemption-expiring':
      return { kind: flag.kind, expires: flag.expires, message: flag.message };
    case 'policy-limit':
      return { kind: flag.kind, attached: flag.attached, message: flag.message };
    default:
      return { kind: flag.kind, message: flag.message };
  }
}

function paint(text: string, state: ReportState): string {
  return `\u001b[${COLORS[state]}m${text}\u001b[0m`;
}

function yesNo(value: boolean | null): string {
  return value === null ? '?' : value ? 'yes' : 'no';
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

function age(minutes: number): string {
  if (minutes < 1) return 'less than a minute old';
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'} old`;
  return `${Math.floor(minutes / 60)} hours old`;
}
