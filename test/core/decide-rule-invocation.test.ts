/** The Config rule's decisions, as data: a recorded rule invocation and the facts read → what to read, then the evaluations. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decide, reads } from '../../src/core/decide-rule-invocation.ts';
import type { Action, Facts } from '../../src/core/plan.ts';
import * as ruleInvocation from '../../src/core/rule-invocation.ts';
import type { UserFacts } from '../../src/core/users.ts';
import type { Exemption } from '../../src/core/whitelist.ts';
import { load, POLICY_ARN } from '../../sim/fixtures.ts';

const NOW = new Date('2025-01-15T12:00:00Z');
const BOB = 'AIDAIOSFODNN7EXAMPLE';
const CI: Exemption = { name: 'ci-deployer', userId: 'AIDAQ3EGRNG2ZH3EXAMPLE', reason: 'GitHub Actions deploys' };
const user = (name: string, id: string, policies: string[] = []): UserFacts => ({ name, id, path: '/', attachedPolicyArns: policies });

const invocation = (name: string) => ruleInvocation.decode(load('config-rule', `${name}.json`));
const plan = (name: string, facts: Facts) => decide(invocation(name), facts, POLICY_ARN, NOW);
/** The evaluations a plan puts, as [user or user ID, compliance, annotation, ordering time]. */
function put(actions: readonly Action[]): [string | undefined, string, string, string][] {
  const [action] = actions;
  if (actions.length !== 1 || action?.kind !== 'put-evaluations') throw new Error(`expected one put-evaluations, got ${JSON.stringify(actions)}`);
  return action.judged.map((j) => [j.user ?? j.userId, j.evaluation.ComplianceType, j.evaluation.Annotation, j.evaluation.OrderingTimestamp.toISOString()]);
}

const change = suite('decide on a rule invocation: change notifications');

change('change-user-violating.json: the whitelist is read (the item has the policies); bob is NON_COMPLIANT at the item\'s capture time', () => {
  assert.equal(reads(invocation('change-user-violating'), {}), [{ kind: 'whitelist' }]);
  assert.equal(reads(invocation('change-user-violating'), { exemptions: [] }), []);
  assert.equal(put(plan('change-user-violating', { exemptions: [] }).actions), [['bob', 'NON_COMPLIANT', 'violating: DenyActionWithoutMFA is not attached', '2023-06-01T09:20:05.902Z']]);
});

change('change-user-compliant.json: COMPLIANT, MFA devices not visible in a Config item', () => {
  const [[, compliance, annotation] = []] = put(plan('change-user-compliant', { exemptions: [] }).actions);
  assert.equal([compliance, annotation], ['COMPLIANT', 'attached: DenyActionWithoutMFA is attached (MFA devices not visible here)']);
});

change('change-user-deleted.json: NOT_APPLICABLE by user ID, with nothing read', () => {
  assert.equal(reads(invocation('change-user-deleted'), {}), []);
  const [[who, compliance] = []] = put(plan('change-user-deleted', {}).actions);
  assert.equal([who, compliance], [BOB, 'NOT_APPLICABLE']);
});

change('change-other-resource.json: another resource type is ignored, with nothing read', () => {
  assert.equal(reads(invocation('change-other-resource'), {}), []);
  assert.equal(plan('change-other-resource', {}).actions.map((a) => a.kind), ['ignore']);
});

change.run();

const fetched = suite('decide on a rule invocation: the user fetched from IAM');

fetched('oversized-user.json: IAM is asked for bob, then the whitelist; he is judged as IAM has him', () => {
  assert.equal(reads(invocation('oversized-user'), {}), [{ kind: 'user', name: 'bob' }]);
  assert.equal(reads(invocation('oversized-user'), { user: user('bob', BOB, [POLICY_ARN]) }), [{ kind: 'whitelist' }]);
  assert.equal(put(plan('oversized-user', { user: user('bob', BOB, [POLICY_ARN]), exemptions: [] }).actions).map(([who, c]) => [who, c]), [['bob', 'COMPLIANT']]);
});

fetched('oversized-user.json for a user gone, or re-created under the name: looked up by ID first, then NOT_APPLICABLE saying which, and no whitelist read', () => {
  // The name answers NoSuchEntity (or for another user): the listing tells whether the ID was renamed.
  assert.equal(reads(invocation('oversized-user'), { user: null }), [{ kind: 'users' }]);
  assert.equal(reads(invocation('oversized-user'), { user: null, users: [] }), []);
  assert.equal(put(plan('oversized-user', { user: null, users: [] }).actions).map(([who, c, a]) => [who, c, a]), [['bob', 'NOT_APPLICABLE', 'user bob no longer exists']]);
  const other = user('bob', 'AIDANEWBOB0000000001');
  assert.equal(reads(invocation('oversized-user'), { user: other }), [{ kind: 'users' }]);
  assert.equal(reads(invocation('oversized-user'), { user: other, users: [other] }), []);
  assert.equal(put(plan('oversized-user', { user: other, users: [other] }).actions).map(([, c, a]) => [c, a]), [['NOT_APPLICABLE', `user bob (${BOB}) was deleted; the name now belongs to AIDANEWBOB0000000001`]]);
});

fetched('oversized-user.json for a user renamed since: found by ID in the listing and judged under its new name', () => {
  const robert = user('robert', BOB, [POLICY_ARN]);
  assert.equal(put(plan('oversized-user', { user: null, users: [robert], exemptions: [] }).actions).map(([who, c]) => [who, c]), [['robert', 'COMPLIANT']]);
});

fetched.run();

const scheduled = suite('decide on a rule invocation: the hourly sweep');

scheduled('scheduled.json: every user, the whitelist and what Config holds; what differs is put, at the notification time, then the violating attached', () => {
  const users = [user('alice', 'AIDAJQABLZS4A3QDU576Q', [POLICY_ARN]), user('bob', BOB), user('ci-deployer', CI.userId)];
  assert.equal(reads(invocation('scheduled'), {}), [{ kind: 'users' }, { kind: 'whitelist' }, { kind: 'held-evaluations' }]);
  assert.equal(reads(invocation('scheduled'), {}, POLICY_ARN, 'mfa-guard-mfa-required'), [{ kind: 'users' }, { kind: 'whitelist' }, { kind: 'held-evaluations' }, { kind: 'fallback-group' }]);
  const actions = plan('scheduled', { users, exemptions: [CI], held: { kind: 'read', evaluations: [] } }).actions;
  assert.equal(actions.map((a) => a.kind), ['skip', 'put-evaluations', 'attach']);
  assert.equal(put(actions.filter((a) => a.kind === 'put-evaluations')).map(([who, c, , at]) => [who, c, at]), [
    ['alice', 'COMPLIANT', '2023-04-27T13:26:17.741Z'],
    ['bob', 'NON_COMPLIANT', '2023-04-27T13:26:17.741Z'],
    ['ci-deployer', 'NOT_APPLICABLE', '2023-04-27T13:26:17.741Z'],
  ]);
  assert.equal(actions.find((a) => a.kind === 'attach'), { kind: 'attach', user: 'bob', userId: BOB, reason: 'the scheduled sweep found it violating (DenyActionWithoutMFA is not attached)' });
});

scheduled('an account without users, Config holding nothing: nothing to put', () => {
  assert.equal(plan('scheduled', { users: [], exemptions: [], held: { kind: 'read', evaluations: [] } }).actions.map((a) => a.kind), ['skip']);
});

scheduled.run();
