/**
 * MERGE_FIELDS on whole records: the base copy each synced record carries in
 * `__base__` (the server's values as last synced: a field the SDK does not
 * know, which native apps keep and ignore), the conflicts it carries in
 * `__conflicts__`, and the merge of a record here with the server's copy.
 */
import { BASE, CONFLICTS, LAST_ERROR, SYNC_PATHS, WHOLE_RECORD } from '../contracts/constants.js';
import type { FieldKinds } from './field-kinds.js';
import { type FieldConflict, mergeFields, sameValue } from './three-way.js';

/** A record as JSON. */
type Json = Readonly<Record<string, unknown>>;

/**
 * The server's fields of a record as the base copy keeps them: everything
 * but `attributes`, the sync paths and soup bookkeeping.
 */
export function baseCopyOf(server: Json): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(server)) {
    if (
      key === 'attributes' ||
      key.startsWith('_soup') ||
      (SYNC_PATHS as readonly string[]).includes(key)
    )
      continue;
    copy[key] = value;
  }
  return copy;
}

/**
 * The base of a record here: its `__base__`; without one (it came down under
 * another mode, or a native app rewrote it), the server's copy when the
 * server has not changed it since (the same modification date), else no base
 * (every field that differs between the two sides is then a conflict).
 */
export function baseOf(local: Json, server: Json | undefined, modField: string): Json {
  const base = local[BASE];
  if (typeof base === 'object' && base !== null && !Array.isArray(base)) return base as Json;
  if (server !== undefined && local[modField] !== undefined && local[modField] === server[modField])
    return baseCopyOf(server);
  return {};
}

/**
 * A field's value in the record's base copy (null where the base lacks it;
 * `absent` when the record keeps no base at all, as after a native app
 * rewrote it).
 */
export function baseValue(
  entry: Readonly<Record<string, unknown>>,
  field: string,
  absent: unknown = null,
): unknown {
  const base = entry[BASE];
  if (typeof base !== 'object' || base === null) return absent;
  return (base as Record<string, unknown>)[field] ?? null;
}

/** The open conflicts a record carries. */
export function conflictsOf(record: Json): FieldConflict[] {
  const list = record[CONFLICTS];
  return Array.isArray(list) ? (list as FieldConflict[]) : [];
}

/** The `__last_error__` text a record with conflicts carries. */
export function conflictError(conflicts: readonly FieldConflict[]): string {
  return JSON.stringify([
    {
      errorCode: 'MERGE_CONFLICT',
      message: `Changed here and on the server: ${conflicts.map((c) => c.field).join(', ')}; resolve with resolveConflicts`,
      fields: conflicts.map((c) => c.field),
    },
  ]);
}

/** The merge of one record: the fields to set here, to send, the conflicts, the new base. */
export interface RecordMerge {
  readonly set: Record<string, unknown>;
  readonly send: Record<string, unknown>;
  readonly conflicts: FieldConflict[];
  readonly base: Record<string, unknown>;
}

/**
 * Merges a record changed here with the server's copy over `fields` (the
 * fields the sync writes); the server's other fields are taken as they are.
 * The base takes in the server's copy (fields it did not read keep their
 * base values); open conflicts stay open until both
 * sides agree or the app resolves them.
 */
export function mergeRecord(
  local: Json,
  server: Json,
  fields: readonly string[],
  kindOf: FieldKinds,
  modField: string,
): RecordMerge {
  const base = baseOf(local, server, modField);
  const open = new Set(conflictsOf(local).map((c) => c.field));
  const copy = baseCopyOf(server);
  const written = new Set(fields);
  const result = mergeFields(fields, seenBase(base, server, fields), local, server, kindOf, open);
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(copy)) if (!written.has(key)) set[key] = value;
  Object.assign(set, result.merged);
  const earlier = new Map(conflictsOf(local).map((c) => [c.field, c]));
  const conflicts = result.conflicts.map((c) => {
    const before = earlier.get(c.field);
    return before === undefined ? c : { ...c, base: before.base };
  });
  return { set, send: result.send, conflicts, base: { ...base, ...copy } };
}

/**
 * The base a merge compares with: a field the base never held (no sync read
 * it from the server) is taken as unchanged there, so a local edit of it is
 * sent rather than seen as a conflict with a null it never was. Without any
 * base, every field that differs stays a conflict.
 */
function seenBase(base: Json, server: Json, fields: readonly string[]): Json {
  if (Object.keys(base).length === 0) return base;
  const unseen = fields.filter((field) => !Object.hasOwn(base, field));
  if (unseen.length === 0) return base;
  return { ...Object.fromEntries(unseen.map((field) => [field, server[field] ?? null])), ...base };
}

/**
 * Whether a record here holds a field that differs from its base (an edit
 * not yet on the server), bookkeeping and read-only fields aside. A field the
 * base never held differs when the record holds a value for it.
 */
export function changedHere(local: Json, base: Json, kindOf: FieldKinds): boolean {
  return Object.entries(baseCopyOf(local)).some(
    ([field, value]) =>
      kindOf(field) !== 'readOnly' && !sameValue(value, base[field], kindOf(field)),
  );
}

/**
 * Whether the server changed a field of the record since the base (a delete
 * here then conflicts). A field the server holds as the record here does is
 * no change of someone else's: it is this device's own write whose answer
 * was lost.
 */
export function serverChangedSince(
  base: Json,
  server: Json,
  local: Json,
  kindOf: FieldKinds,
  skip: readonly string[],
): boolean {
  if (Object.keys(base).length === 0) return true;
  return Object.keys(baseCopyOf(server)).some((field) => {
    const kind = kindOf(field);
    // A field the base never held was never seen from the server: no change since.
    return (
      !skip.includes(field) &&
      Object.hasOwn(base, field) &&
      kind !== 'readOnly' &&
      !sameValue(base[field], server[field], kind) &&
      !sameValue(local[field], server[field], kind)
    );
  });
}

/** The whole-record conflict of a delete on one side and an edit on the other. */
export function wholeRecordConflict(
  base: Json,
  local: Json | null,
  server: Json | null,
): FieldConflict {
  return {
    field: WHOLE_RECORD,
    base,
    local: local === null ? null : baseCopyOf(local),
    server: server === null ? null : baseCopyOf(server),
  };
}

/** The fields that mark a record as holding conflicts. */
export function withConflicts(conflicts: readonly FieldConflict[]): Record<string, unknown> {
  return { [CONFLICTS]: conflicts, [LAST_ERROR]: conflictError(conflicts) };
}
