/** IAM names and ARNs: validation and the case-insensitive comparisons IAM itself makes. */

const USER_NAME = /^[\w+=,.@-]{1,64}$/;

/** Whether `name` is a valid IAM user name (`[\w+=,.@-]{1,64}`). */
export function isValidUserName(name: string): boolean {
  return USER_NAME.test(name);
}

const USER_ID = /^\w{16,128}$/;

/** Whether `id` has the form of an IAM user ID (`[\w]{16,128}`, in practice `AIDA…`), as the IAM API reference defines `UserId`. */
export function isValidUserId(id: string): boolean {
  return USER_ID.test(id);
}

/**
 * The start of every name stack `stack` gives its functions, roles, rules, queues, log groups (after
 * `/aws/lambda/`), alarms and alert topic: `<STACK>_`. Stack names have no `_`, so no other stack's
 * names start so; the MFA policy's self-protection names them by it (cfn/mfa-guard.yml).
 */
export function ownedPrefix(stack: string): string {
  return `${stack}_`;
}

/** The suffix of the stack's fallback group: `<STACK>-mfa-required` (cfn/mfa-guard.yml FallbackGroup). */
export const FALLBACK_GROUP_SUFFIX = '-mfa-required';

/** The name of the group carrying the policy for users at the managed-policy quota, for stack `stack`. */
export function fallbackGroupName(stack: string): string {
  return `${stack}${FALLBACK_GROUP_SUFFIX}`;
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

/** The parts of a customer managed policy ARN. */
export interface PolicyArnParts {
  readonly partition: string;
  readonly accountId: string;
  /** `/` or `/a/b/`. */
  readonly path: string;
  readonly name: string;
}

const POLICY_ARN = /^arn:([a-z-]+):iam::(\d{12}):policy(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,128})$/;

/** Splits `arn:aws:iam::123456789012:policy/team/Name` into its parts; undefined if it is not a customer managed policy ARN. */
export function parsePolicyArn(arn: string): PolicyArnParts | undefined {
  const m = POLICY_ARN.exec(arn);
  if (!m) return undefined;
  const [, partition = '', accountId = '', path = '/', name = ''] = m;
  return { partition, accountId, path, name };
}

// A geography, an optional sub-partition (gov, iso…), a compass direction, a number: eu-west-1,
// us-gov-west-1, ap-southeast-5; and the European Sovereign Cloud's eusc-de-east-1. A typo such as
// eu-wst-1 fails here rather than as an endpoint that does not resolve.
const REGION = /^(?:(?:us|eu|ap|sa|ca|me|af|il|mx|cn)-(?:(?:gov|iso[a-z]?)-)?|eusc-de-)(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d{1,2}$/;

/** Whether `region` is shaped like an AWS region name. */
export function isRegionName(region: string): boolean {
  return REGION.test(region);
}

/** The error text for a region that is not one: what was found, and what was expected. */
export function regionProblem(variable: string, region: string): string {
  return `${variable} "${region}" is not an AWS region name (a geography, a compass direction and a number, like eu-west-1 or ap-southeast-2)`;
}
