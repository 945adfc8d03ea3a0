/**
 * `make report`: every user's state, credentials and risky cases, in a handful of calls
 * (GetAccountAuthorizationDetails pages, the credential report, the whitelist parameter).
 */
import * as credentialReport from '../../src/aws/credential-report.ts';
import * as iamApi from '../../src/aws/iam.ts';
import * as ssmApi from '../../src/aws/ssm.ts';
import { build } from '../../src/core/report.ts';
import { renderJson, renderTable } from '../../src/core/report-render.ts';
import type { Output } from './cli.ts';
import type { OperatorSettings } from './settings.ts';

/** Clients, settings and clock of a report run; `wait` paces the credential report's generation. */
export interface ReportDeps {
  readonly iam: iamApi.Iam;
  readonly ssm: ssmApi.Ssm;
  readonly settings: OperatorSettings;
  readonly now: () => Date;
  readonly wait?: Omit<credentialReport.WaitOptions, 'progress'>;
}

/** Writes the report (table or JSON) to `io.out`, progress to `io.err`; returns the exit code (0 nobody violating, 1 someone). */
export async function runReport(deps: ReportDeps, options: { readonly json: boolean; readonly color: boolean }, io: Output): Promise<0 | 1> {
  const { policyArn, whitelistParameter, source } = deps.settings;
  io.err(`Policy ${policyArn}, whitelist ${whitelistParameter} (from ${source}).\n`);
  const [users, exemptions, fetched] = await Promise.all([
    iamApi.listUsers(deps.iam),
    ssmApi.readWhitelist(deps.ssm, whitelistParameter),
    credentialReport.fetch(deps.iam, { ...deps.wait, progress: (message) => io.err(`Waiting for IAM: ${message}\n`) }),
  ]);
  const report = build({ users, credentials: fetched.rows, reportGeneratedAt: fetched.generatedAt, exemptions, policyArn, now: deps.now(), ...(deps.settings.fallbackGroup !== undefined && { fallbackGroup: deps.settings.fallbackGroup }) });
  io.out(options.json ? renderJson(report) : renderTable(report, { color: options.color }));
  return report.exitCode;
}
