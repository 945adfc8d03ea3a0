import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { repair, sameDocument, type PolicyDocument, type PolicyVersionInfo } from '../../src/core/policy-versions.ts';

const CANONICAL = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: 'iam:ChangePassword', Resource: '*' }] };
const TAMPERED = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const version = (n: number, isDefault = false, day = n): PolicyVersionInfo => ({ id: `v${n}`, isDefault, created: new Date(`2025-01-${String(day).padStart(2, '0')}T00:00:00Z`) });
const policy = (document: unknown, versions: PolicyVersionInfo[]): PolicyDocument => ({ defaultVersionId: versions.find((v) => v.isDefault)?.id ?? 'v1', document, versions });

const same = suite('policyVersions.sameDocument');

same('ignores object key order at every depth', () => {
  assert.ok(sameDocument({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 }));
});

same('array order, values, types and extra keys all count', () => {
  assert.not.ok(sameDocument({ a: [1, 2] }, { a: [2, 1] }));
  assert.not.ok(sameDocument({ a: '1' }, { a: 1 }));
  assert.not.ok(sameDocument({ a: 1 }, { a: 1, b: undefined }));
  assert.not.ok(sameDocument({ a: [] }, { a: {} }));
  assert.not.ok(sameDocument(null, {}));
});

same.run();

const plan = suite('policyVersions.repair');

plan('a canonical default document needs nothing, whatever the versions', () => {
  assert.equal(repair(policy({ ...CANONICAL }, [version(1), version(2, true)]), CANONICAL), { kind: 'unchanged' });
});

plan('a tampered document with room for a version: a new default version, nothing deleted', () => {
  assert.equal(repair(policy(TAMPERED, [version(1), version(2, true)]), CANONICAL), { kind: 'restore' });
});

plan('five versions: the oldest non-default one makes room, never the default', () => {
  const versions = [version(1, true, 1), version(2, false, 3), version(3, false, 2), version(4), version(5)];
  assert.equal(repair(policy(TAMPERED, versions), CANONICAL), { kind: 'restore', deleteVersion: 'v3' });
});

plan('versions created the same instant: the lower version number is the older', () => {
  const versions = [version(7, false, 1), version(6, false, 1), version(8, false, 1), version(9, false, 1), version(10, true, 2)];
  assert.equal(repair(policy(TAMPERED, versions), CANONICAL), { kind: 'restore', deleteVersion: 'v6' });
});

plan.run();
