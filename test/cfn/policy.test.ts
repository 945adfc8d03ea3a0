/**
 * What the MFA policy means, proved with a real IAM policy evaluator. The policy is the template's
 * own document, rendered as deployed, on top of AWS managed policies.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as template from '../../src/cfn/template.ts';
import * as policyDocument from '../../src/core/policy-document.ts';
import { renderFor } from '../../src/handlers/canonical.ts';
import { documentNames, settings } from '../../src/handlers/environment.ts';
import { POLICY_ARN } from '../../sim/fixtures.ts';
import * as iamActions from '../support/iam-actions.ts';
import { ALLOW, decide, DENY, managed, NOT_GRANTED, type Decision, type IdentityPolicy } from '../support/simulate.ts';
import * as templates from '../support/templates.ts';

const home = templates.load(templates.HOME);
const ours: IdentityPolicy = { name: 'DenyActionWithoutMFA', policy: policyDocument.render(template.policyDocumentOf(home, templates.HOME), templates.vars) };

// --- who signs in, how, and with which base permissions -----------------------------------------

const ARN = 'arn:aws:iam::123456789012:';
const users = {
  alice: { arn: `${ARN}user/alice`, name: 'alice' },
  carol: { arn: `${ARN}user/engineering/carol`, name: 'carol' },
} as const;

/** The MFA context keys each kind of sign-in carries. Long-term access keys carry neither key. */
const signIns = {
  'no MFA': { 'aws:MultiFactorAuthPresent': 'false' },
  'MFA 5 min old': { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '300' },
  'MFA 61 min old': { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '3660' },
  'access key': {},
} as const;

const bases = { admin: managed('AdministratorAccess'), 'power user': managed('PowerUserAccess') } as const;

const bob = `${ARN}user/bob`;
const carol = users.carol.arn;
const alice = users.alice.arn;
const otherPolicy = `${ARN}policy/movie-db-policy`;

type Row = readonly [keyof typeof users, keyof typeof signIns, keyof typeof bases, string, string, Decision, Record<string, string>?];

const detaching = (arn: string) => ({ 'iam:PolicyARN': arn });

