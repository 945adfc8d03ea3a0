/**
 * The IAM credential report of the in-memory account: GenerateCredentialReport (STARTED, then
 * INPROGRESS or COMPLETE on later calls; a report older than 4 hours is regenerated) and
 * GetCredentialReport (the CSV as bytes, or ReportNotPresent / ReportInProgress / ReportExpired).
 *
 * The CSV has the real report's 22 columns and its placeholder values: `N/A` where a credential
 * does not exist, `no_information` for a password never used, `not_supported` for the root user's
 * password fields. Names holding a comma are quoted (RFC 4180); what IAM does there is unverified.
 */
import type { GenerateCredentialReportResponse, GetCredentialReportResponse } from '@aws-sdk/client-iam';
import * as errors from './account-errors.ts';
import type { AccessKey, AccountState, MemoryUser } from './account-state.ts';

/** The report's header line, as IAM writes it. */
export const HEADER = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
].join(',');

const EXPIRES_AFTER_MS = 4 * 3600_000;
const NO_CERTS = ['false', 'N/A', 'false', 'N/A'];

/** `2015-06-24T12:45:00+00:00`, the report's time format. */
export function reportTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function field(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function keyColumns(key: AccessKey | undefined): string[] {
  if (!key) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  const used = key.lastUsed;
  return [String(key.status === 'Active'), reportTime(key.created), used ? reportTime(used.date) : 'N/A', used?.region ?? 'N/A', used?.service ?? 'N/A'];
}

function userRow(user: MemoryUser): string {
  const password = user.password;
  const lastUsed = password ? (password.lastUsed ? reportTime(password.lastUsed) : 'no_information') : 'N/A';
  return [
    field(user.name), field(user.arn), reportTime(user.created),
    String(password !== undefined), lastUsed, password ? reportTime(password.created) : 'N/A', 'N/A',
    String(user.mfa.length > 0),
    ...keyColumns(user.accessKeys[0]), ...keyColumns(user.accessKeys[1]), ...NO_CERTS,
  ].join(',');
}

/** The report's text for the account as it is now: header, `<root_account>`, then one row a user. */
export function render(state: AccountState): string {
  const root = [
    '<root_account>', `arn:${state.partition}:iam::${state.accountId}:root`, reportTime(state.created),
    'not_supported', 'no_information', 'not_supported', 'not_supported', String(state.rootMfa),
    ...keyColumns(undefined), ...keyColumns(undefined), ...NO_CERTS,
  ].join(',');
  const users = [...state.users.values()].sort((a, b) => a.created.getTime() - b.created.getTime() || (a.name < b.name ? -1 : 1));
  return [HEADER, root, ...users.map(userRow)].join('\n');
}

function expired(state: AccountState, generated: Date): boolean {
  return state.now.getTime() - generated.getTime() > EXPIRES_AFTER_MS;
}

function complete(state: AccountState): void {
  state.report = { kind: 'ready', generated: state.clock(), content: render(state) };
}

/** The credential report commands. */
export const reportCommands = {
  GenerateCredentialReport: (state: AccountState): GenerateCredentialReportResponse => {
    const report = state.report;
    if (report.kind === 'ready' && !expired(state, report.generated)) return { State: 'COMPLETE' };
    if (report.kind === 'generating') {
      report.polls -= 1;
      if (report.polls > 0) return { State: 'INPROGRESS' };
      complete(state);
      return { State: 'COMPLETE' };
    }
    state.report = { kind: 'generating', polls: state.reportPolls };
    if (state.reportPolls <= 0) complete(state);
    return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
  },

  GetCredentialReport: (state: AccountState): GetCredentialReportResponse => {
    const report = state.report;
    if (report.kind === 'none') throw errors.iam.reportNotPresent();
    if (report.kind === 'generating') throw errors.iam.reportNotReady();
    if (expired(state, report.generated)) throw errors.iam.reportExpired();
    return { Content: new TextEncoder().encode(report.content), ReportFormat: 'text/csv', GeneratedTime: report.generated };
  },
};
