/**
 * Typed reads out of event JSON (`unknown`): each either returns the value or throws an EventError
 * naming the event and the dotted path at fault, so decoders never crash deep inside on bad input.
 *
 * @example
 * ```ts
 * const userName = fields.string(event, 'detail.requestParameters.userName', id);
 * // {"detail": {}} → EventError: event <id>: detail.requestParameters: missing
 * ```
 */
import { EventError } from './errors.ts';

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Whether `value` is a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A required, non-empty string at `path`. */
export function string(root: unknown, path: string, eventId: string, within = ''): string {
  const value = optionalString(root, path, eventId, within);
  if (value === undefined) throw missing(root, path, eventId, within);
  return value;
}

/** A string at `path`, or undefined when it is absent or null; present but empty or not a string throws. */
export function optionalString(root: unknown, path: string, eventId: string, within = ''): string | undefined {
  const value = lookup(root, path, eventId, within);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(path, 'a string', value, eventId, within);
  if (value === '') throw new EventError(eventId, name(within, path), 'empty');
  return value;
}

/** Config resource IDs have at most 768 characters; EventBridge event IDs and rule names are shorter. */
const MAX_IDENTIFIER = 768;

/** A required identifier (event ID, rule name, resource ID): at most 768 characters, since it names the event in every error and log line. */
export function identifier(root: unknown, path: string, eventId: string, within = ''): string {
  const value = string(root, path, eventId, within);
  if (value.length > MAX_IDENTIFIER) throw new EventError(eventId, name(within, path), `${clip(value)} is ${value.length} characters long; an identifier has at most ${MAX_IDENTIFIER}`);
  return value;
}

/** `text` cut to 256 characters for a message, saying how long it was: an event may hold megabytes. */
export function clip(text: string): string {
  return text.length <= 256 ? text : `${text.slice(0, 256)}… (${text.length} characters)`;
}

/** A required string at `path` that must equal `expected` (an envelope's `detail-type`, `source`). */
export function expect(root: unknown, path: string, expected: string, eventId: string): string {
  const value = string(root, path, eventId);
  if (value !== expected) throw new EventError(eventId, path, `expected "${expected}", found "${clip(value)}"`);
  return value;
}

/** A required object at `path`. */
export function object(root: unknown, path: string, eventId: string, within = ''): Record<string, unknown> {
  const value = lookup(root, path, eventId, within);
  if (value === undefined || value === null) throw missing(root, path, eventId, within);
  if (!isRecord(value)) throw wrongType(path, 'an object', value, eventId, within);
  return value;
}

/** A boolean at `path`, or undefined when absent or null. */
export function optionalBoolean(root: unknown, path: string, eventId: string, within = ''): boolean | undefined {
  const value = lookup(root, path, eventId, within);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(path, 'a boolean', value, eventId, within);
  return value;
}

/** The array at `path`; absent or null reads as empty (Config sends `null` for empty lists). */
export function list(root: unknown, path: string, eventId: string, within = ''): readonly unknown[] {
  const value = lookup(root, path, eventId, within);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw wrongType(path, 'an array', value, eventId, within);
  return value;
}

/** A required ISO-8601 timestamp (`2023-06-01T09:12:40.331Z`) at `path`. */
export function timestamp(root: unknown, path: string, eventId: string, within = ''): Date {
  const text = string(root, path, eventId, within);
  const date = new Date(text);
  if (!isCalendarTime(text) || Number.isNaN(date.getTime())) {
    throw new EventError(eventId, name(within, path), `"${clip(text)}" is not an ISO-8601 timestamp`);
  }
  return date;
}

/** Whether `text` is ISO-8601 with real calendar fields: `Date` would roll 2023-02-30 over to March 2. */
function isCalendarTime(text: string): boolean {
  const m = ISO_TIMESTAMP.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const utc = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day && utc.getUTCHours() === hour && utc.getUTCMinutes() === minute && utc.getUTCSeconds() === second;
}

/** The JSON document held as a string at `path` (Config's `invokingEvent`); it must be an object. */
export function json(root: unknown, path: string, eventId: string): Record<string, unknown> {
  const text = string(root, path, eventId);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EventError(eventId, path, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(value)) throw wrongType(path, 'a JSON object', value, eventId, '');
  return value;
}

function lookup(root: unknown, path: string, eventId: string, within: string): unknown {
  let value = root;
  const walked: string[] = [];
  for (const key of path.split('.')) {
    if (value === undefined || value === null) return undefined;
    if (!isRecord(value)) throw wrongType(walked.join('.'), 'an object', value, eventId, within);
    value = value[key];
    walked.push(key);
  }
  return value;
}

/** Names the shallowest absent segment: `detail.requestParameters` when that is null, not its child. */
function missing(root: unknown, path: string, eventId: string, within: string): EventError {
  const keys = path.split('.');
  let value = root;
  for (let i = 0; i < keys.length; i++) {
    value = isRecord(value) ? value[keys[i] ?? ''] : undefined;
    if (value === undefined || value === null) return new EventError(eventId, name(within, keys.slice(0, i + 1).join('.')), 'missing');
  }
  return new EventError(eventId, name(within, path), 'missing');
}

function wrongType(path: string, expected: string, value: unknown, eventId: string, within: string): EventError {
  return new EventError(eventId, name(within, path) || '(event)', `expected ${expected}, found ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function name(within: string, path: string): string {
  return within && path ? `${within}.${path}` : within || path;
}
