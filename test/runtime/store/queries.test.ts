import { describe, expect, it, vi } from 'vitest';
import { SmartSqlError } from '../../../runtime/smartsql/index.js';
import {
  buildAllQuerySpec,
  buildExactQuerySpec,
  buildLikeQuerySpec,
  buildMatchQuerySpec,
  buildRangeQuerySpec,
  buildSmartQuerySpec,
} from '../../../runtime/store/query-spec.js';
import type { QueryRow, StoredEntry } from '../../../runtime/store/smart-store.js';
import type { IndexSpec } from '../../../runtime/store/specs.js';
import { expectStoreError, memoryStore } from '../../helpers/store-helpers.js';

const soupName = 'employees';
const specs: IndexSpec[] = [
  { path: 'employeeId', type: 'string' },
  { path: 'lastName', type: 'string' },
  { path: 'firstName', type: 'full_text' },
  { path: 'title', type: 'full_text' },
  { path: 'salary', type: 'floating' },
  { path: 'age', type: 'integer' },
  { path: 'address.city', type: 'string' },
  { path: 'colors', type: 'string' },
  { path: 'level', type: 'json1' },
  { path: 'badge', type: 'string' },
];

const people = [
  {
    employeeId: '00010',
    firstName: 'Christine',
    lastName: 'Haas',
    title: 'Director',
    salary: 200000.5,
    age: 52,
    address: { city: 'Paris' },
    colors: ['black'],
    level: 5,
    badge: '9',
  },
  {
    employeeId: '00020',
    firstName: 'Michael',
    lastName: 'Thompson',
    title: 'Manager',
    salary: 120000,
    age: 41,
    address: { city: 'Oslo' },
    colors: ['grey'],
    level: 3,
    badge: '10',
  },
  {
    employeeId: '00100',
    firstName: 'Sally',
    lastName: 'Kwan',
    title: 'Manager of sales',
    salary: 98000,
    age: 36,
    address: { city: 'Paris' },
    colors: ['black', 'grey'],
    level: 3,
    badge: '100',
  },
  {
    employeeId: '00050',
    firstName: 'John',
    lastName: 'Geyer',
    title: 'Engineer',
    age: 29,
    level: 1,
  },
  {
    employeeId: '00060',
    firstName: 'Irving',
    lastName: 'Stern',
    title: 'Senior engineer',
    salary: 72000,
    address: { city: 'Rome' },
    level: 2,
  },
];

function setup() {
  const store = memoryStore();
  store.registerSoup(soupName, specs);
  store.upsert(soupName, people);
  return store;
}

const idsOf = (rows: QueryRow[]) => rows.map((row) => (row as StoredEntry).employeeId);

describe('exact queries', () => {
  it('match the indexed value and return whole entries', () => {
    const store = setup();
    const rows = store.query(
      buildExactQuerySpec({ soupName, indexPath: 'lastName', matchKey: 'Kwan' }),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ firstName: 'Sally', _soupEntryId: 3 });
    expect(
      store.count(buildExactQuerySpec({ soupName, indexPath: 'title', matchKey: 'Manager' })),
    ).toBe(1);
  });

  it('work on nested paths, array paths (JSON text) and json1 numbers', () => {
    const store = setup();
    const paris = buildExactQuerySpec({
      soupName,
      indexPath: 'address.city',
      matchKey: 'Paris',
      orderPath: 'employeeId',
    });
    expect(idsOf(store.query(paris))).toEqual(['00010', '00100']);
    const grey = buildExactQuerySpec({ soupName, indexPath: 'colors', matchKey: '["grey"]' });
    expect(idsOf(store.query(grey))).toEqual(['00020']);
    const level = buildExactQuerySpec({
      soupName,
      indexPath: 'level',
      matchKey: 3,
      orderPath: 'employeeId',
    });
    expect(idsOf(store.query(level))).toEqual(['00020', '00100']);
  });

  it('work on paths without an index (json_extract) and on metadata paths', () => {
    const store = setup();
    const unindexed = buildExactQuerySpec({ soupName, indexPath: 'firstName', matchKey: 'John' });
    expect(idsOf(store.query(unindexed))).toEqual(['00050']);
    const byId = buildExactQuerySpec({ soupName, indexPath: '_soupEntryId', matchKey: 2 });
    expect(idsOf(store.query(byId))).toEqual(['00020']);
  });

  it('a null matchKey matches nothing (= NULL), as in SQL', () => {
    const store = setup();
    expect(
      store.query(buildExactQuerySpec({ soupName, indexPath: 'salary', matchKey: null })),
    ).toEqual([]);
  });
});

