/**
 * The field-level three-way merge of MERGE_FIELDS: per field, the local value
 * and the server's value are each compared with the base (the server's value
 * as last synced). A field changed on one side takes that side; changed on
 * both to the same value, it takes it; changed on both to different values,
 * it is a conflict — except a multi-select picklist, merged as a set (each
 * side's additions and removals). Values compare by value: date-times by
 * instant, numbers by number, multi-selects as sets.
 */
import { parseSalesforceDateTime } from '../contracts/soql-text.js';

/** How the merge treats a field (from the describe, see `field-kinds.ts`). */
export type FieldKind = 'plain' | 'multiPicklist' | 'readOnly';

/** One field changed on both sides to different values. */
export interface FieldConflict {
  readonly field: string;
  readonly base: unknown;
  readonly local: unknown;
  readonly server: unknown;
}

/** What the merge of one record gives. */
export interface FieldMerge {
  /** Every merged field's value (what the record holds after the merge). */
  readonly merged: Record<string, unknown>;
  /** The fields to send: changed here, and different from what the server holds. */
  readonly send: Record<string, unknown>;
  readonly conflicts: FieldConflict[];
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function comparable(value: unknown, kind: FieldKind): unknown {
  if (value === undefined || value === '') return null;
  if (kind === 'multiPicklist' && typeof value === 'string')
    return [...setOf(value)].sort().join(';');
  if (typeof value === 'string' && DATE_TIME.test(value)) {
    const ms = parseSalesforceDateTime(value);
    if (!Number.isNaN(ms)) return ms;
  }
  return value;
}

function setOf(value: unknown): Set<string> {
  return new Set(typeof value === 'string' && value !== '' ? value.split(';') : []);
}

/**
 * Whether two values of a field are the same value.
 *
 * @example
 * sameValue('a;b', 'b;a', 'multiPicklist'); // true
 */
export function sameValue(a: unknown, b: unknown, kind: FieldKind = 'plain'): boolean {
  const x = comparable(a, kind);
  const y = comparable(b, kind);
  if (x === y) return true;
  // Two different primitives are different values; only objects compare as JSON.
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  return JSON.stringify(x) === JSON.stringify(y);
}

/** A multi-select changed on both sides: the base, plus both sides' additions, minus both sides' removals. */
function mergedSet(base: unknown, local: unknown, server: unknown): string | null {
  const b = setOf(base);
  const l = setOf(local);
  const s = setOf(server);
  const out = new Set([...b, ...l, ...s]);
  for (const value of b) if (!l.has(value) || !s.has(value)) out.delete(value);
  return out.size === 0 ? null : [...out].join(';');
}

/**
 * Whether a value sent of a field of `kind` is a multi-select merged with
 * the server's set: one that differs, as a set, from what the record held
 * (`here`) when it was sent.
 *
 * @example
 * isMergedSetValue('multiPicklist', 'A;C', 'A;B;C'); // true
 */
export function isMergedSetValue(kind: FieldKind, sent: unknown, here: unknown): boolean {
  return kind === 'multiPicklist' && !sameValue(sent, here ?? null, kind);
}

/** A multi-select as the record here held it when a merge of it was sent: its value, and its base's. */
export interface SetWhenSent {
  readonly here: unknown;
  readonly base: unknown;
}

/**
 * The value a record here takes once `sent` (a multi-select merged with the
 * server's set) is known to have taken: per value of the set, what was
 * sent, except where the record changed it since (`now` against `then`) or
 * a sync moved its base since (`baseNow` against `then.base`: the record's
 * value then follows a server state newer than the merge).
 *
 * @example
 * rebasedSet('A', 'A;B;C', { here: 'A;B', base: 'A;B' }, 'A;B'); // 'A;C'
 */
export function rebasedSet(
  sent: unknown,
  now: unknown,
  then: SetWhenSent,
  baseNow: unknown,
): string | null {
  const out = setOf(sent);
  const is = setOf(now);
  const was = setOf(then.here);
  const base = setOf(then.base);
  const moved = setOf(baseNow);
  for (const value of new Set([...out, ...is, ...was, ...base, ...moved])) {
    if (is.has(value) === was.has(value) && moved.has(value) === base.has(value)) continue;
    if (is.has(value)) out.add(value);
    else out.delete(value);
  }
  return out.size === 0 ? null : [...out].join(';');
}

/**
 * Merges `fields` of a record: `local` the record here, `server` the server's
 * copy, `base` the server's copy as last synced. A field the local record
 * does not hold is unchanged here; `open` names fields whose conflict is
 * still unresolved (they stay conflicts until both sides agree).
 *
 * @example
 * mergeFields(['Phone', 'StageName'], { Phone: '1', StageName: 'A' }, { Phone: '2', StageName: 'A' }, { Phone: '1', StageName: 'B' }).send; // { Phone: '2' }
 */
export function mergeFields(
  fields: readonly string[],
  base: Readonly<Record<string, unknown>>,
  local: Readonly<Record<string, unknown>>,
  server: Readonly<Record<string, unknown>>,
  kindOf: (field: string) => FieldKind = () => 'plain',
  open: ReadonlySet<string> = new Set(),
): FieldMerge {
  const merged: Record<string, unknown> = {};
  const send: Record<string, unknown> = {};
  const conflicts: FieldConflict[] = [];
  for (const field of fields) {
    const kind = kindOf(field);
    const b = base[field] ?? null;
    const s = server[field] ?? null;
    const l = Object.hasOwn(local, field) ? (local[field] ?? null) : b;
    if (kind === 'readOnly' || sameValue(l, s, kind)) {
      merged[field] = s;
      continue;
    }
    // An open conflict stays one until both sides agree or the app resolves it.
    const localChanged = open.has(field) || !sameValue(l, b, kind);
    const serverChanged = open.has(field) || !sameValue(s, b, kind);
    if (!localChanged) merged[field] = s;
    else if (!serverChanged) {
      merged[field] = l;
      send[field] = l;
    } else if (kind === 'multiPicklist' && !open.has(field)) {
      const value = mergedSet(b, l, s);
      merged[field] = value;
      if (!sameValue(value, s, kind)) send[field] = value;
    } else {
      merged[field] = l;
      conflicts.push({ field, base: b, local: l, server: s });
    }
  }
  return { merged, send, conflicts };
}
