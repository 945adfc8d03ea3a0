import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EventError } from '../../src/core/errors.ts';
import * as iamFields from '../../src/core/iam-fields.ts';
import { rejects } from '../support/assert.ts';

const event = { detail: { userName: 'ci-deployer@example.com', spaced: 'bob smith', userId: 'AIDAIOSFODNN7EXAMPLE', short: 'AIDA123', huge: 'a'.repeat(1_000_000) } };

function problem(fn: () => unknown): string {
  const error = rejects(fn, EventError);
  return `${error.eventId} ${error.field}: ${error.problem}`;
}

const names = suite('iamFields.userName');

names('reads a name of IAM form, punctuation included', () => {
  assert.is(iamFields.userName(event, 'detail.userName', 'e-1'), 'ci-deployer@example.com');
});

names('a name IAM would refuse is an EventError naming the field', () => {
  assert.is(problem(() => iamFields.userName(event, 'detail.spaced', 'e-1')), 'e-1 detail.spaced: "bob smith" is not a valid IAM user name (1-64 of A-Z a-z 0-9 _ + = , . @ -)');
});

names('a megabyte "name" is refused with a message of bounded length', () => {
  const error = rejects(() => iamFields.userName(event, 'detail.huge', 'e-1'), EventError);
  assert.is(error.field, 'detail.huge');
  assert.match(error.problem, /… \(1000000 characters\)" is not a valid IAM user name/);
  assert.ok(error.message.length < 400);
});

names('missing and mistyped names are named as fields.string names them', () => {
  assert.is(problem(() => iamFields.userName(event, 'detail.absent', 'e-1')), 'e-1 detail.absent: missing');
  assert.is(problem(() => iamFields.userName({ detail: { userName: 7 } }, 'detail.userName', 'e-1')), 'e-1 detail.userName: expected a string, found a number');
  assert.is(problem(() => iamFields.userName({}, 'userName', 'e-1', 'items[2]')), 'e-1 items[2].userName: missing');
});

const ids = suite('iamFields.userId / optionalUserId');

ids('reads an ID of IAM form (16-128 word characters)', () => {
  assert.is(iamFields.userId(event, 'detail.userId', 'e-1'), 'AIDAIOSFODNN7EXAMPLE');
  assert.is(iamFields.optionalUserId(event, 'detail.userId', 'e-1'), 'AIDAIOSFODNN7EXAMPLE');
});

ids('an ID too short, too long or with other characters is an EventError naming the field', () => {
  assert.is(problem(() => iamFields.userId(event, 'detail.short', 'e-1')), 'e-1 detail.short: "AIDA123" is not an IAM user ID (16-128 of A-Z a-z 0-9 _)');
  assert.is(problem(() => iamFields.optionalUserId(event, 'detail.huge', 'e-1')).length < 400, true);
  assert.is(problem(() => iamFields.userId({ id: 'AIDA-IOSFODNN7EXAMPLE' }, 'id', 'e-1')), 'e-1 id: "AIDA-IOSFODNN7EXAMPLE" is not an IAM user ID (16-128 of A-Z a-z 0-9 _)');
});

ids('an absent or null optional ID is undefined; a required one is missing', () => {
  assert.is(iamFields.optionalUserId({ detail: { userId: null } }, 'detail.userId', 'e-1'), undefined);
  assert.is(problem(() => iamFields.userId({ detail: {} }, 'detail.userId', 'e-1')), 'e-1 detail.userId: missing');
});

names.run();
ids.run();
