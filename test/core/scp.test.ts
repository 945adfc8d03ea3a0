/** renderScp: the SCP's shape, its exemptions, several accounts, and bad input (the simulated proof is test/cfn/scp.test.ts). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as template from '../../src/cfn/template.ts';
import { renderScp, ScpError, type ScpInput } from '../../src/core/scp.ts';
import { MAX_STACK_LENGTH } from '../../src/deploy/settings.ts';
import { rejects } from '../support/assert.ts';
import * as templates from '../support/templates.ts';

const document = template.policyDocumentOf(templates.load(templates.HOME), templates.HOME);
const DEPLOYER = 'arn:aws:iam::123456789012:role/mfa-guard-deployer';
const input: ScpInput = { roles: [DEPLOYER], stack: 'mfa-guard', policyName: 'DenyActionWithoutMFA', policyPath: '/', whitelistParameter: '/mfa-guard/whitelist', configRuleArn: templates.CONFIG_RULE_ARN };
const { configRuleArn: _, ...withoutRule } = input;

interface Statement {
  readonly Sid: string;
  readonly Resource: string | string[];
  readonly Condition: Record<string, Record<string, string | string[]>>;
}
const statements = (scp: unknown) => (scp as { Statement: Statement[] }).Statement;
const bySid = (scp: unknown, sid: string) => statements(scp).find((s) => s.Sid === sid) as Statement;

const render = suite('renderScp');

render('the MFA policy\'s protecting statements, each sparing the deploy roles and the enforcer', () => {
  const scp = renderScp(document, input);
  assert.equal(statements(scp).map((s) => s.Sid), ['DenyChangingMfaGuard', 'DenyDetachingThisPolicy']);
  const enforcer = 'arn:aws:iam::123456789012:role/mfa-guard/mfa-guard_enforce';
  assert.equal(bySid(scp, 'DenyChangingMfaGuard').Condition, { ArnNotLike: { 'aws:PrincipalArn': [DEPLOYER, enforcer] } });
  assert.equal(bySid(scp, 'DenyDetachingThisPolicy').Condition, {
    StringEqualsIgnoreCase: { 'iam:PolicyARN': 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA' },
    ArnNotLike: { 'aws:PrincipalArn': [DEPLOYER, enforcer] },
  });
  assert.ok(bySid(scp, 'DenyChangingMfaGuard').Resource.includes(templates.CONFIG_RULE_ARN));
  assert.ok(bySid(scp, 'DenyChangingMfaGuard').Resource.includes('arn:aws:lambda:*:123456789012:function:mfa-guard_*'));
});

render('without a Config rule ARN, the Config rule is left out and nothing stands in its place', () => {
  const resources = bySid(renderScp(document, withoutRule), 'DenyChangingMfaGuard').Resource;
  assert.is(resources.length, (bySid(renderScp(document, input), 'DenyChangingMfaGuard').Resource.length) - 1);
  assert.not.ok(JSON.stringify(resources).includes(':config:'));
  assert.not.ok(JSON.stringify(resources).includes('\u0000'));
});

render('deploy roles in two accounts: each account\'s resources and policy ARN, once', () => {
  const other = 'arn:aws:iam::210987654321:role/mfa-guard-deployer';
  const scp = renderScp(document, { ...withoutRule, roles: [DEPLOYER, other, 'arn:aws:iam::123456789012:role/BreakGlass'] });
  assert.equal(bySid(scp, 'DenyDetachingThisPolicy').Condition.StringEqualsIgnoreCase, {
    'iam:PolicyARN': ['arn:aws:iam::123456789012:policy/DenyActionWithoutMFA', 'arn:aws:iam::210987654321:policy/DenyActionWithoutMFA'],
  });
  const resources = bySid(scp, 'DenyChangingMfaGuard').Resource;
  assert.ok(resources.includes('arn:aws:ssm:*:210987654321:parameter/mfa-guard/whitelist') && resources.includes('arn:aws:ssm:*:123456789012:parameter/mfa-guard/whitelist'));
  assert.is(new Set(resources).size, resources.length);
});

render('fits AWS Organizations\' 5,120 characters, pretty-printed, at the longest stack name with two roles', () => {
  const stack = `s${'t'.repeat(MAX_STACK_LENGTH - 1)}`;
  const long = renderScp(document, { ...input, stack, whitelistParameter: `/${stack}/whitelist`, roles: [DEPLOYER, 'arn:aws:iam::123456789012:role/break-glass/BreakGlass'] });
  const size = JSON.stringify(long, null, 2).length;
  assert.ok(size <= 5120, String(size));
});

render('bad input is named', () => {
  assert.match(rejects(() => renderScp(document, { ...input, roles: [] }), ScpError).message, 'ROLES is empty');
  assert.match(rejects(() => renderScp(document, { ...input, roles: ['deployer'] }), ScpError).message, 'ROLES: "deployer" is not an IAM role ARN');
  assert.match(rejects(() => renderScp(document, { ...input, roles: [DEPLOYER, 'arn:aws-cn:iam::123456789012:role/d'] }), ScpError).message, 'different partitions');
  assert.match(rejects(() => renderScp(document, { ...input, configRuleArn: 'mfa-guard-users' }), ScpError).message, 'CONFIG_RULE_ARN: "mfa-guard-users"');
  assert.match(rejects(() => renderScp({ Statement: [] }, input), ScpError).message, 'no statement DenyChangingMfaGuard');
});

render.run();
