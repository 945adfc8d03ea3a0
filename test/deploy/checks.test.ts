import { DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { GetAccountAuthorizationDetailsCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as checks from '../../scripts/deploy/checks.ts';
import { fakeCloudFormation } from '../support/fake-cloudformation.ts';
import { fakeDeployAws } from '../support/fake-deploy-aws.ts';
import { sent } from '../support/sent.ts';

const input = { region: 'eu-west-1', whitelistText: 'ci-deployer\n', whitelistSource: 'whitelist.txt', mode: 'report' as const, allowSelfLockout: false, now: new Date('2026-11-29T12:00:00Z') };
const levels = (result: checks.PreflightResult) => result.verdicts.map((v) => `${v.check}:${v.level}`);
const fresh = () => fakeDeployAws({ cfn: fakeCloudFormation({ name: 'mfa-guard' }).client });

const run = suite('checks.run');

run('a healthy account passes every check and resolves the whitelist', async () => {
  const { aws } = fresh();
  const result = await checks.run(aws, input);
  assert.equal(levels(result), ['credentials:ok', 'whitelist:ok', 'aws-config:ok', 'cloudtrail:ok', 'lock-out:ok']);
  assert.equal(result.exemptions, [{ name: 'ci-deployer', userId: 'AIDAQ3EGRNG2ZH3EXAMPLE' }]);
});

run('without credentials only that is reported, and nothing else is called', async () => {
  const { aws, stubs } = fresh();
  stubs.sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
  const result = await checks.run(aws, input);
  assert.equal(result.verdicts, [
    {
      check: 'credentials',
      level: 'fail',
      message: 'no usable AWS credentials (CredentialsProviderError: Could not load credentials from any providers)',
      hint: 'Pass PROFILE=<profile> to make, or set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).',
    },
  ]);
  assert.equal(sent(stubs.iam), []);
});

run('with a profile given, the credentials hint is about that profile, never "pass PROFILE="', async () => {
  const { aws, stubs } = fresh();
  stubs.sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('Token is expired'), { name: 'CredentialsProviderError' }));
  const result = await checks.run(aws, { ...input, profile: 'prod-admin' });
  const hint = result.verdicts[0]?.hint ?? '';
  assert.match(hint, 'Profile "prod-admin" gave no usable credentials: for an SSO profile run `aws sso login --profile prod-admin`');
  assert.not.match(hint, 'PROFILE=');
});

run('a GovCloud region is refused before GetCallerIdentity', async () => {
  const { aws, stubs } = fresh();
  const result = await checks.run(aws, { ...input, region: 'us-gov-east-1' });
  assert.equal(levels(result), ['partition:fail']);
  assert.equal(sent(stubs.sts), []);
});

run('a malformed whitelist fails before IAM is listed; the lock-out guard then says it was not checked', async () => {
  const { aws, stubs } = fresh();
  const result = await checks.run(aws, { ...input, whitelistText: 'ci-deployer\nci-deployer\n' });
  assert.equal(levels(result), ['credentials:ok', 'whitelist:fail', 'aws-config:ok', 'cloudtrail:ok', 'lock-out:warn']);
  assert.match(result.verdicts[1]?.message ?? '', 'whitelist.txt:2: "ci-deployer" is already listed on line 1');
  assert.equal(sent(stubs.iam), []);
  assert.is(result.exemptions, undefined);
});

run('IAM that cannot be listed fails the whitelist check with the AWS error', async () => {
  const { aws, stubs } = fresh();
  stubs.iam.on(GetAccountAuthorizationDetailsCommand).rejects(Object.assign(new Error('not authorized to perform: iam:GetAccountAuthorizationDetails'), { name: 'AccessDenied' }));
  const result = await checks.run(aws, input);
  assert.is(result.verdicts[1]?.message, 'cannot list the IAM users to resolve it (AccessDenied: not authorized to perform: iam:GetAccountAuthorizationDetails)');
});

run('when REGION does not record IAM users, the candidate regions are asked which one does', async () => {
  const fake = fakeDeployAws({ cfn: fakeCloudFormation({ name: 'mfa-guard' }).client, recorders: [], recordsElsewhere: ['eu-central-1'] });
  const result = await checks.run(fake.aws, input);
  assert.is(result.verdicts[2]?.level, 'fail');
  assert.match(result.verdicts[2]?.hint ?? '', 'IAM users are recorded in eu-central-1: deploy there, e.g. make deploy REGION=eu-central-1');
  assert.ok(fake.elsewhere.has('us-east-1'));
  assert.not.ok(fake.elsewhere.has('eu-west-1'));
});

run('a region that cannot record IAM types fails even with an all-types recorder, and the others are asked', async () => {
  const fake = fakeDeployAws({ cfn: fakeCloudFormation({ name: 'mfa-guard' }).client, recordsElsewhere: ['eu-west-1'] });
  const result = await checks.run(fake.aws, { ...input, region: 'eu-central-2' });
  assert.equal(levels(result), ['credentials:ok', 'whitelist:ok', 'aws-config:fail', 'cloudtrail:ok', 'lock-out:ok']);
  assert.match(result.verdicts[2]?.hint ?? '', 'IAM users are recorded in eu-west-1: deploy there, e.g. make deploy REGION=eu-west-1');
});

run('the other regions are not asked when REGION records IAM users', async () => {
  const fake = fresh();
  await checks.run(fake.aws, input);
  assert.is(fake.elsewhere.size, 0);
});

run('trails that cannot be read are a warning saying why', async () => {
  const { aws, stubs } = fresh();
  stubs.trail.on(DescribeTrailsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
  const result = await checks.run(aws, input);
  assert.equal(result.verdicts[3], {
    check: 'cloudtrail',
    level: 'warn',
    message: 'cannot read the trails of us-east-1 (AccessDeniedException: denied): the real-time path may stay silent without one',
  });
});

run.run();
