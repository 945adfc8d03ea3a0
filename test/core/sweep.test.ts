import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as sweep from '../../src/core/sweep.ts';
import type { UserFacts } from '../../src/core/users.ts';
import type { Exemption } from '../../src/core/whitelist.ts';
import { POLICY_ARN } from '../../sim/fixtures.ts';

const NOW = new Date('2025-01-15T12:00:00Z');
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const user = (name: string, id: string, policies: string[] = []): UserFacts => ({ name, id, path: '/', attachedPolicyArns: policies });
const alice = user('alice', 'AIDAJQABLZS4A3QDU576Q', [POLICY_ARN, ADMIN]);
const bob = user('bob', 'AIDAIOSFODNN7EXAMPLE', [ADMIN]);
const ci = user('ci-deployer', 'AIDAQ3EGRNG2ZH3EXAMPLE');
const CI: Exemption = { name: 'ci-deployer', userId: ci.id, reason: 'GitHub Actions deploys' };

const sweeping = suite('sweep.actions');

sweeping('an attach for each violating user, a skip saying why for every other, in the users\' order', () => {
  assert.equal(sweep.actions([alice, bob, ci], [CI], POLICY_ARN, NOW), [
    { kind: 'skip', why: 'unchanged', user: 'alice', reason: 'DenyActionWithoutMFA is attached (MFA devices not visible here)' },
    { kind: 'attach', user: 'bob', userId: bob.id, reason: 'DenyActionWithoutMFA is not attached' },
    { kind: 'skip', why: 'exempt', user: 'ci-deployer', reason: 'whitelisted: GitHub Actions deploys' },
  ]);
});

sweeping('a given reason replaces the state\'s on the attaches only', () => {
  const actions = sweep.actions([alice, bob], [], POLICY_ARN, NOW, 'policy missing after a DeletePolicy');
  assert.equal(actions.map((a) => [a.kind, a.reason]), [
    ['skip', 'DenyActionWithoutMFA is attached (MFA devices not visible here)'],
    ['attach', 'policy missing after a DeletePolicy'],
  ]);
});

sweeping('an exemption past its last day no longer protects; one for another user ID never did', () => {
  const expired = { ...CI, expires: '2025-01-14' };
  assert.equal(sweep.actions([ci], [expired], POLICY_ARN, NOW).map((a) => a.kind), ['attach']);
  assert.equal(sweep.actions([ci], [{ ...CI, userId: 'AIDAOTHERUSER0000001' }], POLICY_ARN, NOW).map((a) => a.kind), ['attach']);
  assert.equal(sweep.actions([ci], [{ ...CI, expires: '2025-01-15' }], POLICY_ARN, NOW).map((a) => a.kind), ['skip'], 'the last day still counts');
});

sweeping('the policy ARN is compared ignoring case, as IAM compares policy names', () => {
  assert.equal(sweep.actions([user('dave', 'AIDAEXAMPLEDAVE000001', [POLICY_ARN.toUpperCase().replace('ARN:AWS:IAM', 'arn:aws:iam')])], [], POLICY_ARN, NOW).map((a) => a.kind), ['skip']);
});

sweeping('no users: nothing to do', () => {
  assert.equal(sweep.actions([], [CI], POLICY_ARN, NOW), []);
});

sweeping.run();
