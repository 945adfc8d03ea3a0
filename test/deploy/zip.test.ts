import { inflateRawSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as zip from '../../src/deploy/zip.ts';
import { rejects } from '../support/assert.ts';
import { zipOf } from '../support/zip-writer.ts';

const inflate = (data: Uint8Array) => new Uint8Array(inflateRawSync(data));
const text = (bytes: Uint8Array | undefined) => (bytes === undefined ? undefined : new TextDecoder().decode(bytes));
const reading = suite('zip.entry');

reading('reads a deflated entry among others, found through the central directory', () => {
  const archive = zipOf({ 'README.txt': 'hello', 'index.js': 'exports.handler = async () => 1;\n' }, { comment: 'built by CloudFormation' });
  assert.is(text(zip.entry(archive, 'index.js', inflate)), 'exports.handler = async () => 1;\n');
});

reading('reads a stored entry; an absent name is undefined', () => {
  const archive = zipOf({ 'index.js': 'stored' }, { stored: true });
  assert.is(text(zip.entry(archive, 'index.js', inflate)), 'stored');
  assert.is(zip.entry(archive, 'index.mjs', inflate), undefined);
});

reading('what is not a zip archive is a ZipError, not a crash', () => {
  assert.match(rejects(() => zip.entry(new TextEncoder().encode('<Error>AccessDenied</Error> and some more bytes'), 'index.js', inflate), zip.ZipError).message, 'no end of central directory');
});

reading.run();
