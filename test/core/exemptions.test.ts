import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as exemptions from '../../src/core/exemptions.ts';
import type * as whitelist from '../../src/core/whitelist.ts';

const today = new Date('2026-11-29T12:00:00Z');

const lookup = suite('exemptions.lookup');
const CI: whitelist.Exemption = { name: 'ci-deployer', userId: 'AIDAQ3EGRNG2ZH3EXAMPLE', expires: '2026-12-31', reason: 'GitHub Actions' };

lookup('exempt: name (any case) and ID match a live entry', () => {
  assert.equal(exemptions.lookup([CI], { name: 'CI-Deployer', id: CI.userId }, today), { kind: 'exempt', exemption: CI });
});

lookup('unverified: a live entry has the name, the ID is not known yet', () => {
  assert.equal(exemptions.lookup([CI], { name: 'ci-deployer' }, today), { kind: 'unverified', exemption: CI });
});

lookup('other-user: the name\'s entry is for another user ID, expired or not', () => {
  assert.equal(exemptions.lookup([CI], { name: 'ci-deployer', id: 'AIDAOTHERUSER0000001' }, today).kind, 'other-user');
  assert.equal(exemptions.lookup([CI], { name: 'ci-deployer', id: 'AIDAOTHERUSER0000001' }, new Date('2027-02-01T00:00:00Z')).kind, 'other-user');
});

lookup('expired: the entry for this user (or an unknown ID) is past its last day', () => {
  const later = new Date('2027-01-01T00:00:00Z');
  assert.equal(exemptions.lookup([CI], { name: 'ci-deployer', id: CI.userId }, later), { kind: 'expired', exemption: CI });
  assert.equal(exemptions.lookup([CI], { name: 'ci-deployer' }, later).kind, 'expired');
});

lookup('none: no entry has the name', () => {
  assert.equal(exemptions.lookup([CI], { name: 'bob', id: 'AIDAIOSFODNN7EXAMPLE' }, today), { kind: 'none' });
  assert.equal(exemptions.lookup([], { name: 'ci-deployer' }, today), { kind: 'none' });
});

lookup.run();
