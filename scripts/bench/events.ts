/**
 * The benchmark's events: the recorded fixtures, made to name one of the seeded users. Only the
 * user's name, ID and ARN change; the shapes stay the fixtures' own.
 */
import { load, withField, withInvokingField } from '../../sim/fixtures.ts';

/** What an event needs to know of a seeded user. */
export interface EventUser {
  readonly name: string;
  readonly id: string;
  readonly path: string;
  readonly arn: string;
  readonly policies: readonly string[];
}

/** The Config rule's ScheduledNotification (`fixtures/config-rule/scheduled.json`). */
export function scheduled(): Record<string, unknown> {
  return load('config-rule', 'scheduled.json');
}

/** A ConfigurationItemChangeNotification (`change-user-violating.json`) for `user` as it is now. */
export function change(user: EventUser): Record<string, unknown> {
  const item = 'invokingEvent.configurationItem';
  const set: Record<string, unknown> = {
    [`${item}.configuration.userName`]: user.name,
    [`${item}.configuration.userId`]: user.id,
    [`${item}.configuration.path`]: user.path,
    [`${item}.configuration.arn`]: user.arn,
    [`${item}.configuration.attachedManagedPolicies`]: user.policies.map((arn) => ({ policyName: arn.slice(arn.lastIndexOf('/') + 1), policyArn: arn })),
    [`${item}.resourceId`]: user.id,
    [`${item}.resourceName`]: user.name,
    [`${item}.ARN`]: user.arn,
  };
  let event = load('config-rule', 'change-user-violating.json');
  for (const [path, value] of Object.entries(set)) event = withInvokingField(event, path, value);
  return event;
}

/** The Compliance Change NON_COMPLIANT event (`non-compliant-user.json`) for the user `userId`. */
export function nonCompliant(userId: string): Record<string, unknown> {
  let event = withField(load('compliance-change', 'non-compliant-user.json'), 'detail.resourceId', userId);
  for (const result of ['newEvaluationResult', 'oldEvaluationResult']) {
    event = withField(event, `detail.${result}.evaluationResultIdentifier.evaluationResultQualifier.resourceId`, userId);
  }
  return event;
}

/** CreateUser (`create-user.json`) of `user`, with its ID in the response elements. */
export function createUser(user: EventUser): Record<string, unknown> {
  let event = withField(load('cloudtrail', 'create-user.json'), 'detail.requestParameters.userName', user.name);
  event = withField(event, 'detail.responseElements.user.userName', user.name);
  event = withField(event, 'detail.responseElements.user.userId', user.id);
  event = withField(event, 'detail.responseElements.user.path', user.path);
  return withField(event, 'detail.responseElements.user.arn', user.arn);
}

/** DetachUserPolicy of our policy (`detach-user-policy.json`) from `userName`. */
export function detach(userName: string): Record<string, unknown> {
  return withField(load('cloudtrail', 'detach-user-policy.json'), 'detail.requestParameters.userName', userName);
}

/** DeletePolicy of our policy (`delete-policy.json`), which succeeded. */
export function deletePolicy(): Record<string, unknown> {
  return load('cloudtrail', 'delete-policy.json');
}
