import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { WhitelistError } from '../../src/core/errors.ts';
import * as whitelist from '../../src/core/whitelist.ts';
import { rejects } from '../support/assert.ts';

const today = new Date('2026-11-29T12:00:00Z');

const parse = suite('whitelist.parse');

parse('reads names, expiry and reasons; skips comments and blank lines', () => {
  const text = ['# CI/CD users', '', 'ci-deployer  expires=2027-06-30  # GitHub Actions', 'monitoring.bot', '  datadog@ops # read-only'].join('\n');
  assert.equal(whitelist.parse(text, 'whitelist.txt', today), [
    { name: 'ci-deployer', line: 3, expires: '2027-06-30', reason: 'GitHub Actions' },
    { name: 'monitoring.bot', line: 4 },
    { name: 'datadog@ops', line: 5, reason: 'read-only' },
  ]);
});

parse('an expiry of today still holds', () => {
  assert.equal(whitelist.parse('ci expires=2026-11-29', 'w', today), [{ name: 'ci', line: 1, expires: '2026-11-29' }]);
});

parse('names every bad line with file:line', () => {
  const text = ['bob smith', 'ci', 'CI', 'x expires=2026-02-30', 'y expires=2026-11-28', 'z because', 'a'.repeat(65)].join('\n');
  const error = rejects(() => whitelist.parse(text, 'whitelist.txt', today), WhitelistError);
  assert.equal(error.message.split('\n'), [
    'whitelist.txt:1: "bob smith" is not a valid IAM user name (1-64 of A-Z a-z 0-9 _ + = , . @ -; only expires=YYYY-MM-DD may follow the name, a reason goes after #)',
    'whitelist.txt:3: "CI" is already listed on line 2 (IAM user names ignore case)',
    'whitelist.txt:4: expires=2026-02-30 is not a date of the form YYYY-MM-DD',
    'whitelist.txt:5: exemption of "y" expired on 2026-11-28',
    'whitelist.txt:6: "z because" is not a valid IAM user name (1-64 of A-Z a-z 0-9 _ + = , . @ -; only expires=YYYY-MM-DD may follow the name, a reason goes after #)',
    `whitelist.txt:7: "${'a'.repeat(65)}" is not a valid IAM user name (1-64 of A-Z a-z 0-9 _ + = , . @ -)`,
  ]);
});

parse.run();
