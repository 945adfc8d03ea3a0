/**
 * The operator report (`make report`): every IAM user's state with its credentials, and the risky
 * cases flagged. MFA comes from the credential report, so the `attached` state never appears here.
 *
 * @example
 * ```ts
 * const report = build({ users, credentials, reportGeneratedAt, exemptions, policyArn, now });
 * process.exitCode = report.exitCode;
 * ```
 */
import { activeAccessKeys, byUserName, type CredentialRow } from './credential-report.ts';
import { classify, hasPolicy, policyName, type UserFacts } from './users.ts';
import { lookup } from './exemptions.ts';
import { expired, type Exemption } from './whitelist.ts';

/** A user's state as the report shows it (DESIGN §1). */
export type ReportState = 'exempt' | 'violating' | 'contained' | 'enforced';

/** A risky case worth an operator's attention. */
export type Flag =
  | { readonly kind: 'access-key-without-mfa'; readonly message: string }
  | { readonly kind: 'exemption-expired' | 'exemption-expiring'; readonly expires: string; readonly message: string }
  | { readonly kind: 'exemption-other-user'; readonly message: string }
  | { readonly kind: 'policy-limit'; readonly attached: number; readonly message: string }
  | { readonly kind: 'not-in-credential-report'; readonly message: string };

/** One user's line; null where the credential report does not know the user yet. */
export interface UserRow {
  readonly user: string;
  readonly userId: string;
  readonly path: string;
  readonly state: ReportState;
  readonly reason: string;
  readonly consolePassword: boolean | null;
  readonly activeAccessKeys: number | null;
  readonly mfa: boolean | null;
  readonly exemptionExpires: string | null;
  readonly managedPolicies: number;
  readonly flags: readonly Flag[];
}

/** What `build` needs: IAM users, the parsed credential report, the whitelist and the clock. */
export interface ReportInput {
  readonly users: readonly UserFacts[];
  readonly credentials: readonly CredentialRow[];
  readonly reportGeneratedAt: Date;
  readonly exemptions: readonly Exemption[];
  readonly policyArn: string;
  readonly now: Date;
  /** The stack's fallback group: its members carry the policy through it. */
  readonly fallbackGroup?: string;
  /** Managed policies a user may have (10 by default, up to 20 when raised). */
  readonly policyLimit?: number;
}

/** The whole report. `exitCode` is 0 when nobody is violating, 1 otherwise. */
export interface Report {
  readonly policyArn: string;
  readonly now: Date;
  readonly credentialReport: { readonly generatedAt: Date; readonly ageMinutes: number };
  readonly users: readonly UserRow[];
  readonly totals: { readonly users: number } & Readonly<Record<ReportState, number>> & { readonly flagged: number };
  readonly exitCode: 0 | 1;
}

/** Days before its last day that an exemption is flagged as expiring. */
export const EXPIRY_WARNING_DAYS = 14;
const DAY_MS = 86_400_000;

/** Builds the report; users are sorted by name (ignoring case) so output is stable. */
export function build(input: ReportInput): Report {
  const credentials = byUserName(input.credentials);
  const users = [...input.users]
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()))
    .map((user) => row(user, credentials.get(user.name.toLowerCase()), input));
  const count = (state: ReportState) => users.filter((u) => u.state === state).length;
  const totals = { users: users.length, exempt: count('exempt'), violating: count('violating'), contained: count('contained'), enforced: count('enforced'), flagged: users.filter((u) => u.flags.length > 0).length };
  const ageMinutes = Math.max(0, Math.floor((input.now.getTime() - input.reportGeneratedAt.getTime()) / 60_000));
  return { policyArn: input.policyArn, now: input.now, credentialReport: { generatedAt: input.reportGeneratedAt, ageMinutes }, users, totals, exitCode: totals.violating > 0 ? 1 : 0 };
}

function row(user: UserFacts, credentials: CredentialRow | undefined, input: ReportInput): UserRow {
  const { now, policyArn } = input;
  const mfa = credentials?.mfaActive ?? null;
  // A user created after the report was generated is missing from it: assume no MFA (the weaker state).
  const state = classify({ ...user, mfaDevices: mfa ? 1 : 0 }, input.exemptions, policyArn, now, input.fallbackGroup);
  const policy = policyName(policyArn);
  // `attached` needs unknown MFA devices; they are always given here.
  const kind: ReportState = state.kind === 'attached' ? 'contained' : state.kind;
  const reason =
    kind === 'enforced' ? `${policy} is attached and MFA is active`
    : kind === 'contained' && !credentials ? `${policy} is attached; MFA unknown (user not in the credential report yet), assumed absent`
    : state.reason;
  const keys = credentials ? activeAccessKeys(credentials) : null;
  const listed = lookup(input.exemptions, user, now);
  const entry = listed.kind === 'exempt' || listed.kind === 'expired' ? listed.exemption : undefined;
  const flags: Flag[] = [];
  if (!credentials) flags.push({ kind: 'not-in-credential-report', message: 'not in the credential report (created since it was generated): password, keys and MFA unknown' });
  if (keys && mfa === false) {
    const risk = kind === 'exempt' ? 'exempt, so the key works without MFA: keep it scoped and rotated'
      : kind === 'violating' ? 'the key works without MFA until the policy is attached'
      : 'a leaked key could enrol an attacker\'s MFA device';
    flags.push({ kind: 'access-key-without-mfa', message: `active access key without MFA: ${risk}` });
  }
  if (entry?.expires) {
    const daysLeft = Math.round((Date.parse(`${entry.expires}T00:00:00Z`) - Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`)) / DAY_MS);
    if (expired(entry.expires, now)) flags.push({ kind: 'exemption-expired', expires: entry.expires, message: `exemption expired on ${entry.expires}: the user is no longer exempt` });
    else if (daysLeft <= EXPIRY_WARNING_DAYS) flags.push({ kind: 'exemption-expiring', expires: entry.expires, message: `exemption expires on ${entry.expires} (${daysLeft === 0 ? 'today' : `in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`})` });
  }
  const namesake = listed.kind === 'other-user' ? listed.exemption : undefined;
  if (namesake) flags.push({ kind: 'exemption-other-user', message: `whitelisted name, but the entry is for user ID ${namesake.userId} (re-created user?): not exempt` });
  const limit = input.policyLimit ?? 10;
  const attached = user.attachedPolicyArns.length;
  if (attached >= limit) {
    const effect = hasPolicy(user, policyArn) ? 'no other policy can be attached' : `attaching ${policy} will fail (LimitExceeded)`;
    flags.push({ kind: 'policy-limit', attached, message: `at the ${limit}-managed-policy limit: ${effect}` });
  }
  return {
    user: user.name,
    userId: user.id,
    path: user.path,
    state: kind,
    reason,
    consolePassword: credentials ? credentials.passwordEnabled === true : null,
    activeAccessKeys: keys,
    mfa,
    exemptionExpires: entry?.expires ?? null,
    managedPolicies: attached,
    flags,
  };
}
