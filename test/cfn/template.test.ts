import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as template from '../../src/cfn/template.ts';
import { TemplateError } from '../../src/cfn/template.ts';
import { rejects } from '../support/assert.ts';
import * as templates from '../support/templates.ts';

const wrap = (properties: string) => `Resources:\n  R:\n    Type: AWS::X::Y\n    Properties:\n${properties}`;
const propertiesOf = (text: string) => template.parse(wrap(text), 't.yml').Resources.R?.Properties;

const parse = suite('template.parse');

parse('reads every short form into its long form', () => {
  const text = [
    '      A: !Ref Name',
    '      B: !Sub arn:${AWS::Partition}:s3:::x',
    '      C: !Sub ["${A}-${!Literal}", { A: !Ref Name }]',
    '      D: !GetAtt Queue.Arn',
    '      E: !GetAtt [Queue, Arn]',
    '      F: !Join ["", [a, !Ref Name]]',
    '      G: !Select [0, !GetAZs ""]',
    '      H: !Split [",", "a,b"]',
    '      I: !If [IsProd, a, !Ref AWS::NoValue]',
    '      J: !Equals [!Ref A, b]',
    '      K: !Not [!Condition IsProd]',
    '      L: !And [!Condition A, !Condition B]',
    '      M: !Or [!Condition A, !Condition B]',
    '      FindInMap: !FindInMap [Map, !Ref AWS::Region, Key]',
    '      O: !ImportValue shared-vpc',
    '      P: !Base64 text',
    '      Q: !Cidr [10.0.0.0/16, 4, 8]',
    '      S: !GetAtt Distribution.DomainName.Sub',
  ].join('\n');
  assert.equal(propertiesOf(text), {
    A: { Ref: 'Name' },
    B: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::x' },
    C: { 'Fn::Sub': ['${A}-${!Literal}', { A: { Ref: 'Name' } }] },
    D: { 'Fn::GetAtt': ['Queue', 'Arn'] },
    E: { 'Fn::GetAtt': ['Queue', 'Arn'] },
    F: { 'Fn::Join': ['', ['a', { Ref: 'Name' }]] },
    G: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
    H: { 'Fn::Split': [',', 'a,b'] },
    I: { 'Fn::If': ['IsProd', 'a', { Ref: 'AWS::NoValue' }] },
    J: { 'Fn::Equals': [{ Ref: 'A' }, 'b'] },
    K: { 'Fn::Not': [{ Condition: 'IsProd' }] },
    L: { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] },
    M: { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] },
    FindInMap: { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Key'] },
    O: { 'Fn::ImportValue': 'shared-vpc' },
    P: { 'Fn::Base64': 'text' },
    Q: { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] },
    S: { 'Fn::GetAtt': ['Distribution', 'DomainName.Sub'] },
  });
});

parse('long forms and nested functions read as written', () => {
  assert.equal(propertiesOf('      A:\n        Fn::Base64: !Sub "${AWS::StackName}"'), { A: { 'Fn::Base64': { 'Fn::Sub': '${AWS::StackName}' } } });
});

parse('reads YAML 1.1 as CloudFormation does: yes is a boolean', () => {
  assert.equal(propertiesOf('      A: yes\n      B: "yes"'), { A: true, B: 'yes' });
});

parse('an unknown tag is an error at its line', () => {
  const error = rejects(() => template.parse(wrap('      A: !Reff Name'), 't.yml'), TemplateError);
  assert.is(error.source, 't.yml:5:10');
  assert.match(error.problem, /!Reff/);
});

parse('an unquoted date (a timestamp to YAML 1.1) is an error at its line', () => {
  const error = rejects(() => template.parse('AWSTemplateFormatVersion: 2010-09-09\nResources: {}\n', 't.yml'), TemplateError);
  assert.is(error.message, 't.yml:1:27: YAML 1.1 reads "2010-09-09" as a Date, not a string: quote it');
});

parse('an alias is an error: CloudFormation does not support them', () => {
  const error = rejects(() => template.parse(wrap('      A: &x [1]\n      B: *x'), 't.yml'), TemplateError);
  assert.is(error.source, 't.yml:6:10');
});

parse('a YAML syntax error and a duplicate key are errors', () => {
  rejects(() => template.parse(wrap('      A: [1'), 't.yml'), TemplateError);
  rejects(() => template.parse(wrap('      A: 1\n      A: 2'), 't.yml'), TemplateError);
});