// prettier-ignore
const rows: Row[] = [
  // who      sign-in           base          action                          resource                               decision     extra context
  // Ordinary work needs an MFA sign-in of the last hour.
  ['alice', 'no MFA',         'admin',      's3:GetObject',                 'arn:aws:s3:::reports/q3.csv',         DENY],
  ['alice', 'MFA 5 min old',  'admin',      's3:GetObject',                 'arn:aws:s3:::reports/q3.csv',         ALLOW],
  ['alice', 'MFA 61 min old', 'admin',      's3:GetObject',                 'arn:aws:s3:::reports/q3.csv',         DENY],
  ['alice', 'access key',     'admin',      's3:GetObject',                 'arn:aws:s3:::reports/q3.csv',         DENY],
  ['alice', 'MFA 5 min old',  'admin',      'ec2:RunInstances',             'arn:aws:ec2:eu-west-1:123456789012:instance/*', ALLOW],
  ['alice', 'access key',     'admin',      'ec2:TerminateInstances',       'arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc', DENY],
  ['carol', 'MFA 5 min old',  'power user', 's3:PutObject',                 'arn:aws:s3:::builds/app.zip',         ALLOW],
  ['carol', 'no MFA',         'power user', 'ec2:DescribeInstances',        '*',                                   DENY],
  ['carol', 'MFA 61 min old', 'power user', 's3:ListBucket',                'arn:aws:s3:::builds',                 DENY],
  ['carol', 'access key',     'power user', 's3:DeleteObject',              'arn:aws:s3:::builds/app.zip',         DENY],
  // Enrolment works without MFA, with any device name, for users with and without a path.
  ['alice', 'no MFA',         'admin',      'iam:CreateVirtualMFADevice',   `${ARN}mfa/alice`,                     ALLOW],
  ['alice', 'no MFA',         'admin',      'iam:CreateVirtualMFADevice',   `${ARN}mfa/my-phone`,                  ALLOW],
  ['alice', 'no MFA',         'power user', 'iam:CreateVirtualMFADevice',   `${ARN}mfa/pixel-8`,                   ALLOW],
  ['carol', 'no MFA',         'power user', 'iam:CreateVirtualMFADevice',   `${ARN}mfa/engineering/yubikey`,       ALLOW],
  ['alice', 'no MFA',         'power user', 'iam:EnableMFADevice',          alice,                                 ALLOW],
  ['carol', 'no MFA',         'power user', 'iam:EnableMFADevice',          carol,                                 ALLOW],
  ['carol', 'access key',     'power user', 'iam:EnableMFADevice',          carol,                                 ALLOW],
  ['alice', 'no MFA',         'power user', 'iam:ListMFADevices',           alice,                                 ALLOW],
  ['alice', 'no MFA',         'power user', 'iam:ListVirtualMFADevices',    '*',                                   ALLOW],
  ['alice', 'no MFA',         'power user', 'iam:ResyncMFADevice',          alice,                                 ALLOW],
  ['carol', 'no MFA',         'power user', 'iam:GetUser',                  carol,                                 ALLOW],
  // ... but only on oneself: a leaked admin key cannot enrol its own device on someone else.
  ['alice', 'no MFA',         'admin',      'iam:EnableMFADevice',          bob,                                   DENY],
  ['alice', 'access key',     'admin',      'iam:EnableMFADevice',          bob,                                   DENY],
  ['alice', 'access key',     'admin',      'iam:EnableMFADevice',          carol,                                 DENY],
  ['alice', 'no MFA',         'admin',      'iam:ResyncMFADevice',          bob,                                   DENY],
  ['alice', 'no MFA',         'admin',      'iam:GetUser',                  bob,                                   DENY],
  ['carol', 'no MFA',         'admin',      'iam:ListMFADevices',           alice,                                 DENY],
  ['alice', 'MFA 5 min old',  'admin',      'iam:EnableMFADevice',          bob,                                   ALLOW],
  ['alice', 'MFA 61 min old', 'admin',      'iam:EnableMFADevice',          bob,                                   DENY],
  // Removing MFA needs MFA, and works only on oneself; the policy grants nothing on others.
  ['alice', 'no MFA',         'admin',      'iam:DeactivateMFADevice',      alice,                                 DENY],
  ['alice', 'MFA 5 min old',  'power user', 'iam:DeactivateMFADevice',      alice,                                 ALLOW],
  ['alice', 'MFA 5 min old',  'power user', 'iam:DeactivateMFADevice',      bob,                                   NOT_GRANTED],
  ['alice', 'MFA 5 min old',  'power user', 'iam:CreateUser',               `${ARN}user/mallory`,                  NOT_GRANTED],
  // Passwords: only the first-login change (it needs the old password) works without MFA.
  ['alice', 'no MFA',         'admin',      'iam:ChangePassword',           alice,                                 ALLOW],
  ['alice', 'no MFA',         'admin',      'iam:GetAccountPasswordPolicy', '*',                                   ALLOW],
  ['alice', 'no MFA',         'power user', 'iam:ChangePassword',           alice,                                 ALLOW],
  ['carol', 'access key',     'power user', 'iam:ChangePassword',           carol,                                 ALLOW],
  ['alice', 'no MFA',         'power user', 'iam:GetAccountPasswordPolicy', '*',                                   ALLOW],
  ['alice', 'no MFA',         'admin',      'iam:ChangePassword',           bob,                                   DENY],
  ['alice', 'no MFA',         'admin',      'iam:UpdateLoginProfile',       alice,                                 DENY],
  ['alice', 'access key',     'admin',      'iam:UpdateLoginProfile',       bob,                                   DENY],
  ['alice', 'access key',     'admin',      'iam:CreateLoginProfile',       bob,                                   DENY],
  ['alice', 'access key',     'admin',      'iam:CreateAccessKey',          alice,                                 DENY],
  ['alice', 'access key',     'admin',      'sts:GetSessionToken',          '*',                                   ALLOW],
  // The policy cannot be detached, edited or deleted by those it binds, MFA or not.
  ['alice', 'no MFA',         'admin',      'iam:DetachUserPolicy',         alice,                                 DENY, detaching(POLICY_ARN)],
  ['alice', 'MFA 5 min old',  'admin',      'iam:DetachUserPolicy',         alice,                                 DENY, detaching(POLICY_ARN)],
  ['alice', 'MFA 5 min old',  'admin',      'iam:DetachUserPolicy',         bob,                                   DENY, detaching(POLICY_ARN)],
  ['alice', 'MFA 5 min old',  'admin',      'iam:DetachUserPolicy',         carol,                                 DENY, detaching(POLICY_ARN.toLowerCase())],
  ['alice', 'MFA 5 min old',  'admin',      'iam:DetachGroupPolicy',        `${ARN}group/mfa-guard-fallback`,      DENY, detaching(POLICY_ARN)],
  ['alice', 'no MFA',         'admin',      'iam:DetachGroupPolicy',        `${ARN}group/engineers`,               DENY, detaching(POLICY_ARN)],
  ['alice', 'MFA 5 min old',  'admin',      'iam:DetachRolePolicy',         `${ARN}role/deployer`,                 DENY, detaching(POLICY_ARN)],
  ['alice', 'MFA 5 min old',  'admin',      'iam:CreatePolicyVersion',      POLICY_ARN,                            DENY],
  ['alice', 'MFA 5 min old',  'admin',      'iam:SetDefaultPolicyVersion',  POLICY_ARN,                            DENY],
  ['alice', 'MFA 5 min old',  'admin',      'iam:DeletePolicyVersion',      POLICY_ARN,                            DENY],
  ['alice', 'MFA 5 min old',  'admin',      'iam:DeletePolicy',             POLICY_ARN,                            DENY],
  ['alice', 'no MFA',         'admin',      'iam:DeletePolicy',             POLICY_ARN,                            DENY],
  // Nobody it binds can leave the stack's fallback group (a user at the policy quota carries the policy through it).
  ['alice', 'MFA 5 min old',  'admin',      'iam:RemoveUserFromGroup',      `${ARN}group/mfa-guard-mfa-required`,  DENY],
  ['alice', 'no MFA',         'admin',      'iam:RemoveUserFromGroup',      `${ARN}group/mfa-guard-mfa-required`,  DENY],
  ['alice', 'MFA 5 min old',  'admin',      'iam:RemoveUserFromGroup',      `${ARN}group/developers`,              ALLOW],
  // Other policies, and attaching ours, stay an admin's business.
  ['alice', 'MFA 5 min old',  'admin',      'iam:DetachUserPolicy',         bob,                                   ALLOW, detaching(otherPolicy)],
  ['alice', 'MFA 5 min old',  'admin',      'iam:DetachGroupPolicy',        `${ARN}group/engineers`,               ALLOW, detaching(otherPolicy)],
  ['alice', 'MFA 5 min old',  'admin',      'iam:DetachRolePolicy',         `${ARN}role/deployer`,                 ALLOW, detaching(otherPolicy)],
  ['alice', 'MFA 5 min old',  'admin',      'iam:CreatePolicyVersion',      otherPolicy,                           ALLOW],
  ['alice', 'MFA 5 min old',  'admin',      'iam:AttachUserPolicy',         bob,                                   ALLOW, detaching(POLICY_ARN)],
];

