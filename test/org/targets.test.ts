import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { soft, strict, targetsFor } from '../../scripts/org/rollout.ts';
import type { TargetAccount } from '../../src/aws/organizations.ts';

const ous = Array.from({ length: 60 }, (_, i) => `ou-a1b2-${String(i).padStart(8, '0')}`);
const accounts: TargetAccount[] = ous.map((ou, i) => ({ id: `3333333333${String(i).padStart(2, '0')}`, name: `a${i}`, state: 'ACTIVE', parent: ou, target: ou }));

const targets = suite('rollout.targetsFor');

targets('more than 50 OUs are split into calls of at most 50', () => {
  const all = targetsFor(ous, accounts, { except: [] });
  assert.equal(all.map((t) => t.OrganizationalUnitIds?.length), [50, 10]);
  assert.equal(all.map((t) => t.AccountFilterType), [undefined, undefined]);
});

targets('INTERSECTION names only the OUs that reach the accounts; DIFFERENCE excludes per chunk, and a chunk left empty is dropped', () => {
  assert.equal(targetsFor(ous, accounts, { only: ['333333333355'] }), [{ OrganizationalUnitIds: ['ou-a1b2-00000055'], Accounts: ['333333333355'], AccountFilterType: 'INTERSECTION' }]);
  const except = accounts.slice(50).map((a) => a.id).concat('333333333301');
  const rest = targetsFor(ous, accounts, { except });
  assert.equal(rest, [{ OrganizationalUnitIds: ous.slice(0, 50), Accounts: ['333333333301'], AccountFilterType: 'DIFFERENCE' }]);
});

const preferences = suite('rollout preferences');

preferences('the canary: tolerance 0, one account at a time; the rest: soft tolerance of 10% (at least 1), 10 at a time', () => {
  assert.equal(strict(['eu-west-1']), { FailureToleranceCount: 0, MaxConcurrentCount: 1, RegionConcurrencyType: 'SEQUENTIAL', RegionOrder: ['eu-west-1'] });
  assert.equal(soft(['eu-west-1'], 200), { ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE', FailureToleranceCount: 20, MaxConcurrentCount: 10, RegionConcurrencyType: 'SEQUENTIAL', RegionOrder: ['eu-west-1'] });
  assert.equal(soft(['eu-west-1'], 3).FailureToleranceCount, 1);
  assert.equal(soft(['eu-west-1'], 3).MaxConcurrentCount, 3);
});

targets.run();
preferences.run();
