import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { WhitelistError } from '../../src/core/errors.ts';
import * as whitelistOrg from '../../src/core/whitelist-org.ts';
import { rejects } from '../support/assert.ts';

const today = new Date('2026-11-29T12:00:00Z');
const A = '222222222201';
const B = '222222222202';

const parse = suite('whitelistOrg.parse');

parse('reads account/name lines with expiry and reason; * applies to every account', () => {
  const text = ['# organisation exemptions', '', `${A}/ci-deployer  expires=2027-06-30  # GitHub Actions`, '*/datadog  # monitoring'].join('\n');
  assert.equal(whitelistOrg.parse(text, 'whitelist-org.txt', today), [
    { account: A, name: 'ci-deployer', line: 3, expires: '2027-06-30', reason: 'GitHub Actions' },
    { account: '*', name: 'datadog', line: 4, reason: 'monitoring' },
  ]);
});

parse('names every bad line with file:line: no account, bad account ID, bad name, duplicate (ignoring case, * included), past expiry', () => {
  const text = ['ci', '12345/ci', `${A}/bob smith`, `${A}/ci`, `${A}/CI`, `${B}/old expires=2026-11-28`, '*/ci'].join('\n');
  const error = rejects(() => whitelistOrg.parse(text, 'whitelist-org.txt', today), WhitelistError);
  assert.equal(error.message.split('\n'), [
    'whitelist-org.txt:1: "ci" is not <account-id>/<user name> or */<user name> (a 12-digit account ID)',
    'whitelist-org.txt:2: "12345/ci" is not <account-id>/<user name> or */<user name> (a 12-digit account ID)',
    'whitelist-org.txt:3: "bob smith" is not a valid IAM user name (1-64 of A-Z a-z 0-9 _ + = , . @ -; only expires=YYYY-MM-DD may follow the name, a reason goes after #)',
    `whitelist-org.txt:5: "${A}/CI" is already covered by line 4 (IAM user names ignore case)`,
    'whitelist-org.txt:6: exemption of "old" expired on 2026-11-28',
    `whitelist-org.txt:7: "*/ci" repeats line 4 (${A}/ci)`,
  ]);
});

const resolve = suite('whitelistOrg.resolve');

const accounts = new Map([
  [A, { state: 'ACTIVE', users: new Map([['ci-deployer', 'AIDAEXAMPLEA0000001'], ['datadog', 'AIDAEXAMPLEA0000002']]) }],
  [B, { state: 'ACTIVE', users: new Map([['Datadog', 'AIDAEXAMPLEB0000002']]) }],
  ['222222222203', { state: 'ACTIVE', users: new Map<string, string>() }],
  ['222222222204', { state: 'SUSPENDED', users: new Map<string, string>() }],
]);

resolve('resolves each line to the user ID in its account; * where the user exists; every other active account gets nobody', () => {
  const lines = whitelistOrg.parse(`${A}/ci-deployer # CI\n*/datadog`, 'w', today);
  const result = whitelistOrg.resolve(lines, accounts, 'w');
  assert.equal(Object.fromEntries(result), {
    [A]: [{ name: 'ci-deployer', userId: 'AIDAEXAMPLEA0000001', reason: 'CI' }, { name: 'datadog', userId: 'AIDAEXAMPLEA0000002' }],
    [B]: [{ name: 'Datadog', userId: 'AIDAEXAMPLEB0000002' }],
    '222222222203': [],
  });
  assert.is(whitelistOrg.overrideValue(result.get('222222222203') ?? []), '{"version":1,"exemptions":[]}');
});

resolve('an unknown or suspended account, an unknown user, a * user nowhere: errors at their lines', () => {
  const lines = whitelistOrg.parse(['999999999999/ci', '222222222204/ci', `${B}/ci-deployer`, '*/nobody'].join('\n'), 'w', today);
  const error = rejects(() => whitelistOrg.resolve(lines, accounts, 'whitelist-org.txt'), WhitelistError);
  assert.equal(error.message.split('\n'), [
    'whitelist-org.txt:1: account 999999999999 is not a target of this rollout (not in the OUs, or the management account)',
    'whitelist-org.txt:2: account 222222222204 is suspended: remove the line or reactivate the account',
    `whitelist-org.txt:3: no IAM user named "ci-deployer" in account ${B}`,
    'whitelist-org.txt:4: no active target account has an IAM user named "nobody"',
  ]);
});

resolve("an account whose JSON would exceed 4,096 bytes is an error at the account's first line", () => {
  const users = new Map(Array.from({ length: 60 }, (_, i) => [`user-${String(i).padStart(2, '0')}`, `AIDAEXAMPLE${String(i).padStart(9, '0')}`] as const));
  const many = new Map([[A, { state: 'ACTIVE', users }]]);
  const text = [...users.keys()].map((name) => `${A}/${name} # a reason long enough to add up across sixty users`).join('\n');
  const error = rejects(() => whitelistOrg.resolve(whitelistOrg.parse(text, 'w', today), many, 'whitelist-org.txt'), WhitelistError);
  assert.match(error.message, new RegExp(`^whitelist-org.txt:1: account ${A}'s whitelist is \\d+ bytes as JSON, over the 4096-byte limit of a parameter override$`));
});

parse.run();
resolve.run();
