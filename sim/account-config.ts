/**
 * AWS Config in the in-memory account: PutEvaluations (at most 100 a call, annotations 1–256
 * characters, FailedEvaluations injectable), BatchGetResourceConfig (at most 100 keys; items built
 * from the IAM state, deleted or not-yet-recorded users simply absent, as the API documents) and
 * StartConfigRulesEvaluation (recorded only).
 */
import type {
  BaseConfigurationItem,
  BatchGetResourceConfigRequest,
  BatchGetResourceConfigResponse,
  Evaluation,
  PutEvaluationsRequest,
  PutEvaluationsResponse,
  StartConfigRulesEvaluationRequest,
} from '@aws-sdk/client-config-service';
import { InvalidParameterValueException } from '@aws-sdk/client-config-service';
import * as errors from './account-errors.ts';
import { splitFailures, type AccountState, type MemoryUser } from './account-state.ts';

const USER = 'AWS::IAM::User';
const COMPLIANCE = new Set(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);

function tooLong(path: string, value: unknown, max: number): Error {
  return errors.config.validation(`1 validation error detected: Value '${String(value)}' at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
}

function checkEvaluation(evaluation: Evaluation, index: number): void {
  const at = `evaluations.${index + 1}.member`;
  const { ComplianceResourceType: type, ComplianceResourceId: id, ComplianceType: compliance, Annotation: annotation } = evaluation;
  if (!type || type.length > 256) throw tooLong(`${at}.complianceResourceType`, type, 256);
  if (!id || id.length > 768) throw tooLong(`${at}.complianceResourceId`, id, 768);
  if (annotation !== undefined && (annotation.length < 1 || annotation.length > 256)) throw tooLong(`${at}.annotation`, annotation, 256);
  if (!(evaluation.OrderingTimestamp instanceof Date)) throw errors.config.validation(`1 validation error detected: Value null at '${at}.orderingTimestamp' failed to satisfy constraint: Member must not be null`);
  if (compliance === 'INSUFFICIENT_DATA' || !COMPLIANCE.has(String(compliance))) {
    throw new InvalidParameterValueException({ message: `The ComplianceType ${compliance} is not valid for PutEvaluations.`, $metadata: { httpStatusCode: 400 } });
  }
}

/** The `configuration` of a user's configuration item, as Config records `AWS::IAM::User`. */
export function userConfiguration(state: AccountState, user: MemoryUser): Record<string, unknown> {
  return {
    path: user.path,
    userName: user.name,
    userId: user.id,
    arn: user.arn,
    createDate: user.created.toISOString(),
    userPolicyList: [],
    groupList: [...user.groups],
    attachedManagedPolicies: user.policies.map((arn) => ({ policyName: state.findPolicy(arn)?.name ?? arn.slice(arn.lastIndexOf('/') + 1), policyArn: arn })),
    permissionsBoundary: null,
    tags: [],
  };
}

/** A user's configuration item as BatchGetResourceConfig returns it (`configuration` is a JSON string). */
export function configurationItem(state: AccountState, user: MemoryUser): BaseConfigurationItem {
  return {
    version: '1.3',
    accountId: state.accountId,
    configurationItemCaptureTime: user.changed,
    configurationItemStatus: 'OK',
    configurationStateId: String(user.changed.getTime()),
    arn: user.arn,
    resourceType: USER,
    resourceId: user.id,
    resourceName: user.name,
    awsRegion: 'global',
    availabilityZone: 'Not Applicable',
    resourceCreationTime: user.created,
    configuration: JSON.stringify(userConfiguration(state, user)),
    supplementaryConfiguration: {},
    recordingFrequency: 'CONTINUOUS',
    configurationItemDeliveryTime: user.changed,
  };
}

/** The latest evaluation (by OrderingTimestamp, as Config orders them) recorded for a resource. */
export function latestEvaluation(state: AccountState, resourceId: string, resourceType = USER): Evaluation | undefined {
  let latest: Evaluation | undefined;
  for (const { evaluation } of state.evaluations) {
    if (evaluation.ComplianceResourceId !== resourceId || evaluation.ComplianceResourceType !== resourceType) continue;
    if (!latest || (evaluation.OrderingTimestamp?.getTime() ?? 0) >= (latest.OrderingTimestamp?.getTime() ?? 0)) latest = evaluation;
  }
  return latest;
}

/** The AWS Config commands. */
export const configCommands = {
  PutEvaluations: (state: AccountState, input: PutEvaluationsRequest): PutEvaluationsResponse => {
    if (!input.ResultToken) throw errors.config.invalidResultToken('The resultToken provided is invalid.');
    const evaluations = input.Evaluations ?? [];
    if (evaluations.length > 100) throw tooLong('evaluations', `[${evaluations.length} evaluations]`, 100);
    evaluations.forEach(checkEvaluation);
    const { failed, passed } = splitFailures(state.failedEvaluations, evaluations);
    if (!input.TestMode) for (const evaluation of passed) state.evaluations.push({ resultToken: input.ResultToken, evaluation: structuredClone(evaluation) });
    return { FailedEvaluations: failed };
  },

  BatchGetResourceConfig: (state: AccountState, input: BatchGetResourceConfigRequest): BatchGetResourceConfigResponse => {
    const keys = input.resourceKeys ?? [];
    if (keys.length < 1) throw errors.config.validation("1 validation error detected: Value '[]' at 'resourceKeys' failed to satisfy constraint: Member must have length greater than or equal to 1");
    if (keys.length > 100) throw tooLong('resourceKeys', `[${keys.length} keys]`, 100);
    const { failed, passed } = splitFailures(state.unprocessedKeys, keys);
    const byId = new Map([...state.users.values()].map((u) => [u.id, u]));
    const items: BaseConfigurationItem[] = [];
    for (const key of passed) {
      const user = key.resourceType === USER && key.resourceId !== undefined ? byId.get(key.resourceId) : undefined;
      if (user?.recorded) items.push(configurationItem(state, user));
    }
    return { baseConfigurationItems: items, unprocessedResourceKeys: failed };
  },

  StartConfigRulesEvaluation: (state: AccountState, input: StartConfigRulesEvaluationRequest): object => {
    const names = input.ConfigRuleNames ?? [];
    if (names.length < 1 || names.length > 25) throw errors.config.validation(`1 validation error detected: Value at 'configRuleNames' failed to satisfy constraint: Member must have length between 1 and 25`);
    state.startedRuleEvaluations.push([...names]);
    return {};
  },
};
