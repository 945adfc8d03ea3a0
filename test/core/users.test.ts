import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as users from '../../src/core/users.ts';
import type { Exemption } from '../../src/core/whitelist.ts';

const POLICY = 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA';
const now = new Date('2026-11-29T12:00:00Z');
const CI: Exemption = { name: 'ci-deployer', userId: 'AIDAQ3EGRNG2ZH3EXAMPLE', expires: '2027-06-30', reason: 'GitHub Actions' };

const user = (facts: Partial<users.UserFacts> = {}): users.UserFacts => ({ name: 'alice', id: 'AIDAJQABLZS4A3QDU576Q', path: '/', attachedPolicyArns: [POLICY], ...facts });
const ci = (facts: Partial<users.UserFacts> = {}) => user({ name: 'ci-deployer', id: 'AIDAQ3EGRNG2ZH3EXAMPLE', attachedPolicyArns: [], ...facts });

const classify = suite('users.classify');

classify('a user without the policy is violating', () => {
  const state = users.classify(user({ attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] }), [CI], POLICY, now);
  assert.equal(state, { kind: 'violating', reason: 'DenyActionWithoutMFA is not attached' });
});

classify('a member of the fallback group is covered through it; without the group given, membership alone covers nothing', () => {
  const grouped = user({ attachedPolicyArns: [], groups: ['Admins', 'MFA-GUARD-mfa-required'], mfaDevices: 0 });
  assert.equal(users.classify(grouped, [], POLICY, now, 'mfa-guard-mfa-required'), {
    kind: 'contained',
    reason: 'DenyActionWithoutMFA is attached through group mfa-guard-mfa-required; no MFA device yet, so the user can only enrol one',
  });
  assert.is(users.classify(grouped, [], POLICY, now).kind, 'violating');
  assert.is(users.classify(grouped, [], POLICY, now, 'other-group').kind, 'violating');
});

classify('a user with no policies at all is violating', () => {
  assert.is(users.classify(user({ attachedPolicyArns: [] }), [], POLICY, now).kind, 'violating');
});

classify('a user with the policy and no MFA device is contained: it can only enrol one', () => {
  const state = users.classify(user({ mfaDevices: 0 }), [], POLICY, now);
  assert.equal(state, { kind: 'contained', reason: 'DenyActionWithoutMFA is attached; no MFA device yet, so the user can only enrol one' });
});

classify('a user with the policy and an MFA device is enforced, devices counted', () => {
  assert.equal(users.classify(user({ mfaDevices: 1 }), [], POLICY, now), { kind: 'enforced', reason: 'DenyActionWithoutMFA is attached and the user has 1 MFA device' });
  assert.equal(users.classify(user({ mfaDevices: 3 }), [], POLICY, now), { kind: 'enforced', reason: 'DenyActionWithoutMFA is attached and the user has 3 MFA devices' });
});

classify('a user with the policy whose devices are unknown (a Config item) is attached', () => {
  assert.equal(users.classify(user(), [], POLICY, now), { kind: 'attached', reason: 'DenyActionWithoutMFA is attached (MFA devices not visible here)' });
});

classify('the policy attached under an ARN in another letter case still counts', () => {
  assert.is(users.classify(user({ attachedPolicyArns: [POLICY.toLowerCase()], mfaDevices: 1 }), [], POLICY, now).kind, 'enforced');
});

classify('a policy of the same name in another account or path does not count', () => {
  const lookalikes = ['arn:aws:iam::210987654321:policy/DenyActionWithoutMFA', 'arn:aws:iam::123456789012:policy/old/DenyActionWithoutMFA'];
  assert.is(users.classify(user({ attachedPolicyArns: lookalikes }), [], POLICY, now).kind, 'violating');
});

classify('a whitelisted user is exempt, with its expiry and reason, whatever its policies', () => {
  const expected = { kind: 'exempt', reason: 'whitelisted until 2027-06-30: GitHub Actions', exemption: CI };
  assert.equal(users.classify(ci(), [CI], POLICY, now), expected);
  assert.equal(users.classify(ci({ attachedPolicyArns: [POLICY], mfaDevices: 1 }), [CI], POLICY, now), expected);
});

classify('an exemption without expiry or reason says only whitelisted', () => {
  const bare: Exemption = { name: 'ci-deployer', userId: 'AIDAQ3EGRNG2ZH3EXAMPLE' };
  assert.equal(users.classify(ci(), [bare], POLICY, now), { kind: 'exempt', reason: 'whitelisted', exemption: bare });
});

classify('the whitelisted name matches ignoring case, as IAM names do', () => {
  assert.is(users.classify(ci({ name: 'CI-Deployer' }), [CI], POLICY, now).kind, 'exempt');
  assert.is(users.classify(ci(), [{ ...CI, name: 'CI-DEPLOYER' }], POLICY, now).kind, 'exempt');
});

classify('an exemption holds through its last day and not after', () => {
  const lastDay = { ...CI, expires: '2026-11-29' };
  assert.is(users.classify(ci(), [lastDay], POLICY, new Date('2026-11-29T23:59:59Z')).kind, 'exempt');
  assert.equal(users.classify(ci(), [lastDay], POLICY, new Date('2026-11-30T00:00:00Z')), { kind: 'violating', reason: 'DenyActionWithoutMFA is not attached' });
});

classify('a user re-created under a whitelisted name (a new user ID) is not exempt', () => {
  const impostor = ci({ id: 'AIDAZZZZZZZZZZEXAMPLE' });
  assert.equal(users.classify(impostor, [CI], POLICY, now), { kind: 'violating', reason: 'DenyActionWithoutMFA is not attached' });
});

classify("another user's exemption does not cover this one, even with the same ID", () => {
  assert.is(users.classify(user({ id: 'AIDAQ3EGRNG2ZH3EXAMPLE', attachedPolicyArns: [] }), [CI], POLICY, now).kind, 'violating');
});

classify('the reason names the policy of a path-qualified ARN', () => {
  const state = users.classify(user({ attachedPolicyArns: [] }), [], 'arn:aws:iam::123456789012:policy/security/DenyActionWithoutMFA', now);
  assert.equal(state, { kind: 'violating', reason: 'DenyActionWithoutMFA is not attached' });
});

const hasPolicy = suite('users.hasPolicy');

hasPolicy('finds the policy among the attached ones, ignoring case', () => {
  assert.ok(users.hasPolicy(user({ attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess', POLICY.toUpperCase()] }), POLICY));
  assert.not.ok(users.hasPolicy(user({ attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }), POLICY));
});

const policyName = suite('users.policyName');

policyName('is the last part of the ARN, after any path', () => {
  assert.is(users.policyName(POLICY), 'DenyActionWithoutMFA');
  assert.is(users.policyName('arn:aws:iam::123456789012:policy/a/b/Name'), 'Name');
});

const needsPolicy = suite('users.needsPolicy');

needsPolicy('only a violating user needs the policy', () => {
  const states = [users.classify(user({ attachedPolicyArns: [] }), [], POLICY, now), users.classify(user(), [], POLICY, now), users.classify(ci(), [CI], POLICY, now)];
  assert.equal(states.map((s) => [s.kind, users.needsPolicy(s)]), [['violating', true], ['attached', false], ['exempt', false]]);
});

classify.run();
hasPolicy.run();
policyName.run();
needsPolicy.run();
