/**
 * `--help`, `--version` and unknown arguments for every script behind a make target. The summary
 * line is the target's `## ` comment in the Makefile (what `make help` prints), so the two never
 * drift; the variables are the ones that line lists in brackets, each with its meaning below.
 *
 * @example
 * ```ts
 * if (usage.handle('report', process.argv.slice(2))) process.exit(); // --help printed, or an error
 * ```
 */
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import * as version from './deploy/version.ts';

/** What each make variable means (every variable a `make help` line lists has one: test/scripts/usage.test.ts). */
export const VARIABLES: Readonly<Record<string, string>> = {
  REGION: 'AWS region (else AWS_REGION, AWS_DEFAULT_REGION, or the profile\'s region)',
  STACK: 'stack name; also names /<STACK>/whitelist, <STACK>-users, <STACK>-iam-events (default mfa-guard)',
  MODE: 'enforce (attach and restore) or report (decide and log, write nothing to IAM) (default enforce)',
  YES: '1 answers yes to every question (required without a terminal); passes no guard',
  ALLOW_SELF_LOCKOUT: '1 lets an IAM user who is not exempt deploy a policy that binds them',
  PROFILE: 'AWS profile (sets AWS_PROFILE)',
  WHITELIST: 'whitelist file (default whitelist.txt)',
  CHECK: '1 checks the whitelist file offline only: syntax, duplicates, expiries, size; no AWS call',
  JSON: '1 prints JSON instead of the table',
  APPLY: '1 attaches the policy (without it: only lists)',
  FN: 'the function: config-rule, remediate or enforce',
  EVENT: 'the event file (JSON), e.g. fixtures/cloudtrail/detach-user-policy.json',
  LATENCY: 'milliseconds added to every AWS call (then 5,000 users, against each function\'s Timeout)',
  THROTTLE: 'share of AWS calls throttled at random, 0 to 1 (a probability per call, not a rate)',
  BENCH: '1 also regenerates docs/bench.md (runs make bench: minutes)',
  MD: '1 prints Markdown tables instead of aligned terminal tables',
  USERS: 'account sizes, e.g. 100,1000 or 20000',
  CONCURRENCY: 'attaches in flight (default: the handler\'s own)',
  PARTITION: 'aws or aws-cn (default aws)',
  OUS: 'the organisation roots or OUs to deploy to (r-… or ou-…, comma-separated; default all)',
  HOME_REGION: 'the home region of every account (where Config records IAM users)',
  CANARY: 'an account ID deployed first, alone, before the rest',
  FREQUENCY: 'the Config sweep: One_Hour, Three_Hours, Six_Hours, Twelve_Hours or TwentyFour_Hours (unset: as deployed before)',
  LOG_RETENTION: 'days the functions\' logs are kept, a CloudWatch Logs value (unset: as deployed before; 90 at first)',
  ALERT_EMAIL: 'an e-mail address subscribed to the alert topic (confirm the e-mail SNS sends)',
  NOTIFY_NEW_USERS: '0 stops the alert for every new user (default 1)',
  MFA_MAX_AGE: 'seconds an MFA sign-in counts as recent, 900 to 129600 (default 3600)',
  ROLES: 'the deploy roles the SCP spares, ARNs separated by spaces',
  CONFIG_RULE_ARN: 'the stack\'s ConfigRuleArn output (else the SCP leaves the Config rule out)',
  ACCOUNT: 'the 12-digit account ID (default *: any)',
};

const MAKEFILE = fileURLToPath(new URL('../Makefile', import.meta.url));

/** The target's `make help` line: its `## ` comment, or undefined when the target has none. */
export function helpLine(target: string, makefile = readFileSync(MAKEFILE, 'utf8')): string | undefined {
  const line = makefile.split('\n').find((l) => l.startsWith(`${target}:`) && l.includes('## '));
  return line?.slice(line.indexOf('## ') + 3).trim();
}

/** The variables a help line lists in its trailing brackets (`[REGION STACK=… JSON=1]` → REGION, STACK, JSON). */
export function variablesOf(line: string): string[] {
  const bracket = /\[([^\]]*)\]\s*$/.exec(line)?.[1] ?? '';
  return [...new Set(bracket.split(/[\s,|]+/).map((word) => /^([A-Z][A-Z_]*)/.exec(word)?.[1]).filter((v): v is string => v !== undefined))];
}

/** The full `--help` text of a target. */
export function helpText(target: string, makefile?: string): string {
  const line = helpLine(target, makefile) ?? '';
  const variables = variablesOf(line);
  const width = Math.max(0, ...variables.map((v) => v.length));
  const rows = variables.map((v) => `  ${v.padEnd(width)}  ${VARIABLES[v] ?? '(undocumented)'}`);
  return [`make ${target}: ${line}`, ...(rows.length > 0 ? ['', 'Variables (make ' + target + ' NAME=value; the command line wins over mfa-guard.env):', ...rows] : []), ''].join('\n');
}

/** What the arguments ask for: run, or stop with this exit code (help or version printed, or an error said). */
export type Decision = { readonly kind: 'run'; readonly positional: string[] } | { readonly kind: 'exit'; readonly code: number };

/** Reads `argv`: `--help`/`-h`, `--version`, else positional arguments up to `maxPositional`; any other flag is an error. */
export function decide(target: string, argv: readonly string[], maxPositional = 0, print = (text: string) => void process.stdout.write(text), fail = (text: string) => void process.stderr.write(text)): Decision {
  if (argv.includes('--help') || argv.includes('-h')) return print(helpText(target)), { kind: 'exit', code: 0 };
  if (argv.includes('--version')) return print(`${describeVersion()}\n`), { kind: 'exit', code: 0 };
  const flag = argv.find((a) => a.startsWith('-'));
  if (flag !== undefined) return fail(`make ${target}: unknown option ${flag} (see --help); nothing was done\n`), { kind: 'exit', code: 2 };
  if (argv.length > maxPositional) return fail(`make ${target}: unexpected argument "${argv[maxPositional]}" (see --help); nothing was done\n`), { kind: 'exit', code: 2 };
  return { kind: 'run', positional: [...argv] };
}

/** `mfa-guard 0.1.0 (commit 1a2b3c4d5e6f)`. */
export function describeVersion(): string {
  const v = version.current();
  return `mfa-guard ${v.version} (commit ${v.commit})`;
}

/** For scripts without positional arguments: true when the script should stop (exit code set). */
export function stop(target: string, argv = process.argv.slice(2)): boolean {
  const decision = decide(target, argv);
  if (decision.kind === 'run') return false;
  process.exitCode = decision.code;
  return true;
}
