import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bundle } from '../../scripts/synth/bundle.ts';
import { DeployError } from '../../src/deploy/errors.ts';
import { rejectsAsync } from '../support/assert.ts';

const root = mkdtempSync(join(tmpdir(), 'mfa-guard-bundle-'));
const entry = (name: string, source: string) => (writeFileSync(join(root, name), source), name);

const build = suite('bundle');

build('CommonJS, minified, @aws-sdk left to the runtime, defines replaced', async () => {
  const file = entry(
    'ok.ts',
    "import { IAMClient } from '@aws-sdk/client-iam';\ndeclare const DOC: string;\nexport const handler = async () => ({ client: typeof IAMClient, doc: JSON.parse(DOC) });\n",
  );
  const code = await bundle({ entry: file, root, target: 'node24', define: { DOC: JSON.stringify('{"Version":"2012-10-17"}') } });
  assert.match(code, 'require("@aws-sdk/client-iam")');
  assert.match(code, 'module.exports');
  assert.not.match(code, 'DOC');
  assert.not.match(code, '\n  ');
});

build('an esbuild error names file, line and column', async () => {
  const error = await rejectsAsync(bundle({ entry: entry('broken.ts', 'export const handler = (;\n'), root, target: 'node24', define: {} }), DeployError);
  assert.match(error.message, 'broken.ts: esbuild failed:');
  assert.match(error.message, 'broken.ts:1:');
});

build('a warning fails the build (import.meta is empty in CommonJS)', async () => {
  const error = await rejectsAsync(bundle({ entry: entry('warn.ts', 'export const handler = () => import.meta.url;\n'), root, target: 'node24', define: {} }), DeployError);
  assert.match(error.message, 'warn.ts: esbuild warnings:');
});

build.run();
