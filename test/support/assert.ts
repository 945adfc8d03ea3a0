/** Assertions uvu lacks. */
import * as assert from 'uvu/assert';
import { EventError } from '../../src/core/errors.ts';

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

/** Runs `decode` and checks it throws the EventError naming this event, field and problem. */
export function rejectsEvent(decode: () => unknown, expected: { eventId: string; field: string; problem: string }): void {
  const error = rejects(decode, EventError);
  assert.equal({ eventId: error.eventId, field: error.field, problem: error.problem }, expected);
  assert.is(error.message, `event ${expected.eventId}: ${expected.field}: ${expected.problem}`);
}

/** Feeds `decode` every value; each must decode or throw an EventError (never a TypeError). Returns how many were tried. */
export function decodesOrRejects(decode: (value: unknown) => unknown, values: Iterable<{ label: string; value: unknown }>): number {
  let tried = 0;
  for (const { label, value } of values) {
    tried++;
    try {
      decode(value);
    } catch (error) {
      if (!(error instanceof EventError)) assert.unreachable(`${label}: ${String(error)}`);
    }
  }
  return tried;
}

/** An outcome without its reason, for comparing what was decided and what came of it (reasons are asserted on the logs). */
export function brief<O extends { readonly reason: string }>(outcome: O): Omit<O, 'reason'> {
  const { reason: _reason, ...rest } = outcome;
  return rest;
}
