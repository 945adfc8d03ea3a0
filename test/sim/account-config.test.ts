import {
  BatchGetResourceConfigCommand,
  GetComplianceDetailsByConfigRuleCommand,
  InvalidParameterValueException,
  NoSuchConfigRuleException,
  InvalidResultTokenException,
  PutEvaluationsCommand,
  StartConfigRulesEvaluationCommand,
  ValidationException,
  type Evaluation,
} from '@aws-sdk/client-config-service';
import { DeleteUserCommand, DetachUserPolicyCommand } from '@aws-sdk/client-iam';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryAccount } from '../../sim/account.ts';
import { rejectsAsync } from '../support/assert.ts';

const T0 = new Date('2025-01-15T11:00:00Z');
const T1 = new Date('2025-01-15T12:00:00Z');

function evaluation(id: string, type: Evaluation['ComplianceType'], at = T0, annotation?: string): Evaluation {
  return { ComplianceResourceType: 'AWS::IAM::User', ComplianceResourceId: id, ComplianceType: type, OrderingTimestamp: at, ...(annotation === undefined ? {} : { Annotation: annotation }) };
}

function setup() {
  const account = new MemoryAccount();
  account.createPolicy({ name: 'DenyActionWithoutMFA' });
  account.addUser({ name: 'alice', id: 'AIDAJQABLZS4A3QDU576Q', policies: [account.policyArn], groups: ['Admins'] });
  account.addUser({ name: 'bob', id: 'AIDAIOSFODNN7EXAMPLE' });
  const { config, iam } = account.clients();
  return { account, config, iam };
}

// ---------------------------------------------------------------------------------------------
const put = suite('Config PutEvaluations');

put('records each evaluation with its result token; the latest by OrderingTimestamp wins', async () => {
  const { account, config } = setup();
  await config.send(new PutEvaluationsCommand({ ResultToken: 'token-1', Evaluations: [evaluation('AIDAIOSFODNN7EXAMPLE', 'NON_COMPLIANT', T1)] }));
  await config.send(new PutEvaluationsCommand({ ResultToken: 'token-2', Evaluations: [evaluation('AIDAIOSFODNN7EXAMPLE', 'COMPLIANT', T0)] }));
  assert.equal(account.evaluations.map((e) => [e.resultToken, e.evaluation.ComplianceType]), [['token-1', 'NON_COMPLIANT'], ['token-2', 'COMPLIANT']]);
  assert.is(account.compliance('AIDAIOSFODNN7EXAMPLE')?.ComplianceType, 'NON_COMPLIANT');
  assert.is(account.compliance('AIDAJQABLZS4A3QDU576Q'), undefined);
});

put('more than 100 evaluations in one call is a ValidationException, and nothing is recorded', async () => {
  const { account, config } = setup();
  const evaluations = Array.from({ length: 101 }, (_, i) => evaluation(`AIDA${i}`, 'COMPLIANT'));
  const error = await rejectsAsync(config.send(new PutEvaluationsCommand({ ResultToken: 't', Evaluations: evaluations })), ValidationException);
  assert.match(error.message, 'Member must have length less than or equal to 100');
  assert.equal(account.evaluations, []);
  await config.send(new PutEvaluationsCommand({ ResultToken: 't', Evaluations: evaluations.slice(0, 100) }));
  assert.is(account.evaluations.length, 100);
});

put('an annotation must be 1 to 256 characters', async () => {
  const { config } = setup();
  for (const annotation of ['', 'x'.repeat(257)]) {
    await rejectsAsync(config.send(new PutEvaluationsCommand({ ResultToken: 't', Evaluations: [evaluation('AIDA1', 'COMPLIANT', T0, annotation)] })), ValidationException);
  }
  await config.send(new PutEvaluationsCommand({ ResultToken: 't', Evaluations: [evaluation('AIDA1', 'COMPLIANT', T0, 'x'.repeat(256))] }));
});

put('an empty result token and INSUFFICIENT_DATA are refused', async () => {
  const { config } = setup();
  await rejectsAsync(config.send(new PutEvaluationsCommand({ ResultToken: '', Evaluations: [] })), InvalidResultTokenException);
  await rejectsAsync(config.send(new PutEvaluationsCommand({ ResultToken: 't', Evaluations: [evaluation('AIDA1', 'INSUFFICIENT_DATA')] })), InvalidParameterValueException);
});

