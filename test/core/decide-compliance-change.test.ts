/** Remediation's decisions, as data: a recorded Compliance Change event and the facts read → what to read, then the action. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as complianceChange from '../../src/core/compliance-change.ts';
import { decide, reads } from '../../src/core/decide-compliance-change.ts';
import type { Facts } from '../../src/core/plan.ts';
import type { Exemption } from '../../src/core/whitelist.ts';
import { load, RULE_NAME } from '../../sim/fixtures.ts';

const NOW = new Date('2025-01-15T12:00:00Z');
const BOB = 'AIDAIOSFODNN7EXAMPLE';
const change = (name: string) => complianceChange.decode(load('compliance-change', `${name}.json`), RULE_NAME);
const plan = (name: string, facts: Facts) => decide(change(name), facts, NOW);

const remediation = suite('decide on a Compliance Change');

remediation('non-compliant-user.json: Config names the user, then the whitelist; bob gets the policy', () => {
  assert.equal(reads(change('non-compliant-user'), {}), [{ kind: 'config-user-name', userId: BOB }]);
  assert.equal(reads(change('non-compliant-user'), { configUserName: 'bob' }), [{ kind: 'whitelist' }]);
  assert.equal(plan('non-compliant-user', { configUserName: 'bob', exemptions: [] }), {
    eventId: 'd1cc902d-88e7-9629-25ad-cf89c077a06c',
    batch: false,
    actions: [{ kind: 'attach', user: 'bob', userId: 'AIDAIOSFODNN7EXAMPLE', reason: 'Config reported NON_COMPLIANT at 2023-06-01T09:20:05.902Z' }],
  });
});

remediation('a user Config holds no item for (not recorded yet, or deleted): IAM\'s listing tells them apart', () => {
  assert.equal(reads(change('non-compliant-user'), { configUserName: null }), [{ kind: 'users' }]);
  const users = [{ name: 'bob', id: BOB, path: '/', attachedPolicyArns: [] }];
  assert.equal(reads(change('non-compliant-user'), { configUserName: null, users }), [{ kind: 'whitelist' }]);
  assert.equal(plan('non-compliant-user', { configUserName: null, users, exemptions: [] }).actions.map((a) => a.kind), ['attach']);
  assert.equal(reads(change('non-compliant-user'), { configUserName: null, users: [] }), [], 'gone: no whitelist read');
  assert.equal(plan('non-compliant-user', { configUserName: null, users: [] }).actions, [{ kind: 'skip', why: 'gone', userId: BOB, reason: 'neither AWS Config nor IAM knows this user ID (deleted)' }]);
});

remediation('a user exempt by today\'s whitelist (name and ID) is left alone', () => {
  const exemption: Exemption = { name: 'bob', userId: BOB, reason: 'break-glass' };
  assert.equal(plan('non-compliant-user', { configUserName: 'bob', exemptions: [exemption] }).actions, [{ kind: 'skip', why: 'exempt', user: 'bob', reason: 'whitelisted: break-glass' }]);
  assert.equal(plan('non-compliant-user', { configUserName: 'bob', exemptions: [{ ...exemption, userId: 'AIDAOTHERUSER0000001' }] }).actions.map((a) => a.kind), ['attach']);
});

remediation('other rules, resource types and compliance values are ignored, with nothing read', () => {
  for (const name of ['other-rule', 'other-resource-type', 'compliant-user']) {
    assert.equal(reads(change(name), {}), [], name);
    assert.equal(plan(name, {}).actions.map((a) => a.kind), ['ignore'], name);
  }
});

remediation.run();
