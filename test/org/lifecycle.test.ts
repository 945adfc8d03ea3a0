import { CreateUserCommand } from '@aws-sdk/client-iam';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { enforce } from '../../src/handlers/enforce.ts';
import { assemble, type Deps } from '../../src/handlers/deps.ts';
import { canonical } from '../../src/handlers/canonical.ts';
import { documentNames, settings } from '../../src/handlers/environment.ts';
import type { OrgAccount } from '../../sim/org.ts';
import { templateDocument } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';
import { HOME_REGION, run, scene } from './harness.ts';

/** The account's enforcer as its home stack wired it: the function's own environment, the account's clients, its canonical document. */
function enforcerOf(member: OrgAccount): Deps {
  const stack = member.stacks.get(`${HOME_REGION}/mfa-guard-home`);
  const environment = stack?.functions.EnforceFunction;
  if (!environment) throw new Error(`no home stack with an enforcer in ${member.id}`);
  const env = { ...environment, AWS_REGION: HOME_REGION };
  const configured = settings(env);
  const canonicalDocument = canonical(configured.policyArn, templateDocument, () => documentNames(env));
  return assemble({ clients: member.account.clients(), settings: configured, canonicalDocument, cache: { ttlMs: 0 }, now: () => new Date(member.account.now.getTime()), log: () => undefined });
}

function createUserEvent(account: string, name: string, id: string) {
  const event = fixtures.withField(fixtures.load('cloudtrail', 'create-user.json'), 'detail.requestParameters.userName', name);
  const withUser = fixtures.withField(event, 'detail.responseElements.user', { userName: name, userId: id, path: '/', arn: `arn:aws:iam::${account}:user/${name}`, createDate: 'May 31, 2023 5:10:02 AM' });
  return fixtures.withField(fixtures.withField(withUser, 'account', account), 'detail.recipientAccountId', account);
}

const lifecycle = suite('deploy-org: accounts created, moved, removed');

lifecycle('an account created in a target OU gets the stacks at once; a CreateUser there ends with the policy attached by the real enforcer', async () => {
  const { org, outer, inner } = scene();
  assert.is((await run(org, { OUS: outer })).code, 0);
  const member = org.createAccount('333333333333', 'new-team', inner, { recorder: HOME_REGION });
  assert.equal([...member.stacks.keys()].sort(), [`${HOME_REGION}/mfa-guard-access`, `${HOME_REGION}/mfa-guard-home`, 'us-east-1/mfa-guard-iam-events']);
  const deps = enforcerOf(member);
  assert.is(deps.settings.policyArn, 'arn:aws:iam::333333333333:policy/DenyActionWithoutMFA');
  const { iam } = member.account.clients();
  const created = await iam.send(new CreateUserCommand({ UserName: 'new-dev' }));
  await enforce(createUserEvent('333333333333', 'new-dev', created.User?.UserId ?? ''), deps);
  assert.ok(member.account.user('new-dev').policies.includes(deps.settings.policyArn));
});

lifecycle('a rerun after an account joined reports it covered without changes', async () => {
  const { org, outer, inner } = scene();
  await run(org, { OUS: outer });
  org.createAccount('333333333333', 'new-team', inner, { recorder: HOME_REGION });
  const { code, output } = await run(org, { OUS: outer }, '', []);
  assert.is(code, 0, output);
  assert.match(output, 'No changes.');
  assert.match(output, 'Every target account is covered (13 active');
});

lifecycle('an account moved out of the targets keeps its stacks (retain on removal) and is no longer an instance', async () => {
  const { org, outer } = scene();
  await run(org, { OUS: outer });
  const elsewhere = org.addOu('sandbox');
  org.moveAccount('222222222201', elsewhere);
  assert.ok(org.member('222222222201').account.policy('arn:aws:iam::222222222201:policy/DenyActionWithoutMFA'));
  assert.not.ok(org.stackSets.get('mfa-guard-home')?.instances.has(`222222222201/${HOME_REGION}`));
});

const whitelist = suite('deploy-org: whitelist-org.txt');

whitelist('entries resolve to each account\'s user IDs and reach only that account\'s parameter; removing one resets the override', async () => {
  const { org, outer } = scene();
  const ci = org.member('222222222203').account.addUser({ name: 'ci-deployer' });
  org.member('222222222209').account.addUser({ name: 'datadog' });
  const text = '222222222203/ci-deployer  # GitHub Actions\n*/datadog  # monitoring\n';
  const { code, output } = await run(org, { OUS: outer }, text);
  assert.is(code, 0, output);
  const parameter = (id: string) => JSON.parse(org.member(id).account.parameters.get('/mfa-guard/whitelist')?.value ?? 'null');
  assert.equal(parameter('222222222203'), { version: 1, exemptions: [{ name: 'ci-deployer', userId: ci.id, reason: 'GitHub Actions' }] });
  assert.equal(parameter('222222222209').exemptions.map((e: { name: string }) => e.name), ['datadog']);
  assert.equal(parameter('222222222204'), { version: 1, exemptions: [] });
  assert.ok(org.member('222222222203').account.user('ci-deployer').policies.length === 0, 'the exempt user stayed without the policy');
  const again = await run(org, { OUS: outer }, '*/datadog  # monitoring\n');
  assert.is(again.code, 0, again.output);
  assert.match(again.output, 'reset the overrides of 222222222203');
  assert.equal(parameter('222222222203'), { version: 1, exemptions: [] });
});

whitelist('bad lines are named file:line and nothing of the home StackSet changes', async () => {
  const { org, outer } = scene();
  org.suspend('222222222212');
  const text = ['222222222201/nobody', '222222222212/ci', '999999999999/ci', 'no-account-here'].join('\n');
  const parse = await run(org, { OUS: outer }, text);
  assert.is(parse.code, 1);
  assert.match(parse.output, 'whitelist-org.txt:4: "no-account-here" is not <account-id>/<user name>');
  assert.is(org.stackSets.size, 0, 'a syntax error stops in pre-flight');
  const resolve = await run(org, { OUS: outer }, text.split('\n').slice(0, 3).join('\n'));
  assert.is(resolve.code, 1);
  for (const line of ['whitelist-org.txt:1: no IAM user named "nobody" in account 222222222201', 'whitelist-org.txt:2: account 222222222212 is suspended', 'whitelist-org.txt:3: account 999999999999 is not a target']) {
    assert.match(resolve.output, line);
  }
  assert.not.ok(org.stackSets.has('mfa-guard-home'));
});

lifecycle.run();
whitelist.run();