const matrix = suite('the MFA policy, simulated on top of AdministratorAccess and PowerUserAccess');

matrix('the matrix has at least 40 cases and no duplicate', () => {
  assert.ok(rows.length >= 40, String(rows.length));
  assert.is(new Set(rows.map((r) => JSON.stringify(r.slice(0, 5).concat(r[6] ?? [])))).size, rows.length);
});

for (const [who, signIn, base, action, resource, expected, extra] of rows) {
  const shown = resource.replace(ARN, '');
  const detail = extra?.['iam:PolicyARN'] ? ` (policy ${extra['iam:PolicyARN'].replace(ARN, '')})` : '';
  matrix(`${who}, ${base}, ${signIn}: ${action} on ${shown}${detail} is ${expected}`, async () => {
    const user = users[who];
    const context = { 'aws:username': user.name, ...signIns[signIn], ...extra };
    assert.is(await decide(user.arn, [bases[base], ours], action, resource, context), expected);
  });
}

matrix('without our policy the same admin key could enrol a device on another user (the bypass it closes)', async () => {
  assert.is(await decide(alice, [bases.admin], 'iam:EnableMFADevice', bob, { 'aws:username': 'alice', ...signIns['access key'] }), ALLOW);
});

matrix.run();

// --- the Security credentials page, as AWS's example "Allows MFA-authenticated IAM users to manage
// their own credentials" grants it: with recent MFA, on oneself only ----------------------------------

