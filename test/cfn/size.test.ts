/**
 * CloudFormation takes a TemplateBody of at most 51,200 bytes; above that it needs an S3 bucket. The
 * home template, written by template.stringify with each function's code inlined, must stay below.
 */
import { transformSync } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as template from '../../src/cfn/template.ts';
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
