/**
 * The errors the in-memory organisation throws: the SDK's own exception classes (Organizations,
 * CloudFormation, STS) with their HTTP status, as the SDK hands them over after deserialising.
 */
import {
  CloudFormationServiceException,
  InsufficientCapabilitiesException,
  NameAlreadyExistsException,
  OperationInProgressException,
  StackInstanceNotFoundException,
  StackSetNotEmptyException,
  StackSetNotFoundException,
  OperationNotFoundException,
} from '@aws-sdk/client-cloudformation';
import {
  AccessDeniedException,
  AccountNotFoundException,
  ParentNotFoundException,
} from '@aws-sdk/client-organizations';
import { STSServiceException } from '@aws-sdk/client-sts';

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

/** Organizations errors. */
export const organizations = {
  accessDenied: () => new AccessDeniedException({ message: "You don't have permissions to access this resource.", ...meta(400) }),
  parentNotFound: (id: string) => new ParentNotFoundException({ message: `We can't find a root or OU with the ParentId ${id} that you specified.`, ...meta(400) }),
  accountNotFound: (id: string) => new AccountNotFoundException({ message: `We can't find an account with the AccountId ${id} that you specified.`, ...meta(400) }),
};

/** CloudFormation (StackSets) errors. */
export const cloudformation = {
  stackSetNotFound: (name: string) => new StackSetNotFoundException({ message: `StackSet ${name} not found`, ...meta(404) }),
  nameExists: (name: string) => new NameAlreadyExistsException({ message: `StackSet ${name} already exists`, ...meta(409) }),
  inProgress: (id: string) => new OperationInProgressException({ message: `Another Operation on StackSet is in progress: ${id}`, ...meta(409) }),
  notEmpty: (name: string) => new StackSetNotEmptyException({ message: `StackSet ${name} is not empty`, ...meta(409) }),
  operationNotFound: (id: string) => new OperationNotFoundException({ message: `Operation ${id} not found`, ...meta(404) }),
  instanceNotFound: (message: string) => new StackInstanceNotFoundException({ message, ...meta(404) }),
  insufficientCapabilities: (message: string) => new InsufficientCapabilitiesException({ message, ...meta(400) }),
  /** CloudFormation's unmodelled `ValidationError` (HTTP 400). */
  validation: (message: string) => new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', message, ...meta(400) }),
  accessDenied: (message: string) => new CloudFormationServiceException({ name: 'AccessDenied', $fault: 'client', message, ...meta(403) }),
};

/** STS errors. */
export const sts = {
  accessDenied: (message: string) => new STSServiceException({ name: 'AccessDenied', $fault: 'client', message, ...meta(403) }),
};
