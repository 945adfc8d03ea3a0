/**
 * Reads what a decide function asks for (src/core/plan.ts `Read`), round after round, until it
 * asks for nothing more. The reads of one round run together.
 *
 * @example
 * ```ts
 * const facts = await gather((f) => decideTrailEvent.reads(call, f, now), { whitelist, users: effects.users(iam) });
 * ```
 */
import type { Facts, Read } from '../core/plan.ts';
import type { Sources } from './effects.ts';

/** The facts `next` asks for, read from `sources` until it asks for none. */
export async function gather(next: (facts: Facts) => readonly Read[], sources: Sources): Promise<Facts> {
  let facts: Facts = {};
  for (let reads = next(facts); reads.length > 0; reads = next(facts)) {
    const found = await Promise.all(reads.map((r) => read(r, sources)));
    facts = Object.assign({}, facts, ...found) as Facts;
  }
  return facts;
}

async function read(what: Read, sources: Sources): Promise<Facts> {
  switch (what.kind) {
    case 'whitelist':
      return { exemptions: await sources.whitelist() };
    case 'users':
      return { users: await source(sources.users, what)() };
    case 'user':
      return { user: await source(sources.user, what)(what.name) };
    case 'config-user-name':
      return { configUserName: await source(sources.configUserName, what)(what.userId) };
    case 'held-evaluations':
      return { held: await source(sources.held, what)() };
    case 'fallback-group':
      return { groupCarries: await source(sources.groupCarries, what)() };
    case 'policy-attachments':
      return { policyAttachments: await source(sources.policyAttachments, what)() };
  }
}

function source<F>(reader: F | undefined, what: Read): F {
  if (!reader) throw new Error(`gather: no source wired for the read "${what.kind}"`);
  return reader;
}
