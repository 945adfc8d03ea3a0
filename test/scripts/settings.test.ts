import type { Stack } from '@aws-sdk/client-cloudformation';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { OperatorSettingsError, resolveSettings } from '../../scripts/operator/settings.ts';
import { flag } from '../../scripts/operator/cli.ts';
import { rejects, rejectsAsync } from '../support/assert.ts';

const POLICY = 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA';
const stack: Stack = {
  StackName: 'mfa-guard',
  StackStatus: 'UPDATE_COMPLETE',
  CreationTime: new Date('2025-01-01T00:00:00Z'),
  Outputs: [{ OutputKey: 'PolicyArn', OutputValue: POLICY }, { OutputKey: 'ConfigRuleName', OutputValue: 'mfa-guard-users' }],
  Parameters: [{ ParameterKey: 'WhitelistParameterName', ParameterValue: '/mfa-guard/whitelist' }],
};

function stacks(known: Record<string, Stack>) {
  const asked: string[] = [];
  return { asked, describe: async (name: string) => (asked.push(name), known[name]) };
}

const resolve = suite('operator settings');

resolve('POLICY_ARN and WHITELIST_PARAMETER are used as given, without reading any stack', async () => {
  const { asked, describe } = stacks({});
  const settings = await resolveSettings({ POLICY_ARN: POLICY, WHITELIST_PARAMETER: '/x/whitelist' }, describe);
  assert.equal(settings, { policyArn: POLICY, whitelistParameter: '/x/whitelist', source: 'POLICY_ARN and WHITELIST_PARAMETER' });
  assert.equal(asked, []);
});

resolve('otherwise they come from the stack (STACK, default mfa-guard): output PolicyArn, parameter WhitelistParameterName', async () => {
  const { asked, describe } = stacks({ 'mfa-guard': stack, other: { ...stack, StackName: 'other' } });
  assert.equal(await resolveSettings({}, describe), { policyArn: POLICY, whitelistParameter: '/mfa-guard/whitelist', source: 'stack mfa-guard' });
  assert.is((await resolveSettings({ STACK: 'other' }, describe)).source, 'stack other');
  assert.equal(asked, ['mfa-guard', 'other']);
});

resolve('a variable overrides the stack value it names', async () => {
  const { describe } = stacks({ 'mfa-guard': stack });
  assert.is((await resolveSettings({ WHITELIST_PARAMETER: '/custom' }, describe)).whitelistParameter, '/custom');
});

resolve('a missing stack, or one without the output, says what to do', async () => {
  const { describe } = stacks({ broken: { ...stack, StackStatus: 'ROLLBACK_COMPLETE', Outputs: [] } });
  const missing = await rejectsAsync(resolveSettings({}, describe), OperatorSettingsError);
  assert.match(missing.message, /^stack mfa-guard does not exist in this region\nDeploy with `make deploy`/);
  const broken = await rejectsAsync(resolveSettings({ STACK: 'broken' }, describe), OperatorSettingsError);
  assert.match(broken.message, /^stack broken \(ROLLBACK_COMPLETE\) has no output PolicyArn/);
});

resolve('a POLICY_ARN that is not a customer managed policy ARN is refused', async () => {
  const { describe } = stacks({});
  await rejectsAsync(resolveSettings({ POLICY_ARN: 'DenyActionWithoutMFA', WHITELIST_PARAMETER: '/w' }, describe), OperatorSettingsError);
});

const flags = suite('operator yes/no variables');

flags('1/true/yes and 0/false/no/unset; anything else is an error', () => {
  assert.equal(['1', 'true', 'YES', '0', 'false', 'no', '', undefined].map((v) => flag({ APPLY: v }, 'APPLY')), [true, true, true, false, false, false, false, false]);
  assert.is(rejects(() => flag({ APPLY: 'y' }, 'APPLY'), Error).message, 'APPLY="y" is neither 1 nor 0');
});

resolve.run();
flags.run();
