/**
 * The adapters through real SDK clients (validation, serialisation, retry strategy) against the
 * in-memory account: what the aws-sdk-client-mock suites cannot show.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as config from '../../src/aws/config.ts';
import { EvaluationsFailedError } from '../../src/aws/errors.ts';
import * as iam from '../../src/aws/iam.ts';
import * as ssm from '../../src/aws/ssm.ts';
import * as evaluations from '../../src/core/evaluations.ts';
import { MemoryAccount } from '../../sim/account.ts';
import { rejectsAsync } from '../support/assert.ts';

const CANONICAL = { Version: '2012-10-17', Statement: [{ Sid: 'DenyWithoutMFA', Effect: 'Deny', NotAction: 'iam:ChangePassword', Resource: '*' }] };
const AT = new Date('2026-11-29T06:00:00Z');

function account() {
  const memory = new MemoryAccount();
  memory.createPolicy({ name: 'DenyActionWithoutMFA', document: JSON.stringify(CANONICAL) });
  return memory;
}

const onAccount = suite('adapters on the in-memory account');

onAccount('a sweep of 2,500 users takes 3 GetAccountAuthorizationDetails calls', async () => {
  const memory = account();
  memory.seed(2500);
  memory.resetCalls();
  const users = await iam.listUsers(memory.clients().iam);
  assert.is(users.length, 2500);
  assert.is(memory.count('iam', 'GetAccountAuthorizationDetails'), 3);
  assert.is(memory.count(), 3);
});

onAccount('attach, then the user carries the policy; a deleted user is user-gone', async () => {
  const memory = account();
  memory.addUser({ name: 'bob', id: 'AIDAIOSFODNN7EXAMPLE' });
  const { iam: client } = memory.clients();
  assert.equal(await iam.attachPolicy(client, 'bob', memory.policyArn), { kind: 'attached' });
  assert.equal((await iam.getUser(client, 'bob'))?.attachedPolicyArns, [memory.policyArn]);
  assert.equal((await iam.policyEntities(client, memory.policyArn)).users, ['bob']);
  assert.equal(await iam.attachPolicy(client, 'dave', memory.policyArn), { kind: 'user-gone' });
});

onAccount('a tampered document is restored once, then left alone', async () => {
  const memory = account();
  const { iam: client } = memory.clients();
  await iam.restorePolicyDocument(client, memory.policyArn, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  assert.is(await iam.restorePolicyDocument(client, memory.policyArn, CANONICAL), 'restored');
  assert.is(await iam.restorePolicyDocument(client, memory.policyArn, CANONICAL), 'unchanged');
  assert.equal((await iam.getPolicyDocument(client, memory.policyArn))?.document, CANONICAL);
});

onAccount('a policy at 5 versions still gets the canonical document back', async () => {
  const memory = account();
  const { iam: client } = memory.clients();
  for (let i = 0; i < 4; i++) await iam.restorePolicyDocument(client, memory.policyArn, { ...CANONICAL, Id: `tampered-${i}` });
  assert.is((await iam.getPolicyDocument(client, memory.policyArn))?.versions.length, 5);
  assert.is(await iam.restorePolicyDocument(client, memory.policyArn, CANONICAL), 'restored');
  const after = await iam.getPolicyDocument(client, memory.policyArn);
  assert.equal(after?.document, CANONICAL);
  assert.equal(after?.versions.map((v) => v.id).sort(), ['v2', 'v3', 'v4', 'v5', 'v6']);
});

onAccount('evaluations Config keeps failing are reported, after one retry', async () => {
  const memory = account();
  memory.failEvaluations((e) => e.ComplianceResourceId === 'AIDAIOSFODNN7EXAMPLE');
  const violating = { kind: 'violating', reason: 'not attached' } as const;
  const all = [evaluations.forState('AIDAJQABLZS4A3QDU576Q', violating, AT), evaluations.forState('AIDAIOSFODNN7EXAMPLE', violating, AT)];
  const error = await rejectsAsync(config.putEvaluations(memory.clients().config, 'token', all), EvaluationsFailedError);
  assert.equal(error.resourceIds, ['AIDAIOSFODNN7EXAMPLE']);
  assert.is(memory.count('config', 'PutEvaluations'), 2);
});

onAccount('user ID to name through BatchGetResourceConfig', async () => {
  const memory = account();
  memory.addUser({ name: 'carol', id: 'AIDACKCEVSQ6C2EXAMPLE', path: '/engineering/', policies: [memory.policyArn] });
  const { config: client } = memory.clients();
  assert.equal(await config.userNames(client, ['AIDACKCEVSQ6C2EXAMPLE']), new Map([['AIDACKCEVSQ6C2EXAMPLE', 'carol']]));
  assert.is(await config.userName(client, 'AIDACKCEVSQ6C2EXAMPLE'), 'carol');
  assert.is(await config.userName(client, 'AIDAIOSFODNN7EXAMPLE'), undefined);
});

onAccount('the whitelist written is the whitelist read', async () => {
  const memory = account();
  const { ssm: client } = memory.clients();
  const exemptions = [{ name: 'ci-deployer', userId: 'AIDAQ3EGRNG2ZH3EXAMPLE', reason: 'GitHub Actions' }];
  await ssm.writeWhitelist(client, '/mfa-guard/whitelist', JSON.stringify({ version: 1, exemptions }));
  assert.equal(await ssm.readWhitelist(client, '/mfa-guard/whitelist'), exemptions);
});

onAccount.run();
