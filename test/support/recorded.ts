/** Recorded AWS API responses from fixtures/, in the shape the SDK returns them (timestamps as Dates). */
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../../fixtures/', import.meta.url);
const TIMESTAMP_KEY = /(Date|Time|Timestamp)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Loads `fixtures/<path>` as an SDK command output: ISO strings under `…Date`/`…Time`/`…Timestamp` keys become Dates, as the SDK's deserialiser makes them. */
export function recorded<T>(path: string): T {
  const text = readFileSync(new URL(path, FIXTURES), 'utf8');
  return JSON.parse(text, (key, value: unknown) => (TIMESTAMP_KEY.test(key) && typeof value === 'string' && ISO_DATE.test(value) ? new Date(value) : value)) as T;
}