put('TestMode validates but records nothing', async () => {
  const { account, config } = setup();
  await config.send(new PutEvaluationsCommand({ ResultToken: 'TESTMODE', TestMode: true, Evaluations: [evaluation('AIDA1', 'COMPLIANT')] }));
  assert.equal(account.evaluations, []);
});

put('injected FailedEvaluations come back in the response and are not recorded, for the given number of calls', async () => {
  const { account, config } = setup();
  account.failEvaluations((e) => e.ComplianceResourceId === 'AIDAIOSFODNN7EXAMPLE', { times: 1 });
  const batch = [evaluation('AIDAIOSFODNN7EXAMPLE', 'NON_COMPLIANT'), evaluation('AIDAJQABLZS4A3QDU576Q', 'COMPLIANT')];
  const first = await config.send(new PutEvaluationsCommand({ ResultToken: 't', Evaluations: batch }));
  assert.equal(first.FailedEvaluations?.map((e) => e.ComplianceResourceId), ['AIDAIOSFODNN7EXAMPLE']);
  assert.equal(account.evaluations.map((e) => e.evaluation.ComplianceResourceId), ['AIDAJQABLZS4A3QDU576Q']);
  const second = await config.send(new PutEvaluationsCommand({ ResultToken: 't', Evaluations: batch }));
  assert.equal(second.FailedEvaluations, []);
});

// ---------------------------------------------------------------------------------------------
const batch = suite('Config BatchGetResourceConfig');

batch('maps a user ID to its configuration item, built from the IAM state', async () => {
  const { config } = setup();
  const out = await config.send(new BatchGetResourceConfigCommand({ resourceKeys: [{ resourceType: 'AWS::IAM::User', resourceId: 'AIDAJQABLZS4A3QDU576Q' }] }));
  const item = out.baseConfigurationItems?.[0];
  assert.is(item?.resourceName, 'alice');
  assert.is(item?.resourceId, 'AIDAJQABLZS4A3QDU576Q');
  assert.is(item?.awsRegion, 'global');
  assert.instance(item?.configurationItemCaptureTime, Date);
  assert.equal(JSON.parse(item?.configuration ?? '{}'), {
    path: '/',
    userName: 'alice',
    userId: 'AIDAJQABLZS4A3QDU576Q',
    arn: 'arn:aws:iam::123456789012:user/alice',
    createDate: '2025-01-15T12:00:00.000Z',
    userPolicyList: [],
    groupList: ['Admins'],
    attachedManagedPolicies: [{ policyName: 'DenyActionWithoutMFA', policyArn: 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA' }],
    permissionsBoundary: null,
    tags: [],
  });
  assert.equal(out.unprocessedResourceKeys, []);
});

batch('the item follows IAM changes and their time', async () => {
  const { account, config, iam } = setup();
  account.now = new Date('2025-01-15T13:00:00Z');
  await iam.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: account.policyArn }));
  const out = await config.send(new BatchGetResourceConfigCommand({ resourceKeys: [{ resourceType: 'AWS::IAM::User', resourceId: 'AIDAJQABLZS4A3QDU576Q' }] }));
  const item = out.baseConfigurationItems?.[0];
  assert.equal(JSON.parse(item?.configuration ?? '{}').attachedManagedPolicies, []);
  assert.equal(item?.configurationItemCaptureTime, account.now);
});

batch('deleted, unknown and not-yet-recorded users are simply absent', async () => {
  const { account, config, iam } = setup();
  account.addUser({ name: 'new', id: 'AIDANEWUSER000000000X', recorded: false });
  await iam.send(new DeleteUserCommand({ UserName: 'bob' }));
  const keys = ['AIDAIOSFODNN7EXAMPLE', 'AIDANOSUCHUSER0000000', 'AIDANEWUSER000000000X', 'AIDAJQABLZS4A3QDU576Q'].map((resourceId) => ({ resourceType: 'AWS::IAM::User' as const, resourceId }));
  const out = await config.send(new BatchGetResourceConfigCommand({ resourceKeys: keys }));
  assert.equal(out.baseConfigurationItems?.map((i) => i.resourceName), ['alice']);
  assert.equal(out.unprocessedResourceKeys, []);
});

