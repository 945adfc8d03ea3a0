import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as cloudtrail from '../../src/core/cloudtrail.ts';
import { EventError } from '../../src/core/errors.ts';
import { decodesOrRejects, rejectsEvent } from '../support/assert.ts';
import { load, POLICY_ARN, withField } from '../../sim/fixtures.ts';
import { mutants } from '../support/mutations.ts';

const event = (name: string) => load('cloudtrail', `${name}.json`);
const decode = (e: unknown) => cloudtrail.decode(e, POLICY_ARN);
const ADMIN = 'arn:aws:iam::123456789012:user/thien';

/** Checks that decoding `e` throws the EventError naming this event, field and problem. */
const failure = (e: unknown, eventId: string, field: string, problem: string) => rejectsEvent(() => decode(e), { eventId, field, problem });

const decoding = suite('cloudtrail.decode');

decoding('a CreateUser asks to attach the policy to the new user, with its ID', () => {
  assert.equal(decode(event('create-user')), {
    kind: 'create-user',
    id: '3d1c6f0e-7b3a-5f2e-9c4d-2a8b6e1f0c71',
    actor: ADMIN,
    userName: 'bob',
    userId: 'AIDAIOSFODNN7EXAMPLE',
  });
});

decoding('a CreateUser with a path names the user (IAM names are unique across paths)', () => {
  const call = decode(event('create-user-with-path'));
  assert.equal(call, { kind: 'create-user', id: '5e2d7a1f-8c4b-6a3f-0d5e-3b9c7f2a1d82', actor: ADMIN, userName: 'carol', userId: 'AIDACKCEVSQ6C2EXAMPLE' });
});

decoding('a CreateUser recorded without responseElements still names the user, without an ID', () => {
  const call = decode(withField(event('create-user'), 'detail.responseElements', null));
  assert.equal(call, { kind: 'create-user', id: '3d1c6f0e-7b3a-5f2e-9c4d-2a8b6e1f0c71', actor: ADMIN, userName: 'bob' });
});

decoding('a failed CreateUser is ignored: no user was created', () => {
  assert.equal(decode(event('create-user-failed')), {
    kind: 'ignored',
    id: '6f3e8b2a-9d5c-7b4a-1e6f-4c0d8a3b2e93',
    actor: ADMIN,
    reason: 'CreateUser failed with EntityAlreadyExistsException: no user was created',
  });
});

decoding('a detach of our policy asks to reattach it to that user', () => {
  assert.equal(decode(event('detach-user-policy')), { kind: 'detach-user-policy', id: '7a4f9c3b-0e6d-8c5b-2f7a-5d1e9b4c3fa4', actor: ADMIN, userName: 'alice' });
});

decoding('a detach from a user with a path names the user', () => {
  assert.equal(decode(event('detach-user-policy-user-with-path')), { kind: 'detach-user-policy', id: '0d7c2f6e-3b9a-1f8e-5c0d-8a4b2e7f6cd7', actor: ADMIN, userName: 'carol' });
});

decoding('a detach of another policy is ignored', () => {
  assert.equal(decode(event('detach-user-policy-other-policy')), {
    kind: 'ignored',
    id: '8b5a0d4c-1f7e-9d6c-3a8b-6e2f0c5d4ab5',
    actor: ADMIN,
    reason: 'DetachUserPolicy of another policy (arn:aws:iam::123456789012:policy/movie-db-policy)',
  });
});

decoding('a failed detach is ignored: nothing was detached', () => {
  assert.equal(decode(event('detach-user-policy-failed')), {
    kind: 'ignored',
    id: '9c6b1e5d-2a8f-0e7d-4b9c-7f3a1d6e5bc6',
    actor: ADMIN,
    reason: 'DetachUserPolicy failed with AccessDenied: nothing was detached',
  });
});

decoding('policy ARNs are compared ignoring case, as IAM does', () => {
  const shouted = withField(event('detach-user-policy'), 'detail.requestParameters.policyArn', POLICY_ARN.toUpperCase());
  assert.is(decode(shouted).kind, 'detach-user-policy');
  assert.is(cloudtrail.decode(event('delete-policy'), POLICY_ARN.replace('DenyActionWithoutMFA', 'denyactionwithoutmfa')).kind, 'delete-policy');
});

decoding('user names are passed on as the call spelled them', () => {
  const call = decode(withField(event('detach-user-policy'), 'detail.requestParameters.userName', 'Alice'));
  assert.equal(call, { kind: 'detach-user-policy', id: '7a4f9c3b-0e6d-8c5b-2f7a-5d1e9b4c3fa4', actor: ADMIN, userName: 'Alice' });
});

decoding('a delete of our policy asks for repair', () => {
  assert.equal(decode(event('delete-policy')), { kind: 'delete-policy', id: '1e8d3a7f-4c0b-2a9f-6d1e-9b5c3f8a7de8', actor: ADMIN });
});

