import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { table } from '../../src/deploy/table.ts';

const lay = suite('table');

lay('pads each column to its widest cell, without trailing spaces', () => {
  assert.equal(table(['Key', 'Value'], [['PolicyArn', 'arn:aws:iam::1:policy/P'], ['Q', '']]), ['Key        Value', '---------  -----------------------', 'PolicyArn  arn:aws:iam::1:policy/P', 'Q']);
});

lay('a header alone still gets its rule', () => {
  assert.equal(table(['A', 'B'], []), ['A  B', '-  -']);
});

lay.run();
