/**
 * IAM identities read out of event JSON: a user name or user ID that does not have IAM's form is an
 * EventError naming the field, before any AWS call is made with it (a megabyte "user name" is a
 * malformed event, not a user that IAM cannot find).
 *
 * @example
 * ```ts
 * const userName = iamFields.userName(event, 'detail.requestParameters.userName', id);
 * ```
 */
import { EventError } from './errors.ts';
import * as fields from './fields.ts';
import { isValidUserId, isValidUserName } from './names.ts';

/** A required IAM user name (`[\w+=,.@-]{1,64}`). */
export function userName(root: unknown, path: string, eventId: string, within = ''): string {
  const value = fields.string(root, path, eventId, within);
  if (!isValidUserName(value)) throw new EventError(eventId, at(within, path), `"${fields.clip(value)}" is not a valid IAM user name (1-64 of A-Z a-z 0-9 _ + = , . @ -)`);
  return value;
}

/** An IAM user name at `path`, or undefined when it is absent or null. */
export function optionalUserName(root: unknown, path: string, eventId: string, within = ''): string | undefined {
  return fields.optionalString(root, path, eventId, within) === undefined ? undefined : userName(root, path, eventId, within);
}

/** A required IAM user ID (`[\w]{16,128}`, in practice `AIDA…`). */
export function userId(root: unknown, path: string, eventId: string, within = ''): string {
  return checkedId(fields.string(root, path, eventId, within), path, eventId, within);
}

/** An IAM user ID at `path`, or undefined when it is absent or null. */
export function optionalUserId(root: unknown, path: string, eventId: string, within = ''): string | undefined {
  const value = fields.optionalString(root, path, eventId, within);
  return value === undefined ? undefined : checkedId(value, path, eventId, within);
}

function checkedId(value: string, path: string, eventId: string, within: string): string {
  if (!isValidUserId(value)) throw new EventError(eventId, at(within, path), `"${fields.clip(value)}" is not an IAM user ID (16-128 of A-Z a-z 0-9 _)`);
  return value;
}

function at(within: string, path: string): string {
  return within ? `${within}.${path}` : path;
}
