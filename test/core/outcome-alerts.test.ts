import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as alertFacts from '../../src/core/alert-facts.ts';
import * as alerts from '../../src/core/alerts.ts';
import * as outcomeAlerts from '../../src/core/outcome-alerts.ts';
import { load, POLICY_ARN } from '../../sim/fixtures.ts';

const options = { policyArn: POLICY_ARN, notifyNewUsers: true };
const facts = (name: string) => alertFacts.of(load('cloudtrail', `${name}.json`));
const subjects = (found: alerts.Alert[], mode: 'enforce' | 'report' = 'enforce', now = new Date('2023-05-31T05:15:03Z')) => found.map((a) => alerts.render(a, { now, mode }).subject);
const trail = (call: string) => ({ kind: 'trail', call }) as const;
const mapping = suite('outcomeAlerts.of: the executor\'s outcomes → alerts');

mapping('a detach repaired: one tamper alert, with the event\'s actor, source IP and the repair time', () => {
  const found = outcomeAlerts.of(trail('detach-user-policy'), [{ decision: 'attach', result: 'attached', user: 'alice', reason: 'thien detached the policy' }], facts('detach-user-policy'), options);
  assert.equal(subjects(found), ['mfa-guard: policy detached from alice by thien: attached']);
  const body = JSON.parse(alerts.render(found[0] as alerts.Alert, { now: new Date('2023-05-31T05:15:03Z'), mode: 'enforce' }).body);
  assert.equal([body.actor, body.sourceIp, body.repairSeconds, body.action], ['arn:aws:iam::123456789012:user/thien', '68.21.163.122', 6, 'reattach']);
});

mapping('MODE=report: the same alert, saying what would have been done', () => {
  const found = outcomeAlerts.of(trail('detach-user-policy'), [{ decision: 'attach', result: 'dry-run', user: 'alice', reason: 'thien detached the policy' }], facts('detach-user-policy'), options);
  assert.equal(subjects(found, 'report'), ['mfa-guard: policy detached from alice by thien: would reattach (MODE=report)']);
});

mapping('a new user enforced is told, unless NOTIFY_NEW_USERS=0', () => {
  const outcomes = [{ decision: 'attach', result: 'attached', user: 'bob', reason: 'new user created by thien' }];
  assert.equal(subjects(outcomeAlerts.of(trail('create-user'), outcomes, facts('create-user'), options)), ['mfa-guard: new user bob by thien: attached']);
  assert.equal(outcomeAlerts.of(trail('create-user'), outcomes, facts('create-user'), { ...options, notifyNewUsers: false }), []);
});

mapping('an attach at the quota is a failure left for a person, even for a new user', () => {
  const outcomes = [{ decision: 'attach', result: 'failed', user: 'bob', reason: 'Cannot exceed quota for PoliciesPerUser: 10' }];
  const found = outcomeAlerts.of(trail('create-user'), outcomes, facts('create-user'), { ...options, notifyNewUsers: false });
  assert.equal(subjects(found), ['mfa-guard: FAILED attach for bob: failed']);
  assert.is(found[0]?.kind === 'failure' && found[0].what, 'policy-limit');
});

mapping('a deleted policy recreated and reattached: one message for the recovery, one for its failures', () => {
  const outcomes = [
    { decision: 'recreate-policy', result: 'recreated', reason: 'thien deleted the policy' },
    { decision: 'attach', result: 'attached', user: 'alice', reason: 'policy missing' },
    { decision: 'attach', result: 'attached', user: 'carol', reason: 'policy missing' },
    { decision: 'attach', result: 'failed', user: 'dave', reason: 'Cannot exceed quota for PoliciesPerUser: 10' },
  ];
  const found = outcomeAlerts.of(trail('delete-policy'), outcomes, facts('delete-policy'), options);
  assert.equal(subjects(found), ['mfa-guard: policy deleted by thien: recreated; reattached to 2 user(s)', 'mfa-guard: FAILED attach: failed for 1 user(s)']);
  assert.is(found[1]?.reason, 'dave (Cannot exceed quota for PoliciesPerUser: 10)');
});

mapping('a document changed and restored; a version call that changed nothing is still told', () => {
  const restored = outcomeAlerts.of(trail('policy-version'), [{ decision: 'restore-document', result: 'restored', reason: 'thien called CreatePolicyVersion' }], facts('create-policy-version'), options);
  assert.equal(subjects(restored), ['mfa-guard: policy document changed by thien: restored']);
  const unchanged = outcomeAlerts.of(trail('policy-version'), [{ decision: 'restore-document', result: 'unchanged', reason: 'thien called SetDefaultPolicyVersion' }], facts('set-default-policy-version'), options);
  assert.equal(subjects(unchanged), ['mfa-guard: policy document changed by thien: unchanged']);
});

mapping('a refused detach of our policy is a denied attempt; a refused call on another policy is nothing', () => {
  const ignored = [{ decision: 'ignore', result: 'ignored', reason: 'DetachUserPolicy failed with AccessDenied: nothing was detached' }];
  assert.equal(subjects(outcomeAlerts.of(trail('ignored'), ignored, facts('detach-user-policy-failed'), options)), ['mfa-guard: denied attempt on the policy (alice) by thien: refused (AccessDenied)']);
  assert.equal(outcomeAlerts.of(trail('ignored'), ignored, facts('detach-user-policy-other-policy'), options), []);
  assert.equal(outcomeAlerts.of(trail('ignored'), ignored, facts('get-user-read-only'), options), []);
});

mapping('skips (exempt, gone, unchanged) and evaluations tell nobody anything', () => {
  const outcomes = [
    { decision: 'skip', result: 'exempt', user: 'ci-deployer', reason: 'whitelisted' },
    { decision: 'attach', result: 'gone', user: 'erin', reason: 'deleted meanwhile' },
    { decision: 'COMPLIANT', result: 'reported', user: 'alice', reason: 'attached' },
  ];
  assert.equal(outcomeAlerts.of(trail('detach-user-policy'), outcomes, facts('detach-user-policy'), options), []);
  assert.equal(outcomeAlerts.of({ kind: 'sweep' }, outcomes, alertFacts.at('sweep-1', new Date()), options), []);
});

mapping('remediation and the sweep: users found without the policy, a sweep in one message naming at most 20', () => {
  const remediated = outcomeAlerts.of({ kind: 'compliance-change' }, [{ decision: 'attach', result: 'attached', user: 'bob', reason: 'Config reported NON_COMPLIANT' }], alertFacts.of(load('compliance-change', 'non-compliant-user.json')), options);
  assert.equal(subjects(remediated), ['mfa-guard: bob found without the policy: attached']);
  const many = Array.from({ length: 25 }, (_, i) => ({ decision: 'attach', result: 'attached', user: `user${i}`, reason: 'violating' }));
  const swept = outcomeAlerts.of({ kind: 'sweep' }, many, alertFacts.at('sweep-1', new Date('2026-11-30T10:00:00Z')), options);
  assert.equal(subjects(swept, 'enforce', new Date('2026-11-30T10:00:05Z')), ['mfa-guard: users found without the policy: attached for 25 user(s)']);
  assert.match(String(swept[0]?.reason), /user19, and 5 more$/);
});

mapping.run();
