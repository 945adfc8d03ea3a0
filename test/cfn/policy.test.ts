/**
 * What the MFA policy means, proved with a real IAM policy evaluator. The policy is the template's
 * own document, rendered as deployed, on top of AWS managed policies.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as template from '../../src/cfn/template.ts';
import * as policyDocument from '../../src/core/policy-document.ts';
import { POLICY_ARN } from '../../sim/fixtures.ts';
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
  // Removing MFA needs MFA; the policy grants nothing beyond enrolment.
  ['alice', 'no MFA',         'admin',      'iam:DeactivateMFADevice',      alice,                                 DENY],
  ['alice', 'MFA 5 min old',  'power user', 'iam:DeactivateMFADevice',      alice,                                 NOT_GRANTED],
  ['alice', 'MFA 5 min old',  'power user', 'iam:CreateUser',               `${ARN}user/mallory`,                  NOT_GRANTED],
  // Passwords: only the first-login change (it needs the old password) works without MFA.
  ['alice', 'no MFA',         'admin',      'iam:ChangePassword',           alice,                                 ALLOW],
  ['alice', 'no MFA',         'admin',      'iam:GetAccountPasswordPolicy', '*',                                   ALLOW],
  ['alice', 'no MFA',         'power user', 'iam:ChangePassword',           alice,                                 NOT_GRANTED],
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
