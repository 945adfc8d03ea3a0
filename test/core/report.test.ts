import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as credentialReport from '../../src/core/credential-report.ts';
import { build, type ReportInput } from '../../src/core/report.ts';
import { colorWanted, renderJson, renderTable } from '../../src/core/report-render.ts';
import type { UserFacts } from '../../src/core/users.ts';

const POLICY = 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA';
const credentials = credentialReport.parse(readFileSync('fixtures/iam/credential-report.csv', 'utf8'));
const others = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::aws:policy/Other${i}`);
const alice: UserFacts = { name: 'alice', id: 'AIDAJQABLZS4A3QDU576Q', path: '/', attachedPolicyArns: [POLICY] };
const bob: UserFacts = { name: 'bob', id: 'AIDAIOSFODNN7EXAMPLE', path: '/', attachedPolicyArns: [] };
const carol: UserFacts = { name: 'carol', id: 'AIDACKCEVSQ6C2EXAMPLE', path: '/engineering/', attachedPolicyArns: [POLICY] };
const ci: UserFacts = { name: 'ci-deployer', id: 'AIDAQ3EGRNG2ZH3EXAMPLE', path: '/', attachedPolicyArns: [] };
const dave: UserFacts = { name: 'dave', id: 'AIDAEXAMPLEDAVE00001', path: '/', attachedPolicyArns: others(10) };
const ciExemption = { name: 'ci-deployer', userId: ci.id, expires: '2025-06-30', reason: 'GitHub Actions deploys' };

const input = (overrides: Partial<ReportInput> = {}): ReportInput => ({
  users: [bob, alice, carol, ci, dave],
  credentials,
  reportGeneratedAt: new Date('2025-06-20T11:48:00Z'),
  exemptions: [ciExemption],
  policyArn: POLICY,
  now: new Date('2025-06-20T12:00:00Z'),
  ...overrides,
});
const rowOf = (report: ReturnType<typeof build>, name: string) => report.users.find((u) => u.user === name);
const flagKinds = (report: ReturnType<typeof build>, name: string) => rowOf(report, name)?.flags.map((f) => f.kind);

const states = suite('report.build: states and columns');

states('MFA comes from the credential report: enforced, contained, violating, exempt', () => {
  const report = build(input());
  assert.equal(report.users.map((u) => [u.user, u.state]), [['alice', 'enforced'], ['bob', 'violating'], ['carol', 'contained'], ['ci-deployer', 'exempt'], ['dave', 'violating']]);
  assert.equal(report.totals, { users: 5, exempt: 1, violating: 2, contained: 1, enforced: 1, flagged: 3 });
});

states('columns: console password, active keys (inactive ones not counted), MFA, exemption expiry', () => {
  const report = build(input());
  const columns = (name: string) => {
    const r = rowOf(report, name);
    return [r?.consolePassword, r?.activeAccessKeys, r?.mfa, r?.exemptionExpires];
  };
  assert.equal(columns('bob'), [true, 2, false, null]);
  assert.equal(columns('carol'), [true, 0, false, null]);
  assert.equal(columns('ci-deployer'), [false, 1, false, '2025-06-30']);
});

states('a user missing from the credential report has unknown columns and is never called enforced', () => {
  const report = build(input({ users: [{ ...dave, attachedPolicyArns: [POLICY] }] }));
  const row = rowOf(report, 'dave');
  assert.equal([row?.state, row?.consolePassword, row?.activeAccessKeys, row?.mfa], ['contained', null, null, null]);
  assert.match(row?.reason ?? '', /MFA unknown/);
  assert.equal(flagKinds(report, 'dave'), ['not-in-credential-report']);
});

states('names match the credential report ignoring case', () => {
  const report = build(input({ users: [{ ...alice, name: 'Alice' }] }));
  assert.is(rowOf(report, 'Alice')?.state, 'enforced');
});

states('the age of the credential report is in whole minutes', () => {
  assert.is(build(input()).credentialReport.ageMinutes, 12);
  assert.is(build(input({ reportGeneratedAt: new Date('2025-06-20T12:00:30Z') })).credentialReport.ageMinutes, 0);
});

const flags = suite('report.build: flags');

flags('an active access key without MFA is flagged, with the risk for the user\'s state', () => {
  const report = build(input({ users: [bob, carol, alice] }));
  assert.equal(flagKinds(report, 'bob'), ['access-key-without-mfa']);
  assert.equal(flagKinds(report, 'alice'), []);
  assert.equal(flagKinds(report, 'carol'), [], 'carol\'s only key is inactive');
  const contained = build(input({ users: [{ ...bob, attachedPolicyArns: [POLICY] }] }));
  assert.match(rowOf(contained, 'bob')?.flags[0]?.message ?? '', /a leaked key could enrol an attacker's MFA device/);
});

flags('an exemption expiring within 14 days is flagged; 15 days away is not', () => {
  assert.ok(flagKinds(build(input()), 'ci-deployer')?.includes('exemption-expiring'));
  const later = build(input({ exemptions: [{ ...ciExemption, expires: '2025-07-05' }] }));
  assert.not.ok(flagKinds(later, 'ci-deployer')?.includes('exemption-expiring'));
  const last = build(input({ exemptions: [{ ...ciExemption, expires: '2025-07-04' }] }));
  assert.is(rowOf(last, 'ci-deployer')?.flags.at(-1)?.message, 'exemption expires on 2025-07-04 (in 14 days)');
  const today = build(input({ exemptions: [{ ...ciExemption, expires: '2025-06-20' }] }));
  assert.is(rowOf(today, 'ci-deployer')?.state, 'exempt');
  assert.is(rowOf(today, 'ci-deployer')?.flags.at(-1)?.message, 'exemption expires on 2025-06-20 (today)');
});

flags('an expired exemption makes the user violating and is flagged', () => {
  const report = build(input({ exemptions: [{ ...ciExemption, expires: '2025-06-19' }] }));
  assert.is(rowOf(report, 'ci-deployer')?.state, 'violating');
  assert.is(rowOf(report, 'ci-deployer')?.exemptionExpires, '2025-06-19');
  assert.ok(flagKinds(report, 'ci-deployer')?.includes('exemption-expired'));
});

flags('a whitelisted name held by another user ID (a re-created user) is flagged and not exempt', () => {
  const report = build(input({ exemptions: [{ ...ciExemption, userId: 'AIDAOLDCIUSER0000001' }] }));
  assert.is(rowOf(report, 'ci-deployer')?.state, 'violating');
  assert.ok(flagKinds(report, 'ci-deployer')?.includes('exemption-other-user'));
});

flags('a user at the managed-policy limit is flagged, whether or not the policy is among them', () => {
  const without = build(input({ users: [dave] }));
  assert.is(rowOf(without, 'dave')?.flags.at(-1)?.message, 'at the 10-managed-policy limit: attaching DenyActionWithoutMFA will fail (LimitExceeded)');
  const withIt = build(input({ users: [{ ...dave, attachedPolicyArns: [...others(9), POLICY] }] }));
  assert.is(rowOf(withIt, 'dave')?.flags.at(-1)?.message, 'at the 10-managed-policy limit: no other policy can be attached');
  assert.equal(flagKinds(build(input({ users: [{ ...dave, attachedPolicyArns: others(9) }] })), 'dave'), ['not-in-credential-report']);
  assert.ok(flagKinds(build(input({ users: [dave], policyLimit: 20 })), 'dave')?.every((k) => k !== 'policy-limit'));
});

const exit = suite('report.build: exit code');

exit('1 when someone is violating', () => {
  assert.is(build(input()).exitCode, 1);
});

exit('0 when nobody is violating (exempt, contained and enforced are fine)', () => {
  assert.is(build(input({ users: [alice, carol, ci] })).exitCode, 0);
  assert.is(build(input({ users: [] })).exitCode, 0);
});

const table = suite('report-render.renderTable');

table('an aligned table, the flags, the totals and the report age (no colour)', () => {
  assert.fixture(renderTable(build(input()), { color: false }), [
    'USER         STATE      PASSWORD  KEYS  MFA  EXEMPT UNTIL  REASON',
    'alice        enforced   yes       1     yes  -             DenyActionWithoutMFA is attached and MFA is active',
    'bob          violating  yes       2     no   -             DenyActionWithoutMFA is not attached',
    'carol        contained  yes       0     no   -             DenyActionWithoutMFA is attached; no MFA device yet, so the user can only enrol one',
    'ci-deployer  exempt     no        1     no   2025-06-30    whitelisted until 2025-06-30: GitHub Actions deploys',
    'dave         violating  ?         ?     ?    -             DenyActionWithoutMFA is not attached',
    '',
    'Flags:',
    '  ! bob: active access key without MFA: the key works without MFA until the policy is attached',
    '  ! ci-deployer: active access key without MFA: exempt, so the key works without MFA: keep it scoped and rotated',
    '  ! ci-deployer: exemption expires on 2025-06-30 (in 10 days)',
    '  ! dave: not in the credential report (created since it was generated): password, keys and MFA unknown',
    '  ! dave: at the 10-managed-policy limit: attaching DenyActionWithoutMFA will fail (LimitExceeded)',
    '',
    'Totals: 5 users: 2 violating, 1 contained, 1 enforced, 1 exempt; 3 flagged',
    'Credential report generated 2025-06-20T11:48:00Z (12 minutes old).',
    '',
  ].join('\n'));
});

table('with colour, only the states are coloured and the columns stay aligned', () => {
  const coloured = renderTable(build(input()), { color: true });
  assert.ok(coloured.includes('bob          \u001b[31mviolating\u001b[0m  yes'));
  assert.ok(coloured.includes('alice        \u001b[32menforced \u001b[0m  yes'));
  assert.is(coloured.replace(/\u001b\[\d+m/g, ''), renderTable(build(input()), { color: false }));
});

table('without colour there is no escape sequence at all', () => {
  assert.not.match(renderTable(build(input()), { color: false }), /\u001b/);
});

table('colour is wanted on a TTY only, and never with NO_COLOR set', () => {
  assert.is(colorWanted(true, undefined), true);
  assert.is(colorWanted(false, undefined), false);
  assert.is(colorWanted(undefined, undefined), false);
  assert.is(colorWanted(true, '1'), false);
  assert.is(colorWanted(true, ''), true);
});

const json = suite('report-render.renderJson');

json('stable keys in a fixed order, ISO times, nulls for unknowns', () => {
  const value = JSON.parse(renderJson(build(input())));
  assert.equal(Object.keys(value), ['policyArn', 'generatedAt', 'credentialReport', 'totals', 'exitCode', 'users']);
  assert.equal(value.credentialReport, { generatedAt: '2025-06-20T11:48:00Z', ageMinutes: 12 });
  assert.equal(value.totals, { users: 5, violating: 2, contained: 1, enforced: 1, exempt: 1, flagged: 3 });
  assert.is(value.exitCode, 1);
  assert.equal(value.users[4], {
    user: 'dave',
    userId: 'AIDAEXAMPLEDAVE00001',
    path: '/',
    state: 'violating',
    reason: 'DenyActionWithoutMFA is not attached',
    consolePassword: null,
    activeAccessKeys: null,
    mfa: null,
    exemptionExpires: null,
    managedPolicies: 10,
    flags: [
      { kind: 'not-in-credential-report', message: 'not in the credential report (created since it was generated): password, keys and MFA unknown' },
      { kind: 'policy-limit', attached: 10, message: 'at the 10-managed-policy limit: attaching DenyActionWithoutMFA will fail (LimitExceeded)' },
    ],
  });
  assert.equal(Object.keys(value.users[0]), ['user', 'userId', 'path', 'state', 'reason', 'consolePassword', 'activeAccessKeys', 'mfa', 'exemptionExpires', 'managedPolicies', 'flags']);
});

json('the same report renders the same bytes', () => {
  assert.is(renderJson(build(input())), renderJson(build(input({ users: [dave, ci, carol, alice, bob] }))));
});

states.run();
flags.run();
exit.run();
table.run();
json.run();
