/** The credential report's rows as typed values, and the columns they are read from (credential-report.ts parses). */
/** A date column: a time, or why there is none. */
export type Timestamp = Date | 'N/A' | 'no_information' | 'not_supported';

/** One of the two access keys (`access_key_1_*`, `access_key_2_*`). */
export interface AccessKeyColumns {
  readonly active: boolean;
  readonly lastRotated: Timestamp;
  readonly lastUsedDate: Timestamp;
  /** `N/A` when never used. */
  readonly lastUsedRegion: string;
  readonly lastUsedService: string;
}

/** One row of the report: an IAM user, or the account's root user. */
export interface CredentialRow {
  /** 1-based line in the CSV, for messages. */
  readonly line: number;
  readonly user: string;
  readonly arn: string;
  readonly isRoot: boolean;
  readonly userCreationTime: Date;
  /** `not_supported` on the root row. */
  readonly passwordEnabled: boolean | 'not_supported';
  readonly passwordLastUsed: Timestamp;
  readonly passwordLastChanged: Timestamp;
  readonly passwordNextRotation: Timestamp;
  readonly mfaActive: boolean;
  readonly accessKeys: readonly [AccessKeyColumns, AccessKeyColumns];
  readonly certificates: readonly [{ readonly active: boolean; readonly lastRotated: Timestamp }, { readonly active: boolean; readonly lastRotated: Timestamp }];
}

/** The report's user name for the account's root user. */
export const ROOT_USER = '<root_account>';

/** Every column this parser reads, in the order IAM writes them. */
export const COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
] as const;

/** One column's header name. */
export type Column = (typeof COLUMNS)[number];
