import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as complianceChange from '../../src/core/compliance-change.ts';
import { EventError } from '../../src/core/errors.ts';
import { decodesOrRejects, rejectsEvent } from '../support/assert.ts';
import { load, RULE_NAME, withField } from '../../sim/fixtures.ts';
import { mutants } from '../support/mutations.ts';

const event = (name: string) => load('compliance-change', `${name}.json`);
const decode = (e: unknown) => complianceChange.decode(e, RULE_NAME);
const ID = 'd1cc902d-88e7-9629-25ad-cf89c077a06c';

/** Checks that decoding `e` throws the EventError naming this event, field and problem. */
const failure = (e: unknown, eventId: string, field: string, problem: string) => rejectsEvent(() => decode(e), { eventId, field, problem });

const decoding = suite('complianceChange.decode');

decoding('a user of our rule turning NON_COMPLIANT asks for remediation, ordered by the evaluation', () => {
  assert.equal(decode(event('non-compliant-user')), {
    kind: 'non-compliant',
    id: ID,
    userId: 'AIDAIOSFODNN7EXAMPLE',
    orderingTimestamp: new Date('2023-06-01T09:20:05.902Z'),
  });
});

decoding("a user's first evaluation (no old result) as NON_COMPLIANT asks for remediation", () => {
  assert.equal(decode(event('first-evaluation')), {
    kind: 'non-compliant',
    id: '04ffc350-b1ba-c95c-58d0-f2bcf3aad39f',
    userId: 'AIDAIOSFODNN7EXAMPLE',
    orderingTimestamp: new Date('2023-06-01T09:26:10.004Z'),
  });
});

decoding('a user turning COMPLIANT is ignored', () => {
  assert.equal(decode(event('compliant-user')), { kind: 'ignored', id: 'e2dda13e-99f8-a73a-36be-d09ad188b17d', reason: 'new compliance COMPLIANT is not NON_COMPLIANT' });
});

decoding('NOT_APPLICABLE (an exempt or deleted user) is ignored', () => {
  const exempt = withField(event('non-compliant-user'), 'detail.newEvaluationResult.complianceType', 'NOT_APPLICABLE');
  assert.equal(decode(exempt), { kind: 'ignored', id: ID, reason: 'new compliance NOT_APPLICABLE is not NON_COMPLIANT' });
});

decoding("another rule's NON_COMPLIANT user is ignored", () => {
  assert.equal(decode(event('other-rule')), { kind: 'ignored', id: 'f3eeb24f-a0a9-b84b-47cf-e1abe299c28e', reason: 'rule access-keys-rotated is not mfa-guard-users' });
});

decoding('another resource type of our rule is ignored', () => {
  assert.equal(decode(event('other-resource-type')), { kind: 'ignored', id: '15a0d461-c2cb-da6d-69e1-a3cd04bbe4a0', reason: 'resource type AWS::IAM::Role is not AWS::IAM::User' });
});

decoding('the rule name is the one passed in', () => {
  assert.is(complianceChange.decode(event('other-rule'), 'access-keys-rotated').kind, 'non-compliant');
  assert.is(complianceChange.decode(event('non-compliant-user'), 'another-rule').kind, 'ignored');
});

const malformed = suite('complianceChange.decode: malformed events');

malformed('anything but an object is rejected as such', () => {
  for (const e of [null, 'event', 3, []]) failure(e, 'unknown', '(event)', 'not an object');
});

malformed('an event without an id cannot be named', () => {
  failure(withField(event('non-compliant-user'), 'id', undefined), 'unknown', 'id', 'missing');
});

malformed('another kind of event is rejected, naming its detail-type or source', () => {
  failure(withField(event('non-compliant-user'), 'detail-type', 'AWS API Call via CloudTrail'), ID, 'detail-type', 'expected "Config Rules Compliance Change", found "AWS API Call via CloudTrail"');
  failure(withField(event('non-compliant-user'), 'source', 'aws.iam'), ID, 'source', 'expected "aws.config", found "aws.iam"');
});

malformed('missing detail fields are named', () => {
  failure(withField(event('non-compliant-user'), 'detail', undefined), ID, 'detail', 'missing');
  failure(withField(event('non-compliant-user'), 'detail.configRuleName', undefined), ID, 'detail.configRuleName', 'missing');
  failure(withField(event('non-compliant-user'), 'detail.resourceType', undefined), ID, 'detail.resourceType', 'missing');
  failure(withField(event('non-compliant-user'), 'detail.newEvaluationResult', undefined), ID, 'detail.newEvaluationResult', 'missing');
  failure(withField(event('non-compliant-user'), 'detail.resourceId', undefined), ID, 'detail.resourceId', 'missing');
});

malformed('an ordering timestamp that is not ISO-8601 is named', () => {
  const at = 'detail.newEvaluationResult.evaluationResultIdentifier.orderingTimestamp';
  failure(withField(event('non-compliant-user'), at, 'yesterday'), ID, at, '"yesterday" is not an ISO-8601 timestamp');
  failure(withField(event('non-compliant-user'), at, 1685611205902), ID, at, 'expected a string, found a number');
});

malformed('no change to any field of any fixture crashes the decoder: it decodes or throws an EventError', () => {
  const names = ['non-compliant-user', 'first-evaluation', 'other-rule'];
  const tried = decodesOrRejects(decode, mutants('compliance-change', names));
  assert.ok(tried > 500, `only ${tried} mutations tried`);
});

decoding.run();
malformed.run();
