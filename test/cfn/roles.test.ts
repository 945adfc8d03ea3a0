/**
 * The functions' roles, simulated with a real IAM policy evaluator: the attaching roles can attach
 * our policy and nothing else, and each role grants exactly the AWS calls its handler's bundle makes.
 */
import { buildSync } from 'esbuild';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as policyDocument from '../../src/core/policy-document.ts';
import { POLICY_ARN } from '../../sim/fixtures.ts';
import * as iamActions from '../support/iam-actions.ts';
import { ALLOW, decide, NOT_GRANTED, type IdentityPolicy } from '../support/simulate.ts';
import * as templates from '../support/templates.ts';

const home = templates.load(templates.HOME);
const monitoring = templates.load(templates.MONITORING);
const ARN = 'arn:aws:iam::123456789012:';
const bob = `${ARN}user/bob`;
const carol = `${ARN}user/engineering/carol`;
const otherPolicy = `${ARN}policy/movie-db-policy`;
const group = `${ARN}group/mfa-guard-mfa-required`;
const whitelist = `arn:aws:ssm:${templates.REGION}:123456789012:parameter/mfa-guard/whitelist`;
const withPolicy = (arn: string) => ({ 'iam:PolicyARN': arn });

/** The template that holds a role: the notify function's is in the monitoring stack. */
const templateOf = (roleId: string) => (roleId === 'NotifyRole' ? monitoring : home);

/** The role's inline policies and the AWS::IAM::RolePolicy resources attached to it. */
function rolePolicies(roleId: string): IdentityPolicy[] {
  const policies = templates.property(templateOf(roleId), roleId, 'Policies');
  if (!Array.isArray(policies)) throw new Error(`${roleId}.Policies is not a list`);
  const inline = policies.map((p, i) => ({ name: `${roleId}-${i}`, policy: policyDocument.render((p as { PolicyDocument: unknown }).PolicyDocument, templates.vars) }));
  const separate = attachedPolicyIds(roleId).map((id) => ({ name: id, policy: policyDocument.render(templates.property(templateOf(roleId), id, 'PolicyDocument'), templates.vars) }));
  return [...inline, ...separate];
}