batch('more than 100 keys, or none, is a ValidationException', async () => {
  const { config } = setup();
  const keys = Array.from({ length: 101 }, (_, i) => ({ resourceType: 'AWS::IAM::User' as const, resourceId: `AIDA${i}` }));
  await rejectsAsync(config.send(new BatchGetResourceConfigCommand({ resourceKeys: keys })), ValidationException);
  await rejectsAsync(config.send(new BatchGetResourceConfigCommand({ resourceKeys: [] })), ValidationException);
});

batch('injected unprocessed keys come back in unprocessedResourceKeys', async () => {
  const { account, config } = setup();
  account.leaveUnprocessed((key) => key.resourceId === 'AIDAJQABLZS4A3QDU576Q', { times: 1 });
  const resourceKeys = [{ resourceType: 'AWS::IAM::User' as const, resourceId: 'AIDAJQABLZS4A3QDU576Q' }];
  const first = await config.send(new BatchGetResourceConfigCommand({ resourceKeys }));
  assert.equal(first.baseConfigurationItems, []);
  assert.equal(first.unprocessedResourceKeys, resourceKeys);
  const second = await config.send(new BatchGetResourceConfigCommand({ resourceKeys }));
  assert.is(second.baseConfigurationItems?.length, 1);
});

// ---------------------------------------------------------------------------------------------
const start = suite('Config StartConfigRulesEvaluation');

start('records the rules asked to re-evaluate', async () => {
  const { account, config } = setup();
  await config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: ['mfa-guard-users'] }));
  assert.equal(account.startedRuleEvaluations, [['mfa-guard-users']]);
  await rejectsAsync(config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [] })), ValidationException);
});

// ---------------------------------------------------------------------------------------------
const details = suite('Config GetComplianceDetailsByConfigRule');

details('lists the latest evaluation of each resource, Limit a page, NextToken to the next', async () => {
  const { config } = setup();
  const ids = Array.from({ length: 5 }, (_, i) => `AIDA${String(i).padStart(16, '0')}`);
  await config.send(new PutEvaluationsCommand({ ResultToken: 't', Evaluations: ids.map((id) => evaluation(id, 'COMPLIANT', T0, 'ok')) }));
  await config.send(new PutEvaluationsCommand({ ResultToken: 't', Evaluations: [evaluation(ids[0] ?? '', 'NON_COMPLIANT', T1, 'now violating')] }));
  const first = await config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'mfa-guard-users', Limit: 3 }));
  const second = await config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'mfa-guard-users', Limit: 3, NextToken: first.NextToken }));
  assert.ok(first.NextToken);
  assert.is(second.NextToken, undefined);
  const results = [...(first.EvaluationResults ?? []), ...(second.EvaluationResults ?? [])];
  assert.equal(results.map((r) => r.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId), ids);
  assert.equal([results[0]?.ComplianceType, results[0]?.Annotation], ['NON_COMPLIANT', 'now violating']);
});

details('filters by ComplianceTypes; NOT_APPLICABLE results are listed unless the account is told otherwise', async () => {
  const { account, config } = setup();
  await config.send(new PutEvaluationsCommand({ ResultToken: 't', Evaluations: [evaluation('AIDAIOSFODNN7EXAMPLE', 'NON_COMPLIANT'), evaluation('AIDAQ3EGRNG2ZH3EXAMPLE', 'NOT_APPLICABLE')] }));
  const ids = async (types?: ('COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE')[]) =>
    (await config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'mfa-guard-users', ...(types && { ComplianceTypes: types }) }))).EvaluationResults?.map(
      (r) => r.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId,
    );
  assert.equal(await ids(['NON_COMPLIANT']), ['AIDAIOSFODNN7EXAMPLE']);
  assert.equal(await ids(), ['AIDAIOSFODNN7EXAMPLE', 'AIDAQ3EGRNG2ZH3EXAMPLE']);
  account.listsNotApplicable = false;
  assert.equal(await ids(), ['AIDAIOSFODNN7EXAMPLE']);
});

details('another rule name is NoSuchConfigRuleException; a Limit over 100 is refused', async () => {
  const { config } = setup();
  await rejectsAsync(config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'other-rule' })), NoSuchConfigRuleException);
  await rejectsAsync(config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'mfa-guard-users', Limit: 101 })), InvalidParameterValueException);
});

put.run();
batch.run();
details.run();
start.run();