describe('range and all queries', () => {
  it('include both bounds and leave a side open for a null key', () => {
    const store = setup();
    const between = buildRangeQuerySpec({ soupName, indexPath: 'age', beginKey: 30, endKey: 45 });
    expect(idsOf(store.query(between))).toEqual(['00100', '00020']);
    const from = buildRangeQuerySpec({ soupName, indexPath: 'age', beginKey: 41 });
    expect(idsOf(store.query(from))).toEqual(['00020', '00010']);
    const upTo = buildRangeQuerySpec({ soupName, indexPath: 'age', endKey: 36 });
    expect(idsOf(store.query(upTo))).toEqual(['00050', '00100']);
  });

  it('entries without a value are outside every range but inside the all query', () => {
    const store = setup();
    const salaries = buildRangeQuerySpec({
      soupName,
      indexPath: 'salary',
      beginKey: 0,
      endKey: 1e9,
    });
    expect(store.count(salaries)).toBe(4);
    expect(store.count(buildAllQuerySpec({ soupName }))).toBe(5);
  });

  it('order nulls first ascending and last descending', () => {
    const store = setup();
    const ascending = buildAllQuerySpec({ soupName, orderPath: 'salary' });
    expect(idsOf(store.query(ascending))).toEqual(['00050', '00060', '00100', '00020', '00010']);
    const descending = buildAllQuerySpec({ soupName, orderPath: 'salary', order: 'descending' });
    expect(idsOf(store.query(descending))).toEqual(['00010', '00020', '00100', '00060', '00050']);
  });

  it('strings sort by BINARY collation, so numbers in a string index sort lexically', () => {
    const store = setup();
    const badges = buildRangeQuerySpec({
      soupName,
      indexPath: 'badge',
      beginKey: '0',
      selectPaths: ['badge'],
    });
    expect(store.query(badges)).toEqual([['10'], ['100'], ['9']]);
  });

  it('pages through results with pageSize and pageIndex', () => {
    const store = setup();
    const spec = buildAllQuerySpec({ soupName, orderPath: 'employeeId', pageSize: 2 });
    expect(idsOf(store.query(spec, 0))).toEqual(['00010', '00020']);
    expect(idsOf(store.query(spec, 1))).toEqual(['00050', '00060']);
    expect(idsOf(store.query(spec, 2))).toEqual(['00100']);
    expect(store.query(spec, 3)).toEqual([]);
    expectStoreError(() => store.query(spec, -1), 'STORE_BAD_ARGUMENT');
  });

  it('orders by metadata paths', () => {
    const store = setup();
    vi.useFakeTimers({ now: Date.now() + 60_000, toFake: ['Date'] });
    try {
      store.upsert(soupName, [{ ...store.retrieve(soupName, [1])[0], touched: true }]);
    } finally {
      vi.useRealTimers();
    }
    const recent = buildAllQuerySpec({
      soupName,
      orderPath: '_soupLastModifiedDate',
      order: 'descending',
      pageSize: 1,
    });
    const created = buildAllQuerySpec({
      soupName,
      orderPath: '_soupEntryId',
      order: 'descending',
      pageSize: 1,
    });
    expect((store.query(recent)[0] as StoredEntry).touched).toBe(true);
    expect(idsOf(store.query(created))).toEqual(['00060']);
  });
});

describe('like queries', () => {
  it('use SQL LIKE (ASCII case-insensitive, % and _)', () => {
    const store = setup();
    const spec = buildLikeQuerySpec({
      soupName,
      indexPath: 'lastName',
      likeKey: '%E%',
      orderPath: 'lastName',
    });
    expect(idsOf(store.query(spec))).toEqual(['00050', '00060']);
    const prefix = buildLikeQuerySpec({ soupName, indexPath: 'employeeId', likeKey: '000_0' });
    expect(store.count(prefix)).toBe(4);
  });
});

