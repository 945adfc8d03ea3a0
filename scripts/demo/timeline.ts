/** The demo's timeline as text: the account before, each step (event, decisions, AWS calls), the end state. */
import type { Exemption } from '../../src/core/whitelist.ts';
import type { DecisionLog } from '../../src/handlers/log.ts';
import type { Call, MemoryAccount } from '../../sim/account.ts';
import type { Step } from './story.ts';

const INDENT = ' '.repeat(10);
const SERVICES: Record<Call['service'], string> = { iam: 'IAM', config: 'Config', ssm: 'SSM' };

/** The opening lines: what the demo is, and the account's users before the first step. */
export function intro(account: MemoryAccount, exemptions: readonly Exemption[]): string {
  const width = Math.max(...[...account.users.values()].map((u) => u.name.length));
  const lines = [...account.users.values()].map((user) => {
    const policy = user.policies.some((p) => p.toLowerCase() === account.policyArn.toLowerCase());
    const facts = [
      ...(user.path === '/' ? [] : [user.path]),
      policy ? 'policy attached' : 'no policy',
      user.mfa.length > 0 ? `${user.mfa.length} MFA device${user.mfa.length === 1 ? '' : 's'}` : 'no MFA device',
      ...exemptions.filter((e) => e.userId === user.id).map((e) => `whitelisted${e.expires ? ` until ${e.expires}` : ''}${e.reason ? ` (${e.reason})` : ''}`),
    ];
    return `  ${user.name.padEnd(width)}  ${facts.join(', ')}`;
  });
  return [
    'mfa-guard demo: the real Lambda handlers and `make report`, through real AWS SDK clients, against an',
    'in-memory AWS account. No AWS account, no credentials, no network. Each step shows the event the',
    'function receives, what it decided, the AWS calls it made, and the alert the notify function',
    'publishes for it to the SNS topic (from the decisions logged; SNS itself is not simulated).',
    '',
    `Account ${account.accountId} at ${clock(account.now)} UTC, before mfa-guard's first sweep:`,
    ...lines,
    '',
  ].join('\n');
}

/** One step: time and title, the event, each decision, and the AWS calls it took. */
export function step(number: number, s: Step): string {
  const width = Math.max(1, ...s.decisions.map((d) => (d.user ?? d.userId ?? '-').length));
  const decisions = s.decisions.map((d, i) => `${i === 0 ? 'decided    ' : ' '.repeat(11)}${decision(d, width)}`);
  return [
    `${clock(s.at)}  ${number}. ${s.title}`,
    `${INDENT}event      ${s.event}`,
    ...decisions.map((line) => `${INDENT}${line}`),
    `${INDENT}AWS calls  ${calls(s.calls)}`,
    ...(s.alerts.length === 0 ? [`${INDENT}alert      none`] : s.alerts.map((subject, i) => `${INDENT}${i === 0 ? 'alert' : '     '}      ${subject}`)),
    '',
  ].join('\n');
}

/** The closing report: its calls, then the table exactly as `make report` prints it. */
export function report(number: number, at: Date, list: readonly Call[], table: string): string {
  return `${clock(at)}  ${number}. make report: every user's state\n${INDENT}AWS calls  ${calls(list)}\n\n${table}\n`;
}

/** `7: IAM GetAccountAuthorizationDetails, CreatePolicy, 4 × AttachUserPolicy · SSM GetParameter` */
export function calls(list: readonly Call[]): string {
  const byService = new Map<string, Map<string, number>>();
  for (const call of list) {
    const commands = byService.get(call.service) ?? new Map<string, number>();
    commands.set(call.command, (commands.get(call.command) ?? 0) + 1);
    byService.set(call.service, commands);
  }
  const groups = [...byService].map(([service, commands]) => `${SERVICES[service as Call['service']]} ${[...commands].map(([c, n]) => (n === 1 ? c : `${n} × ${c}`)).join(', ')}`);
  return `${list.length}${groups.length > 0 ? `: ${groups.join(' · ')}` : ''}`;
}

function decision(d: DecisionLog, width: number): string {
  return `${(d.user ?? d.userId ?? '-').padEnd(width)}  ${d.decision} → ${d.result}: ${d.reason}`;
}

function clock(date: Date): string {
  return date.toISOString().slice(11, 19);
}
