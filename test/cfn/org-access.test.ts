/**
 * cfn/org-access.yml simulated with a real IAM policy evaluator: the read-only role grants exactly
 * the calls report-org and deploy-org make through it (taken from the in-memory organisation's call
 * log), writes nothing, and its trust admits only the configured principals, within the organisation.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as policyDocument from '../../src/core/policy-document.ts';
import { HOME_REGION, report, run, scene } from '../org/harness.ts';
import * as iamActions from '../support/iam-actions.ts';
import { ALLOW, decide, NOT_GRANTED, type Decision } from '../support/simulate.ts';
import * as templates from '../support/templates.ts';

const access = templates.load(templates.ORG_ACCESS);
const ACCOUNT = templates.ACCOUNT;
const ORG = 'o-a1b2c3d4e5';
const OPERATOR = 'arn:aws:iam::111111111111:role/OrgAdmin';
const vars: policyDocument.RenderVars = {
  ...templates.vars,
  region: HOME_REGION,
  names: { ...templates.vars.names, HomeRegion: HOME_REGION, WhitelistParameterName: '/mfa-guard/whitelist', StackSetPrefix: 'mfa-guard', SingleAccountStack: 'mfa-guard', OrganizationId: ORG },
};
const role = templates.resource(access, 'ReadOnlyRole').Properties ?? {};
const permissions = (role.Policies as { PolicyDocument: unknown }[]).map((p, i) => ({ name: `read-${i}`, policy: policyDocument.render(p.PolicyDocument, vars) }));
const session = `arn:aws:sts::${ACCOUNT}:assumed-role/mfa-guard-org-read/mfa-guard-org`;
const read = (action: string, resource: string, context: Record<string, string> = {}) => decide(session, permissions, action, resource, context);

/** A resource of this account each call of the log acts on. */
function resourceOf(call: string): string {
  if (call === 'ssm:GetParameter') return `arn:aws:ssm:${HOME_REGION}:${ACCOUNT}:parameter/mfa-guard/whitelist`;
  if (call.startsWith('config:')) return `arn:aws:config:${HOME_REGION}:${ACCOUNT}:configuration-recorder/default/abc123`;
  if (call === 'cloudformation:DescribeStacks') return `arn:aws:cloudformation:${HOME_REGION}:${ACCOUNT}:stack/mfa-guard/1a2b3c4d`;
  return '*';
}

/** `service:Command` of every call deploy-org and report-org made through the read-only role. */
async function callsThroughTheRole(): Promise<string[]> {
  const { org, outer } = scene();
  org.member('222222222201').account.addUser({ name: 'ci' });
  assert.is((await run(org, { OUS: outer }, '*/ci\n')).code, 0);
  await report(org);
  return [...new Set(org.calls.filter((c) => c.role !== undefined).map((c) => `${c.service}:${c.command}`))].sort();
}

const role_ = suite('org-access: the read-only role');

role_('allows every call deploy-org and report-org make through it, and grants no other action', async () => {
  const calls = await callsThroughTheRole();
  assert.equal(calls, [
    'cloudformation:DescribeStacks',
    'config:DescribeConfigurationRecorderStatus',
    'config:DescribeConfigurationRecorders',
    'iam:GenerateCredentialReport',
    'iam:GetAccountAuthorizationDetails',
    'iam:GetCredentialReport',
    'ssm:GetParameter',
  ]);
  const refused: string[] = [];
  for (const call of calls) if ((await read(call, resourceOf(call))) !== ALLOW) refused.push(call);
  assert.equal(refused, []);
  const granted = iamActions.statements(access).filter((s) => s.statement.Effect === 'Allow' && !s.path.includes('AssumeRolePolicyDocument')).flatMap((s) => iamActions.list(s.statement, 'Action').map(String));
  assert.equal([...new Set(granted)].sort(), calls);
});

role_('writes nothing, and reads only the whitelist parameter, the home region and mfa-guard stacks', async () => {
  const denied: Array<[string, string]> = [
    ['iam:AttachUserPolicy', `arn:aws:iam::${ACCOUNT}:user/bob`],
    ['iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/eve`],
    ['iam:DeletePolicy', `arn:aws:iam::${ACCOUNT}:policy/DenyActionWithoutMFA`],
    ['ssm:PutParameter', `arn:aws:ssm:${HOME_REGION}:${ACCOUNT}:parameter/mfa-guard/whitelist`],
    ['ssm:GetParameter', `arn:aws:ssm:${HOME_REGION}:${ACCOUNT}:parameter/prod/db-password`],
    ['config:StopConfigurationRecorder', `arn:aws:config:${HOME_REGION}:${ACCOUNT}:configuration-recorder/default/abc123`],
    ['config:DescribeConfigurationRecorders', `arn:aws:config:us-west-2:${ACCOUNT}:configuration-recorder/default/abc123`],
    ['cloudformation:DeleteStack', `arn:aws:cloudformation:${HOME_REGION}:${ACCOUNT}:stack/mfa-guard/1a2b3c4d`],
    ['cloudformation:DescribeStacks', `arn:aws:cloudformation:${HOME_REGION}:${ACCOUNT}:stack/payments-db/1a2b3c4d`],
  ];
  for (const [action, resource] of denied) assert.is(await read(action, resource), NOT_GRANTED, `${action} on ${resource}`);
});

/** sts:AssumeRole of the role by `principal` (of `orgId`), through the trust policy, with the caller allowed to assume roles. */
async function assume(principal: string, orgId: string): Promise<Decision> {
  const trust = structuredClone(role.AssumeRolePolicyDocument) as { Statement: { Principal: { AWS: unknown } }[] };
  for (const statement of trust.Statement) statement.Principal.AWS = [OPERATOR];
  const result = await runSimulation(
    {
      request: { principal, action: 'sts:AssumeRole', resource: { resource: `arn:aws:iam::${ACCOUNT}:role/mfa-guard-org-read`, accountId: ACCOUNT }, contextVariables: { 'aws:PrincipalOrgID': orgId } },
      identityPolicies: [{ name: 'may-assume', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: policyDocument.render(trust, vars),
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult as Decision;
}

const trust = suite('org-access: the trust policy');

trust('admits the configured principal of the organisation', async () => {
  assert.is(await assume(OPERATOR, ORG), ALLOW);
});

trust('refuses another principal of the organisation, and the configured one from outside it', async () => {
  assert.is.not(await assume('arn:aws:iam::111111111111:role/Developer', ORG), ALLOW);
  assert.is.not(await assume('arn:aws:iam::222222222222:role/OrgAdmin', ORG), ALLOW);
  assert.is.not(await assume(OPERATOR, 'o-zzzzzzzzzz'), ALLOW);
});

role_.run();
trust.run();