describe('match queries (FTS5)', () => {
  it('search one full_text path, with prefixes and operators', () => {
    const store = setup();
    const spec = (matchKey: string) =>
      buildMatchQuerySpec({ soupName, indexPath: 'title', matchKey, orderPath: 'employeeId' });
    expect(idsOf(store.query(spec('manager')))).toEqual(['00020', '00100']);
    expect(idsOf(store.query(spec('eng*')))).toEqual(['00050', '00060']);
    expect(idsOf(store.query(spec('manager NOT sales')))).toEqual(['00020']);
    expect(idsOf(store.query(spec('director OR senior')))).toEqual(['00010', '00060']);
  });

  it('without a path search every full_text field; {soup:path} targets one', () => {
    const store = setup();
    store.upsert(soupName, [{ employeeId: '00070', firstName: 'Manager', title: 'Clerk' }]);
    const all = buildMatchQuerySpec({ soupName, matchKey: 'manager', orderPath: 'employeeId' });
    expect(idsOf(store.query(all))).toEqual(['00020', '00070', '00100']);
    const firstNames = buildMatchQuerySpec({
      soupName,
      matchKey: `{${soupName}:firstName}:manager`,
    });
    expect(idsOf(store.query(firstNames))).toEqual(['00070']);
  });

  it('bind the key, so quotes in a search term are harmless', () => {
    const store = setup();
    store.upsert(soupName, [{ employeeId: '00080', firstName: "O'Brien", title: 'Driver' }]);
    const quoted = buildMatchQuerySpec({
      soupName,
      indexPath: 'firstName',
      matchKey: '"o\'brien"',
    });
    expect(idsOf(store.query(quoted))).toEqual(['00080']);
    const bare = buildMatchQuerySpec({ soupName, indexPath: 'firstName', matchKey: "o'brien" });
    expectStoreError(() => store.query(bare), 'STORE_BAD_MATCH_KEY');
    const error = expectStoreError(() => store.count(bare), 'STORE_BAD_MATCH_KEY');
    expect(error.sqliteCode).toBe('SQLITE_ERROR');
  });

  it('report every malformed key as STORE_BAD_MATCH_KEY, an unterminated phrase too', () => {
    const store = setup();
    for (const matchKey of ['"unterminated', 'AND', '(', 'NEAR(', 'nosuchcolumn:x', '"a" "b']) {
      const spec = buildMatchQuerySpec({ soupName, indexPath: 'firstName', matchKey });
      expectStoreError(() => store.query(spec), 'STORE_BAD_MATCH_KEY');
      expectStoreError(() => store.count(spec), 'STORE_BAD_MATCH_KEY');
    }
  });

  it('follow updates and deletes', () => {
    const store = setup();
    const spec = buildMatchQuerySpec({ soupName, indexPath: 'firstName', matchKey: 'michael' });
    const [michael] = store.query(spec) as StoredEntry[];
    store.upsert(soupName, [{ ...michael, firstName: 'Michael-updated' }]);
    expect(
      store.count(buildMatchQuerySpec({ soupName, indexPath: 'firstName', matchKey: 'updated' })),
    ).toBe(1);
    store.remove(soupName, [michael?._soupEntryId ?? 0]);
    expect(store.count(spec)).toBe(0);
    store.clearSoup(soupName);
    expect(store.count(buildMatchQuerySpec({ soupName, matchKey: 'manager' }))).toBe(0);
  });

  it('need a full_text index', () => {
    const store = setup();
    expectStoreError(
      () => store.query(buildMatchQuerySpec({ soupName, indexPath: 'lastName', matchKey: 'x' })),
      'STORE_NO_INDEX_FOR_PATH',
    );
    store.registerSoup('plain', [{ path: 'k', type: 'string' }]);
    expectStoreError(
      () => store.query(buildMatchQuerySpec({ soupName: 'plain', matchKey: 'x' })),
      'STORE_NO_INDEX_FOR_PATH',
    );
  });
});

