/**
 * The stacks are ours: `make deploy` tags each stack it creates with its role and the version that
 * deployed it, and `deploy`/`destroy` refuse a stack of that name without the role tag, so a typo in
 * STACK (with YES=1 in CI) never updates or deletes someone else's stack.
 *
 * @example
 * ```ts
 * ownership.tags('home', '0.1.0+1a2b3c4'); // [{ Key: 'mfa-guard:role', Value: 'home' }, { Key: 'mfa-guard:version', Value: '0.1.0+1a2b3c4' }]
 * ownership.assertOurs({ StackName: 'prod-vpc', Tags: [] }, 'home'); // throws DeployError
 * ```
 */
import { DeployError } from './errors.ts';

/** What a stack is to mfa-guard: the home stack, the us-east-1 forwarder of IAM events, or the monitoring stack. */
export type Role = 'home' | 'forwarder' | 'monitoring';

/** Tag keys on both stacks (CloudFormation propagates them to the resources that take tags). */
export const ROLE_TAG = 'mfa-guard:role';
export const VERSION_TAG = 'mfa-guard:version';

/** A CloudFormation tag, as the API spells it. */
export interface Tag {
  readonly Key?: string | undefined;
  readonly Value?: string | undefined;
}

/** The tags `make deploy` gives a stack. */
export function tags(role: Role, version: string): { Key: string; Value: string }[] {
  return [
    { Key: ROLE_TAG, Value: role },
    { Key: VERSION_TAG, Value: version },
  ];
}

/** The value of the role tag, if any. */
export function roleOf(stack: { readonly Tags?: readonly Tag[] | undefined }): string | undefined {
  return stack.Tags?.find((t) => t.Key === ROLE_TAG)?.Value;
}

/** Throws unless the existing stack carries `mfa-guard:role` = `role`. */
export function assertOurs(stack: { readonly StackName?: string | undefined; readonly Tags?: readonly Tag[] | undefined }, role: Role): void {
  const found = roleOf(stack);
  if (found === role) return;
  const name = stack.StackName ?? '?';
  const problem = found === undefined ? `exists but has no ${ROLE_TAG} tag: it is not a stack make deploy created` : `is tagged ${ROLE_TAG}=${found}, not ${role}`;
  throw new DeployError(
    `stack ${name}`,
    `${problem}; refusing to change or delete it`,
    found === undefined
      ? `Check STACK. If it is an mfa-guard stack deployed before stacks were tagged, tag it ${ROLE_TAG}=${role} once (console: Update stack, use the current template, add the tag; or aws cloudformation update-stack --use-previous-template --tags), then run again.`
      : 'Check STACK: the home stack and the forwarder stack have different names.',
  );
}
