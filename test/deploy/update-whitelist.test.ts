import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { updateWhitelist } from '../../scripts/deploy/update-whitelist.ts';
import { WhitelistError } from '../../src/core/errors.ts';
import { DeployError } from '../../src/deploy/errors.ts';
import * as settings from '../../src/deploy/settings.ts';
import { rejectsAsync } from '../support/assert.ts';
import { instantPace, scriptedIo } from '../support/deploy-io.ts';
import { fakeCloudFormation } from '../support/fake-cloudformation.ts';
import { fakeDeployAws } from '../support/fake-deploy-aws.ts';
import { sent } from '../support/sent.ts';

const input = (text: string, env: Record<string, string> = {}) => ({ settings: settings.parse(env), region: 'eu-west-1', whitelist: { text, source: 'whitelist.txt' } });
const stack = (parameter: string) =>
  fakeCloudFormation({ name: 'mfa-guard', existing: { StackStatus: 'UPDATE_COMPLETE', Parameters: [{ ParameterKey: 'WhitelistParameterName', ParameterValue: parameter }] } });

const update = suite('updateWhitelist');

update('writes the parameter the deployed stack reads, and nothing else', async () => {
  const home = stack('/custom/whitelist');
  const { aws, stubs } = fakeDeployAws({ cfn: home.client });
  const io = scriptedIo();
  await updateWhitelist(aws, input('ci-deployer # CI\n'), io, instantPace());
  assert.equal(sent(stubs.ssm), [
    {
      command: 'PutParameterCommand',
      input: { Name: '/custom/whitelist', Value: '{"version":1,"exemptions":[{"name":"ci-deployer","userId":"AIDAQ3EGRNG2ZH3EXAMPLE","reason":"CI"}]}', Type: 'String', Overwrite: true, Tier: 'Standard' },
    },
  ]);
  assert.equal(sent(home.stub).map((c) => c.command), ['DescribeStacksCommand']);
  assert.ok(io.lines.includes('Wrote /custom/whitelist (99 bytes): exempt ci-deployer (AIDAQ3EGRNG2ZH3EXAMPLE).'));
});

update('without a deployed stack it writes the name make deploy will use, and says so', async () => {
  const { aws, stubs } = fakeDeployAws({ cfn: fakeCloudFormation({ name: 'mfa-guard' }).client });
  const io = scriptedIo();
  await updateWhitelist(aws, input(''), io, instantPace());
  assert.is((sent(stubs.ssm)[0]?.input as { Name: string }).Name, '/mfa-guard/whitelist');
  assert.ok(io.lines.includes('Stack mfa-guard is not deployed in eu-west-1: writing /mfa-guard/whitelist for the next make deploy.'));
});

update('an unknown name is refused at its line, and nothing is written', async () => {
  const { aws, stubs } = fakeDeployAws({ cfn: stack('/mfa-guard/whitelist').client });
  const error = await rejectsAsync(updateWhitelist(aws, input('ci-deployer\nmallory\n'), scriptedIo(), instantPace()), WhitelistError);
  assert.is(error.message, 'whitelist.txt:2: no IAM user named "mallory" in this account');
  assert.equal(sent(stubs.ssm), []);
});

update('a caller who would lose their exemption is stopped, YES=1 or not; ALLOW_SELF_LOCKOUT=1 passes', async () => {
  const caller = { callerArn: 'arn:aws:iam::123456789012:user/ci-deployer', callerUserId: 'AIDAQ3EGRNG2ZH3EXAMPLE' };
  const { aws, stubs } = fakeDeployAws({ cfn: stack('/mfa-guard/whitelist').client, ...caller });
  await rejectsAsync(updateWhitelist(aws, input('# nobody\n', { YES: '1' }), scriptedIo(), instantPace()), DeployError);
  assert.equal(sent(stubs.ssm), []);
  const allowed = fakeDeployAws({ cfn: stack('/mfa-guard/whitelist').client, ...caller });
  await updateWhitelist(allowed.aws, input('# nobody\n', { ALLOW_SELF_LOCKOUT: '1' }), scriptedIo(), instantPace());
  assert.is(sent(allowed.stubs.ssm).length, 1);
});

update.run();
