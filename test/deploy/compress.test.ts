import { brotliDecompressSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loader } from '../../scripts/synth/compress.ts';
import { loadCommonJs } from '../support/commonjs.ts';

const code = 'const zlib = require("node:zlib");\nexports.handler = async (event) => ({ echo: event, dirname: __dirname, hasZlib: typeof zlib.gzipSync });\n';

const load = suite('compress.loader');

load('runs the packed bundle as the module itself: exports, require, __dirname work', async () => {
  const exported = loadCommonJs(loader(code, 'mfa-guard Test'), '/var/task');
  assert.type(exported.handler, 'function');
  const handler = exported.handler as (event: unknown) => Promise<unknown>;
  assert.equal(await handler({ a: 1 }), { echo: { a: 1 }, dirname: '/var/task', hasZlib: 'function' });
});

load('the payload is the bundle, Brotli-compressed and Base64-encoded', () => {
  const packed = /const p="([A-Za-z0-9+/=]+)"/.exec(loader(code, 'x'))?.[1] ?? '';
  assert.is(brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8'), code);
});

load('the first line says what it is and where the plain source is; no label can break out of the comment', () => {
  const text = loader(code, 'mfa-guard EnforceFunction from src/handlers/enforce.ts\nprocess.exit(1)');
  const [first, ...rest] = text.split('\n');
  assert.match(first ?? '', /^\/\/ mfa-guard EnforceFunction from src\/handlers\/enforce.ts process.exit\(1\): Brotli\+Base64/);
  assert.is(rest.length, 3);
});

load('the same code gives the same bytes, and shrinks', () => {
  const big = Array.from({ length: 200 }, (_, i) => `exports.f${i} = () => "value ${i}";`).join('\n');
  assert.is(loader(big, 'x'), loader(big, 'x'));
  assert.ok(loader(big, 'x').length < big.length / 2);
});

load.run();
