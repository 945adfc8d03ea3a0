/**
 * `make report`: the health block (is mfa-guard deployed and able to work?), then every user's
 * state, credentials and risky cases, in a handful of calls (GetAccountAuthorizationDetails pages,
 * the credential report, the whitelist parameter).
 */
import * as credentialReport from '../../src/aws/credential-report.ts';
import * as iamApi from '../../src/aws/iam.ts';
import * as ssmApi from '../../src/aws/ssm.ts';
import { build } from '../../src/core/report.ts';
import { renderJson, renderTable } from '../../src/core/report-render.ts';
import { EXIT_UNHEALTHY } from '../../src/deploy/health.ts';
import { passed, report as verdictLines, type Verdict } from '../../src/deploy/preflight.ts';
import type { Output } from './cli.ts';
import type { OperatorSettings } from './settings.ts';

/** Clients, settings and clock of a report run; `wait` paces the credential report's generation. */
export interface ReportDeps {
  readonly iam: iamApi.Iam;
  readonly ssm: ssmApi.Ssm;
  readonly settings: OperatorSettings;
  readonly now: () => Date;
  readonly wait?: Omit<credentialReport.WaitOptions, 'progress'>;
  /** The health checks (src/deploy/health.ts); none when the report runs without a stack. */
  readonly health?: () => Promise<Verdict[]>;
}

/** Writes the report (table or JSON) to `io.out`, progress to `io.err`; returns the exit code: 3 a health check failed, else 1 someone is violating, else 0. */
export async function runReport(deps: ReportDeps, options: { readonly json: boolean; readonly color: boolean }, io: Output): Promise<0 | 1 | typeof EXIT_UNHEALTHY> {
  const { policyArn, whitelistParameter, source } = deps.settings;
  io.err(`Policy ${policyArn}, whitelist ${whitelistParameter} (from ${source}).\n`);
  const [health, users, exemptions, fetched] = await Promise.all([
    deps.health ? deps.health() : Promise.resolve(undefined),
    iamApi.listUsers(deps.iam),
    ssmApi.readWhitelist(deps.ssm, whitelistParameter),
    credentialReport.fetch(deps.iam, { ...deps.wait, progress: (message) => io.err(`Waiting for IAM: ${message}\n`) }),
  ]);
  const report = build({ users, credentials: fetched.rows, reportGeneratedAt: fetched.generatedAt, exemptions, policyArn, now: deps.now(), ...(deps.settings.fallbackGroup !== undefined && { fallbackGroup: deps.settings.fallbackGroup }) });
  const healthy = health === undefined || passed(health);
  if (options.json) {
    const users = JSON.parse(renderJson(report)) as Record<string, unknown>;
    const checks = health?.map((v) => ({ check: v.check, level: v.level, message: v.message, hint: v.hint ?? null }));
    // The top-level exitCode is the command's: 3 when unhealthy, whatever the users.
    io.out(`${JSON.stringify({ health: health ? { passed: healthy, checks } : null, ...users, exitCode: healthy ? report.exitCode : EXIT_UNHEALTHY }, null, 2)}\n`);
  } else {
    if (health) io.out(`Health:\n${verdictLines(health).join('\n')}\n${healthy ? '' : `Some checks failed (exit code ${EXIT_UNHEALTHY}).\n`}\n`);
    io.out(renderTable(report, { color: options.color }));
  }
  return healthy ? report.exitCode : EXIT_UNHEALTHY;
}
