/**
 * The IAM credential report: `GenerateCredentialReport` until its State is COMPLETE, then
 * `GetCredentialReport` (Content is the CSV, base64 on the wire, bytes in the SDK). IAM keeps a
 * report for 4 hours and hands it back instead of generating a new one, hence "N minutes old".
 *
 * @example
 * ```ts
 * const { rows, generatedAt } = await credentialReport.fetch(iam, { progress: (m) => process.stderr.write(`${m}\n`) });
 * ```
 */
import { GenerateCredentialReportCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { parse, type CredentialRow } from '../core/credential-report.ts';
import { errorName, ResponseError, required } from './errors.ts';
import type { Iam } from './iam.ts';

/** How long to wait for IAM to build the report; `sleep` and `progress` are injectable. */
export interface WaitOptions {
  /** Pause between polls (default 2 s). */
  readonly delayMs?: number;
  /** Give up after waiting this long in total (default 2 minutes). */
  readonly maxWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told about each wait, e.g. `credential report INPROGRESS, waited 4 s`. */
  readonly progress?: (message: string) => void;
}

/** The parsed report and when IAM generated it. */
export interface FetchedReport {
  readonly rows: CredentialRow[];
  readonly generatedAt: Date;
}

/** The report was not ready within `maxWaitMs`. */
export class CredentialReportTimeoutError extends Error {
  override name = 'CredentialReportTimeoutError';
  constructor(
    readonly waitedMs: number,
    readonly lastState: string,
  ) {
    super(`the IAM credential report was not ready after ${Math.round(waitedMs / 1000)} s (last state ${lastState}); try again in a minute`);
  }
}

// SDK names, and the wire codes for errors raised outside its deserialiser.
const NOT_READY = ['CredentialReportNotReadyException', 'ReportInProgress'];
const GONE = ['CredentialReportExpiredException', 'ReportExpired', 'CredentialReportNotPresentException', 'ReportNotPresent'];

/** Generates the report if needed, waits for it, downloads and parses it. */
export async function fetch(iam: Iam, options: WaitOptions = {}): Promise<FetchedReport> {
  const { delayMs = 2000, maxWaitMs = 120_000, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)), progress = () => {} } = options;
  let waited = 0;
  for (;;) {
    const generated = await iam.send(new GenerateCredentialReportCommand({}));
    let state: string = required(generated.State, 'GenerateCredentialReport', 'State');
    if (state === 'COMPLETE') {
      try {
        return await download(iam);
      } catch (error) {
        const name = errorName(error) ?? '';
        // Completed between our two calls yet not servable, or expired just then: generate and wait again.
        if (!NOT_READY.includes(name) && !GONE.includes(name)) throw error;
        state = name;
      }
    }
    if (waited >= maxWaitMs) throw new CredentialReportTimeoutError(waited, state);
    progress(`credential report ${state}, waited ${Math.round(waited / 1000)} s`);
    await sleep(delayMs);
    waited += delayMs;
  }
}

/** GetCredentialReport: the CSV decoded as UTF-8 and parsed. */
export async function download(iam: Iam): Promise<FetchedReport> {
  const out = await iam.send(new GetCredentialReportCommand({}));
  const operation = 'GetCredentialReport';
  if (out.ReportFormat !== undefined && out.ReportFormat !== 'text/csv') throw new ResponseError(operation, 'ReportFormat', `expected text/csv, found ${out.ReportFormat}`);
  const content = required(out.Content, operation, 'Content');
  return { rows: parse(new TextDecoder('utf-8', { fatal: true }).decode(content)), generatedAt: required(out.GeneratedTime, operation, 'GeneratedTime') };
}
