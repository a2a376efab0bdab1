import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildAllQuerySpec,
  buildExactQuerySpec,
  buildRangeQuerySpec,
} from '../../../runtime/store/query-spec.js';
import { SmartStore, type StoredEntry } from '../../../runtime/store/smart-store.js';
import type { QuerySpec } from '../../../runtime/store/specs.js';

/**
 * Model-based checks: random soups and range/exact/all queries, compared with
 * the same filter and order computed in JavaScript (SQLite's rules: NULL is
 * outside every comparison and sorts first ascending; integers truncate).
 */
const entryArbitrary = fc.record(
  {
    k: fc.stringMatching(/^[a-d]{0,3}$/),
    n: fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -50, max: 50, noNaN: true })),
  },
  { requiredKeys: [] },
);

type Model = { id: number; k: string | null; n: number | null };

function toModel(entry: StoredEntry): Model {
  return {
    id: entry._soupEntryId,
    k: typeof entry.k === 'string' ? entry.k : null,
    n: typeof entry.n === 'number' ? Math.trunc(entry.n) + 0 : null, // + 0: JSON has no -0
  };
}

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** Every page of a query, through a cursor. */
function allPages(store: SmartStore, spec: QuerySpec): StoredEntry[] {
  let cursor = store.openCursor(spec);
  const rows = [...cursor.currentPageOrderedEntries] as StoredEntry[];
  while (cursor.currentPageIndex < cursor.totalPages - 1) {
    cursor = store.moveCursorToPageIndex(cursor, cursor.currentPageIndex + 1);
    rows.push(...(cursor.currentPageOrderedEntries as StoredEntry[]));
  }
  store.closeCursor(cursor);
  return rows;
}

describe('queries agree with a JavaScript model', () => {
  it('range, exact and all queries: same entries, in order, across pages', () => {
    fc.assert(
      fc.property(
        fc.array(entryArbitrary, { maxLength: 40 }),
        fc.constantFrom<'k' | 'n'>('k', 'n'),
        fc.option(fc.integer({ min: -50, max: 50 })),
        fc.option(fc.integer({ min: -50, max: 50 })),
        fc.constantFrom<'ascending' | 'descending'>('ascending', 'descending'),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom<'range' | 'exact' | 'all'>('range', 'exact', 'all'),
        (entries, path, low, high, order, pageSize, kind) => {
          const store = SmartStore.open({ path: ':memory:' });
          try {
            store.registerSoup('s', [
              { path: 'k', type: 'string' },
              { path: 'n', type: 'integer' },
            ]);
            const model = store.upsert('s', entries).map(toModel);
            const key = (value: number | null) =>
              value === null ? null : path === 'k' ? 'abcd'.slice(0, Math.abs(value) % 4) : value;
            const begin = key(low);
            const end = key(high);
            let spec: QuerySpec;
            let expected: Model[];
            if (kind === 'exact') {
              spec = buildExactQuerySpec({
                soupName: 's',
                indexPath: path,
                matchKey: begin,
                order,
                pageSize,
              });
              expected = model.filter((m) => begin !== null && m[path] === begin);
            } else if (kind === 'range') {
              spec = buildRangeQuerySpec({
                soupName: 's',
                indexPath: path,
                beginKey: begin,
                endKey: end,
                order,
                pageSize,
              });
              expected = model.filter((m) => {
                const value = m[path];
                if (begin === null && end === null) return true;
                if (value === null) return false;
                return (
                  (begin === null || compare(value, begin) >= 0) &&
                  (end === null || compare(value, end) <= 0)
                );
              });
            } else {
              spec = buildAllQuerySpec({ soupName: 's', orderPath: path, order, pageSize });
              expected = model;
            }
            const sign = order === 'ascending' ? 1 : -1;
            const expectedKeys = expected.map((m) => m[path]).sort((a, b) => sign * compare(a, b));
            const rows = allPages(store, spec).map(toModel);
            expect(store.count(spec)).toBe(expected.length);
            expect(rows.map((m) => m[path])).toEqual(expectedKeys);
            expect(rows.map((m) => m.id).sort((a, b) => a - b)).toEqual(
              expected.map((m) => m.id).sort((a, b) => a - b),
            );
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('upsert then retrieve returns what was stored, for any JSON object', () => {
    const store = SmartStore.open({ path: ':memory:' });
    try {
      store.registerSoup('any', [
        { path: 'a', type: 'string' },
        { path: 'b.c', type: 'full_text' },
      ]);
      fc.assert(
        fc.property(
          fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 5 }),
          (objects) => {
            const inputs = objects.map((o) => {
              const { _soupEntryId, _soupLastModifiedDate, ...rest } = o;
              return rest;
            });
            const saved = store.upsert('any', inputs);
            const back = store.retrieve(
              'any',
              saved.map((e) => e._soupEntryId),
            );
            expect(back).toEqual(JSON.parse(JSON.stringify(saved)));
          },
        ),
        { numRuns: 100 },
      );
    } finally {
      store.close();
    }
  });
});
