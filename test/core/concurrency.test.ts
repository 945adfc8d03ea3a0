import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mapLimit } from '../../src/core/concurrency.ts';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const limited = suite('concurrency.mapLimit');

limited('never more than `limit` calls in flight, and every item mapped once', async () => {
  let inFlight = 0;
  let most = 0;
  const seen: number[] = [];
  await mapLimit([...Array(20).keys()], 4, async (item) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await tick();
    seen.push(item);
    inFlight--;
  });
  assert.is(most, 4);
  assert.equal(seen.sort((a, b) => a - b), [...Array(20).keys()]);
});

limited('results keep the input order, whatever order the calls finish in', async () => {
  const results = await mapLimit([30, 10, 20], 3, async (ms, index) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return `${index}:${ms}`;
  });
  assert.equal(results, ['0:30', '1:10', '2:20']);
});

limited('a limit above the item count, or below 1, still maps every item', async () => {
  assert.equal(await mapLimit([1, 2], 10, async (n) => n * 2), [2, 4]);
  assert.equal(await mapLimit([1, 2, 3], 0, async (n) => n + 1), [2, 3, 4]);
  assert.equal(await mapLimit([], 8, async (n: number) => n), []);
});

limited('a call that throws rejects the whole map', async () => {
  try {
    await mapLimit([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error('two');
      return n;
    });
    assert.unreachable('expected a rejection');
  } catch (error) {
    assert.is((error as Error).message, 'two');
  }
});

limited.run();
