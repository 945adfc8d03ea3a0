import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DeployError } from '../../src/deploy/errors.ts';
import * as inline from '../../src/deploy/inline.ts';
import { rejects } from '../support/assert.ts';

const role = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } };
const fn = (runtime = 'nodejs24.x') => ({ Type: 'AWS::Lambda::Function', Properties: { Runtime: runtime, Handler: 'index.handler', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: 'placeholder' } } });
const template = { Parameters: { Mode: { Type: 'String' } }, Resources: { Role: role, EnforceFunction: fn(), ConfigRuleFunction: fn() } };

const inlineCode = suite('inline.inlineCode');

inlineCode("sets each function's Code.ZipFile by logical ID, leaving the rest and the input untouched", () => {
  const out = inline.inlineCode(template, { EnforceFunction: 'exports.handler=1', ConfigRuleFunction: 'exports.handler=2' }, 't.yml');
  assert.equal(out.Resources.EnforceFunction.Properties, { ...fn().Properties, Code: { ZipFile: 'exports.handler=1' } });
  assert.equal(out.Resources.ConfigRuleFunction.Properties.Code, { ZipFile: 'exports.handler=2' });
  assert.is(out.Resources.Role, role);
  assert.is(template.Resources.EnforceFunction.Properties.Code.ZipFile, 'placeholder');
});

inlineCode('a function without a bundle is an error naming it', () => {
  const error = rejects(() => inline.inlineCode(template, { EnforceFunction: 'x' }, 't.yml'), DeployError);
  assert.match(error.message, 't.yml: no bundle for function(s) ConfigRuleFunction');
});

inlineCode('a bundle without a function is an error naming it', () => {
  const error = rejects(() => inline.inlineCode(template, { EnforceFunction: 'x', ConfigRuleFunction: 'y', RemediateFunction: 'z' }, 't.yml'), DeployError);
  assert.match(error.message, 't.yml: no AWS::Lambda::Function with logical ID RemediateFunction');
});

inlineCode('a template without Resources is an error', () => {
  rejects(() => inline.inlineCode({}, {}, 't.yml'), DeployError);
});

inlineCode.run();

const facts = suite('inline: capabilities, target, size');

facts('named IAM resources need CAPABILITY_NAMED_IAM; unnamed ones CAPABILITY_IAM; none, nothing', () => {
  const named = { Resources: { P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: { Ref: 'PolicyName' } } } } };
  assert.equal(inline.capabilities(named, 't'), ['CAPABILITY_NAMED_IAM']);
  assert.equal(inline.capabilities(template, 't'), ['CAPABILITY_IAM']);
  assert.equal(inline.capabilities({ Resources: { Q: { Type: 'AWS::SQS::Queue' } } }, 't'), []);
});

facts('the esbuild target follows the shared nodejsNN.x runtime', () => {
  assert.is(inline.nodeTarget(template, 't'), 'node24');
  const mixed = { Resources: { A: fn('nodejs22.x'), B: fn('nodejs24.x') } };
  assert.match(rejects(() => inline.nodeTarget(mixed, 't'), DeployError).message, 'must share one nodejsNN.x Runtime, found nodejs22.x, nodejs24.x');
  rejects(() => inline.nodeTarget({ Resources: { A: fn('python3.13') } }, 't'), DeployError);
});

facts('51,200 bytes fit; one more does not, counted in UTF-8 bytes', () => {
  inline.assertFits('x'.repeat(51_200), 't');
  assert.match(rejects(() => inline.assertFits('x'.repeat(51_201), 'dist/t.yml'), DeployError).message, 'dist/t.yml is 51201 bytes, over the 51200-byte limit');
  assert.is(inline.byteSize('é'), 2);
});

facts('parameter names are the Parameters keys', () => {
  assert.equal(inline.parameterNames(template), ['Mode']);
  assert.equal(inline.parameterNames({ Resources: {} }), []);
});

facts.run();
