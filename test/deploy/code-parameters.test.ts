import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as codeParameters from '../../src/deploy/code-parameters.ts';
import { DeployError } from '../../src/deploy/errors.ts';
import { rejects } from '../support/assert.ts';

const fn = { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs24.x', Code: { ZipFile: 'x' } } };
const template = { Parameters: { Mode: { Type: 'String' } }, Resources: { EnforceFunction: fn } };

const inline = suite('codeParameters.inline');

inline('cuts the payload into parameters of at most 4,096 bytes and joins the loader around them; zipFileOf gives the code back', () => {
  const payload = 'A'.repeat(4096 * 2 + 10);
  const { template: built, parameters } = codeParameters.inline(template, { EnforceFunction: { before: 'const p="', payload, after: '";' } }, 'cfn/x.yml');
  assert.equal(Object.keys(parameters), ['EnforceFunctionCode0', 'EnforceFunctionCode1', 'EnforceFunctionCode2']);
  assert.equal(Object.values(parameters).map((v) => v.length), [4096, 4096, 10]);
  assert.equal(Object.keys(built.Parameters), ['Mode', 'EnforceFunctionCode0', 'EnforceFunctionCode1', 'EnforceFunctionCode2']);
  assert.equal(built.Resources.EnforceFunction.Properties.Code, {
    ZipFile: { 'Fn::Join': ['', ['const p="', { Ref: 'EnforceFunctionCode0' }, { Ref: 'EnforceFunctionCode1' }, { Ref: 'EnforceFunctionCode2' }, '";']] },
  });
  assert.is(codeParameters.zipFileOf(built, 'EnforceFunction', parameters), `const p="${payload}";`);
});

inline('a function without a bundle, or a bundle without a function, is an error naming it', () => {
  assert.match(rejects(() => codeParameters.inline(template, {}, 'cfn/x.yml'), DeployError).message, 'cfn/x.yml: no bundle for function(s) EnforceFunction');
  const extra = { EnforceFunction: { before: '', payload: 'A', after: '' }, Other: { before: '', payload: 'A', after: '' } };
  assert.match(rejects(() => codeParameters.inline(template, extra, 'cfn/x.yml'), DeployError).message, 'no AWS::Lambda::Function with logical ID Other');
});

inline('a parameter without its value is an error, not a truncated function', () => {
  const { template: built } = codeParameters.inline(template, { EnforceFunction: { before: '', payload: 'AAAA', after: '' } }, 'cfn/x.yml');
  assert.throws(() => codeParameters.zipFileOf(built, 'EnforceFunction', {}), /code parameter EnforceFunctionCode0 has no value/);
});

inline.run();
