/**
 * The one exemption lookup, at run time: what the whitelist says of a user now.
 *
 * @example
 * ```ts
 * const listed = exemptions.lookup(whitelisted, { name: 'ci-deployer', id: 'AIDA…' }, now);
 * if (listed.kind === 'exempt') skip(exemptReason(listed.exemption));
 * ```
 */
import { sameUserName } from './names.ts';
import { expired, type Exemption } from './whitelist.ts';

/**
 * What the whitelist says of a user, the one lookup every path uses. `exempt`: name (ignoring
 * case) and ID match a live entry. `expired`: they match an entry past its last day (or the ID is
 * unknown and the entry expired). `other-user`: the name's entry is for another user ID (the name
 * was deleted and re-created). `unverified`: a live entry has the name, the ID is not known yet
 * (an event names a user, the holder of the name must still be checked). `none`: no entry.
 */
export type Lookup =
  | { readonly kind: 'exempt' | 'expired' | 'other-user' | 'unverified'; readonly exemption: Exemption }
  | { readonly kind: 'none' };

/** Looks the user up by name, and by ID when it is known; see `Lookup`. */
export function lookup(exemptions: readonly Exemption[], user: { readonly name: string; readonly id?: string | undefined }, now: Date): Lookup {
  const exemption = exemptions.find((e) => sameUserName(e.name, user.name));
  if (!exemption) return { kind: 'none' };
  if (user.id !== undefined && user.id !== exemption.userId) return { kind: 'other-user', exemption };
  if (exemption.expires && expired(exemption.expires, now)) return { kind: 'expired', exemption };
  return { kind: user.id === undefined ? 'unverified' : 'exempt', exemption };
}
