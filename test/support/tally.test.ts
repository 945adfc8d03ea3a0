import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tally } from './tally.ts';

const summary = (total: number, passed: number, skipped = 0) => `\n  Total:     ${total}\n  Passed:    ${passed}\n  Skipped:   ${skipped}\n  Duration:  12.34ms\n\n`;

const counts = suite('test/run.ts: counting one uvu run');

counts('a clean run: its passed tests, no failure', () => {
  assert.equal(tally(`a.test.ts\n•••   (3 / 3)\n${summary(3, 3)}`, 0), { passed: 3, failed: 0 });
});

counts('failed tests are Total minus Passed', () => {
  assert.equal(tally(summary(5, 3), 1), { passed: 3, failed: 2 });
});

counts('coloured output is read too', () => {
  assert.equal(tally('\n  Total:     \u001b[1m4\u001b[22m\n  Passed:    \u001b[32m4\u001b[39m\n  Skipped:   0\n', 0), { passed: 4, failed: 0 });
});

counts('the last summary counts, not text a test printed before it', () => {
  assert.equal(tally(`${summary(3, 3)}FAIL "x"\n${summary(10, 9)}`, 1), { passed: 9, failed: 1 });
});

counts('no summary is a failure, even with exit status 0', () => {
  assert.equal(tally('a.test.ts\n•', 0), { passed: 0, failed: 1, problem: 'no uvu summary (exit status 0)' });
  assert.equal(tally('Error: Cannot find module', 1).failed, 1);
  assert.equal(tally('', null).failed, 1);
});

counts('a run of no test is a failure', () => {
  assert.equal(tally(summary(0, 0), 0), { passed: 0, failed: 1, problem: 'no test ran' });
});

counts('a skipped test (a .skip or .only left in) is a failure', () => {
  assert.equal(tally(summary(1, 1, 7), 0), { passed: 1, failed: 1, problem: '7 test(s) skipped (a .skip or .only left in)' });
});

counts('a crash after a clean summary still fails', () => {
  assert.equal(tally(summary(2, 2), 134), { passed: 2, failed: 1, problem: 'exit status 134' });
});

counts.run();