decoding('a failed delete of our policy still asks for repair, with the error: the console detaches first', () => {
  assert.equal(decode(event('delete-policy-failed')), {
    kind: 'delete-policy',
    id: '2f9e4b8a-5d1c-3b0a-7e2f-0c6d4a9b8ef9',
    actor: ADMIN,
    errorCode: 'DeleteConflictException',
  });
});

decoding('a delete of another policy is ignored', () => {
  assert.equal(decode(event('delete-policy-other-policy')), {
    kind: 'ignored',
    id: 'f177268d-e921-d9cb-ced8-0d5e5f1efcce',
    actor: ADMIN,
    reason: 'DeletePolicy of another policy (arn:aws:iam::123456789012:policy/test-policy)',
  });
});

decoding('a new or re-selected version of our policy asks to restore the document', () => {
  assert.equal(decode(event('create-policy-version')), { kind: 'policy-version', id: '3a0f5c9b-6e2d-4c1b-8f3a-1d7e5b0c9fa0', actor: ADMIN, eventName: 'CreatePolicyVersion' });
  assert.equal(decode(event('set-default-policy-version')), { kind: 'policy-version', id: '4b1a6d0c-7f3e-5d2c-9a4b-2e8f6c1d0ab1', actor: ADMIN, eventName: 'SetDefaultPolicyVersion' });
});

decoding('a failed policy version change is ignored: the document is unchanged', () => {
  const failed = withField(event('create-policy-version'), 'detail.errorCode', 'LimitExceededException');
  assert.equal(decode(failed), {
    kind: 'ignored',
    id: '3a0f5c9b-6e2d-4c1b-8f3a-1d7e5b0c9fa0',
    actor: ADMIN,
    reason: 'CreatePolicyVersion failed with LimitExceededException: the policy document is unchanged',
  });
});

decoding('a version change of another policy is ignored', () => {
  const other = withField(event('set-default-policy-version'), 'detail.requestParameters.policyArn', 'arn:aws:iam::123456789012:policy/test-policy');
  assert.equal(decode(other), {
    kind: 'ignored',
    id: '4b1a6d0c-7f3e-5d2c-9a4b-2e8f6c1d0ab1',
    actor: ADMIN,
    reason: 'SetDefaultPolicyVersion on another policy (arn:aws:iam::123456789012:policy/test-policy)',
  });
});

decoding('an AttachUserPolicy never triggers anything, not even of our policy', () => {
  assert.equal(decode(event('attach-user-policy')), {
    kind: 'ignored',
    id: '95875e19-da17-6cf8-e875-3ddfb63847b5',
    actor: 'arn:aws:sts::123456789012:assumed-role/thor/john.doe',
    reason: 'AttachUserPolicy is not a call mfa-guard acts on',
  });
});

decoding('group attachments and read-only calls are ignored', () => {
  assert.equal(decode(event('attach-group-policy')), {
    kind: 'ignored',
    id: '6d3c8f2e-9b5a-7f4e-1c6d-4a0b8e3f2cd3',
    actor: 'arn:aws:iam::123456789012:user/test@elastic.co',
    reason: 'AttachGroupPolicy is not a call mfa-guard acts on',
  });
  assert.equal(decode(event('get-user-read-only')), { kind: 'ignored', id: '5c2b7e1d-8a4f-6e3d-0b5c-3f9a7d2e1bc2', actor: ADMIN, reason: 'GetUser is not a call mfa-guard acts on' });
});

decoding('a call to another service is ignored, whatever its name', () => {
  assert.equal(decode(event('other-service-s3')), {
    kind: 'ignored',
    id: '1a368b7a-8324-5c29-d342-e036fef5fd7a',
    actor: 'arn:aws:iam::123456789012:user/s3upload',
    reason: 'eventSource s3.amazonaws.com is not iam.amazonaws.com',
  });
  const lookalike = withField(event('other-service-s3'), 'detail.eventName', 'DetachUserPolicy');
  assert.is(decode(lookalike).kind, 'ignored');
});

decoding('the actor is the ARN, else the principal ID, else the identity type', () => {
  const actor = (userIdentity: unknown) => {
    const call = decode(withField(event('detach-user-policy'), 'detail.userIdentity', userIdentity));
    return call.kind === 'detach-user-policy' ? call.actor : `unexpected ${call.kind}`;
  };
  assert.is(actor({ type: 'IAMUser', principalId: 'AIDAJ24KHYAI5C3A47F6W', arn: ADMIN }), ADMIN);
  assert.is(actor({ type: 'IAMUser', principalId: 'AIDAJ24KHYAI5C3A47F6W' }), 'AIDAJ24KHYAI5C3A47F6W');
  assert.is(actor({ type: 'AWSService', invokedBy: 'config.amazonaws.com' }), 'AWSService');
});

