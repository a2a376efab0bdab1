/**
 * The sync-up side of merge modes (§4.2 of the design notes). OVERWRITE sends
 * every dirty record; LEAVE_IF_CHANGED first compares the modification date
 * the record came down with against the server's current one and leaves
 * records the server changed since (they stay dirty, with no error).
 */
import type { Operation } from './dirty-records.js';

/**
 * What the server says of a record before a LEAVE_IF_CHANGED push: its
 * modification date, `null` when it is deleted there, `undefined` when the
 * server could not say.
 */
export type ServerStamp = string | null | undefined;

/**
 * Whether a record goes to the server under LEAVE_IF_CHANGED: creates always;
 * otherwise when the local date is at least the server's (the SDK compares the
 * strings, which sort as dates in the API's one format), when both sides
 * deleted it, or when the record has no local date to compare.
 *
 * @example
 * isLocalNewer('update', '2024-03-01T12:00:00.000+0000', '2024-03-01T12:00:00.000+0000'); // true
 */
export function isLocalNewer(operation: Operation, local: unknown, remote: ServerStamp): boolean {
  if (operation === 'create' || operation === 'deleteLocal') return true;
  if (remote === null) return operation === 'delete';
  if (typeof local !== 'string') return true;
  return remote !== undefined && local >= remote;
}