/** The example's actions on the caller's own user; `withoutMfa` are the ones the first sign-in needs. */
const SELF_SERVICE = {
  password: ['iam:ChangePassword', 'iam:GetUser'],
  'access keys': ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey', 'iam:GetAccessKeyLastUsed'],
  'signing certificates': ['iam:DeleteSigningCertificate', 'iam:ListSigningCertificates', 'iam:UpdateSigningCertificate', 'iam:UploadSigningCertificate'],
  'SSH public keys': ['iam:DeleteSSHPublicKey', 'iam:GetSSHPublicKey', 'iam:ListSSHPublicKeys', 'iam:UpdateSSHPublicKey', 'iam:UploadSSHPublicKey'],
  'service-specific credentials': [
    'iam:CreateServiceSpecificCredential',
    'iam:DeleteServiceSpecificCredential',
    'iam:ListServiceSpecificCredentials',
    'iam:ResetServiceSpecificCredential',
    'iam:UpdateServiceSpecificCredential',
  ],
  'MFA devices': ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice', 'iam:GetMFADevice'],
} as const;
const WITHOUT_MFA = new Set(['iam:ChangePassword', 'iam:GetUser', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice', 'iam:GetMFADevice']);
const ACCOUNT_INFO = ['iam:GetAccountPasswordPolicy', 'iam:GetAccountSummary', 'iam:ListVirtualMFADevices'];

const selfService = suite('credential self-service: own credentials with recent MFA, nobody else\'s');
/** A job policy with no IAM permission at all, as most users have. */
const jobPolicy: IdentityPolicy = {
  name: 'reports-reader',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'] }] },
};
const as = (who: keyof typeof users, base: IdentityPolicy, signIn: keyof typeof signIns, action: string, resource: string) =>
  decide(users[who].arn, [base, ours], action, resource, { 'aws:username': users[who].name, ...signIns[signIn] });

for (const [what, actions] of Object.entries(SELF_SERVICE)) {
  selfService(`${what}: allowed on oneself with MFA (with and without a path), on top of PowerUserAccess and of a job policy without IAM`, async () => {
    for (const action of actions) {
      assert.is(await as('alice', bases['power user'], 'MFA 5 min old', action, alice), ALLOW, `alice ${action}`);
      assert.is(await as('carol', jobPolicy, 'MFA 5 min old', action, carol), ALLOW, `carol ${action}`);
    }
  });

  selfService(`${what}: without recent MFA only what the first sign-in needs (${actions.filter((a) => WITHOUT_MFA.has(a)).join(', ') || 'nothing'})`, async () => {
    for (const action of actions) {
      const expected = WITHOUT_MFA.has(action) ? ALLOW : DENY;
      for (const signIn of ['no MFA', 'MFA 61 min old', 'access key'] as const) assert.is(await as('alice', bases['power user'], signIn, action, alice), expected, `${signIn} ${action}`);
      assert.is(await as('carol', bases.admin, 'access key', action, carol), expected, `carol ${action}`);
    }
  });

  selfService(`${what}: on another user never granted by the policy, and denied without MFA even to an admin`, async () => {
    for (const action of actions) {
      assert.is(await as('alice', bases['power user'], 'MFA 5 min old', action, bob), NOT_GRANTED, `${action} on bob`);
      assert.is(await as('alice', jobPolicy, 'MFA 5 min old', action, carol), NOT_GRANTED, `${action} on carol`);
      assert.is(await as('alice', bases.admin, 'access key', action, bob), DENY, `${action} on bob with a key`);
      assert.is(await as('carol', bases.admin, 'no MFA', action, `${ARN}user/engineering/dave`), DENY, `${action} on dave`);
    }
  });
}

selfService('account information for the page, and deleting a deactivated virtual device, need MFA too', async () => {
  for (const action of ACCOUNT_INFO) {
    assert.is(await as('alice', bases['power user'], 'MFA 5 min old', action, '*'), ALLOW, action);
    assert.is(await as('alice', bases['power user'], 'no MFA', action, '*'), action === 'iam:GetAccountSummary' ? DENY : ALLOW, action);
  }
  assert.is(await as('alice', bases['power user'], 'MFA 5 min old', 'iam:DeleteVirtualMFADevice', `${ARN}mfa/my-phone`), ALLOW);
  assert.is(await as('alice', bases['power user'], 'no MFA', 'iam:DeleteVirtualMFADevice', `${ARN}mfa/my-phone`), DENY);
});

selfService('the policy grants exactly the example\'s actions, enrolment and account information: nothing more', () => {
  const document = ours.policy as { Statement: Array<{ Effect: string; Action?: string | string[] }> };
  const patterns = document.Statement.filter((st) => st.Effect === 'Allow').flatMap((st) => [st.Action ?? []].flat());
  const granted = patterns.flatMap((pattern) => iamActions.expand(pattern).map((a) => a.action));
  const expected = [...Object.values(SELF_SERVICE).flat(), ...ACCOUNT_INFO, 'iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice'];
  assert.equal([...granted].sort(), [...expected].sort());
});

selfService('a console password reset or a new login profile stays out of reach, MFA or not', async () => {
  for (const action of ['iam:UpdateLoginProfile', 'iam:CreateLoginProfile', 'iam:DeleteLoginProfile']) {
    assert.is(await as('alice', bases['power user'], 'MFA 5 min old', action, alice), NOT_GRANTED, action);
    assert.is(await as('alice', bases.admin, 'no MFA', action, alice), DENY, action);
  }
});

selfService.run();

// --- MfaMaxAgeSeconds ---------------------------------------------------------------------------

const maxAge = suite('the MFA age limit is the MfaMaxAgeSeconds parameter');

const withMaxAge = (seconds: string): IdentityPolicy => ({
  name: 'DenyActionWithoutMFA',
  policy: policyDocument.render(template.policyDocumentOf(home, templates.HOME), { ...templates.vars, names: { ...templates.vars.names, MfaMaxAgeSeconds: seconds } }),
});

maxAge('default 3600, bounds 900 to 129600 (36 hours)', () => {
  const p = home.Parameters?.MfaMaxAgeSeconds;
  assert.equal([p?.Type, p?.Default, p?.MinValue, p?.MaxValue], ['Number', 3600, 900, 129600]);
});

for (const [limit, fresh, stale] of [['900', '899', '901'], ['3600', '3600', '3601'], ['129600', '129000', '129601']] as const) {
  maxAge(`with ${limit} seconds, an MFA sign-in ${fresh} s old works and one ${stale} s old does not (its own password excepted)`, async () => {
    const policies = [bases.admin, withMaxAge(limit)];
    const at = (age: string, action: string, resource: string) => decide(alice, policies, action, resource, { 'aws:username': 'alice', 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': age });
    assert.is(await at(fresh, 's3:GetObject', 'arn:aws:s3:::reports/q3.csv'), ALLOW);
    assert.is(await at(stale, 's3:GetObject', 'arn:aws:s3:::reports/q3.csv'), DENY);
    assert.is(await at(stale, 'iam:EnableMFADevice', bob), DENY);
    assert.is(await at(stale, 'iam:ChangePassword', alice), ALLOW);
  });
}

maxAge.run();

// --- the enforcer restores exactly what CloudFormation deployed ------------------------------------

const restore = suite('the enforcer renders the document CloudFormation deploys, from its environment alone');

for (const [label, vars] of [
  ['the fixtures\' stack', templates.vars],
  [
    'another stack, path, name, age and partition',
    {
      ...templates.vars,
      partition: 'aws-cn',
      region: 'cn-northwest-1',
      policyName: 'RequireMfa',
      policyPath: '/security/',
      names: {
        ...templates.vars.names,
        Policy: 'arn:aws-cn:iam::123456789012:policy/security/RequireMfa',
        'AWS::StackName': 'guard-2',
        ResourcePrefix: 'guard-2',
        MfaMaxAgeSeconds: '900',
        WhitelistParameterName: '/guard-2/whitelist',
        'ConfigRule.Arn': 'arn:aws-cn:config:cn-northwest-1:123456789012:config-rule/config-rule-q1w2e3',
      },
    },
  ],
] as const) {
  restore(label, () => {
    const variables = (templates.property(home, 'EnforceFunction', 'Environment') as { Variables: unknown }).Variables;
    const deployed = { ...vars, names: { ...vars.names, Mode: 'enforce' } };
    const env = { ...(policyDocument.render(variables, deployed) as Record<string, string>), AWS_REGION: vars.region ?? '' };
    const document = template.policyDocumentOf(home, templates.HOME);
    assert.equal(renderFor(settings(env).policyArn, document, documentNames(env)), policyDocument.render(document, vars));
  });
}

restore('a missing variable is named, not rendered as something else', () => {
  const env = { ...templates.ENFORCER_ENV, STACK_NAME: '' };
  assert.throws(() => documentNames(env), /STACK_NAME is not set/);
  assert.throws(() => documentNames({ ...templates.ENFORCER_ENV, MFA_MAX_AGE_SECONDS: '1h' }), /MFA_MAX_AGE_SECONDS "1h"/);
});

restore.run();
