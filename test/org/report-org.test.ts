import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryOrganization } from '../../sim/org.ts';
import { HOME_REGION, report, rolledOut, run, scene } from './harness.ts';

const small = suite('report-org');

small('after deploy-org every account is covered; nobody violating: exit 0, one line per account, totals', async () => {
  const { org, outer, ids } = scene();
  await run(org, { OUS: outer });
  const alice = org.member(ids[0] ?? '').account;
  alice.addUser({ name: 'alice', policies: [`arn:aws:iam::${ids[0]}:policy/DenyActionWithoutMFA`], mfa: 1 });
  alice.addUser({ name: 'bob', policies: [`arn:aws:iam::${ids[0]}:policy/DenyActionWithoutMFA`] });
  const { code, out, err } = await report(org);
  assert.is(code, 0, out);
  assert.match(out, /^222222222201 +account-1 +COVERED +0 +1 +1 +0 /m);
  assert.match(out, '12 accounts: 12 covered, 0 not covered, 0 unreadable, 0 suspended (skipped).');
  assert.match(out, '2 users: 0 violating, 1 contained, 1 enforced, 0 exempt.');
  assert.match(err, `The management account ${org.managementId} is outside the StackSets`);
});

small('a violating user: exit 1; JSON carries the same lines and totals', async () => {
  const { org, outer } = scene();
  await run(org, { OUS: outer });
  org.member('222222222205').account.addUser({ name: 'mallory' });
  const { code, out } = await report(org, { JSON: '1' });
  assert.is(code, 1);
  const parsed = JSON.parse(out);
  assert.equal(parsed.accounts.find((a: { account: string }) => a.account === '222222222205').counts, { violating: 1, contained: 0, enforced: 0, exempt: 0 });
  assert.is(parsed.totals.violating, 1);
  assert.is(parsed.exitCode, 1);
});

small('an account created in a target OU after the rollout is covered', async () => {
  const { org, outer, inner } = scene();
  await run(org, { OUS: outer });
  org.createAccount('333333333333', 'new-team', inner, { recorder: HOME_REGION });
  const { code, out } = await report(org);
  assert.is(code, 0, out);
  assert.match(out, /^333333333333 +new-team +COVERED/m);
});

small('not covered: a failed home instance, a recorder that does not record IAM; a suspended account is skipped', async () => {
  const { org, outer } = scene({ without: ['222222222202'] });
  await run(org, { OUS: outer });
  org.member('222222222203').recorders.set(HOME_REGION, { iam: false, recording: true });
  org.suspend('222222222204');
  const { code, out } = await report(org);
  assert.is(code, 1);
  assert.match(out, /^222222222202 .*NOT COVERED .*mfa-guard-home FAILED \(.*NoAvailableConfigurationRecorderException.*AWS Config does not record IAM users: no configuration recorder/m);
  assert.match(out, /^222222222203 .*NOT COVERED .*includeGlobalResourceTypes is false/m);
  assert.match(out, /^222222222204 .*SUSPENDED/m);
});

const scale = suite('report-org at 200 accounts × 50 users');

scale('correct totals, a fixed number of calls per account, and one unreadable account: exit 2, named, not counted', async () => {
  const org = new MemoryOrganization();
  const ou = org.addOu('fleet');
  for (let i = 0; i < 200; i++) org.createAccount(`4444444${String(i).padStart(5, '0')}`, `fleet-${i}`, ou, { recorder: HOME_REGION });
  await rolledOut(org, ou);
  let expected = { violating: 0, exempt: 0 };
  for (const member of [...org.accounts.values()].filter((a) => a.id !== org.managementId)) {
    const seeded = member.account.seed(50, { whitelistParameter: '/mfa-guard/whitelist', whitelisted: 0.04, violating: 0.1, seed: Number(member.id.slice(-3)) });
    if (member.id !== '444444400007') expected = { violating: expected.violating + seeded.violating.length, exempt: expected.exempt + seeded.whitelisted.length };
  }
  org.member('444444400007').roles.clear();
  org.calls.length = 0;
  const { code, out } = await report(org);
  assert.is(code, 2);
  assert.match(out, /^444444400007 +fleet-7 +UNREADABLE .*AccessDenied: User: arn:aws:iam::111111111111:role\/OrgAdmin is not authorized to perform: sts:AssumeRole/m);
  assert.match(out, '200 accounts: 199 covered, 0 not covered, 1 unreadable, 0 suspended (skipped).');
  assert.match(out, `9950 users: ${expected.violating} violating, `);
  assert.match(out, ` ${expected.exempt} exempt.`);
  const perAccount = new Map<string, string[]>();
  for (const call of org.calls.filter((c) => c.role !== undefined)) perAccount.set(call.account, [...(perAccount.get(call.account) ?? []), call.command]);
  assert.is(perAccount.size, 199);
  const shapes = new Set([...perAccount.values()].map((commands) => commands.sort().join(',')));
  assert.equal([...shapes], ['DescribeConfigurationRecorderStatus,DescribeConfigurationRecorders,GenerateCredentialReport,GenerateCredentialReport,GetAccountAuthorizationDetails,GetCredentialReport,GetParameter']);
  const admin: Record<string, number> = {};
  for (const call of org.calls.filter((c) => c.role === undefined)) admin[call.command] = (admin[call.command] ?? 0) + 1;
  // Per account one AssumeRole; the rest grows with pages (20 accounts, 100 instances a page), not with users.
  assert.equal(admin, { GetCallerIdentity: 1, DescribeOrganization: 1, ListRoots: 1, ListAccountsForParent: 11, ListOrganizationalUnitsForParent: 2, DescribeStackSet: 4, ListStackInstances: 6, AssumeRole: 200 });
});

small.run();
scale.run();