describe('selectPaths and smart queries', () => {
  it('selectPaths return arrays of values; _soup comes back parsed', () => {
    const store = setup();
    const spec = buildExactQuerySpec({
      soupName,
      indexPath: 'employeeId',
      matchKey: '00010',
      selectPaths: ['lastName', 'age', 'address.city', '_soupEntryId', '_soup'],
    });
    const [row] = store.query(spec) as unknown[][];
    expect(row?.slice(0, 4)).toEqual(['Haas', 52, 'Paris', 1]);
    expect(row?.[4]).toMatchObject({ employeeId: '00010', _soupEntryId: 1 });
  });

  it('smart queries run Smart SQL with whereArgs and page like the others', () => {
    const store = setup();
    const spec = buildSmartQuerySpec({
      smartSql: `select {${soupName}:lastName}, {${soupName}:salary} from {${soupName}} where {${soupName}:age} > ? order by {${soupName}:lastName}`,
      pageSize: 2,
    });
    expect(store.query(spec, 0, [30])).toEqual([
      ['Haas', 200000.5],
      ['Kwan', 98000],
    ]);
    expect(store.query(spec, 1, [30])).toEqual([['Thompson', 120000]]);
    expect(store.count(spec, [30])).toBe(3);
    const aggregate = buildSmartQuerySpec({
      smartSql: `select {${soupName}:address.city}, count(*) from {${soupName}} group by {${soupName}:address.city} order by 1`,
    });
    expect(store.query(aggregate)).toEqual([
      [null, 1],
      ['Oslo', 1],
      ['Paris', 2],
      ['Rome', 1],
    ]);
  });

  it('reach the created date, which the JSON never holds', () => {
    const store = setup();
    const spec = buildSmartQuerySpec({
      smartSql: `select {${soupName}:_soupCreatedDate}, {${soupName}:_soupLastModifiedDate} from {${soupName}} where {${soupName}:_soupEntryId} = 1`,
    });
    const [[created, modified] = []] = store.query(spec) as unknown[][];
    expect(typeof created).toBe('number');
    expect(created).toBe(modified);
  });

  it('whereArgs are refused for other spec types; bad Smart SQL is a SmartSqlError', () => {
    const store = setup();
    const error = expectStoreError(
      () => store.query(buildAllQuerySpec({ soupName }), 0, ['x']),
      'STORE_BAD_ARGUMENT',
    );
    expect(error.message).toBe('whereArgs can only be provided for smart queries');
    expect(() => store.query(buildSmartQuerySpec({ smartSql: 'delete from {employees}' }))).toThrow(
      SmartSqlError,
    );
    expect(() => store.query(buildSmartQuerySpec({ smartSql: 'select * from {nope}' }))).toThrow(
      SmartSqlError,
    );
    expectStoreError(
      () => store.query(buildAllQuerySpec({ soupName: 'nope' })),
      'STORE_UNKNOWN_SOUP',
    );
  });

  it('see soups registered and altered after the first query (no stale compilation)', () => {
    const store = setup();
    const spec = buildSmartQuerySpec({
      smartSql: `select count(*) from {${soupName}} where {${soupName}:badge} = '9'`,
    });
    expect(store.query(spec)).toEqual([[1]]);
    store.alterSoup(soupName, [{ path: 'employeeId', type: 'string' }], false);
    expect(store.query(spec)).toEqual([[1]]); // now through json_extract
    store.registerSoup('later', [{ path: 'k', type: 'string' }]);
    store.upsert('later', [{ k: 'v' }]);
    expect(store.query(buildSmartQuerySpec({ smartSql: 'select {later:k} from {later}' }))).toEqual(
      [['v']],
    );
  });
});

describe('where args', () => {
  it('refuse a bigint outside 64 bits with a StoreError naming the argument', () => {
    const store = setup();
    const spec = buildSmartQuerySpec({
      smartSql: `select count(*) from {${soupName}} where ? > 0`,
    });
    for (const arg of [2n ** 63n, -(2n ** 63n) - 1n, 2n ** 70n]) {
      const error = expectStoreError(() => store.query(spec, 0, [arg]), 'STORE_BAD_ARGUMENT');
      expect(error.message).toContain('whereArgs[0]');
    }
    expect(store.query(spec, 0, [2n ** 63n - 1n])).toEqual([[5]]);
    expect(store.query(spec, 0, [-(2n ** 63n)])).toEqual([[0]]);
  });
});

describe('cursors', () => {
  it('open on page 0 with the totals, move (clamped) and close', () => {
    const store = setup();
    const cursor = store.openCursor(
      buildAllQuerySpec({ soupName, orderPath: 'employeeId', pageSize: 2 }),
    );
    expect(cursor).toMatchObject({
      pageSize: 2,
      totalEntries: 5,
      totalPages: 3,
      currentPageIndex: 0,
    });
    expect(idsOf([...cursor.currentPageOrderedEntries])).toEqual(['00010', '00020']);
    const last = store.moveCursorToPageIndex(cursor, 2);
    expect(idsOf([...last.currentPageOrderedEntries])).toEqual(['00100']);
    expect(store.moveCursorToPageIndex(cursor, 99).currentPageIndex).toBe(2);
    expect(store.moveCursorToPageIndex(cursor, -5).currentPageIndex).toBe(0);
    store.closeCursor(cursor);
    expectStoreError(() => store.moveCursorToPageIndex(cursor, 1), 'STORE_UNKNOWN_CURSOR');
  });

  it('an empty result has no pages and page index -1 after a move', () => {
    const store = setup();
    const cursor = store.openCursor(
      buildExactQuerySpec({ soupName, indexPath: 'lastName', matchKey: 'Nobody' }),
    );
    expect(cursor).toMatchObject({ totalEntries: 0, totalPages: 0, currentPageOrderedEntries: [] });
    expect(store.moveCursorToPageIndex(cursor, 0).currentPageIndex).toBe(-1);
  });

  it('smart cursors carry their whereArgs', () => {
    const store = setup();
    const cursor = store.openCursor(
      buildSmartQuerySpec({
        smartSql: `select {${soupName}:employeeId} from {${soupName}} where {${soupName}:age} < ? order by 1`,
        pageSize: 1,
      }),
      [40],
    );
    expect(cursor.totalPages).toBe(2);
    expect(store.moveCursorToPageIndex(cursor.cursorId, 1).currentPageOrderedEntries).toEqual([
      ['00100'],
    ]);
  });
});

