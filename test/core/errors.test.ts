import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UserFailuresError } from '../../src/core/errors.ts';

const failures = suite('UserFailuresError');

failures('names every user and reason when there are few', () => {
  const error = new UserFailuresError('e-1', [{ user: 'dave', reason: 'LimitExceeded' }, { user: 'erin', reason: 'AccessDenied' }]);
  assert.is(error.message, 'event e-1: 2 user(s) not fixed: dave (LimitExceeded); erin (AccessDenied)');
});

failures('names the first 20 and counts the rest, keeping every failure on the error', () => {
  const many = Array.from({ length: 4900 }, (_, i) => ({ user: `user${i}`, reason: 'not attached: the function was about to time out' }));
  const error = new UserFailuresError('e-2', many);
  assert.ok(error.message.startsWith('event e-2: 4900 user(s) not fixed: user0 ('));
  assert.ok(error.message.endsWith('; and 4880 more'));
  assert.ok(error.message.includes('user19 (') && !error.message.includes('user20 ('));
  assert.is(error.failures.length, 4900);
});

failures.run();
