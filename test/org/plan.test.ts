import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { TargetAccount } from '../../src/aws/organizations.ts';
import * as outcome from '../../src/org/outcome.ts';
import * as orgPlan from '../../src/org/plan.ts';
import { stackSets } from '../../src/org/settings.ts';

const [, home] = stackSets({ homeRegion: 'eu-west-1', prefix: 'mfa-guard' });
if (!home) throw new Error('no home layout');
const target = (id: string, state = 'ACTIVE'): TargetAccount => ({ id, name: `n${id.slice(-2)}`, state, parent: 'ou-a1b2-00000001', target: 'ou-a1b2-00000001' });
const targets = [target('222222222201'), target('222222222202'), target('222222222203'), target('222222222204', 'SUSPENDED')];
const instance = (account: string, extra: Partial<orgPlan.InstanceFacts> = {}): orgPlan.InstanceFacts => ({ account, region: 'eu-west-1', status: 'CURRENT', detailed: 'SUCCEEDED', overrides: {}, ...extra });
const desired = (overrides: Record<string, Record<string, string>> = {}, parameters: Record<string, string> = { Mode: 'enforce' }): orgPlan.DesiredSet => ({ layout: home, templateBody: 'T2', parameters, overrides: new Map(Object.entries(overrides)) });

const plan = suite('orgPlan.forSet');

plan('a first rollout creates the StackSet and an instance in every active target; the suspended one is skipped', () => {
  const p = orgPlan.forSet(desired(), { exists: false, parameters: {}, instances: [] }, targets);
  assert.equal([p.createSet, p.create, p.skipped], [true, ['222222222201', '222222222202', '222222222203'], ['222222222204']]);
  assert.not.ok(orgPlan.unchanged(p));
});

plan('nothing new: unchanged, and the preview says "no changes"', () => {
  const facts = { exists: true, templateBody: 'T2', parameters: { Mode: 'enforce' }, instances: ['222222222201', '222222222202', '222222222203'].map((a) => instance(a)) };
  const p = orgPlan.forSet(desired(), facts, targets);
  assert.ok(orgPlan.unchanged(p));
  assert.equal(orgPlan.preview(p).slice(-2), ['  skip suspended account: 222222222204', '  no changes']);
});

plan('template and parameter changes, a failed instance to run again, an override to set and one to reset', () => {
  const facts = {
    exists: true,
    templateBody: 'T1',
    parameters: { Mode: 'report' },
    instances: [instance('222222222201'), instance('222222222202', { detailed: 'FAILED', status: 'OUTDATED', reason: 'boom' }), instance('222222222203', { overrides: { WhitelistJson: '{"old":1}' } })],
  };
  const p = orgPlan.forSet(desired({ '222222222201': { WhitelistJson: '{"new":1}' } }), facts, targets);
  assert.equal(p.setChanges, ['template (2 → 2 bytes)', 'Mode: report → enforce']);
  assert.equal(p.retry, [{ account: '222222222202', why: 'FAILED: boom' }]);
  assert.equal(p.overrides, [{ account: '222222222201', values: { WhitelistJson: '{"new":1}' } }, { account: '222222222203', values: {} }]);
  assert.equal(orgPlan.preview(p), [
    'mfa-guard-home, 1 region (eu-west-1):',
    '  change template (2 → 2 bytes): updates 3 accounts × 1 region (eu-west-1)',
    '  change Mode: report → enforce: updates 3 accounts × 1 region (eu-west-1)',
    '  run again in 222222222202 (was FAILED: boom)',
    '  override WhitelistJson in 222222222201',
    '  reset the overrides of 222222222203',
    '  skip suspended account: 222222222204',
  ]);
});

plan('the packed function code is one change in the preview, not one line per parameter', () => {
  const facts = { exists: true, templateBody: 'T2', parameters: { Mode: 'enforce', EnforceFunctionCode0: 'old', EnforceFunctionCode1: 'old' }, instances: [instance('222222222201')] };
  const p = orgPlan.forSet(desired({}, { Mode: 'enforce', EnforceFunctionCode0: 'new', EnforceFunctionCode1: 'new' }), facts, targets);
  assert.equal(p.setChanges, ['function code (2 of the <Function>Code<n> parameters)']);
});

const result = suite('outcome');

result('exit 0 only when every target succeeded or is suspended; a cancelled instance is "not attempted", a missing one fails', () => {
  const sets = [{ layout: home, instances: [instance('222222222201'), instance('222222222202', { detailed: 'CANCELLED', status: 'OUTDATED', reason: 'tolerance' })] }];
  const rows = outcome.rows(sets, targets);
  assert.equal(rows.map((r) => [r.account, r.status, r.ok]), [
    ['222222222201', 'SUCCEEDED', true],
    ['222222222202', 'NOT ATTEMPTED', false],
    ['222222222203', 'MISSING', false],
    ['222222222204', 'SKIPPED (suspended)', true],
  ]);
  assert.is(outcome.exitCode(rows), 1);
  assert.is(outcome.exitCode(rows.filter((r) => r.ok)), 0);
  assert.match(outcome.render(rows).join('\n'), /222222222202 +n02 +NOT ATTEMPTED +mfa-guard-home eu-west-1/);
});

plan.run();
result.run();
