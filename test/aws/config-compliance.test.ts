import { ConfigServiceClient, GetComplianceDetailsByConfigRuleCommand, NoSuchConfigRuleException, type GetComplianceDetailsByConfigRuleCommandOutput } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as configCompliance from '../../src/aws/config-compliance.ts';
import { ResponseError } from '../../src/aws/errors.ts';
import { rejectsAsync } from '../support/assert.ts';
import { recorded } from '../support/recorded.ts';
import { sent } from '../support/sent.ts';

const RULE = 'mfa-guard-users';
const page = (n: 1 | 2) => recorded<GetComplianceDetailsByConfigRuleCommandOutput>(`config/get-compliance-details-by-config-rule-${n}.json`);

function setup() {
  const client = new ConfigServiceClient({ region: 'us-east-1' });
  return { client, mock: mockClient(client) };
}

const held = suite('configCompliance.held');

held('reads every page, all three compliance types, 100 a page, passing NextToken on', async () => {
  const { client, mock } = setup();
  mock.on(GetComplianceDetailsByConfigRuleCommand).resolvesOnce(page(1)).resolvesOnce(page(2));
  const results = await configCompliance.held(client, RULE);
  const request = { ConfigRuleName: RULE, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'], Limit: 100 };
  assert.equal(sent(mock), [
    { command: 'GetComplianceDetailsByConfigRuleCommand', input: request },
    { command: 'GetComplianceDetailsByConfigRuleCommand', input: { ...request, NextToken: 'eyJwYWdlIjoyfQ==' } },
  ]);
  assert.equal(results, [
    { resourceType: 'AWS::IAM::User', resourceId: 'AIDAJQABLZS4A3QDU576Q', complianceType: 'COMPLIANT', annotation: 'enforced: DenyActionWithoutMFA is attached and the user has 1 MFA device' },
    { resourceType: 'AWS::IAM::User', resourceId: 'AIDAIOSFODNN7EXAMPLE', complianceType: 'NON_COMPLIANT', annotation: 'violating: DenyActionWithoutMFA is not attached' },
    { resourceType: 'AWS::IAM::User', resourceId: 'AIDAQ3EGRNG2ZH3EXAMPLE', complianceType: 'NOT_APPLICABLE', annotation: 'exempt: whitelisted: GitHub Actions deploys' },
  ]);
});

held('a result without its resource ID is a ResponseError naming the field, not a user to skip', async () => {
  const { client, mock } = setup();
  const broken = page(2);
  delete broken.EvaluationResults?.[0]?.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId;
  mock.on(GetComplianceDetailsByConfigRuleCommand).resolves(broken);
  const error = await rejectsAsync(configCompliance.held(client, RULE), ResponseError);
  assert.match(error.message, /page 1: EvaluationResults\[0\]\.EvaluationResultIdentifier\.EvaluationResultQualifier\.ResourceId: missing/);
});

held('a NextToken handed back twice is an error, not an endless loop', async () => {
  const { client, mock } = setup();
  mock.on(GetComplianceDetailsByConfigRuleCommand).resolves(page(1));
  await rejectsAsync(configCompliance.held(client, RULE), ResponseError);
});

held('an unknown rule propagates NoSuchConfigRuleException', async () => {
  const { client, mock } = setup();
  mock.on(GetComplianceDetailsByConfigRuleCommand).rejects(new NoSuchConfigRuleException({ message: 'The ConfigRule provided in the request is invalid.', $metadata: {} }));
  await rejectsAsync(configCompliance.held(client, RULE), NoSuchConfigRuleException);
});

held.run();
