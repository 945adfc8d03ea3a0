import { GetAccountAuthorizationDetailsCommand, type UserDetail } from '@aws-sdk/client-iam';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as whitelist from '../../src/core/whitelist.ts';
import { MemoryAccount } from '../../sim/account.ts';

const seeded = suite('MemoryAccount.seed');

seeded('1,000 users: 2% whitelisted and 10% violating by default, the rest carry the policy', () => {
  const account = new MemoryAccount();
  const { users, whitelisted, violating, policy } = account.seed(1000);
  assert.is(users.length, 1000);
  assert.is(whitelisted.length, 20);
  assert.is(violating.length, 100);
  assert.is(policy.arn, account.policyArn);
  const carrying = users.filter((u) => u.policies.includes(policy.arn));
  assert.is(carrying.length, 880);
  assert.ok(whitelisted.every((u) => !u.policies.includes(policy.arn)));
  assert.ok(carrying.some((u) => u.mfa.length > 0) && carrying.some((u) => u.mfa.length === 0));
});

seeded('some users have paths, groups and other managed policies', () => {
  const { users } = new MemoryAccount().seed(100);
  assert.ok(users.some((u) => u.path === '/engineering/'));
  assert.ok(users.some((u) => u.groups.length === 2));
  assert.ok(users.some((u) => u.policies.includes('arn:aws:iam::aws:policy/ReadOnlyAccess')));
});

seeded('the same seed builds the same account', () => {
  const names = (account: MemoryAccount) => account.seed(200).violating.map((u) => `${u.name}:${u.id}`);
  assert.equal(names(new MemoryAccount()), names(new MemoryAccount()));
});

seeded('writes the whitelist parameter the core can read: 100 exemptions fit a Standard parameter in the compact format', () => {
  const account = new MemoryAccount();
  const { exemptions } = account.seed(5000, { whitelistParameter: '/mfa-guard/whitelist' });
  const parameter = account.parameters.get('/mfa-guard/whitelist');
  assert.equal(whitelist.fromParameter(parameter?.value ?? '', 'p').map((e) => e.userId).sort(), exemptions.map((e) => e.userId).sort());
  assert.is(JSON.parse(parameter?.value ?? '{}').version, 2);
  assert.is(parameter?.tier, 'Standard');
});

seeded('a 5,000-user account is scanned in 5 calls of 1,000', async () => {
  const account = new MemoryAccount();
  account.seed(5000);
  const { iam } = account.clients();
  const all: UserDetail[] = [];
  let Marker: string | undefined;
  do {
    const out = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: 1000, Marker }));
    all.push(...(out.UserDetailList ?? []));
    Marker = out.IsTruncated ? out.Marker : undefined;
  } while (Marker);
  assert.is(all.length, 5000);
  assert.is(account.count('iam'), 5);
});

seeded.run();
