/**
 * The errors the in-memory account throws: the SDK's own exception classes, with the HTTP status
 * each service gives them (from the SDK's error schemas), so code under test sees what the SDK
 * would hand it after deserialising a real error response. Errors a service does not model
 * (IAM's `Throttling`, `ValidationError`) are built as the SDK builds them: the service's base
 * exception with that name and no `$retryable`.
 *
 * @example
 * ```ts
 * account.fail('AttachUserPolicy', () => throttling('iam'), { times: 2 });
 * ```
 */
import {
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  DeleteConflictException,
  EntityAlreadyExistsException,
  IAMServiceException,
  InvalidAuthenticationCodeException,
  LimitExceededException,
  MalformedPolicyDocumentException,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import {
  ConfigServiceServiceException,
  InvalidNextTokenException,
  InvalidParameterValueException,
  InvalidResultTokenException,
  NoSuchConfigRuleException,
  ValidationException as ConfigValidationException,
} from '@aws-sdk/client-config-service';
import {
  InternalServerError,
  ParameterAlreadyExists,
  ParameterNotFound,
  ThrottlingException as SsmThrottlingException,
  ValidationException as SsmValidationException,
} from '@aws-sdk/client-ssm';

/** The services the in-memory account answers for. */
export type Service = 'iam' | 'config' | 'ssm';

function meta(httpStatusCode: number) {
  return { httpStatusCode };
}

/** IAM errors, named as `@aws-sdk/client-iam` names them. */
export const iam = {
  noSuchEntity: (message: string) => new NoSuchEntityException({ message, $metadata: meta(404) }),
  alreadyExists: (message: string) => new EntityAlreadyExistsException({ message, $metadata: meta(409) }),
  limitExceeded: (message: string) => new LimitExceededException({ message, $metadata: meta(409) }),
  deleteConflict: (message: string) => new DeleteConflictException({ message, $metadata: meta(409) }),
  malformedPolicy: (message: string) => new MalformedPolicyDocumentException({ message, $metadata: meta(400) }),
  invalidAuthenticationCode: (message: string) => new InvalidAuthenticationCodeException({ message, $metadata: meta(403) }),
  reportNotPresent: () =>
    new CredentialReportNotPresentException({ message: 'Credential report not present. Use GenerateCredentialReport to generate a report.', $metadata: meta(410) }),
  reportExpired: () =>
    new CredentialReportExpiredException({ message: 'Credential report has expired. Use GenerateCredentialReport to generate a new report.', $metadata: meta(410) }),
  reportNotReady: () => new CredentialReportNotReadyException({ message: 'Credential report is being generated.', $metadata: meta(404) }),
  /** A request parameter outside its constraints: IAM answers with the unmodelled `ValidationError`. */
  validation: (message: string) => new IAMServiceException({ name: 'ValidationError', $fault: 'client', message, $metadata: meta(400) }),
  accessDenied: (message: string) => new IAMServiceException({ name: 'AccessDenied', $fault: 'client', message, $metadata: meta(403) }),
};

/** AWS Config errors. */
export const config = {
  validation: (message: string) => new ConfigValidationException({ message, $metadata: meta(400) }),
  invalidResultToken: (message: string) => new InvalidResultTokenException({ message, $metadata: meta(400) }),
  noSuchRule: (message: string) => new NoSuchConfigRuleException({ message, $metadata: meta(400) }),
  invalidNextToken: (message: string) => new InvalidNextTokenException({ message, $metadata: meta(400) }),
  invalidParameter: (message: string) => new InvalidParameterValueException({ message, $metadata: meta(400) }),
};

/** SSM errors. */
export const ssm = {
  parameterNotFound: (name: string) => new ParameterNotFound({ message: `Parameter ${name} not found.`, $metadata: meta(400) }),
  alreadyExists: () =>
    new ParameterAlreadyExists({ message: 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.', $metadata: meta(400) }),
  validation: (message: string) => new SsmValidationException({ message, Message: message, $metadata: meta(400) }),
};

/**
 * A throttling error as each service sends it: IAM's unmodelled `Throttling` (HTTP 400), Config's
 * unmodelled `ThrottlingException`, SSM's modelled `ThrottlingException`. The SDK's standard retry
 * strategy retries all three.
 */
export function throttling(service: Service): Error {
  const message = 'Rate exceeded';
  switch (service) {
    case 'iam':
      return new IAMServiceException({ name: 'Throttling', $fault: 'client', message, $metadata: meta(400) });
    case 'config':
      return new ConfigServiceServiceException({ name: 'ThrottlingException', $fault: 'client', message, $metadata: meta(400) });
    case 'ssm':
      return new SsmThrottlingException({ message, Message: message, $metadata: meta(400) });
  }
}

/** A 5xx from the service (`ServiceUnavailable` 503 for IAM and Config, SSM's `InternalServerError` 500): retried by the SDK as transient. */
export function unavailable(service: Service): Error {
  const message = 'Service is unavailable. Please try again later.';
  switch (service) {
    case 'iam':
      return new IAMServiceException({ name: 'ServiceUnavailable', $fault: 'server', message, $metadata: meta(503) });
    case 'config':
      return new ConfigServiceServiceException({ name: 'ServiceUnavailable', $fault: 'server', message, $metadata: meta(503) });
    case 'ssm':
      return new InternalServerError({ message, Message: message, $metadata: meta(500) });
  }
}

/** `NoSuchEntity` for a user IAM cannot see (yet): the eventual-consistency race after CreateUser. */
export function noSuchUser(name: string): Error {
  return iam.noSuchEntity(`The user with name ${name} cannot be found.`);
}
