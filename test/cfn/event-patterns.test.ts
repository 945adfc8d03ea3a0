import { readdirSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as policyDocument from '../../src/core/policy-document.ts';
import { rejects } from '../support/assert.ts';
import { matches, PatternError } from '../support/event-pattern.ts';
import * as fixtures from '../../sim/fixtures.ts';
import * as templates from '../support/templates.ts';

// --- the matcher itself, against the syntax of the EventBridge documentation ---------------------

const matcher = suite('event-pattern matcher');

const event = {
  source: 'aws.iam',
  'detail-type': 'AWS API Call via CloudTrail',
  resources: ['arn:aws:iam::123456789012:user/alice', 'arn:aws:iam::123456789012:user/bob'],
  detail: { eventName: 'DetachUserPolicy', count: 5, readOnly: false, errorCode: null, requestParameters: { policyArn: 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA' } },
};

matcher('an exact value matches only that value, case included', () => {
  assert.ok(matches({ source: ['aws.iam'] }, event));
  assert.not.ok(matches({ source: ['aws.IAM'] }, event));
  assert.ok(matches({ detail: { count: [5], readOnly: [false], errorCode: [null] } }, event));
  assert.not.ok(matches({ detail: { count: ['5'] } }, event));
});

matcher('values in an array are alternatives (OR); fields are all required (AND)', () => {
  assert.ok(matches({ source: ['aws.s3', 'aws.iam'], 'detail-type': ['AWS API Call via CloudTrail'] }, event));
  assert.not.ok(matches({ source: ['aws.iam'], 'detail-type': ['Other'] }, event));
});

matcher('a field the event lacks never matches a value', () => {
  assert.not.ok(matches({ detail: { userName: ['alice'] } }, event));
});

matcher('nested objects follow the event structure', () => {
  assert.ok(matches({ detail: { requestParameters: { policyArn: ['arn:aws:iam::123456789012:policy/DenyActionWithoutMFA'] } } }, event));
  assert.not.ok(matches({ requestParameters: { policyArn: ['arn:aws:iam::123456789012:policy/DenyActionWithoutMFA'] } }, event));
});

matcher('an array in the event matches when any element matches', () => {
  assert.ok(matches({ resources: ['arn:aws:iam::123456789012:user/bob'] }, event));
  assert.not.ok(matches({ resources: ['arn:aws:iam::123456789012:user/carol'] }, event));
});

matcher('prefix and suffix, also ignoring case', () => {
  assert.ok(matches({ source: [{ prefix: 'aws.' }] }, event));
  assert.not.ok(matches({ source: [{ prefix: 'AWS.' }] }, event));
  assert.ok(matches({ source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] }, event));
  assert.ok(matches({ source: [{ suffix: '.iam' }] }, event));
  assert.not.ok(matches({ detail: { count: [{ prefix: '5' }] } }, event));
});

matcher('equals-ignore-case matches a string in any case, and nothing else', () => {
  assert.ok(matches({ detail: { requestParameters: { policyArn: [{ 'equals-ignore-case': 'ARN:AWS:IAM::123456789012:POLICY/denyactionwithoutmfa' }] } } }, event));
  assert.not.ok(matches({ detail: { requestParameters: { policyArn: [{ 'equals-ignore-case': 'arn:aws:iam::123456789012:policy/Other' }] } } }, event));
  assert.not.ok(matches({ detail: { count: [{ 'equals-ignore-case': '5' }] } }, event));
});

matcher('anything-but excludes a value, a list or a prefix, and needs the field to exist', () => {
  assert.ok(matches({ source: [{ 'anything-but': 'aws.s3' }] }, event));
  assert.not.ok(matches({ source: [{ 'anything-but': ['aws.s3', 'aws.iam'] }] }, event));
  assert.not.ok(matches({ source: [{ 'anything-but': { prefix: 'aws.' } }] }, event));
  assert.ok(matches({ detail: { count: [{ 'anything-but': 4 }] } }, event));
  assert.not.ok(matches({ detail: { userName: [{ 'anything-but': 'alice' }] } }, event));
});

matcher('exists tests the presence of a leaf; an object is not a leaf', () => {
  assert.ok(matches({ detail: { eventName: [{ exists: true }], userName: [{ exists: false }] } }, event));
  assert.not.ok(matches({ detail: { eventName: [{ exists: false }] } }, event));
  assert.not.ok(matches({ detail: { requestParameters: [{ exists: true }] } }, event));
  assert.ok(matches({ detail: { requestParameters: [{ exists: false }] } }, event));
});

matcher('$or takes the first alternative that matches, each an AND of its fields', () => {
  const pattern = { detail: { $or: [{ eventName: ['CreateUser'] }, { eventName: ['DetachUserPolicy'], requestParameters: { policyArn: [{ prefix: 'arn:aws:iam::123456789012:' }] } }] } };
  assert.ok(matches(pattern, event));
  assert.not.ok(matches(pattern, { ...event, detail: { ...event.detail, requestParameters: { policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } } }));
  assert.ok(matches(pattern, { ...event, detail: { eventName: 'CreateUser' } }));
});

matcher('syntax it does not know, or EventBridge rejects, throws rather than failing to match', () => {
  rejects(() => matches({ source: 'aws.iam' }, event), PatternError);
  rejects(() => matches({ source: [] }, event), PatternError);
  rejects(() => matches({ source: [{ wildcard: 'aws.*' }] }, event), PatternError);
  rejects(() => matches({ source: [{ prefix: 'a', suffix: 'm' }] }, event), PatternError);
  rejects(() => matches({ $or: [{ source: ['aws.iam'] }] }, event), PatternError);
  rejects(() => matches({ detail: { count: [{ exists: 'yes' }] } }, event), PatternError);
});

matcher.run();

// --- the templates' patterns, against the fixtures ------------------------------------------------

const here = (import.meta as ImportMeta & { readonly url: string }).url;
const home = templates.load(templates.HOME);
const forwarder = templates.load(templates.FORWARDER);

function patternOf(t: typeof home, ruleId: string): unknown {
  return policyDocument.render(templates.property(t, ruleId, 'EventPattern'), templates.vars);
}

const cloudTrailPattern = patternOf(home, 'CloudTrailRule');
const cloudTrail = suite('the enforcer CloudTrail rule');

cloudTrail('the forwarder in us-east-1 uses the very same pattern as the home stack', () => {
  assert.equal(patternOf(forwarder, 'ForwardRule'), cloudTrailPattern);
});

const mustMatch = [
  'create-user.json',
  'create-user-with-path.json',
  // A failed call still reaches the enforcer, which decides: a failed detach changed nothing, a failed
  // DeletePolicy may have been preceded by the console's detaches, a failed CreateUser is ignored.
  'create-user-failed.json',
  'detach-user-policy.json',
  'detach-user-policy-user-with-path.json',
  'detach-user-policy-failed.json',
  'delete-policy.json',
  'delete-policy-failed.json',
  'create-policy-version.json',
  'set-default-policy-version.json',
  'update-user-rename.json',
  'remove-user-from-group.json',
  'detach-group-policy.json',
  // The enforcer decides: our policy detached from another group is not what covers anyone.
  'detach-group-policy-other-group.json',
];
const mustNotMatch = [
  'detach-user-policy-other-policy.json',
  'delete-policy-other-policy.json',
  'attach-user-policy.json',
  'attach-group-policy.json',
  'get-user-read-only.json',
  'other-service-s3.json',
  'update-user-path-only.json',
  'remove-user-from-group-other-group.json',
];

for (const name of mustMatch) {
  cloudTrail(`matches ${name}`, () => assert.ok(matches(cloudTrailPattern, fixtures.load('cloudtrail', name))));
}
for (const name of mustNotMatch) {
  cloudTrail(`does not match ${name}`, () => assert.not.ok(matches(cloudTrailPattern, fixtures.load('cloudtrail', name))));
}

cloudTrail('every fixture is classified above, so a new one needs a decision', () => {
  const listed = [...mustMatch, ...mustNotMatch].sort();
  assert.equal(listed, readdirSync(new URL('../../fixtures/cloudtrail/', here)).filter((f) => f.endsWith('.json')).sort());
});

cloudTrail('our policy ARN matches in any case, as IAM names are case-insensitive', () => {
  const event = fixtures.withField(fixtures.load('cloudtrail', 'detach-user-policy.json'), 'detail.requestParameters.policyArn', fixtures.POLICY_ARN.toUpperCase());
  assert.ok(matches(cloudTrailPattern, event));
});

cloudTrail('the fallback group matches in any case, as IAM group names are case-insensitive', () => {
  const event = fixtures.withField(fixtures.load('cloudtrail', 'remove-user-from-group.json'), 'detail.requestParameters.groupName', 'MFA-GUARD-mfa-required');
  assert.ok(matches(cloudTrailPattern, event));
});

cloudTrail('a detach of our policy name from another account does not match', () => {
  const event = fixtures.withField(fixtures.load('cloudtrail', 'detach-user-policy.json'), 'detail.requestParameters.policyArn', fixtures.POLICY_ARN.replace('123456789012', '210987654321'));
  assert.not.ok(matches(cloudTrailPattern, event));
});

cloudTrail('AttachUserPolicy of our own policy never matches: the enforcer would trigger itself', () => {
  const event = fixtures.load('cloudtrail', 'attach-user-policy.json');
  assert.is((event.detail as { requestParameters: { policyArn: string } }).requestParameters.policyArn, fixtures.POLICY_ARN);
  assert.not.ok(matches(cloudTrailPattern, event));
});

cloudTrail.run();

const complianceChangePattern = patternOf(home, 'ComplianceChangeRule');
const complianceChange = suite('the remediation Compliance Change rule');

complianceChange('matches a user of our rule becoming NON_COMPLIANT', () => {
  assert.ok(matches(complianceChangePattern, fixtures.load('compliance-change', 'non-compliant-user.json')));
});

complianceChange('matches the first evaluation of a user, NON_COMPLIANT with no old result', () => {
  assert.ok(matches(complianceChangePattern, fixtures.load('compliance-change', 'first-evaluation.json')));
});

for (const name of ['compliant-user.json', 'other-rule.json', 'other-resource-type.json']) {
  complianceChange(`does not match ${name}`, () => assert.not.ok(matches(complianceChangePattern, fixtures.load('compliance-change', name))));
}

complianceChange.run();
