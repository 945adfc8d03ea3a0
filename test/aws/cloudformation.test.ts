import { CloudFormationClient, CloudFormationServiceException, DescribeStackEventsCommand, DescribeStacksCommand, type StackEvent } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as cloudformation from '../../src/aws/cloudformation.ts';
import { rejectsAsync } from '../support/assert.ts';
import { noSuchStack } from '../support/fake-cloudformation.ts';
import { sent } from '../support/sent.ts';

const client = () => {
  const cfn = new CloudFormationClient({ region: 'eu-west-1' });
  return { cfn, stub: mockClient(cfn) };
};
const ev = (id: string): StackEvent => ({ StackId: 's', StackName: 's', EventId: id, Timestamp: new Date(0) });

const describe = suite('cloudformation.describeStack');

describe('a stack that does not exist is undefined', async () => {
  const { cfn, stub } = client();
  stub.on(DescribeStacksCommand).rejects(noSuchStack('mfa-guard'));
  assert.is(await cloudformation.describeStack(cfn, 'mfa-guard'), undefined);
});

describe('any other error is thrown, a ValidationError about something else included', async () => {
  const { cfn, stub } = client();
  stub.on(DescribeStacksCommand).rejects(new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', $metadata: {}, message: '1 validation error detected' }));
  await rejectsAsync(cloudformation.describeStack(cfn, 'mfa-guard'), CloudFormationServiceException);
});

describe('outputs and parameters read as records', () => {
  const stack = { StackName: 's', CreationTime: new Date(0), StackStatus: 'CREATE_COMPLETE' as const, Outputs: [{ OutputKey: 'PolicyArn', OutputValue: 'arn' }], Parameters: [{ ParameterKey: 'Mode', ParameterValue: 'report' }] };
  assert.equal(cloudformation.outputsOf(stack), { PolicyArn: 'arn' });
  assert.equal(cloudformation.parametersOf(stack), { Mode: 'report' });
  assert.equal(cloudformation.outputsOf(undefined), {});
});

describe.run();

const events = suite('cloudformation.eventsSince');

events('walks newest-first pages until the marker and returns the new events oldest first', async () => {
  const { cfn, stub } = client();
  stub.on(DescribeStackEventsCommand, { StackName: 'id', NextToken: undefined }).resolves({ StackEvents: [ev('e5'), ev('e4')], NextToken: 't2' });
  stub.on(DescribeStackEventsCommand, { StackName: 'id', NextToken: 't2' }).resolves({ StackEvents: [ev('e3'), ev('e2')], NextToken: 't3' });
  stub.on(DescribeStackEventsCommand, { StackName: 'id', NextToken: 't3' }).resolves({ StackEvents: [ev('e1')] });
  const fresh = await cloudformation.eventsSince(cfn, 'id', 'e2');
  assert.equal(fresh.map((e) => e.EventId), ['e3', 'e4', 'e5']);
  assert.equal(sent(stub).map((c) => (c.input as { NextToken?: string }).NextToken), [undefined, 't2']);
});

events('without a marker, every page is read', async () => {
  const { cfn, stub } = client();
  stub.on(DescribeStackEventsCommand, { StackName: 'id', NextToken: undefined }).resolves({ StackEvents: [ev('e2')], NextToken: 't2' });
  stub.on(DescribeStackEventsCommand, { StackName: 'id', NextToken: 't2' }).resolves({ StackEvents: [ev('e1')] });
  assert.equal((await cloudformation.eventsSince(cfn, 'id', undefined)).map((e) => e.EventId), ['e1', 'e2']);
});

events.run();
