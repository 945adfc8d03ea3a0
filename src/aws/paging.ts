/**
 * IAM's `Marker` / `IsTruncated` pagination. IAM may return fewer items than `MaxItems` while more
 * exist, so only `IsTruncated` ends the listing.
 *
 * @example
 * ```ts
 * const pages = await paging.all('ListAttachedUserPolicies', (Marker) =>
 *   iam.send(new ListAttachedUserPoliciesCommand({ UserName, ...(Marker && { Marker }) })));
 * ```
 */
import { ResponseError } from './errors.ts';

/** A page of an IAM listing. */
export interface Page {
  readonly IsTruncated?: boolean | undefined;
  readonly Marker?: string | undefined;
}

/** Fetches every page of `operation`, in order, passing each page's `Marker` to the next request. */
export async function all<T extends Page>(operation: string, fetch: (marker: string | undefined) => Promise<T>): Promise<T[]> {
  const pages: T[] = [];
  const seen = new Set<string>();
  let marker: string | undefined;
  for (;;) {
    const page = await fetch(marker);
    pages.push(page);
    if (!page.IsTruncated) return pages;
    if (!page.Marker) throw new ResponseError(operation, `page ${pages.length}: Marker`, 'missing although IsTruncated is true');
    // A marker handed back twice would loop forever.
    if (seen.has(page.Marker)) throw new ResponseError(operation, `page ${pages.length}: Marker`, `"${page.Marker}" was already returned`);
    seen.add(page.Marker);
    marker = page.Marker;
  }
}
