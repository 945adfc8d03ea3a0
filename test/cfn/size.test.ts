/**
 * CloudFormation takes a TemplateBody of at most 51,200 bytes; above that it needs an S3 bucket. The
 * home template, written by template.stringify with each function's code inlined, must stay below.
 */
import { transformSync } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as template from '../../src/cfn/template.ts';
import * as policyDocument from '../../src/core/policy-document.ts';
import { MAX_STACK_LENGTH } from '../../src/deploy/settings.ts';
import * as templates from '../support/templates.ts';

const LIMIT = 51_200;
const CODE_BYTES = 8 * 1024;
const here = (import.meta as ImportMeta & { readonly url: string }).url;

/** 8 KB of minified CommonJS, made from src/core: the quotes, escapes and template literals of real bundles. */
function realisticCode(bytes: number): string {
  const dir = new URL('../../src/core/', here);
  const minified = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => transformSync(readFileSync(new URL(f, dir), 'utf8'), { loader: 'ts', format: 'cjs', minify: true, target: 'node22' }).code)
    .join('');
  if (Buffer.byteLength(minified) < bytes) throw new Error(`src/core minifies to ${Buffer.byteLength(minified)} bytes, fewer than ${bytes}`);
  return `${Buffer.from(minified).subarray(0, bytes - 1).toString('utf8').replace(/\uFFFD$/, '')}\n`;
}

function withCode(t: template.Template, code: string): template.Template {
  const resources = Object.fromEntries(
    Object.entries(t.Resources).map(([id, r]) => [id, r.Type === 'AWS::Lambda::Function' ? { ...r, Properties: { ...r.Properties, Code: { ZipFile: code } } } : r]),
  );
  return { ...t, Resources: resources };
}

const size = suite('template size');
const home = templates.load(templates.HOME);

size('the home template with 3 × 8 KB of minified code inlined stays under 51,200 bytes', () => {
  const code = realisticCode(CODE_BYTES);
  const body = template.stringify(withCode(home, code));
  const bytes = Buffer.byteLength(body);
  assert.ok(bytes < LIMIT, `${bytes} bytes`);
  assert.ok(body.includes(code.slice(0, 200)), 'the code is inlined as a literal block, unescaped');
});

size('the code budget per function is at least 8 KB', () => {
  const overhead = Buffer.byteLength(template.stringify(withCode(home, '\n')));
  const perFunction = Math.floor((LIMIT - overhead) / 3);
  assert.ok(perFunction >= CODE_BYTES, `template without code: ${overhead} bytes; ${perFunction} bytes left per function`);
});

size.run();

// --- the managed policy: IAM takes at most 6,144 characters, whitespace excluded ---------------------

const POLICY_LIMIT = 6144;
const policySize = suite('policy size');

/** The longest value a parameter's AllowedPattern accepts among `candidates` (the next one longer must be refused). */
function longest(name: string, make: (length: number) => string, length: number): string {
  const pattern = new RegExp(`^(?:${home.Parameters?.[name]?.AllowedPattern ?? ''})$`);
  const value = make(length);
  assert.match(value, pattern, `${name}: ${length} characters are allowed`);
  assert.not.match(make(length + 1), pattern, `${name}: ${length + 1} characters are refused`);
  return value;
}

policySize(`the rendered policy stays within ${POLICY_LIMIT} characters for the longest allowed names`, () => {
  const partition = 'aws-us-gov';
  const region = 'us-isof-south-1';
  const vars: policyDocument.RenderVars = {
    partition,
    accountId: templates.ACCOUNT,
    region,
    policyName: longest('PolicyName', (n) => 'P'.repeat(n), 128),
    policyPath: longest('PolicyPath', (n) => `/${'p'.repeat(n - 2)}/`, 64),
    names: {
      'AWS::StackName': `s${'t'.repeat(MAX_STACK_LENGTH - 1)}`,
      ResourcePrefix: `s${'t'.repeat(MAX_STACK_LENGTH - 1)}`,
      WhitelistParameterName: longest('WhitelistParameterName', (n) => `/${'w'.repeat(n - 1)}`, 128),
      MfaMaxAgeSeconds: String(home.Parameters?.MfaMaxAgeSeconds?.MaxValue),
      'ConfigRule.Arn': `arn:${partition}:config:${region}:${templates.ACCOUNT}:config-rule/config-rule-a1b2c3`,
    },
  };
  const rendered = JSON.stringify(policyDocument.render(template.policyDocumentOf(home, templates.HOME), vars)).replace(/\s/g, '');
  assert.ok(rendered.length <= POLICY_LIMIT, `${rendered.length} characters`);
  assert.ok(rendered.includes(vars.policyPath) && rendered.includes(`${vars.names?.['AWS::StackName']}_*`), 'the long names are in it');
});

policySize.run();
