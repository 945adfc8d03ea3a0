import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as policyDocument from '../../src/core/policy-document.ts';
import { RenderError } from '../../src/core/policy-document.ts';
import { rejects } from '../support/assert.ts';

const vars: policyDocument.RenderVars = {
  partition: 'aws',
  accountId: '123456789012',
  policyName: 'DenyActionWithoutMFA',
  policyPath: '/',
};

const render = suite('policyDocument.render');

render('resolves pseudo parameters and the policy parameters inside Fn::Sub', () => {
  const document = { Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy${PolicyPath}${PolicyName}' } };
  assert.equal(policyDocument.render(document, vars), { Resource: 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA' });
});

render('turns ${!Literal} into ${Literal}, so IAM policy variables survive', () => {
  const document = { Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*/${!aws:username}' }] };
  assert.equal(policyDocument.render(document, vars), { Resource: ['arn:aws:iam::123456789012:user/*/${aws:username}'] });
});

render('leaves plain strings alone, ${} included: only Fn::Sub substitutes', () => {
  const document = { Resource: 'arn:aws:s3:::bucket/${aws:username}/*', Version: '2012-10-17', Flag: true, Count: 3, None: null };
  assert.equal(policyDocument.render(document, vars), document);
});

render('resolves Ref to a pseudo parameter, a policy parameter or a given name', () => {
  const document = [{ Ref: 'AWS::Partition' }, { Ref: 'PolicyName' }, { Ref: 'Policy' }];
  const names = { Policy: 'arn:aws:iam::123456789012:policy/DenyActionWithoutMFA' };
  assert.equal(policyDocument.render(document, { ...vars, names }), ['aws', 'DenyActionWithoutMFA', names.Policy]);
});

render('takes the Fn::Sub variable map before anything else, its values rendered first', () => {
  const document = { 'Fn::Sub': ['${Prefix}/${PolicyName}/${AWS::Region}', { Prefix: { Ref: 'AWS::AccountId' }, PolicyName: 'overridden' }] };
  assert.is(policyDocument.render(document, { ...vars, region: 'eu-west-1' }), '123456789012/overridden/eu-west-1');
});

render('resolves Fn::GetAtt and ${Resource.Attribute} from the given names', () => {
  const names = { 'Queue.Arn': 'arn:aws:sqs:eu-west-1:123456789012:dlq' };
  const document = [{ 'Fn::GetAtt': ['Queue', 'Arn'] }, { 'Fn::Sub': '${Queue.Arn}' }, { 'Fn::Join': ['/', ['a', { Ref: 'PolicyName' }]] }];
  assert.equal(policyDocument.render(document, { ...vars, names }), [names['Queue.Arn'], names['Queue.Arn'], 'a/DenyActionWithoutMFA']);
});

render('a name without a value throws, naming where it is', () => {
  const document = { Statement: [{ Resource: 'x' }, { Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:x' } }] };
  const error = rejects(() => policyDocument.render(document, vars), RenderError);
  assert.is(error.path, 'Statement[1].Resource.Fn::Sub');
  assert.is(error.message, 'Statement[1].Resource.Fn::Sub: ${AWS::Region} is not resolved: no value given for it');
});

render('a Ref to an unknown resource throws', () => {
  const error = rejects(() => policyDocument.render({ Ref: 'Nowhere' }, vars), RenderError);
  assert.is(error.message, 'Ref: ${Nowhere} is not resolved: no value given for it');
});

render('an intrinsic function it does not know throws rather than passing through', () => {
  const error = rejects(() => policyDocument.render({ Condition: { 'Fn::If': ['C', 'a', 'b'] } }, vars), RenderError);
  assert.is(error.path, 'Condition.Fn::If');
  assert.match(error.message, /cannot render Fn::If/);
});

render('a Fn::Sub variable that renders to a non-string throws', () => {
  const error = rejects(() => policyDocument.render({ 'Fn::Sub': ['${A}', { A: ['x'] }] }, vars), RenderError);
  assert.is(error.path, 'Fn::Sub[1].A');
});

render('a value that is not JSON throws', () => {
  rejects(() => policyDocument.render({ Resource: undefined }, vars), RenderError);
  rejects(() => policyDocument.render({ Count: Number.NaN }, vars), RenderError);
});

render.run();

const varsOf = suite('policyDocument.varsOf');

varsOf('reads partition, account, path and name from the policy ARN', () => {
  assert.equal(policyDocument.varsOf('arn:aws-cn:iam::123456789012:policy/security/DenyActionWithoutMFA', 'cn-north-1'), {
    partition: 'aws-cn',
    accountId: '123456789012',
    policyName: 'DenyActionWithoutMFA',
    policyPath: '/security/',
    region: 'cn-north-1',
  });
});

varsOf('rendering with the variables of an ARN rebuilds that ARN', () => {
  const arn = 'arn:aws-us-gov:iam::123456789012:policy/a/b/MfaPolicy';
  const document = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy${PolicyPath}${PolicyName}' };
  assert.is(policyDocument.render(document, policyDocument.varsOf(arn)), arn);
});

varsOf('anything but a customer managed policy ARN throws', () => {
  for (const arn of ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::123456789012:user/alice', 'DenyActionWithoutMFA']) {
    rejects(() => policyDocument.varsOf(arn), RenderError);
  }
});

varsOf.run();
