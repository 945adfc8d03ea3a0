/**
 * Decodes the event AWS Config sends a custom Lambda rule (`invokingEvent` is a JSON string).
 *
 * @example
 * ```ts
 * const invocation = ruleInvocation.decode(event);
 * if (invocation.kind === 'change') evaluate(invocation.user);
 * ```
 */
import { EventError } from './errors.ts';
import { USER_RESOURCE_TYPE } from './evaluations.ts';
import * as fields from './fields.ts';
import * as iamFields from './iam-fields.ts';
import type { UserFacts } from './users.ts';

/** What a Config rule invocation asks for. */
export type RuleInvocation =
  /** ConfigurationItemChangeNotification for a user that exists and is in scope: the item has all we need. */
  | { readonly kind: 'change'; readonly id: string; readonly resultToken: string; readonly orderingTimestamp: Date; readonly user: UserFacts }
  /** OversizedConfigurationItemChangeNotification: the item was too big to send; fetch the user. */
  | { readonly kind: 'oversized'; readonly id: string; readonly resultToken: string; readonly orderingTimestamp: Date; readonly userId: string; readonly userName: string }
  /** A change whose item has status ResourceNotRecorded (`configuration` null): the user exists, so fetch it as for an oversized item. */
  | { readonly kind: 'not-recorded'; readonly id: string; readonly resultToken: string; readonly orderingTimestamp: Date; readonly userId: string; readonly userName: string }
  /** ScheduledNotification: evaluate every user. */
  | { readonly kind: 'scheduled'; readonly id: string; readonly resultToken: string; readonly orderingTimestamp: Date }
  /** A deleted user, or one that left the rule's scope: report NOT_APPLICABLE. */
  | { readonly kind: 'not-applicable'; readonly id: string; readonly resultToken: string; readonly orderingTimestamp: Date; readonly userId: string; readonly reason: string }
  /** Another resource type (the rule is scoped to users, so only by misconfiguration): nothing to evaluate. */
  | { readonly kind: 'ignored'; readonly id: string; readonly resultToken: string; readonly reason: string };

const ITEM = 'invokingEvent.configurationItem';
const DELETED = ['ResourceDeleted', 'ResourceDeletedNotRecorded'];
/** The user exists but Config does not record its configuration (the recorder excludes the type). */
const NOT_RECORDED = 'ResourceNotRecorded';

/** Decodes a Config rule invocation; malformed input throws an EventError naming the field. */
export function decode(event: unknown): RuleInvocation {
  if (!fields.isRecord(event)) throw new EventError('unknown', '(event)', 'not an object');
  const rule = fields.identifier(event, 'configRuleName', 'unknown');
  const resultToken = fields.string(event, 'resultToken', rule);
  const leftScope = fields.optionalBoolean(event, 'eventLeftScope', rule) ?? false;
  // Paths in errors start at the event: `invokingEvent.configurationItem.resourceId`.
  const doc = { invokingEvent: fields.json(event, 'invokingEvent', rule) };
  const messageType = fields.string(doc, 'invokingEvent.messageType', rule);
  const context = { doc, rule, resultToken, leftScope };
  switch (messageType) {
    case 'ConfigurationItemChangeNotification':
      return fromItem(context, ITEM, (id, status) =>
        status === NOT_RECORDED ? { kind: 'not-recorded', ...userToFetch(doc, ITEM, id) } : { kind: 'change', user: userFacts(doc, id) },
      );
    case 'OversizedConfigurationItemChangeNotification':
      return fromItem(context, 'invokingEvent.configurationItemSummary', (id) => ({ kind: 'oversized', ...userToFetch(doc, 'invokingEvent.configurationItemSummary', id) }));
    case 'ScheduledNotification': {
      const at = 'invokingEvent.notificationCreationTime';
      const id = `${rule}/scheduled@${fields.string(doc, at, rule)}`;
      return { kind: 'scheduled', id, resultToken, orderingTimestamp: fields.timestamp(doc, at, id) };
    }
    default:
      throw new EventError(rule, 'invokingEvent.messageType', `unknown message type "${fields.clip(messageType)}"`);
  }
}

interface Context {
  readonly doc: Readonly<Record<string, unknown>>;
  readonly rule: string;
  readonly resultToken: string;
  readonly leftScope: boolean;
}

type ToFetch = { userId: string; userName: string };
type Found = { kind: 'change'; user: UserFacts } | ({ kind: 'oversized' | 'not-recorded' } & ToFetch);

/**
 * A change or oversized notification: other resource types are ignored, deleted users and users
 * that left the scope are not applicable. Config sends no event ID, so the ID is the rule name and
 * the resource ID (`mfa-guard-users/AIDA...`): enough to find the invocation in the logs.
 */
function fromItem(context: Context, at: string, found: (id: string, status: string) => Found): RuleInvocation {
  const { doc, rule, resultToken } = context;
  const resourceId = fields.identifier(doc, `${at}.resourceId`, rule);
  const id = `${rule}/${resourceId}`;
  const resourceType = fields.string(doc, `${at}.resourceType`, id);
  if (resourceType !== USER_RESOURCE_TYPE) {
    return { kind: 'ignored', id, resultToken, reason: `resource type ${fields.clip(resourceType)} is not ${USER_RESOURCE_TYPE}: the rule's scope should be users only` };
  }
  const orderingTimestamp = fields.timestamp(doc, `${at}.configurationItemCaptureTime`, id);
  const status = fields.string(doc, `${at}.configurationItemStatus`, id);
  const notApplicable = (reason: string): RuleInvocation => ({ kind: 'not-applicable', id, resultToken, orderingTimestamp, userId: resourceId, reason });
  if (DELETED.includes(status)) return notApplicable(`the user was deleted (configurationItemStatus ${status})`);
  if (context.leftScope) return notApplicable("the user left the rule's scope (eventLeftScope)");
  return { ...found(id, status), id, resultToken, orderingTimestamp };
}

/** The user an item or item summary names, to be fetched from IAM: resource ID and name. */
function userToFetch(doc: Readonly<Record<string, unknown>>, at: string, id: string): ToFetch {
  return { userId: iamFields.userId(doc, `${at}.resourceId`, id), userName: iamFields.userName(doc, `${at}.resourceName`, id) };
}

function userFacts(doc: Readonly<Record<string, unknown>>, id: string): UserFacts {
  const at = ITEM;
  const resourceId = fields.string(doc, `${at}.resourceId`, id);
  const userId = iamFields.userId(doc, `${at}.configuration.userId`, id);
  if (userId !== resourceId) throw new EventError(id, `${at}.configuration.userId`, `is ${userId} but resourceId is ${resourceId}`);
  const policies = `${at}.configuration.attachedManagedPolicies`;
  return {
    name: iamFields.userName(doc, `${at}.configuration.userName`, id),
    id: userId,
    path: fields.string(doc, `${at}.configuration.path`, id),
    attachedPolicyArns: fields.list(doc, policies, id).map((policy, i) => fields.string(policy, 'policyArn', id, `${policies}[${i}]`)),
  };
}
