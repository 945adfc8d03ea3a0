/**
 * IAM pagination (`MaxItems`, `Marker`, `IsTruncated`) as the list APIs do it: items in a stable
 * order, at most MaxItems (1–1000, default 100) a page, and an opaque marker naming where the next
 * page starts, so items added or removed between pages do not shift the others.
 */
import { Buffer } from 'node:buffer';
import * as errors from './account-errors.ts';

/** The paging parameters every IAM list request carries. */
export interface PageRequest {
  readonly Marker?: string | undefined;
  readonly MaxItems?: number | undefined;
}

/** One page, with the fields IAM returns beside the items. */
export interface Page<T> {
  readonly items: T[];
  readonly IsTruncated: boolean;
  readonly Marker?: string;
}

/** Cuts `items` (sorted here by `key`, which must be unique) into the page the request asks for. */
export function page<T>(items: readonly T[], key: (item: T) => string, request: PageRequest): Page<T> {
  const max = request.MaxItems ?? 100;
  if (!Number.isInteger(max) || max < 1 || max > 1000) {
    throw errors.iam.validation(`1 validation error detected: Value '${max}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`);
  }
  const sorted = items.map((item) => ({ item, key: key(item) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const after = request.Marker === undefined ? undefined : decode(request.Marker);
  const rest = after === undefined ? sorted : sorted.filter((entry) => entry.key > after);
  const chosen = rest.slice(0, max);
  const last = chosen[chosen.length - 1];
  if (rest.length > max && last) return { items: chosen.map((e) => e.item), IsTruncated: true, Marker: encode(last.key) };
  return { items: chosen.map((e) => e.item), IsTruncated: false };
}

function encode(key: string): string {
  return Buffer.from(`after:${key}`, 'utf8').toString('base64');
}

function decode(marker: string): string {
  const text = Buffer.from(marker, 'base64').toString('utf8');
  if (!text.startsWith('after:')) throw errors.iam.validation(`Invalid Marker: ${marker}`);
  return text.slice('after:'.length);
}
