/** Assertions uvu lacks. */
import * as assert from 'uvu/assert';

/** Runs `fn` and returns what it threw, failing the test when it throws nothing or the wrong type. */
export function rejects<E extends Error>(fn: () => unknown, type: new (...args: never[]) => E): E {
  try {
    fn();
  } catch (error) {
    if (error instanceof type) return error;
    assert.unreachable(`expected ${type.name}, got ${String(error)}`);
  }
  return assert.unreachable(`expected ${type.name}, nothing was thrown`) as never;
}

/** Awaits `promise` and returns its rejection, failing the test when it resolves or rejects with the wrong type. */
export async function rejectsAsync<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    assert.unreachable(`expected ${type.name}, got ${String(error)}`);
  }
  return assert.unreachable(`expected ${type.name}, the promise resolved`) as never;
}
