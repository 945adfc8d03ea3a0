/**
 * `make report-org`'s decisions, from what was read: per account, whether mfa-guard covers it
 * (every StackSet instance complete, AWS Config recording IAM users in the home region, the
 * whitelist readable) and `make report`'s per-user states, counted; then totals and the exit code:
 * 0 every account covered and nobody violating, 1 someone violating or an account not covered,
 * 2 an account unreadable (named, never counted compliant).
 *
 * @example
 * ```ts
 * const summary = orgReport.summarise(accounts);
 * summary.exitCode; // 2 while any account could not be read
 * ```
 */
import type { Report, ReportState } from '../core/report.ts';
import { table } from '../deploy/table.ts';

/** What was read of one account. */
export interface AccountFacts {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  /** Each StackSet's instance status there (DetailedStatus, or MISSING). */
  readonly stacks: ReadonlyArray<{ readonly stackSet: string; readonly status: string }>;
  readonly read:
    | { readonly kind: 'read'; readonly report: Report; readonly recording: { readonly records: boolean; readonly why: string }; readonly whitelist: { readonly ok: true } | { readonly ok: false; readonly why: string } }
    | { readonly kind: 'unreadable'; readonly error: string }
    | { readonly kind: 'skipped' };
}

/** One account's line. */
export interface AccountLine {
  readonly account: string;
  readonly name: string;
  readonly status: 'covered' | 'not covered' | 'unreadable' | 'suspended';
  readonly counts: Readonly<Record<ReportState, number>> | null;
  readonly flagged: number | null;
  /** Why the account is not covered or unreadable. */
  readonly problems: readonly string[];
}

/** Every line, the totals and the exit code. */
export interface OrgReport {
  readonly accounts: readonly AccountLine[];
  readonly totals: { readonly accounts: number; readonly covered: number; readonly notCovered: number; readonly unreadable: number; readonly suspended: number; readonly users: number } & Readonly<Record<ReportState, number>>;
  readonly exitCode: 0 | 1 | 2;
}

const STATES: readonly ReportState[] = ['violating', 'contained', 'enforced', 'exempt'];

/** Decides each account's line and the totals. */
export function summarise(facts: readonly AccountFacts[]): OrgReport {
  const accounts = [...facts].sort((a, b) => a.id.localeCompare(b.id)).map(line);
  const sum = (state: ReportState) => accounts.reduce((n, a) => n + (a.counts?.[state] ?? 0), 0);
  const count = (status: AccountLine['status']) => accounts.filter((a) => a.status === status).length;
  const totals = {
    accounts: accounts.length,
    covered: count('covered'),
    notCovered: count('not covered'),
    unreadable: count('unreadable'),
    suspended: count('suspended'),
    users: STATES.reduce((n, s) => n + sum(s), 0),
    violating: sum('violating'),
    contained: sum('contained'),
    enforced: sum('enforced'),
    exempt: sum('exempt'),
  };
  const exitCode = totals.unreadable > 0 ? 2 : totals.notCovered > 0 || totals.violating > 0 ? 1 : 0;
  return { accounts, totals, exitCode };
}

function line(facts: AccountFacts): AccountLine {
  const base = { account: facts.id, name: facts.name };
  if (facts.read.kind === 'skipped') return { ...base, status: 'suspended', counts: null, flagged: null, problems: [`account ${facts.state.toLowerCase()}`] };
  if (facts.read.kind === 'unreadable') return { ...base, status: 'unreadable', counts: null, flagged: null, problems: [facts.read.error] };
  const { report, recording, whitelist } = facts.read;
  const problems = [
    ...facts.stacks.filter((s) => s.status !== 'SUCCEEDED').map((s) => `${s.stackSet} ${s.status}`),
    ...(recording.records ? [] : [`AWS Config does not record IAM users: ${recording.why}`]),
    ...(whitelist.ok ? [] : [`whitelist ${whitelist.why} (counted with nobody exempt)`]),
  ];
  const counts = { violating: report.totals.violating, contained: report.totals.contained, enforced: report.totals.enforced, exempt: report.totals.exempt };
  return { ...base, status: problems.length === 0 ? 'covered' : 'not covered', counts, flagged: report.totals.flagged, problems };
}

/** The table: one line per account, then the totals. */
export function renderTable(report: OrgReport): string {
  const rows = report.accounts.map((a) => [
    a.account,
    a.name,
    a.status.toUpperCase(),
    ...STATES.map((s) => (a.counts ? String(a.counts[s]) : '-')),
    a.flagged === null ? '-' : String(a.flagged),
    a.problems.join('; '),
  ]);
  const t = report.totals;
  return [
    ...table(['Account', 'Name', 'Status', 'Violating', 'Contained', 'Enforced', 'Exempt', 'Flagged', 'Problems'], rows),
    '',
    `${t.accounts} accounts: ${t.covered} covered, ${t.notCovered} not covered, ${t.unreadable} unreadable, ${t.suspended} suspended (skipped).`,
    `${t.users} users: ${t.violating} violating, ${t.contained} contained, ${t.enforced} enforced, ${t.exempt} exempt.`,
    '',
  ].join('\n');
}

/** The JSON form (stable keys), for CI and dashboards. */
export function renderJson(report: OrgReport): string {
  return `${JSON.stringify({ accounts: report.accounts, totals: report.totals, exitCode: report.exitCode }, null, 2)}\n`;
}
