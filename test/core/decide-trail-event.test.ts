/** The enforcer's decisions, as data: a recorded CloudTrail event and the facts read → what to read, then the actions. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as cloudtrail from '../../src/core/cloudtrail.ts';
import { decide, reads } from '../../src/core/decide-trail-event.ts';
import type { Facts } from '../../src/core/plan.ts';
import type { UserFacts } from '../../src/core/users.ts';
import type { Exemption } from '../../src/core/whitelist.ts';
import { load, POLICY_ARN, withField } from '../../sim/fixtures.ts';

const NOW = new Date('2025-01-15T12:00:00Z');
const ADMIN = 'arn:aws:iam::123456789012:user/thien';
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
const CI: Exemption = { name: 'ci-deployer', userId: 'AIDAQ3EGRNG2ZH3EXAMPLE', reason: 'GitHub Actions deploys' };
const user = (name: string, id: string, policies: string[] = []): UserFacts => ({ name, id, path: '/', attachedPolicyArns: policies });
const USERS = [user('alice', 'AIDAJQABLZS4A3QDU576Q'), user('bob', 'AIDAIOSFODNN7EXAMPLE', [ADMIN_POLICY]), user('carol', 'AIDACKCEVSQ6C2EXAMPLE', [POLICY_ARN]), user('ci-deployer', CI.userId)];

const call = (name: string, edit: (e: Record<string, unknown>) => Record<string, unknown> = (e) => e) => cloudtrail.decode(edit(load('cloudtrail', `${name}.json`)), POLICY_ARN);
const plan = (name: string, facts: Facts, edit?: (e: Record<string, unknown>) => Record<string, unknown>) => decide(call(name, edit), facts, POLICY_ARN, NOW);
const asCi = (e: Record<string, unknown>) => withField(withField(e, 'detail.requestParameters.userName', 'ci-deployer'), 'detail.responseElements.user.userId', CI.userId);

const users = suite('decide on a CloudTrail event: CreateUser and DetachUserPolicy');

users('create-user.json: the whitelist first; bob is not on it, so no IAM read, and an attach by the event\'s user ID, retried while IAM catches up', () => {
  assert.equal(reads(call('create-user'), {}, NOW), [{ kind: 'whitelist' }]);
  assert.equal(reads(call('create-user'), { exemptions: [CI] }, NOW), []);
  assert.equal(plan('create-user', { exemptions: [CI] }), {
    eventId: '3d1c6f0e-7b3a-5f2e-9c4d-2a8b6e1f0c71',
    batch: false,
    actions: [{ kind: 'attach', user: 'bob', reason: `new user created by ${ADMIN}`, userId: 'AIDAIOSFODNN7EXAMPLE', newUser: true }],
  });
});

users('a CreateUser of the whitelisted user, with its ID in the event: exempt, with no IAM read', () => {
  assert.equal(reads(call('create-user', asCi), { exemptions: [CI] }, NOW), []);
  assert.equal(plan('create-user', { exemptions: [CI] }, asCi).actions, [{ kind: 'skip', why: 'exempt', user: 'ci-deployer', reason: 'whitelisted: GitHub Actions deploys' }]);
});

users('a CreateUser of a whitelisted name with another user ID: the holder of the name is read; if it is the exempt one, nothing is attached', () => {
  const other = (e: Record<string, unknown>) => withField(asCi(e), 'detail.responseElements.user.userId', 'AIDAOTHERUSER0000001');
  assert.equal(reads(call('create-user', other), { exemptions: [CI] }, NOW), [{ kind: 'user', name: 'ci-deployer' }]);
  const [action] = plan('create-user', { exemptions: [CI], user: user('ci-deployer', CI.userId) }, other).actions;
  assert.equal(action, { kind: 'skip', why: 'exempt', user: 'ci-deployer', reason: 'whitelisted: GitHub Actions deploys; the event is about user ID AIDAOTHERUSER0000001, not the user holding the name now' });
  assert.equal(plan('create-user', { exemptions: [CI], user: null }, other).actions.map((a) => a.kind), ['attach'], 'not visible yet: the attach retries');
});

users('detach-user-policy.json: alice is not whitelisted, so the policy is reattached', () => {
  assert.equal(reads(call('detach-user-policy'), { exemptions: [CI] }, NOW), []);
  assert.equal(plan('detach-user-policy', { exemptions: [CI] }).actions, [{ kind: 'attach', user: 'alice', reason: `${ADMIN} detached the policy` }]);
});

users('a detach from a whitelisted name: IAM says who holds it now; exempt → skip, gone → skip, another user → attach', () => {
  const ci = (e: Record<string, unknown>) => withField(e, 'detail.requestParameters.userName', 'ci-deployer');
  assert.equal(reads(call('detach-user-policy', ci), { exemptions: [CI] }, NOW), [{ kind: 'user', name: 'ci-deployer' }]);
  assert.equal(plan('detach-user-policy', { exemptions: [CI], user: user('ci-deployer', CI.userId) }, ci).actions.map((a) => [a.kind, 'why' in a ? a.why : '']), [['skip', 'exempt']]);
  assert.equal(plan('detach-user-policy', { exemptions: [CI], user: null }, ci).actions, [{ kind: 'skip', why: 'gone', user: 'ci-deployer', reason: `${ADMIN} detached the policy` }]);
  assert.equal(plan('detach-user-policy', { exemptions: [CI], user: user('ci-deployer', 'AIDAOTHERUSER0000001') }, ci).actions.map((a) => a.kind), ['attach']);
});

users('an exemption past its last day: no IAM read, the policy is reattached', () => {
  const ci = (e: Record<string, unknown>) => withField(e, 'detail.requestParameters.userName', 'ci-deployer');
  const expired = [{ ...CI, expires: '2025-01-14' }];
  assert.equal(reads(call('detach-user-policy', ci), { exemptions: expired }, NOW), []);
  assert.equal(plan('detach-user-policy', { exemptions: expired }, ci).actions.map((a) => a.kind), ['attach']);
});

users.run();

const policy = suite('decide on a CloudTrail event: the policy itself');

policy('delete-policy.json: every user, then the whitelist; recreate, then attach to each non-exempt user without it, as one batch', () => {
  assert.equal(reads(call('delete-policy'), {}, NOW), [{ kind: 'users' }]);
  // A refused DeletePolicy reads the policy's attachment count first (flood coalescing).
  assert.equal(reads(call('delete-policy-failed'), {}, NOW), [{ kind: 'policy-attachments' }]);
  assert.equal(reads(call('delete-policy'), { users: USERS }, NOW), [{ kind: 'whitelist' }]);
  assert.equal(reads(call('delete-policy'), { users: USERS, exemptions: [CI] }, NOW), []);
  const why = `policy missing after ${ADMIN}'s DeletePolicy`;
  assert.equal(plan('delete-policy', { users: USERS, exemptions: [CI] }), {
    eventId: '1e8d3a7f-4c0b-2a9f-6d1e-9b5c3f8a7de8',
    batch: true,
    actions: [
      { kind: 'recreate-policy', name: 'DenyActionWithoutMFA', path: '/', reason: `${ADMIN} deleted the policy` },
      // By ID too (a rename is followed); the recreated policy may refuse attaches for a moment.
      { kind: 'attach', user: 'alice', userId: 'AIDAJQABLZS4A3QDU576Q', reason: why, policyJustCreated: true },
      { kind: 'attach', user: 'bob', userId: 'AIDAIOSFODNN7EXAMPLE', reason: why, policyJustCreated: true },
    ],
  });
});

policy('delete-policy-failed.json: nothing to recreate; the users the console detached first are reattached', () => {
  const actions = plan('delete-policy-failed', { users: USERS, exemptions: [CI] }).actions;
  assert.equal(actions.map((a) => [a.kind, 'user' in a ? a.user : '', a.kind === 'attach' ? a.reason : '']), [
    ['attach', 'alice', `policy missing after ${ADMIN}'s DeletePolicy (DeleteConflictException)`],
    ['attach', 'bob', `policy missing after ${ADMIN}'s DeletePolicy (DeleteConflictException)`],
  ]);
});

policy('a failed DeletePolicy when everyone still has the policy: one skip, naming how many users were checked', () => {
  const all = USERS.map((u) => ({ ...u, attachedPolicyArns: [POLICY_ARN] }));
  assert.equal(plan('delete-policy-failed', { users: all, exemptions: [CI] }).actions, [{ kind: 'skip', why: 'unchanged', reason: 'checked 4 users' }]);
});

policy('create-policy-version.json and set-default-policy-version.json: restore the canonical document, with nothing read first', () => {
  for (const [name, event] of [['create-policy-version', 'CreatePolicyVersion'], ['set-default-policy-version', 'SetDefaultPolicyVersion']] as const) {
    assert.equal(reads(call(name), {}, NOW), []);
    assert.equal(plan(name, {}).actions, [{ kind: 'restore-document', reason: `${ADMIN} called ${event}` }]);
  }
});

policy('events it does not act on are ignored, explicitly, with nothing read', () => {
  for (const name of ['attach-user-policy', 'attach-group-policy', 'get-user-read-only', 'other-service-s3', 'detach-user-policy-other-policy', 'delete-policy-other-policy', 'create-user-failed', 'detach-user-policy-failed']) {
    assert.equal(reads(call(name), {}, NOW), [], name);
    const actions = plan(name, {}).actions;
    assert.equal(actions.map((a) => a.kind), ['ignore'], name);
  }
});

policy('deciding without a fact the reads asked for is a bug, said plainly', () => {
  try {
    plan('delete-policy', { exemptions: [CI] });
    assert.unreachable('expected an error');
  } catch (error) {
    assert.match((error as Error).message, 'the fact users was not gathered');
  }
});

policy.run();
