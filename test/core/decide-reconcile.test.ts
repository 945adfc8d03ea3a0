import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decide, reads } from '../../src/core/decide-reconcile.ts';
import { POLICY_ARN } from '../../sim/fixtures.ts';

const NOW = new Date('2025-01-15T12:00:00Z');

const reconcile = suite('decide a reconcile run');

reconcile('reads every user and the whitelist together, once', () => {
  assert.equal(reads({}), [{ kind: 'users' }, { kind: 'whitelist' }]);
  assert.equal(reads({ users: [], exemptions: [] }), []);
});

reconcile('one batch: an attach for each violating user, a skip for the others', () => {
  const users = [
    { name: 'alice', id: 'AIDAJQABLZS4A3QDU576Q', path: '/', attachedPolicyArns: [POLICY_ARN] },
    { name: 'bob', id: 'AIDAIOSFODNN7EXAMPLE', path: '/', attachedPolicyArns: [] },
  ];
  const plan = decide({ users, exemptions: [] }, POLICY_ARN, NOW);
  assert.is(plan.batch, true);
  assert.equal(plan.actions.map((a) => [a.kind, 'user' in a ? a.user : '']), [['skip', 'alice'], ['attach', 'bob']]);
});

reconcile.run();