parse('refuses what is not a template: no Resources, an unknown section, a resource without a Type', () => {
  assert.is(rejects(() => template.parse('Description: x\n', 't.yml'), TemplateError).message, 't.yml: Resources must be a mapping');
  assert.is(rejects(() => template.parse('Resources: {}\nResource: {}\n', 't.yml'), TemplateError).message, 't.yml: unknown section(s) Resource');
  assert.is(rejects(() => template.parse('Resources:\n  R: { Properties: {} }\n', 't.yml'), TemplateError).message, 't.yml: Resources.R: expected a mapping with a Type string');
  rejects(() => template.parse('Resources: {}\nOutputs:\n  O: { Description: x }\n', 't.yml'), TemplateError);
  rejects(() => template.parse('Resources: {}\nParameters:\n  P: { Default: x }\n', 't.yml'), TemplateError);
});

parse.run();

const stringify = suite('template.stringify');

stringify('writes the short forms back, and what it writes parses to the same template', () => {
  for (const file of [templates.HOME, templates.FORWARDER]) {
    const t = templates.load(file);
    const text = template.stringify(t);
    assert.equal(template.parse(text, 'out.yml'), t, file);
    assert.match(text, '!GetAtt');
    assert.not.match(text, 'Fn::GetAtt');
    assert.not.match(text, 'Fn::Sub');
  }
});

stringify('keeps a nested function in long form where YAML would need two tags on one node', () => {
  const t: template.Template = { Resources: { R: { Type: 'AWS::X::Y', Properties: { A: { 'Fn::Base64': { 'Fn::Sub': '${AWS::StackName}' } } } } } };
  const text = template.stringify(t);
  assert.match(text, 'Fn::Base64: !Sub ${AWS::StackName}');
  assert.equal(template.parse(text, 'out.yml'), t);
});

stringify('writes inline code as a literal block, unfolded, and quotes what YAML 1.1 would misread', () => {
  const code = 'exports.handler = async () => {\n  return "a: b # c \\u00e9 ${x}";\n};\n';
  const t: template.Template = { AWSTemplateFormatVersion: '2010-09-09', Resources: { F: { Type: 'AWS::Lambda::Function', Properties: { Code: { ZipFile: code }, Flag: 'yes', Long: 'x'.repeat(300) } } } };
  const text = template.stringify(t);
  assert.match(text, 'ZipFile: |\n          exports.handler = async () => {\n            return "a: b');
  assert.match(text, 'AWSTemplateFormatVersion: "2010-09-09"');
  assert.match(text, 'Flag: "yes"');
  assert.match(text, `Long: ${'x'.repeat(300)}\n`);
  assert.equal(template.parse(text, 'out.yml'), t);
});

stringify('writes short lists of scalars and small mappings of scalars in flow style', () => {
  const t: template.Template = { Resources: { R: { Type: 'AWS::X::Y', Properties: { Action: ['s3:GetObject', 's3:PutObject'], Principal: { Service: 'lambda.amazonaws.com' }, Nested: [{ A: [1] }] } } } };
  const text = template.stringify(t);
  assert.match(text, 'Action: [ s3:GetObject, s3:PutObject ]');
  assert.match(text, 'Principal: { Service: lambda.amazonaws.com }');
  assert.equal(template.parse(text, 'out.yml'), t);
});

stringify.run();

const policyDocumentOf = suite('template.policyDocumentOf');

policyDocumentOf('returns the managed policy\'s document with its intrinsic functions unrendered', () => {
  const document = template.policyDocumentOf(templates.load(templates.HOME), templates.HOME);
  const statements = (document as { Statement: Array<{ Sid: string; Condition?: Record<string, Record<string, unknown>> }> }).Statement;
  const detaching = statements.find((s) => s.Sid === 'DenyDetachingThisPolicy');
  assert.equal(detaching?.Condition?.StringEqualsIgnoreCase?.['iam:PolicyARN'], { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy${PolicyPath}${PolicyName}' });
});

policyDocumentOf('a template with no managed policy, or two, is an error', () => {
  const policy = { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: [] } } };
  assert.is(rejects(() => template.policyDocumentOf({ Resources: {} }, 'a.yml'), TemplateError).message, 'a.yml: expected exactly one AWS::IAM::ManagedPolicy, found 0');
  assert.is(rejects(() => template.policyDocumentOf({ Resources: { A: policy, B: policy } }, 'a.yml'), TemplateError).message, 'a.yml: expected exactly one AWS::IAM::ManagedPolicy, found 2 (A, B)');
  rejects(() => template.policyDocumentOf({ Resources: { A: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: 'x' } } } }, 'a.yml'), TemplateError);
});

policyDocumentOf.run();
