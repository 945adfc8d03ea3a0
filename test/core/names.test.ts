import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isValidUserId, isValidUserName, parsePolicyArn, samePolicyArn, sameUserName } from '../../src/core/names.ts';

const userNames = suite('names: user names and IDs');

userNames('a user name is 1-64 of letters, digits and + = , . @ _ -', () => {
  for (const name of ['bob', 'ci-deployer', 'first.last@example.com', 'a+b=c,d', 'x'.repeat(64), '_']) assert.ok(isValidUserName(name), name);
  for (const name of ['', 'x'.repeat(65), 'bob smith', 'bob/x', 'bob#1', 'bøb']) assert.not.ok(isValidUserName(name), name);
});

userNames('a user ID is 16-128 word characters (AIDA… in practice)', () => {
  assert.ok(isValidUserId('AIDAIOSFODNN7EXAMPLE'));
  assert.not.ok(isValidUserId('AIDA-SHORT'));
  assert.not.ok(isValidUserId('AIDAIOSFODNN7EXAMPLE '));
});

userNames('names compare ignoring case, as IAM makes them unique', () => {
  assert.ok(sameUserName('Alice', 'alice'));
  assert.not.ok(sameUserName('alice', 'alice2'));
});

userNames.run();

const arns = suite('names: policy ARNs');

arns('a customer managed policy ARN splits into partition, account, path and name', () => {
  assert.equal(parsePolicyArn('arn:aws:iam::123456789012:policy/DenyActionWithoutMFA'), { partition: 'aws', accountId: '123456789012', path: '/', name: 'DenyActionWithoutMFA' });
  assert.equal(parsePolicyArn('arn:aws-cn:iam::123456789012:policy/security/mfa/Deny'), { partition: 'aws-cn', accountId: '123456789012', path: '/security/mfa/', name: 'Deny' });
});

arns('AWS managed policies, other resources and malformed ARNs are not customer managed policy ARNs', () => {
  for (const arn of ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::123456789012:user/bob', 'arn:aws:iam::12345:policy/X', 'DenyActionWithoutMFA', 'arn:aws:iam::123456789012:policy/']) {
    assert.is(parsePolicyArn(arn), undefined, arn);
  }
});

arns('policy ARNs compare ignoring case', () => {
  assert.ok(samePolicyArn('arn:aws:iam::123456789012:policy/DenyActionWithoutMFA', 'arn:aws:iam::123456789012:policy/denyactionwithoutmfa'));
  assert.not.ok(samePolicyArn('arn:aws:iam::123456789012:policy/A', 'arn:aws:iam::123456789012:policy/B'));
});

arns.run();
