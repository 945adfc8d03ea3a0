import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as trailsApi from '../../src/aws/trails.ts';
import { sent } from '../support/sent.ts';

const read = suite('trails.trailsWithStatus');

read('lists shadow trails too, and reads each status by ARN; a status error is kept with its trail', async () => {
  const trail = new CloudTrailClient({ region: 'us-east-1' });
  const stub = mockClient(trail);
  const org = 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/org';
  const own = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/own';
  stub.on(DescribeTrailsCommand).resolves({ trailList: [{ Name: 'org', TrailARN: org, IsOrganizationTrail: true }, { Name: 'own', TrailARN: own }] });
  stub.on(GetTrailStatusCommand, { Name: org }).rejects(Object.assign(new Error('Unknown trail'), { name: 'TrailNotFoundException' }));
  stub.on(GetTrailStatusCommand, { Name: own }).resolves({ IsLogging: true });
  const trails = await trailsApi.trailsWithStatus(trail);
  assert.equal(trails.map((t) => [t.Name, t.status]), [
    ['org', { error: 'TrailNotFoundException: Unknown trail' }],
    ['own', { IsLogging: true }],
  ]);
  assert.equal(sent(stub)[0], { command: 'DescribeTrailsCommand', input: { includeShadowTrails: true } });
});

read.run();
