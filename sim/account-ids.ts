/**
 * Deterministic identifiers and randomness for the in-memory account: the same sequence of calls
 * gives the same user IDs (`AIDA…`), policy IDs (`ANPA…`) and seeded accounts, run after run.
 *
 * @example
 * ```ts
 * const ids = new IdGenerator(7);
 * ids.next('AIDA'); // => 'AIDA' + 17 characters, the length of real IAM user IDs
 * ```
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A small seeded PRNG (mulberry32): uniform floats in [0, 1). */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns them. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const a = items[i] as T;
      items[i] = items[j] as T;
      items[j] = a;
    }
    return items;
  }
}

/** Issues unique IAM-style IDs: a prefix (`AIDA`, `ANPA`, `AGPA`, `AKIA`) then base-32 characters. */
export class IdGenerator {
  private readonly random: Random;
  private readonly issued = new Set<string>();

  constructor(seed = 1) {
    this.random = new Random(seed);
  }

  /** A fresh ID; `length` counts the characters after the prefix (17 for user and policy IDs). */
  next(prefix: string, length = 17): string {
    for (;;) {
      let id = prefix;
      for (let i = 0; i < length; i++) id += ALPHABET[Math.floor(this.random.next() * ALPHABET.length)];
      if (!this.issued.has(id)) {
        this.issued.add(id);
        return id;
      }
    }
  }

  /** Records an ID chosen by a test (a fixture's user ID) so it is never issued again. */
  reserve(id: string): void {
    this.issued.add(id);
  }
}
