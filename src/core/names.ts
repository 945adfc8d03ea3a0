/** IAM names and ARNs: validation and the case-insensitive comparisons IAM itself makes. */

const USER_NAME = /^[\w+=,.@-]{1,64}$/;

/** Whether `name` is a valid IAM user name (`[\w+=,.@-]{1,64}`). */
export function isValidUserName(name: string): boolean {
  return USER_NAME.test(name);
}

/** IAM user names are unique ignoring case: `Alice` and `alice` are the same user. */
export function sameUserName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Whether two managed-policy ARNs name the same policy. IAM policy names, like user names, are
 * unique ignoring case, and a caller may spell the ARN in another case.
 */
export function samePolicyArn(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