/** The AWS::IAM::RolePolicy resources whose RoleName is a Ref to `roleId`. */
function attachedPolicyIds(roleId: string): string[] {
  return Object.entries(templateOf(roleId).Resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::RolePolicy' && JSON.stringify(r.Properties?.RoleName) === JSON.stringify({ Ref: roleId }))
    .map(([id]) => id);
}

const session = (roleId: string) => `arn:aws:sts::123456789012:assumed-role/mfa-guard-${roleId}-1A2B3C/mfa-guard-${roleId}`;
const as = (roleId: string) => (action: string, resource: string, context: Record<string, string> = {}) => decide(session(roleId), rolePolicies(roleId), action, resource, context);

const attaching = suite('the attaching roles');

for (const roleId of ['RemediateRole', 'EnforceRole']) {
  const run = as(roleId);

  attaching(`${roleId} may attach our policy to any user, with or without a path`, async () => {
    assert.is(await run('iam:AttachUserPolicy', bob, withPolicy(POLICY_ARN)), ALLOW);
    assert.is(await run('iam:AttachUserPolicy', carol, withPolicy(POLICY_ARN)), ALLOW);
  });

  attaching(`${roleId} may not attach AdministratorAccess, nor any other policy, nor to roles or other groups`, async () => {
    assert.is(await run('iam:AttachUserPolicy', bob, withPolicy('arn:aws:iam::aws:policy/AdministratorAccess')), NOT_GRANTED);
    assert.is(await run('iam:AttachUserPolicy', bob, withPolicy(otherPolicy)), NOT_GRANTED);
    assert.is(await run('iam:AttachRolePolicy', `${ARN}role/deployer`, withPolicy(POLICY_ARN)), NOT_GRANTED);
    assert.is(await run('iam:AttachGroupPolicy', `${ARN}group/admins`, withPolicy(POLICY_ARN)), NOT_GRANTED);
    assert.is(await run('iam:AttachGroupPolicy', group, withPolicy(otherPolicy)), NOT_GRANTED);
  });

  attaching(`${roleId} may not detach anything, nor delete users`, async () => {
    assert.is(await run('iam:DetachUserPolicy', bob, withPolicy(POLICY_ARN)), NOT_GRANTED);
    assert.is(await run('iam:DetachUserPolicy', bob, withPolicy(otherPolicy)), NOT_GRANTED);
    assert.is(await run('iam:DeleteUser', bob), NOT_GRANTED);
  });
}

attaching('EnforceRole may restore our policy\'s document and recreate it, and touch no other policy', async () => {
  const run = as('EnforceRole');
  for (const action of ['iam:CreatePolicyVersion', 'iam:DeletePolicyVersion', 'iam:ListPolicyVersions', 'iam:GetPolicyVersion', 'iam:CreatePolicy']) {
    assert.is(await run(action, POLICY_ARN), ALLOW, action);
    assert.is(await run(action, otherPolicy), NOT_GRANTED, action);
  }
  assert.is(await run('iam:DeletePolicy', POLICY_ARN), NOT_GRANTED);
});

attaching('RemediateRole and ConfigRuleRole cannot edit our policy', async () => {
  assert.is(await as('RemediateRole')('iam:CreatePolicyVersion', POLICY_ARN), NOT_GRANTED);
  assert.is(await as('ConfigRuleRole')('iam:CreatePolicyVersion', POLICY_ARN), NOT_GRANTED);
});

for (const roleId of ['ConfigRuleRole', 'RemediateRole', 'EnforceRole']) {
  attaching(`${roleId} may add users to the fallback group and to no other group, nor remove anyone`, async () => {
    const run = as(roleId);
    assert.is(await run('iam:AddUserToGroup', group), ALLOW);
    assert.is(await run('iam:AddUserToGroup', `${ARN}group/admins`), NOT_GRANTED);
    assert.is(await run('iam:RemoveUserFromGroup', group), NOT_GRANTED);
  });
}

attaching('the sweep (ConfigRuleRole) attaches our policy only, to users or to the fallback group, and reads only its own rule', async () => {
  const run = as('ConfigRuleRole');
  assert.is(await run('iam:AttachUserPolicy', bob, withPolicy(POLICY_ARN)), ALLOW);
  assert.is(await run('iam:AttachUserPolicy', bob, withPolicy('arn:aws:iam::aws:policy/AdministratorAccess')), NOT_GRANTED);
  assert.is(await run('iam:AttachGroupPolicy', group, withPolicy(POLICY_ARN)), ALLOW);
  assert.is(await run('iam:AttachGroupPolicy', group, withPolicy('arn:aws:iam::aws:policy/AdministratorAccess')), NOT_GRANTED);
  assert.is(await run('iam:AttachGroupPolicy', `${ARN}group/admins`, withPolicy(POLICY_ARN)), NOT_GRANTED);
  const rule = String(templates.vars.names?.['ConfigRule.Arn']);
  assert.is(await run('config:GetComplianceDetailsByConfigRule', rule), ALLOW);
  assert.is(await run('config:GetComplianceDetailsByConfigRule', `${rule}-other`), NOT_GRANTED);
});

attaching('every role reads the whitelist parameter and no other', async () => {
  for (const roleId of ['ConfigRuleRole', 'RemediateRole', 'EnforceRole']) {
    assert.is(await as(roleId)('ssm:GetParameter', whitelist), ALLOW, roleId);
    assert.is(await as(roleId)('ssm:GetParameter', whitelist.replace('mfa-guard/whitelist', 'prod/db-password')), NOT_GRANTED, roleId);
  }
});

attaching.run();

// --- each role against the calls its handler makes ------------------------------------------------

const handlers = { ConfigRuleRole: 'src/handlers/config-rule.ts', RemediateRole: 'src/handlers/remediate.ts', EnforceRole: 'src/handlers/enforce.ts', NotifyRole: 'src/handlers/notify.ts' } as const;
const SERVICE_OF_CLIENT: Readonly<Record<string, string>> = { iam: 'iam', config_service: 'config', ssm: 'ssm', sns: 'sns', sqs: 'sqs' };
/** Calls Lambda itself makes with the role: the log stream and the failure destination. */
const RUNTIME_ACTIONS = new Set(['logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:SendMessage']);
const here = (import.meta as ImportMeta & { readonly url: string }).url;

/** `iam:AttachUserPolicy`… for each SDK command the bundled handler references (the SDK stays external, as in the build). */
function callsOf(entry: string): string[] {
  const { outputFiles } = buildSync({ entryPoints: [new URL(`../../${entry}`, here).pathname], bundle: true, platform: 'node', format: 'cjs', external: ['@aws-sdk/*'], write: false, logLevel: 'silent' });
  const code = outputFiles.map((f) => f.text).join('');
  const calls = [...code.matchAll(/import_client_([a-z_]+)\d*\.([A-Za-z]+)Command\b/g)].map(([, client = '', command = '']) => {
    const service = SERVICE_OF_CLIENT[client];
    if (!service) throw new Error(`${entry} uses @aws-sdk/client-${client.replace(/_/g, '-')}: map it to its IAM service prefix here`);
    return `${service}:${command}`;
  });
  return [...new Set(calls)].sort();
}

/** A resource each action applies to in this stack, and the context its conditions read. */
function requestFor(action: string): [string, Record<string, string>] {
  const types = iamActions.resourceTypes(action).map((t) => t.name);
  if (types.includes('policy')) return [POLICY_ARN, {}];
  if (types.includes('group')) return [group, action === 'iam:AttachGroupPolicy' ? withPolicy(POLICY_ARN) : {}];
  if (types.includes('ConfigRule')) return [String(templates.vars.names?.['ConfigRule.Arn']), {}];
  if (types.includes('user')) return [bob, action === 'iam:AttachUserPolicy' ? withPolicy(POLICY_ARN) : {}];
  if (types.includes('parameter')) return [whitelist, {}];
  if (types.includes('topic')) return [templates.TOPIC_ARN, {}];
  if (types.includes('queue')) return [String(templates.vars.names?.DeadLetterQueueArn), {}];
  return ['*', {}];
}

const granted = suite('each role grants exactly the calls its handler makes');

for (const [roleId, entry] of Object.entries(handlers)) {
  granted(`${roleId} allows every AWS call of ${entry}`, async () => {
    const calls = callsOf(entry);
    assert.ok(calls.length > 0, `no SDK command found in ${entry}`);
    const refused = [];
    for (const call of calls) {
      const [resource, context] = requestFor(call);
      if ((await as(roleId)(call, resource, context)) !== ALLOW) refused.push(call);
    }
    assert.equal(refused, [], `${roleId} lacks permissions ${entry} needs`);
  });

  granted(`${roleId} grants nothing ${entry} does not call (least privilege)`, () => {
    const calls = new Set(callsOf(entry).map((c) => c.toLowerCase()));
    const grants = iamActions
      .statements(templateOf(roleId))
      .filter((s) => (s.resourceId === roleId || attachedPolicyIds(roleId).includes(s.resourceId)) && s.statement.Effect === 'Allow' && !s.path.includes('AssumeRolePolicyDocument'))
      .flatMap((s) => iamActions.list(s.statement, 'Action').map(String));
    assert.equal(grants.filter((a) => !RUNTIME_ACTIONS.has(a) && !calls.has(a.toLowerCase())), [], roleId);
  });
}

granted.run();
