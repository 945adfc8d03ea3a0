import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as cloudtrail from '../../src/core/cloudtrail.ts';
import { rejectsEvent } from '../support/assert.ts';
import { load, POLICY_ARN, withField } from '../../sim/fixtures.ts';

const event = (name: string) => load('cloudtrail', `${name}.json`);
const GROUP = 'mfa-guard-mfa-required';
const decode = (e: unknown) => cloudtrail.decode(e, POLICY_ARN, GROUP);
const ADMIN = 'arn:aws:iam::123456789012:user/thien';

const renames = suite('cloudtrail.decode: UpdateUser');

renames('a rename names the old and the new user name', () => {
  assert.equal(decode(event('update-user-rename')), { kind: 'rename-user', id: '4b2e7c1d-8f3a-6e0b-5d9c-2a7f1e4b8c61', actor: ADMIN, userName: 'bob', newUserName: 'robert' });
});

renames('without newUserName (a path change) it is ignored, saying why', () => {
  assert.equal(decode(event('update-user-path-only')).kind, 'ignored');
});

renames('a failed rename changed nothing; a new name that is not an IAM user name is an EventError', () => {
  assert.equal(decode(withField(event('update-user-rename'), 'detail.errorCode', 'EntityAlreadyExistsException')).kind, 'ignored');
  rejectsEvent(() => decode(withField(event('update-user-rename'), 'detail.requestParameters.newUserName', 'rob ert')), {
    eventId: '4b2e7c1d-8f3a-6e0b-5d9c-2a7f1e4b8c61',
    field: 'detail.requestParameters.newUserName',
    problem: '"rob ert" is not a valid IAM user name (1-64 of A-Z a-z 0-9 _ + = , . @ -)',
  });
});

renames.run();

const groups = suite('cloudtrail.decode: the fallback group');

groups('RemoveUserFromGroup of the fallback group (any case) names the user', () => {
  assert.equal(decode(event('remove-user-from-group')), { kind: 'left-group', id: '4b2e7c1d-8f3a-6e0b-5d9c-2a7f1e4b8c63', actor: ADMIN, userName: 'bob', groupName: GROUP });
  assert.equal(decode(withField(event('remove-user-from-group'), 'detail.requestParameters.groupName', 'MFA-Guard-MFA-Required')).kind, 'left-group');
});

groups('another group, a failed call, or no fallback group configured: ignored', () => {
  assert.equal(decode(event('remove-user-from-group-other-group')).kind, 'ignored');
  assert.equal(decode(withField(event('remove-user-from-group'), 'detail.errorCode', 'AccessDenied')).kind, 'ignored');
  assert.equal(cloudtrail.decode(event('remove-user-from-group'), POLICY_ARN).kind, 'ignored');
});

groups('DetachGroupPolicy of our policy from the fallback group asks for a restore; from another group or of another policy, ignored', () => {
  assert.equal(decode(event('detach-group-policy')), { kind: 'detach-group-policy', id: '4b2e7c1d-8f3a-6e0b-5d9c-2a7f1e4b8c65', actor: ADMIN, groupName: GROUP });
  assert.equal(decode(event('detach-group-policy-other-group')).kind, 'ignored');
  assert.equal(decode(withField(event('detach-group-policy'), 'detail.requestParameters.policyArn', 'arn:aws:iam::123456789012:policy/movie-db-policy')).kind, 'ignored');
});

groups.run();
