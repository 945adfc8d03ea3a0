/**
 * What a member account answers that the in-memory account does not model: AWS Config recorder
 * status, and the CloudFormation stacks StackSet instances (or `make deploy`) made there.
 */
import type { DescribeStacksInput } from '@aws-sdk/client-cloudformation';
import type { DescribeConfigurationRecordersRequest, DescribeConfigurationRecorderStatusRequest } from '@aws-sdk/client-config-service';
import { CloudFormationServiceException } from '@aws-sdk/client-cloudformation';
import type { OrgAccount } from './org-state.ts';

type Handler = (member: OrgAccount, region: string, input: never) => object;

/** Config recorder calls, answered from `member.recorders[region]`. */
export const recorderCommands: Record<string, Handler> = {
  DescribeConfigurationRecorders: (member: OrgAccount, region: string, _input: DescribeConfigurationRecordersRequest) => {
    const recorder = member.recorders.get(region);
    if (!recorder) return { ConfigurationRecorders: [] };
    const group = { allSupported: true, includeGlobalResourceTypes: recorder.iam, resourceTypes: [] };
    return { ConfigurationRecorders: [{ name: 'default', roleARN: `arn:aws:iam::${member.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, recordingGroup: group }] };
  },
  DescribeConfigurationRecorderStatus: (member: OrgAccount, region: string, _input: DescribeConfigurationRecorderStatusRequest) => {
    const recorder = member.recorders.get(region);
    return { ConfigurationRecordersStatus: recorder ? [{ name: 'default', recording: recorder.recording, lastStatus: 'SUCCESS' }] : [] };
  },
};

/** CloudFormation DescribeStacks in a member account: the stacks of that region, or one by name (ValidationError when missing). */
export const memberStackCommands: Record<string, Handler> = {
  DescribeStacks: (member: OrgAccount, region: string, input: DescribeStacksInput) => {
    const stacks = [...member.stacks.values()].filter((s) => s.region === region && (input.StackName === undefined || s.name === input.StackName || s.id === input.StackName));
    if (input.StackName !== undefined && stacks.length === 0) {
      throw new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', message: `Stack with id ${input.StackName} does not exist`, $metadata: { httpStatusCode: 400 } });
    }
    return {
      Stacks: stacks.map((s) => ({
        StackName: s.name,
        StackId: s.id,
        StackStatus: s.status,
        CreationTime: new Date(0),
        Parameters: Object.entries(s.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
        Outputs: Object.entries(s.outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      })),
    };
  },
};
