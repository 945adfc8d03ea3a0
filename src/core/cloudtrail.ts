/**
 * Decodes "AWS API Call via CloudTrail" events (EventBridge envelope) for the real-time enforcer.
 *
 * @example
 * ```ts
 * const call = cloudtrail.decode(event, policyArn);
 * if (call.kind === 'detach-user-policy') reattach(call.userName);
 * ```
 */
import { EventError } from './errors.ts';
import * as fields from './fields.ts';
import * as iamFields from './iam-fields.ts';
import { samePolicyArn, sameUserName } from './names.ts';

/** The EventBridge `detail-type` of a CloudTrail-recorded API call. */
export const DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** The `eventSource` of IAM API calls. */
export const IAM_EVENT_SOURCE = 'iam.amazonaws.com';

/** Who made the call: `userIdentity.arn` (or the principal ID / type where there is no ARN). */
export type Actor = string;

/** What an IAM API call asks of the enforcer. */
export type TrailEvent =
  /** CreateUser succeeded: attach to the new user (its ID comes from `responseElements`, when recorded). */
  | { readonly kind: 'create-user'; readonly id: string; readonly actor: Actor; readonly userName: string; readonly userId?: string }
  /** DetachUserPolicy of our policy succeeded: reattach. */
  | { readonly kind: 'detach-user-policy'; readonly id: string; readonly actor: Actor; readonly userName: string }
  /** UpdateUser with NewUserName succeeded: the user (same ID) now goes by `newUserName`, and a whitelisted name no longer fits it. */
  | { readonly kind: 'rename-user'; readonly id: string; readonly actor: Actor; readonly userName: string; readonly newUserName: string }
  /** RemoveUserFromGroup of the stack's fallback group succeeded: the user may have lost the policy. */
  | { readonly kind: 'left-group'; readonly id: string; readonly actor: Actor; readonly userName: string; readonly groupName: string }
  /** DetachGroupPolicy of our policy from the stack's fallback group succeeded: its members lost it. */
  | { readonly kind: 'detach-group-policy'; readonly id: string; readonly actor: Actor; readonly groupName: string }
  /** DeletePolicy of our policy, succeeded or failed (the console detaches everyone first). */
  | { readonly kind: 'delete-policy'; readonly id: string; readonly actor: Actor; readonly errorCode?: string }
  /** CreatePolicyVersion / SetDefaultPolicyVersion on our policy succeeded: restore the canonical document. */
  | { readonly kind: 'policy-version'; readonly id: string; readonly actor: Actor; readonly eventName: 'CreatePolicyVersion' | 'SetDefaultPolicyVersion' }
  /** Another event, another policy, or a failed call that changed nothing: and why. */
  | { readonly kind: 'ignored'; readonly id: string; readonly actor?: Actor; readonly reason: string };

