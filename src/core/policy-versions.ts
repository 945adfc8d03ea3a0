/**
 * The managed policy's versions: whether the default document is the canonical one, and which
 * version makes room for a new one (IAM keeps at most 5).
 *
 * @example
 * ```ts
 * const step = policyVersions.repair(current, canonical);
 * if (step.kind === 'restore' && step.deleteVersion) await deleteVersion(step.deleteVersion);
 * ```
 */

/** A managed policy keeps at most 5 versions. */
export const MAX_POLICY_VERSIONS = 5;

/** One version of a managed policy. */
export interface PolicyVersionInfo {
  readonly id: string;
  readonly isDefault: boolean;
  readonly created: Date;
}

/** A managed policy's default document (parsed JSON) and its versions. */
export interface PolicyDocument {
  readonly defaultVersionId: string;
  readonly document: unknown;
  readonly versions: readonly PolicyVersionInfo[];
}

/** What restoring the canonical document takes: nothing, or a new default version (after deleting the oldest, when 5 exist). */
export type Repair = { readonly kind: 'unchanged' } | { readonly kind: 'restore'; readonly deleteVersion?: string };

/** Decides how to make `canonical` the default document of the policy as it is now. */
export function repair(current: PolicyDocument, canonical: unknown): Repair {
  if (sameDocument(current.document, canonical)) return { kind: 'unchanged' };
  if (current.versions.length < MAX_POLICY_VERSIONS) return { kind: 'restore' };
  const [oldest] = current.versions.filter((v) => !v.isDefault).sort(byAge);
  return oldest ? { kind: 'restore', deleteVersion: oldest.id } : { kind: 'restore' };
}

/** Structural equality of two parsed JSON documents: object key order is ignored, array order is not. */
export function sameDocument(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameDocument(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameDocument(a[k], b[k]));
  }
  return a === b;
}

function byAge(a: PolicyVersionInfo, b: PolicyVersionInfo): number {
  return a.created.getTime() - b.created.getTime() || versionNumber(a.id) - versionNumber(b.id);
}

function versionNumber(id: string): number {
  return Number(id.replace(/^v/, '')) || 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
