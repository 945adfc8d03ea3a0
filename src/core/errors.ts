/** An event that cannot be handled: names the event and the field at fault, so the invocation fails and AWS retries or dead-letters it. */
export class EventError extends Error {
  override name = 'EventError';
  constructor(
    readonly eventId: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`event ${eventId}: ${field}: ${problem}`);
  }
}

/** A problem in the whitelist, located by source (file or parameter name) and line. */
export interface WhitelistProblem {
  readonly source: string;
  readonly line?: number;
  readonly message: string;
}

/** A whitelist that cannot be trusted: every problem found, each with where it is. */
export class WhitelistError extends Error {
  override name = 'WhitelistError';
  constructor(readonly problems: readonly WhitelistProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** `whitelist.txt:7: "bob smith" is not a valid IAM user name` */
export function formatProblem(p: WhitelistProblem): string {
  return p.line === undefined ? `${p.source}: ${p.message}` : `${p.source}:${p.line}: ${p.message}`;
}

/** Users the invocation could not bring into line; thrown after every other user was handled. */
export class UserFailuresError extends Error {
  override name = 'UserFailuresError';
  constructor(
    readonly eventId: string,
    readonly failures: readonly { readonly user: string; readonly reason: string }[],
  ) {
    // Each failure has its own log line; the message names the first few so it stays readable.
    const named = failures.slice(0, MAX_NAMED).map((f) => `${f.user} (${f.reason})`);
    const more = failures.length > MAX_NAMED ? `; and ${failures.length - MAX_NAMED} more` : '';
    super(`event ${eventId}: ${failures.length} user(s) not fixed: ${named.join('; ')}${more}`);
  }
}

const MAX_NAMED = 20;