/** Decodes a CloudTrail event about our policy `policyArn` (and our fallback group, when there is one); malformed input throws an EventError. */
export function decode(event: unknown, policyArn: string, fallbackGroup?: string): TrailEvent {
  if (!fields.isRecord(event)) throw new EventError('unknown', '(event)', 'not an object');
  const id = fields.identifier(event, 'id', 'unknown');
  fields.expect(event, 'detail-type', DETAIL_TYPE, id);
  fields.object(event, 'detail', id);
  const actor = actorOf(event, id);
  const ignored = (reason: string): TrailEvent => ({ kind: 'ignored', id, ...(actor !== undefined && { actor }), reason });
  const source = fields.string(event, 'detail.eventSource', id);
  if (source !== IAM_EVENT_SOURCE) return ignored(`eventSource ${fields.clip(source)} is not ${IAM_EVENT_SOURCE}`);
  const eventName = fields.string(event, 'detail.eventName', id);
  const errorCode = fields.optionalString(event, 'detail.errorCode', id);
  const policy = () => fields.string(event, 'detail.requestParameters.policyArn', id);
  const ours = (arn: string) => samePolicyArn(arn, policyArn);
  const who = () => required(actor, event, id);
  switch (eventName) {
    case 'CreateUser': {
      if (errorCode) return ignored(`CreateUser failed with ${fields.clip(errorCode)}: no user was created`);
      const userId = iamFields.optionalUserId(event, 'detail.responseElements.user.userId', id);
      const userName = iamFields.userName(event, 'detail.requestParameters.userName', id);
      return { kind: 'create-user', id, actor: who(), userName, ...(userId !== undefined && { userId }) };
    }
    case 'DetachUserPolicy': {
      const arn = policy();
      if (!ours(arn)) return ignored(`DetachUserPolicy of another policy (${fields.clip(arn)})`);
      if (errorCode) return ignored(`DetachUserPolicy failed with ${fields.clip(errorCode)}: nothing was detached`);
      return { kind: 'detach-user-policy', id, actor: who(), userName: iamFields.userName(event, 'detail.requestParameters.userName', id) };
    }
    case 'UpdateUser': {
      const newUserName = iamFields.optionalUserName(event, 'detail.requestParameters.newUserName', id);
      if (newUserName === undefined) return ignored('UpdateUser without newUserName: the name is unchanged');
      if (errorCode) return ignored(`UpdateUser failed with ${fields.clip(errorCode)}: the user was not renamed`);
      return { kind: 'rename-user', id, actor: who(), userName: iamFields.userName(event, 'detail.requestParameters.userName', id), newUserName };
    }
    case 'RemoveUserFromGroup':
    case 'DetachGroupPolicy': {
      const groupName = fields.string(event, 'detail.requestParameters.groupName', id);
      if (eventName === 'DetachGroupPolicy' && !ours(policy())) return ignored(`DetachGroupPolicy of another policy (${fields.clip(policy())})`);
      if (fallbackGroup === undefined || !sameUserName(groupName, fallbackGroup)) return ignored(`${eventName} on group ${fields.clip(groupName)}, not the fallback group${fallbackGroup ? ` ${fallbackGroup}` : ''}`);
      if (errorCode) return ignored(`${eventName} failed with ${fields.clip(errorCode)}: nothing changed`);
      if (eventName === 'DetachGroupPolicy') return { kind: 'detach-group-policy', id, actor: who(), groupName };
      return { kind: 'left-group', id, actor: who(), userName: iamFields.userName(event, 'detail.requestParameters.userName', id), groupName };
    }
    case 'DeletePolicy': {
      const arn = policy();
      if (!ours(arn)) return ignored(`DeletePolicy of another policy (${fields.clip(arn)})`);
      // Even a failed delete counts: the console detaches the policy from everyone before deleting it.
      return { kind: 'delete-policy', id, actor: who(), ...(errorCode !== undefined && { errorCode }) };
    }
    case 'CreatePolicyVersion':
    case 'SetDefaultPolicyVersion': {
      const arn = policy();
      if (!ours(arn)) return ignored(`${eventName} on another policy (${fields.clip(arn)})`);
      if (errorCode) return ignored(`${eventName} failed with ${fields.clip(errorCode)}: the policy document is unchanged`);
      return { kind: 'policy-version', id, actor: who(), eventName };
    }
    default:
      return ignored(`${fields.clip(eventName)} is not a call mfa-guard acts on`);
  }
}

/** `userIdentity.arn`, else its `principalId`, else its `type` (AWS service calls may lack an ARN). */
function actorOf(event: Record<string, unknown>, id: string): Actor | undefined {
  return (
    fields.optionalString(event, 'detail.userIdentity.arn', id) ??
    fields.optionalString(event, 'detail.userIdentity.principalId', id) ??
    fields.optionalString(event, 'detail.userIdentity.type', id)
  );
}

function required(actor: Actor | undefined, event: Record<string, unknown>, id: string): Actor {
  if (actor !== undefined) return actor;
  fields.object(event, 'detail.userIdentity', id);
  throw new EventError(id, 'detail.userIdentity', 'has no arn, principalId or type');
}
