/**
 * The demo's events: the recorded fixtures, moved onto the demo's day and made to name the demo
 * account's users. The shapes are the fixtures' own; only times, IDs and the caller change.
 */
import { load, withField, withInvokingField } from '../../sim/fixtures.ts';

/** The caller of the demo's IAM changes: an administrator's role session (the policy binds IAM users, not roles). */
export const ADMIN_SESSION = {
  type: 'AssumedRole',
  principalId: 'AROAQG44ZLVNG6B3W3FLY:thien',
  arn: 'arn:aws:sts::123456789012:assumed-role/Admin/thien',
  accountId: '123456789012',
  accessKeyId: 'ASIAQG44ZLVNHWRPMZTM',
  sessionContext: {
    sessionIssuer: { type: 'Role', principalId: 'AROAQG44ZLVNG6B3W3FLY', arn: 'arn:aws:iam::123456789012:role/Admin', accountId: '123456789012', userName: 'Admin' },
    webIdFederationData: {},
    attributes: { creationDate: '2025-06-20T08:45:12Z', mfaAuthenticated: 'true' },
  },
};

/** `2025-06-20T09:05:00Z`: CloudTrail's and EventBridge's time format. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A CloudTrail event of `fixtures/cloudtrail/<name>.json` at `at`, made by the admin session. */
export function trail(name: string, at: Date): Record<string, unknown> {
  let event = load('cloudtrail', `${name}.json`);
  event = withField(event, 'time', isoSeconds(at));
  event = withField(event, 'detail.eventTime', isoSeconds(at));
  return withField(event, 'detail.userIdentity', ADMIN_SESSION);
}

/** `fixtures/guard/<name>.json` (a call on CloudTrail, Config, EventBridge…) at `at`, made by the admin session, in `region`. */
export function guard(name: string, at: Date, region: string): Record<string, unknown> {
  let event = load('guard', `${name}.json`);
  event = withField(event, 'time', isoSeconds(at));
  event = withField(event, 'region', region);
  event = withField(event, 'detail.awsRegion', region);
  event = withField(event, 'detail.eventTime', isoSeconds(at));
  return withField(event, 'detail.userIdentity', ADMIN_SESSION);
}

/** The Config rule's ScheduledNotification (`fixtures/config-rule/scheduled.json`) at `at`. */
export function sweep(at: Date): Record<string, unknown> {
  return withInvokingField(load('config-rule', 'scheduled.json'), 'invokingEvent.notificationCreationTime', at.toISOString());
}

/** `fixtures/compliance-change/non-compliant-user.json` for the user `userId`, evaluated at `at`. */
export function nonCompliant(userId: string, at: Date): Record<string, unknown> {
  let event = load('compliance-change', 'non-compliant-user.json');
  event = withField(event, 'time', isoSeconds(at));
  event = withField(event, 'detail.resourceId', userId);
  event = withField(event, 'detail.notificationCreationTime', at.toISOString());
  for (const result of ['newEvaluationResult', 'oldEvaluationResult']) {
    event = withField(event, `detail.${result}.evaluationResultIdentifier.evaluationResultQualifier.resourceId`, userId);
  }
  return withField(event, 'detail.newEvaluationResult.evaluationResultIdentifier.orderingTimestamp', at.toISOString());
}

/** A ConfigurationItemChangeNotification (`fixtures/config-rule/change-user-violating.json`) for `user` joining `group`, captured at `at`. */
export function joinedGroup(user: { readonly name: string; readonly id: string; readonly arn: string; readonly policies: readonly string[] }, group: string, at: Date): Record<string, unknown> {
  const item = 'invokingEvent.configurationItem';
  const policies = user.policies.map((arn) => ({ policyName: arn.slice(arn.lastIndexOf('/') + 1), policyArn: arn }));
  let event = load('config-rule', 'change-user-violating.json');
  const set: Record<string, unknown> = {
    [`${item}.configuration.userName`]: user.name,
    [`${item}.configuration.userId`]: user.id,
    [`${item}.configuration.arn`]: user.arn,
    [`${item}.configuration.attachedManagedPolicies`]: policies,
    [`${item}.configuration.groupList`]: [group],
    [`${item}.resourceId`]: user.id,
    [`${item}.resourceName`]: user.name,
    [`${item}.ARN`]: user.arn,
    [`${item}.configurationItemCaptureTime`]: at.toISOString(),
    'invokingEvent.notificationCreationTime': at.toISOString(),
    'invokingEvent.configurationItemDiff': { changedProperties: { 'Configuration.GroupList.0': { previousValue: null, updatedValue: group, changeType: 'CREATE' } }, changeType: 'UPDATE' },
  };
  for (const [path, value] of Object.entries(set)) event = withInvokingField(event, path, value);
  return event;
}
