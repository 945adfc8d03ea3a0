/**
 * `make scp`: the Service Control Policy that closes what the MFA policy cannot, for principals it
 * does not bind. Simulated with a real IAM policy evaluator: administrators' roles lose the changes,
 * the deploy roles keep them, the enforcer keeps restoring the policy, and nothing else is caught.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as template from '../../src/cfn/template.ts';
import { renderScp, type ScpInput } from '../../src/core/scp.ts';
import { runScript } from '../support/child.ts';
import { POLICY_ARN } from '../../sim/fixtures.ts';
import { ALLOW, decide, DENY, managed } from '../support/simulate.ts';
import * as templates from '../support/templates.ts';

const home = templates.load(templates.HOME);
const document = template.policyDocumentOf(home, templates.HOME);
const ACCOUNT = templates.ACCOUNT;
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/mfa-guard-deployer`;
const input: ScpInput = { roles: [DEPLOYER], stack: 'mfa-guard', policyName: 'DenyActionWithoutMFA', policyPath: '/', whitelistParameter: '/mfa-guard/whitelist', configRuleArn: templates.CONFIG_RULE_ARN };
const { configRuleArn: _, ...withoutRule } = input;
const admin = managed('AdministratorAccess');
const session = (role: string, name = 'thien') => role.replace(':iam::', ':sts::').replace(/:role\/(?:.*\/)?([^/]+)$/, ':assumed-role/$1/') + name;
const under = (scp: unknown, principal: string, principalRole: string, action: string, resource: string, context: Record<string, string> = {}) =>
  decide(principal, [admin], action, resource, { 'aws:PrincipalArn': principalRole, ...context }, [scp]);

const lambda = `arn:aws:lambda:${templates.REGION}:${ACCOUNT}:function:`;
// prettier-ignore
const changes: ReadonlyArray<readonly [string, string, Record<string, string>?]> = [
  ['lambda:UpdateFunctionCode',      `${lambda}mfa-guard_enforce`],
  ['lambda:UpdateFunctionConfiguration', `${lambda}mfa-guard_config-rule`],
  ['iam:PutRolePolicy',              `arn:aws:iam::${ACCOUNT}:role/mfa-guard/mfa-guard_enforce`],
  ['events:DisableRule',             `arn:aws:events:us-east-1:${ACCOUNT}:rule/mfa-guard_iam-events`],
  ['config:DeleteConfigRule',        templates.CONFIG_RULE_ARN],
  ['ssm:PutParameter',               `arn:aws:ssm:${templates.REGION}:${ACCOUNT}:parameter/mfa-guard/whitelist`],
  ['sqs:PurgeQueue',                 `arn:aws:sqs:${templates.REGION}:${ACCOUNT}:mfa-guard_dead-letters`],
  ['logs:DeleteLogGroup',            `arn:aws:logs:${templates.REGION}:${ACCOUNT}:log-group:/aws/lambda/mfa-guard_enforce`],
  ['cloudformation:DeleteStack',     `arn:aws:cloudformation:${templates.REGION}:${ACCOUNT}:stack/mfa-guard/5b4e2d10-5a3c-11f0-9a2b-0a1b2c3d4e5f`],
  ['iam:CreatePolicyVersion',        POLICY_ARN],
  ['iam:DeletePolicy',               POLICY_ARN],
  ['iam:DetachUserPolicy',           `arn:aws:iam::${ACCOUNT}:user/alice`, { 'iam:PolicyARN': POLICY_ARN }],
  ['iam:DetachGroupPolicy',          `arn:aws:iam::${ACCOUNT}:group/engineers`, { 'iam:PolicyARN': POLICY_ARN.toLowerCase() }],
];

const scp = suite('the SCP: everyone but the deploy roles');
const rendered = renderScp(document, input);
const ADMIN_ROLE = `arn:aws:iam::${ACCOUNT}:role/Admin`;
const ENFORCER = `arn:aws:iam::${ACCOUNT}:role/mfa-guard/mfa-guard_enforce`;

for (const [action, resource, context] of changes) {
  scp(`${action}: denied to an administrator role, allowed to the deploy role`, async () => {
    assert.is(await under(rendered, session(ADMIN_ROLE), ADMIN_ROLE, action, resource, context), DENY);
    assert.is(await under(rendered, session(DEPLOYER), DEPLOYER, action, resource, context), ALLOW);
  });
}

scp('the enforcer may still restore the policy (its own role policy allows nothing else of the guard)', async () => {
  const enforcer = session(ENFORCER, 'mfa-guard_enforce');
  assert.is(await under(rendered, enforcer, ENFORCER, 'iam:CreatePolicyVersion', POLICY_ARN), ALLOW);
  assert.is(await under(rendered, enforcer, ENFORCER, 'iam:DeletePolicyVersion', POLICY_ARN), ALLOW);
});

scp('other resources, and reading the guard, stay allowed to administrators', async () => {
  const run = (action: string, resource: string, context?: Record<string, string>) => under(rendered, session(ADMIN_ROLE), ADMIN_ROLE, action, resource, context);
  assert.is(await run('lambda:UpdateFunctionCode', `${lambda}payments-api`), ALLOW);
  assert.is(await run('lambda:GetFunction', `${lambda}mfa-guard_enforce`), ALLOW);
  assert.is(await run('iam:DetachUserPolicy', `arn:aws:iam::${ACCOUNT}:user/alice`, { 'iam:PolicyARN': `arn:aws:iam::${ACCOUNT}:policy/movie-db-policy` }), ALLOW);
  assert.is(await run('config:DeleteConfigRule', `arn:aws:config:${templates.REGION}:${ACCOUNT}:config-rule/config-rule-z9y8x7`), ALLOW);
  assert.is(await run('ssm:GetParameter', `arn:aws:ssm:${templates.REGION}:${ACCOUNT}:parameter/mfa-guard/whitelist`), ALLOW);
});

scp('without CONFIG_RULE_ARN the Config rule is left out, and the rest stays', async () => {
  const partial = renderScp(document, withoutRule);
  assert.is(await under(partial, session(ADMIN_ROLE), ADMIN_ROLE, 'config:DeleteConfigRule', templates.CONFIG_RULE_ARN), ALLOW);
  assert.is(await under(partial, session(ADMIN_ROLE), ADMIN_ROLE, 'ssm:PutParameter', `arn:aws:ssm:${templates.REGION}:${ACCOUNT}:parameter/mfa-guard/whitelist`), DENY);
  assert.not.ok(JSON.stringify(partial).includes('\u0000'));
});

scp('deploy roles in two accounts: the guard of each is protected from its administrators, each account\'s policy ARN named exactly', async () => {
  const other = 'arn:aws:iam::210987654321:role/mfa-guard-deployer';
  const both = renderScp(document, { ...input, roles: [DEPLOYER, other] });
  const otherPolicy = POLICY_ARN.replace(ACCOUNT, '210987654321');
  const otherAdmin = 'arn:aws:iam::210987654321:role/Admin';
  assert.is(await under(both, session(otherAdmin), otherAdmin, 'iam:DetachUserPolicy', 'arn:aws:iam::210987654321:user/bob', { 'iam:PolicyARN': otherPolicy }), DENY);
  assert.is(await under(both, session(otherAdmin), otherAdmin, 'lambda:DeleteFunction', `arn:aws:lambda:eu-west-1:210987654321:function:mfa-guard_remediate`), DENY);
});

scp.run();

const command = suite('make scp, as a process');

command('prints the SCP on stdout, and on stderr that the Config rule needs CONFIG_RULE_ARN', async () => {
  const { code, stdout, stderr } = await runScript(['scripts/scp.ts'], { ROLES: `${DEPLOYER} arn:aws:iam::${ACCOUNT}:role/BreakGlass`, STACK: '' });
  assert.is(code, 0, stderr);
  assert.equal(JSON.parse(stdout), renderScp(document, { ...withoutRule, roles: [DEPLOYER, `arn:aws:iam::${ACCOUNT}:role/BreakGlass`] }));
  assert.match(stderr, 'pass CONFIG_RULE_ARN');
});

command('a bad ROLES or STACK exits 1 with the reason, printing no SCP', async () => {
  for (const [env, message] of [[{ ROLES: 'deployer' }, 'make scp failed: ROLES: "deployer"'], [{ ROLES: DEPLOYER, STACK: '1guard' }, 'STACK "1guard"']] as const) {
    const { code, stdout, stderr } = await runScript(['scripts/scp.ts'], env);
    assert.is(code, 1);
    assert.is(stdout, '');
    assert.match(stderr, message);
  }
});

command.run();