describe('removeByQuery', () => {
  it('removes the first page of matches (at most pageSize, as the SDK)', () => {
    const store = setup();
    store.removeByQuery(
      soupName,
      buildRangeQuerySpec({
        soupName,
        indexPath: 'age',
        beginKey: 30,
        orderPath: 'age',
        pageSize: 2,
      }),
    );
    expect(idsOf(store.query(buildAllQuerySpec({ soupName, orderPath: 'employeeId' })))).toEqual([
      '00010',
      '00050',
      '00060',
    ]);
  });

  it('removes full-text rows too, and every match with a large page', () => {
    const store = setup();
    store.removeByQuery(
      soupName,
      buildMatchQuerySpec({ soupName, matchKey: 'manager OR engineer', pageSize: 100 }),
    );
    expect(store.count(buildAllQuerySpec({ soupName }))).toBe(1);
    expect(store.count(buildMatchQuerySpec({ soupName, matchKey: 'manager' }))).toBe(0);
  });

  it('takes a smart spec selecting ids, with whereArgs', () => {
    const store = setup();
    store.removeByQuery(
      soupName,
      buildSmartQuerySpec({
        smartSql: `select {${soupName}:_soupEntryId} from {${soupName}} where {${soupName}:level} >= ?`,
        pageSize: 100,
      }),
      [3],
    );
    expect(idsOf(store.query(buildAllQuerySpec({ soupName, orderPath: 'employeeId' })))).toEqual([
      '00050',
      '00060',
    ]);
    const error = expectStoreError(
      () =>
        store.removeByQuery(
          soupName,
          buildSmartQuerySpec({ smartSql: `select {${soupName}:lastName} from {${soupName}}` }),
        ),
      'STORE_BAD_QUERY_SPEC',
    );
    expect(error.message).toContain('_soupEntryId');
  });

  it('refuses a spec for another soup', () => {
    const store = setup();
    store.registerSoup('other', [{ path: 'k', type: 'string' }]);
    expectStoreError(
      () => store.removeByQuery('other', buildAllQuerySpec({ soupName })),
      'STORE_BAD_QUERY_SPEC',
    );
    expect(store.count(buildAllQuerySpec({ soupName }))).toBe(5);
  });
});

describe('explainQueryPlan', () => {
  it('shows the index each spec type uses', () => {
    const store = setup();
    const exact = store.explainQueryPlan(
      buildExactQuerySpec({ soupName, indexPath: 'lastName', matchKey: 'Kwan' }),
    );
    expect(exact.details).toEqual(['SEARCH TABLE_1 USING INDEX TABLE_1_1_idx (TABLE_1_1=?)']);
    expect(exact.args).toEqual(['Kwan', 0, 10]);
    expect(exact.sql).toContain('LIMIT ?, ?');
    const json1 = store.explainQueryPlan(
      buildExactQuerySpec({ soupName, indexPath: 'level', matchKey: 3 }),
    );
    expect(json1.details.join('\n')).toContain('USING INDEX TABLE_1_8_idx');
    const range = store.explainQueryPlan(
      buildRangeQuerySpec({ soupName, indexPath: 'age', beginKey: 30 }),
      2,
    );
    expect(range.details.join('\n')).toContain('USING INDEX TABLE_1_5_idx (TABLE_1_5>?)');
    expect(range.args).toEqual([30, 20, 10]);
    const match = store.explainQueryPlan(buildMatchQuerySpec({ soupName, matchKey: 'x' }));
    expect(match.details.join('\n')).toContain('VIRTUAL TABLE INDEX');
  });
});