decoding('an ignored call without an identity has no actor', () => {
  const anonymous = withField(event('get-user-read-only'), 'detail.userIdentity', undefined);
  assert.equal(decode(anonymous), { kind: 'ignored', id: '5c2b7e1d-8a4f-6e3d-0b5c-3f9a7d2e1bc2', reason: 'GetUser is not a call mfa-guard acts on' });
});

const malformed = suite('cloudtrail.decode: malformed events');

malformed('anything but an object is rejected as such', () => {
  for (const e of [null, undefined, 'event', 42, [event('create-user')]]) failure(e, 'unknown', '(event)', 'not an object');
});

malformed('an event without an id cannot be named', () => {
  failure(withField(event('create-user'), 'id', undefined), 'unknown', 'id', 'missing');
  failure(withField(event('create-user'), 'id', 7), 'unknown', 'id', 'expected a string, found a number');
});

malformed('another kind of event is rejected, naming its detail-type', () => {
  const scheduled = withField(event('create-user'), 'detail-type', 'Scheduled Event');
  failure(scheduled, '3d1c6f0e-7b3a-5f2e-9c4d-2a8b6e1f0c71', 'detail-type', 'expected "AWS API Call via CloudTrail", found "Scheduled Event"');
});

malformed('a missing or non-object detail is named', () => {
  const id = '7a4f9c3b-0e6d-8c5b-2f7a-5d1e9b4c3fa4';
  failure(withField(event('detach-user-policy'), 'detail', undefined), id, 'detail', 'missing');
  failure(withField(event('detach-user-policy'), 'detail', '{}'), id, 'detail', 'expected an object, found a string');
});

malformed('missing event source and name are named', () => {
  const id = '7a4f9c3b-0e6d-8c5b-2f7a-5d1e9b4c3fa4';
  failure(withField(event('detach-user-policy'), 'detail.eventSource', undefined), id, 'detail.eventSource', 'missing');
  failure(withField(event('detach-user-policy'), 'detail.eventName', undefined), id, 'detail.eventName', 'missing');
  failure(withField(event('detach-user-policy'), 'detail.eventName', ''), id, 'detail.eventName', 'empty');
});

malformed('a detach without the user or the policy is named', () => {
  const id = '7a4f9c3b-0e6d-8c5b-2f7a-5d1e9b4c3fa4';
  failure(withField(event('detach-user-policy'), 'detail.requestParameters.userName', undefined), id, 'detail.requestParameters.userName', 'missing');
  failure(withField(event('detach-user-policy'), 'detail.requestParameters.policyArn', undefined), id, 'detail.requestParameters.policyArn', 'missing');
  failure(withField(event('detach-user-policy'), 'detail.requestParameters', null), id, 'detail.requestParameters', 'missing');
  failure(withField(event('detach-user-policy'), 'detail.requestParameters.userName', ['alice']), id, 'detail.requestParameters.userName', 'expected a string, found an array');
});

malformed('a CreateUser without the user name is named', () => {
  failure(withField(event('create-user'), 'detail.requestParameters.userName', undefined), '3d1c6f0e-7b3a-5f2e-9c4d-2a8b6e1f0c71', 'detail.requestParameters.userName', 'missing');
});

malformed('policy calls without the policy ARN are named', () => {
  for (const name of ['delete-policy', 'create-policy-version', 'set-default-policy-version']) {
    const e = event(name);
    failure(withField(e, 'detail.requestParameters.policyArn', undefined), String(e.id), 'detail.requestParameters.policyArn', 'missing');
  }
});

malformed('a call to act on needs an identity', () => {
  const id = '7a4f9c3b-0e6d-8c5b-2f7a-5d1e9b4c3fa4';
  failure(withField(event('detach-user-policy'), 'detail.userIdentity', undefined), id, 'detail.userIdentity', 'missing');
  failure(withField(event('detach-user-policy'), 'detail.userIdentity', {}), id, 'detail.userIdentity', 'has no arn, principalId or type');
  failure(withField(event('detach-user-policy'), 'detail.userIdentity.arn', 12), id, 'detail.userIdentity.arn', 'expected a string, found a number');
});

malformed('an errorCode that is not a string is named', () => {
  failure(withField(event('detach-user-policy'), 'detail.errorCode', true), '7a4f9c3b-0e6d-8c5b-2f7a-5d1e9b4c3fa4', 'detail.errorCode', 'expected a string, found a boolean');
});

malformed('no change to any field of any fixture crashes the decoder: it decodes or throws an EventError', () => {
  const names = ['create-user', 'create-user-failed', 'detach-user-policy', 'delete-policy-failed', 'create-policy-version', 'set-default-policy-version', 'attach-user-policy', 'other-service-s3'];
  const tried = decodesOrRejects(decode, mutants('cloudtrail', names));
  assert.ok(tried > 1000, `only ${tried} mutations tried`);
});

decoding.run();
malformed.run();
