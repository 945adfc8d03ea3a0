/**
 * The whitelist parameter when it is not what the deploy wrote, through the three handlers. The
 * documented outcome (DESIGN §5): missing, blank, not JSON or malformed fails the invocation (AWS
 * retries it) before anything is decided, never "nobody is exempt" nor "everybody is"; an empty
 * list is nobody exempt; a listed name whose user ID no longer matches exempts nobody.
 */
import { DeleteParameterCommand } from '@aws-sdk/client-ssm';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { WhitelistError } from '../../src/core/errors.ts';
import * as whitelist from '../../src/core/whitelist.ts';
import { evaluate } from '../../src/handlers/config-rule.ts';
import type { ConfigDeps } from '../../src/handlers/deps.ts';
import { enforce } from '../../src/handlers/enforce.ts';
import { remediate } from '../../src/handlers/remediate.ts';
import type { MemoryAccount } from '../../sim/account.ts';
import { brief, rejectsAsync } from '../support/assert.ts';
import { callNames, carries, CI_EXEMPTION, container, fixtureAccount, setWhitelist, WHITELIST_PARAMETER } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';

const SOURCE = `SSM parameter ${WHITELIST_PARAMETER}`;
const WRITES = /^(iam:(Attach|Create|Delete|Set|Detach|Put|Update)|config:PutEvaluations)/;

/** One event per function, each of which needs the whitelist to decide. */
const HANDLERS: ReadonlyArray<{ readonly name: string; readonly run: (deps: ConfigDeps) => Promise<unknown> }> = [
  { name: 'config-rule (change of bob)', run: (deps) => evaluate(fixtures.load('config-rule', 'change-user-violating.json'), deps) },
  { name: 'remediate (bob NON_COMPLIANT)', run: (deps) => remediate(fixtures.load('compliance-change', 'non-compliant-user.json'), deps) },
  { name: 'enforce (alice detached)', run: (deps) => enforce(fixtures.load('cloudtrail', 'detach-user-policy.json'), deps) },
];

const valid = whitelist.toParameter([CI_EXEMPTION]);

const BROKEN: ReadonlyArray<{ readonly title: string; readonly set: (account: MemoryAccount) => Promise<void> | void; readonly problem: RegExp }> = [
  {
    title: 'missing',
    set: async (account) => {
      await account.clients().ssm.send(new DeleteParameterCommand({ Name: WHITELIST_PARAMETER }));
    },
    problem: /not found/,
  },
  { title: 'blank', set: (account) => void account.setParameter(WHITELIST_PARAMETER, ' '), problem: /is not JSON/ },
  { title: 'an empty JSON object', set: (account) => void account.setParameter(WHITELIST_PARAMETER, '{}'), problem: /expected \{"version":1,"exemptions":\[\.\.\.\]\}/ },
  { title: 'a bare user name, not JSON', set: (account) => void account.setParameter(WHITELIST_PARAMETER, 'ci-deployer'), problem: /is not JSON/ },
  { title: 'a StringList of names', set: (account) => void account.setParameter(WHITELIST_PARAMETER, 'ci-deployer,alice', 'StringList'), problem: /is not JSON/ },
  { title: 'JSON cut in half', set: (account) => void account.setParameter(WHITELIST_PARAMETER, valid.slice(0, Math.floor(valid.length / 2))), problem: /is not JSON/ },
  { title: 'a SecureString (read without decryption: ciphertext)', set: (account) => void account.setParameter(WHITELIST_PARAMETER, valid, 'SecureString'), problem: /is not JSON/ },
  { title: 'an entry without its user ID', set: (account) => void account.setParameter(WHITELIST_PARAMETER, JSON.stringify({ version: 1, exemptions: [{ name: 'ci-deployer' }] })), problem: /exemptions\[0\]\.userId is not an IAM user ID/ },
];

const broken = suite('faults: a whitelist parameter that cannot be trusted fails the invocation');

for (const { title, set, problem } of BROKEN) {
  for (const handler of HANDLERS) {
    broken(`${title}: ${handler.name} fails with a WhitelistError naming the parameter, and writes nothing`, async () => {
      const account = fixtureAccount();
      await set(account);
      account.resetCalls();
      const { deps, logs } = container(account);
      const error = await rejectsAsync(handler.run(deps), WhitelistError);
      assert.is(error.problems[0]?.source, SOURCE);
      assert.match(error.message, problem);
      assert.equal(callNames(account).filter((c) => WRITES.test(c)), []);
      assert.is(account.count('ssm', 'GetParameter'), 1);
      assert.equal(logs, []);
    });
  }
}

broken.run();

const documented = suite('faults: a readable whitelist that exempts nobody');

documented('an empty list exempts nobody: ci-deployer’s detach is undone, and the sweep reports it NON_COMPLIANT, then repairs it', async () => {
  const account = fixtureAccount();
  setWhitelist(account, []);
  const { deps } = container(account);
  await enforce(fixtures.withField(fixtures.load('cloudtrail', 'detach-user-policy.json'), 'detail.requestParameters.userName', 'ci-deployer'), deps);
  assert.ok(carries(account, 'ci-deployer'));
  account.detachPolicy('ci-deployer', fixtures.POLICY_ARN);
  await evaluate(fixtures.load('config-rule', 'scheduled.json'), deps);
  assert.equal(history(account, account.user('ci-deployer').id), ['NON_COMPLIANT', 'COMPLIANT']);
  assert.ok(carries(account, 'ci-deployer'));
});

/** Every evaluation Config recorded for a resource, in order. */
function history(account: MemoryAccount, id: string): unknown[] {
  return account.evaluations.filter((e) => e.evaluation.ComplianceResourceId === id).map((e) => e.evaluation.ComplianceType);
}

/** ci-deployer deleted and created again: same name, new user ID; the whitelist still holds the old one. */
function recreated(): { account: MemoryAccount; id: string } {
  const account = fixtureAccount();
  account.users.delete('ci-deployer');
  const { id } = account.addUser({ name: 'ci-deployer' });
  assert.is.not(id, CI_EXEMPTION.userId);
  return { account, id };
}

documented('a listed name whose user ID no longer matches is not exempt: the sweep finds it NON_COMPLIANT and repairs it', async () => {
  const { account, id } = recreated();
  const { deps } = container(account);
  await evaluate(fixtures.load('config-rule', 'scheduled.json'), deps);
  assert.equal(history(account, id), ['NON_COMPLIANT', 'COMPLIANT']);
});

documented('a listed name whose user ID no longer matches is not exempt: remediation attaches', async () => {
  const { account, id } = recreated();
  const { deps } = container(account);
  const event = fixtures.withField(fixtures.load('compliance-change', 'non-compliant-user.json'), 'detail.resourceId', id);
  assert.equal(brief(await remediate(event, deps)), { decision: 'attach', result: 'attached', user: 'ci-deployer', userId: id });
});

documented('a listed name whose user ID no longer matches is not exempt: the enforcer checks the ID in IAM, then reattaches', async () => {
  const { account } = recreated();
  const { deps } = container(account);
  await enforce(fixtures.withField(fixtures.load('cloudtrail', 'detach-user-policy.json'), 'detail.requestParameters.userName', 'ci-deployer'), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'iam:GetUser', 'iam:ListAttachedUserPolicies', 'iam:AttachUserPolicy']);
  assert.ok(carries(account, 'ci-deployer'));
});

documented.run();
