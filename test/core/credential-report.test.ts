import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as credentialReport from '../../src/core/credential-report.ts';
import { CredentialReportError } from '../../src/core/credential-report.ts';
import { rejects } from '../support/assert.ts';

const csv = readFileSync('fixtures/iam/credential-report.csv', 'utf8');
const header = credentialReport.COLUMNS.join(',');
const plainUser = 'dave,arn:aws:iam::123456789012:user/dave,2024-01-02T03:04:05+00:00,true,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';

const parse = suite('credentialReport.parse');

parse('reads every row of a real-shaped report, root first', () => {
  const rows = credentialReport.parse(csv);
  assert.equal(rows.map((r) => r.user), ['<root_account>', 'alice', 'bob', 'carol', 'ci-deployer']);
  assert.equal(rows.map((r) => r.line), [2, 3, 4, 5, 6]);
});

parse('the root row is marked and keeps not_supported as a value, not an error', () => {
  const [root] = credentialReport.parse(csv);
  assert.ok(root?.isRoot);
  assert.is(root?.passwordEnabled, 'not_supported');
  assert.is(root?.passwordLastChanged, 'not_supported');
  assert.ok(root?.passwordLastUsed instanceof Date);
});

parse('types booleans, times and the N/A / no_information markers', () => {
  const bob = credentialReport.byUserName(credentialReport.parse(csv)).get('bob');
  assert.ok(bob);
  assert.is(bob.passwordEnabled, true);
  assert.is(bob.passwordLastUsed, 'no_information');
  assert.is(bob.passwordNextRotation, 'N/A');
  assert.is(bob.mfaActive, false);
  assert.equal(bob.userCreationTime, new Date('2022-08-01T12:30:00Z'));
  assert.equal(bob.accessKeys[0], {
    active: true,
    lastRotated: new Date('2022-08-01T12:31:10Z'),
    lastUsedDate: new Date('2025-06-18T22:05:00Z'),
    lastUsedRegion: 'eu-west-1',
    lastUsedService: 'ec2',
  });
  assert.is(bob.accessKeys[1].lastUsedDate, 'N/A');
  assert.is(credentialReport.activeAccessKeys(bob), 2);
});

parse('an inactive key is not counted even though it has dates', () => {
  const carol = credentialReport.byUserName(credentialReport.parse(csv)).get('carol');
  assert.ok(carol);
  assert.ok(carol.accessKeys[0].lastRotated instanceof Date);
  assert.is(credentialReport.activeAccessKeys(carol), 0);
  assert.is(carol.arn, 'arn:aws:iam::123456789012:user/engineering/carol');
});

parse('finds columns by name, ignores a column AWS may add, accepts CRLF and TRUE/FALSE', () => {
  const text = `${header},future_column\r\n${plainUser.replace(',true,', ',TRUE,')},x\r\n`;
  const [dave] = credentialReport.parse(text);
  assert.is(dave?.passwordEnabled, true);
});

parse('a quoted field may hold a comma (user names can contain commas)', () => {
  const text = `${header}\n"a,b","arn:aws:iam::123456789012:user/a,b"${plainUser.slice(plainUser.indexOf(',2024'))}`;
  assert.is(credentialReport.parse(text)[0]?.user, 'a,b');
});

parse('an unquoted name with commas is rejoined when its ARN confirms it', () => {
  const text = `${header}\na,b,arn:aws:iam::123456789012:user/a,b${plainUser.slice(plainUser.indexOf(',2024'))}`;
  const [row] = credentialReport.parse(text);
  assert.is(row?.user, 'a,b');
  assert.is(row?.arn, 'arn:aws:iam::123456789012:user/a,b');
});

parse('byUserName excludes root and ignores case', () => {
  const rows = credentialReport.byUserName(credentialReport.parse(csv));
  assert.is(rows.size, 4);
  assert.is(rows.get('ci-deployer')?.user, 'ci-deployer');
  assert.is(rows.get('<root_account>'), undefined);
});

const malformed = suite('credentialReport.parse: a malformed report');

malformed('a missing column is named at line 1', () => {
  const error = rejects(() => credentialReport.parse(header.replace(',mfa_active', '')), CredentialReportError);
  assert.is(error.line, 1);
  assert.match(error.message, /^credential report:1: header lacks column\(s\) mfa_active;/);
});

malformed('an empty report has no header', () => {
  rejects(() => credentialReport.parse(''), CredentialReportError);
});

malformed('a short row is reported with its line', () => {
  const error = rejects(() => credentialReport.parse(`${header}\n${plainUser}\ndave,arn:aws:iam::1:user/dave`), CredentialReportError);
  assert.is(error.message, 'credential report:3: expected 22 fields, found 2');
});

malformed('a bad boolean names line, column and value', () => {
  const error = rejects(() => credentialReport.parse(`${header}\n${plainUser.replace(',false,false,', ',yes,false,')}`), CredentialReportError);
  assert.is(error.message, 'credential report:2: mfa_active: expected true or false, found "yes"');
  assert.is(error.column, 'mfa_active');
});

malformed('a bad time names line and column', () => {
  const error = rejects(() => credentialReport.parse(`${header}\n${plainUser.replace('2024-01-02T03:04:05+00:00', '02/01/2024')}`), CredentialReportError);
  assert.is(error.message, 'credential report:2: user_creation_time: expected an ISO 8601 time, N/A, no_information or not_supported, found "02/01/2024"');
});

malformed('a blank line inside the report is an error, trailing newlines are not', () => {
  assert.is(credentialReport.parse(`${header}\n${plainUser}\n\n`).length, 1);
  const error = rejects(() => credentialReport.parse(`${header}\n\n${plainUser}`), CredentialReportError);
  assert.is(error.line, 2);
});

malformed('an unterminated quote is an error at its line', () => {
  const error = rejects(() => credentialReport.parse(`${header}\n"dave,${plainUser.slice(5)}`), CredentialReportError);
  assert.match(error.message, /^credential report:2: unterminated quoted field/);
});

parse.run();
malformed.run();
