/**
 * AWS error names, mapped once, and the typed errors the adapters throw.
 *
 * The SDK names a modelled service error after its shape (`NoSuchEntityException`); the wire code
 * (`NoSuchEntity`) is accepted too, for errors raised outside the SDK's deserialiser. Throttling is
 * not classified here: the SDK's retry strategy owns it.
 *
 * @example
 * ```ts
 * try { await iam.send(command); } catch (e) { if (errors.isNoSuchEntity(e)) return undefined; throw e; }
 * ```
 */

/** The `name` of an error-like value, or undefined. */
export function errorName(error: unknown): string | undefined {
  return error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error)
    ? String((error as { name: unknown }).name)
    : undefined;
}

/** The `message` of an error-like value ('' when there is none). */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return typeof error === 'string' ? error : '';
}

const named = (...names: string[]) => (error: unknown): boolean => names.includes(errorName(error) ?? '');

/** IAM: the user, policy or version does not exist (or is not visible yet). */
export const isNoSuchEntity = named('NoSuchEntityException', 'NoSuchEntity');
/** IAM: a quota is reached (10 managed policies per user, 5 versions per policy). */
export const isLimitExceeded = named('LimitExceededException', 'LimitExceeded');
/** IAM: the entity is still in use (e.g. a user with attached policies cannot be deleted). */
export const isDeleteConflict = named('DeleteConflictException', 'DeleteConflict');
/** IAM: an entity with this name already exists (e.g. a policy recreated concurrently). */
export const isEntityAlreadyExists = named('EntityAlreadyExistsException', 'EntityAlreadyExists');
/** SSM: no parameter with this name. */
export const isParameterNotFound = named('ParameterNotFound');

/** An AWS response lacking what the API documents, so nothing may be decided from it. */
export class ResponseError extends Error {
  override name = 'ResponseError';
  constructor(
    readonly operation: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${operation} response: ${field}: ${problem}`);
  }
}

/** `value`, or a ResponseError naming the missing field: a documented field that is absent means a response not to act on. */
export function required<T>(value: T | undefined | null, operation: string, field: string): T {
  if (value === undefined || value === null) throw new ResponseError(operation, field, 'missing');
  return value;
}

/** The managed policy does not exist (deleted, or a wrong ARN). */
export class PolicyNotFoundError extends Error {
  override name = 'PolicyNotFoundError';
  constructor(
    readonly policyArn: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`policy ${policyArn} does not exist: ${detail}`, options);
  }
}

/** The managed policy changed while it was being read: retry rather than act on a mixed picture. */
export class PolicyChangedError extends Error {
  override name = 'PolicyChangedError';
  constructor(
    readonly policyArn: string,
    detail: string,
  ) {
    super(`policy ${policyArn} changed while being read: ${detail}`);
  }
}

/** AWS Config refused some evaluations even after retrying them. */
export class EvaluationsFailedError extends Error {
  override name = 'EvaluationsFailedError';
  constructor(
    readonly resourceIds: readonly string[],
    total: number,
  ) {
    super(`PutEvaluations: ${resourceIds.length} of ${total} evaluations failed: ${resourceIds.join(', ')}`);
  }
}

/** AWS Config left resource keys unprocessed after every attempt. */
export class UnprocessedResourcesError extends Error {
  override name = 'UnprocessedResourcesError';
  constructor(
    readonly resourceIds: readonly string[],
    attempts: number,
  ) {
    super(`BatchGetResourceConfig: ${resourceIds.length} resources still unprocessed after ${attempts} attempts: ${resourceIds.join(', ')}`);
  }
}
