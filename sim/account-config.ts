/**
 * AWS Config in the in-memory account: PutEvaluations (at most 100 a call, annotations 1–256
 * characters, FailedEvaluations injectable), BatchGetResourceConfig (at most 100 keys; items built
 * from the IAM state, deleted or not-yet-recorded users simply absent, as the API documents) and
 * StartConfigRulesEvaluation (recorded only), and GetComplianceDetailsByConfigRule (the latest
 * evaluation of each resource, paged by NextToken, at most 100 a page; whether NOT_APPLICABLE
 * results are listed is a switch, `listsNotApplicable`, because the documentation leaves it open).
 */
import type {
  BaseConfigurationItem,
  BatchGetResourceConfigRequest,
  BatchGetResourceConfigResponse,
  Evaluation,
  EvaluationResult,
  GetComplianceDetailsByConfigRuleRequest,
  GetComplianceDetailsByConfigRuleResponse,
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

/** The latest evaluation of every resource, in resource ID order. */
function latestEvaluations(state: AccountState): { evaluation: Evaluation; resultToken: string }[] {
  const latest = new Map<string, RecordedLatest>();
  for (const recorded of state.evaluations) {
    const key = `${recorded.evaluation.ComplianceResourceType}/${recorded.evaluation.ComplianceResourceId}`;
    const known = latest.get(key);
    if (!known || (recorded.evaluation.OrderingTimestamp?.getTime() ?? 0) >= (known.evaluation.OrderingTimestamp?.getTime() ?? 0)) latest.set(key, recorded);
  }
  return [...latest.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, recorded]) => recorded);
}

type RecordedLatest = { evaluation: Evaluation; resultToken: string };

function evaluationResult(ruleName: string, { evaluation, resultToken }: RecordedLatest, recordedAt: Date): EvaluationResult {
  return {
    EvaluationResultIdentifier: {
      EvaluationResultQualifier: { ConfigRuleName: ruleName, ResourceType: evaluation.ComplianceResourceType, ResourceId: evaluation.ComplianceResourceId, EvaluationMode: 'DETECTIVE' },
      ...(evaluation.OrderingTimestamp && { OrderingTimestamp: evaluation.OrderingTimestamp }),
    },
    ...(evaluation.ComplianceType && { ComplianceType: evaluation.ComplianceType }),
    ResultRecordedTime: recordedAt,
    ConfigRuleInvokedTime: recordedAt,
    ...(evaluation.Annotation !== undefined && { Annotation: evaluation.Annotation }),
    ResultToken: resultToken,
  };
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

  GetComplianceDetailsByConfigRule: (state: AccountState, input: GetComplianceDetailsByConfigRuleRequest): GetComplianceDetailsByConfigRuleResponse => {
    if (input.ConfigRuleName !== state.configRuleName) throw errors.config.noSuchRule(`The ConfigRule '${input.ConfigRuleName}' provided in the request is invalid. Please check the configRule name.`);
    const limit = input.Limit ?? 0;
    if (!Number.isInteger(limit) || limit < 0 || limit > 100) throw errors.config.invalidParameter(`Limit ${limit} is not valid: at most 100`);
    const types = input.ComplianceTypes && input.ComplianceTypes.length > 0 ? new Set<string>(input.ComplianceTypes) : undefined;
    if (types?.has('INSUFFICIENT_DATA')) throw errors.config.invalidParameter('INSUFFICIENT_DATA cannot be used as a ComplianceType for filtering results.');
    const results = latestEvaluations(state).filter(({ evaluation }) => {
      const type = String(evaluation.ComplianceType);
      return (!types || types.has(type)) && (state.listsNotApplicable || type !== 'NOT_APPLICABLE');
    });
    const start = input.NextToken === undefined ? 0 : Number(/^page:(\d+)$/.exec(input.NextToken)?.[1] ?? NaN);
    if (!Number.isInteger(start)) throw errors.config.invalidNextToken('The nextToken provided is invalid');
    const size = limit === 0 ? 10 : limit;
    const next = start + size < results.length ? `page:${start + size}` : undefined;
    return { EvaluationResults: results.slice(start, start + size).map((r) => evaluationResult(state.configRuleName, r, state.clock())), ...(next && { NextToken: next }) };
  },

  StartConfigRulesEvaluation: (state: AccountState, input: StartConfigRulesEvaluationRequest): object => {
    const names = input.ConfigRuleNames ?? [];
    if (names.length < 1 || names.length > 25) throw errors.config.validation(`1 validation error detected: Value at 'configRuleNames' failed to satisfy constraint: Member must have length between 1 and 25`);
    state.startedRuleEvaluations.push([...names]);
    return {};
  },
};
