import { describe, expect, it, vi } from 'vitest';
import type { IndexSpec } from '../../../runtime/store/specs.js';
import { expectStoreError, fileStore, memoryStore, rawRows } from '../../helpers/store-helpers.js';

const original: IndexSpec[] = [
  { path: 'Id', type: 'string' },
  { path: 'Name', type: 'string' },
  { path: 'Age', type: 'integer' },
];

function setupFile() {
  const { store, path } = fileStore();
  store.registerSoup('people', original);
  vi.useFakeTimers({ now: 1_000, toFake: ['Date'] });
  try {
    store.upsert('people', [
      { Id: 'a', Name: 'Ann Smith', Age: 30, City: 'Paris' },
      { Id: 'b', Name: 'Bob Stone', Age: 40, City: 'Oslo' },
      { Id: 'c', Name: 'Cy Young', Age: 50, City: 'Rome' },
    ]);
  } finally {
    vi.useRealTimers();
  }
  return { store, path };
}

describe('alterSoup', () => {
  it('keeps ids, dates and entries; copies compatible columns; new columns stay NULL without reIndexData', () => {
    const { store, path } = setupFile();
    store.alterSoup(
      'people',
      [
        { path: 'Name', type: 'full_text' },
        { path: 'Age', type: 'string' },
        { path: 'City', type: 'string' },
      ],
      false,
    );
    expect(store.getSoupIndexSpecs('people')).toEqual([
      { path: 'Name', type: 'full_text', columnName: 'TABLE_1_0' },
      { path: 'Age', type: 'string', columnName: 'TABLE_1_1' },
      { path: 'City', type: 'string', columnName: 'TABLE_1_2' },
    ]);
    expect(store.retrieve('people', [1, 2, 3]).map((e) => [e.Id, e._soupLastModifiedDate])).toEqual(
      [
        ['a', 1_000],
        ['b', 1_000],
        ['c', 1_000],
      ],
    );
    store.close();
    // string -> full_text copies (same affinity); integer -> string does not; City is new
    expect(
      rawRows(path, 'SELECT id, created, TABLE_1_0, TABLE_1_1, TABLE_1_2 FROM TABLE_1 ORDER BY id'),
    ).toEqual([
      [1, 1_000, 'Ann Smith', null, null],
      [2, 1_000, 'Bob Stone', null, null],
      [3, 1_000, 'Cy Young', null, null],
    ]);
    expect(rawRows(path, 'SELECT rowid, TABLE_1_0 FROM TABLE_1_fts ORDER BY rowid')).toEqual([
      [1, 'Ann Smith'],
      [2, 'Bob Stone'],
      [3, 'Cy Young'],
    ]);
    expect(rawRows(path, "SELECT name FROM sqlite_master WHERE name LIKE '%old%'")).toEqual([]);
  });

  it('with reIndexData fills the new index columns from the entries', () => {
    const { store, path } = setupFile();
    const withCity: IndexSpec[] = [...original, { path: 'City', type: 'full_text' }];
    store.alterSoup('people', withCity, true);
    store.close();
    expect(rawRows(path, 'SELECT TABLE_1_2, TABLE_1_3 FROM TABLE_1 ORDER BY id')).toEqual([
      [30, 'Paris'],
      [40, 'Oslo'],
      [50, 'Rome'],
    ]);
    expect(rawRows(path, "SELECT rowid FROM TABLE_1_fts WHERE TABLE_1_fts MATCH 'oslo'")).toEqual([
      [2],
    ]);
  });

  it('reIndexSoup fills named paths and skips unindexed and json1 paths', () => {
    const { store, path } = setupFile();
    store.alterSoup(
      'people',
      [...original, { path: 'City', type: 'string' }, { path: 'J', type: 'json1' }],
      false,
    );
    store.reIndexSoup('people', ['City', 'J', 'NotIndexed']);
    store.close();
    expect(rawRows(path, 'SELECT TABLE_1_3 FROM TABLE_1 ORDER BY id')).toEqual([
      ['Paris'],
      ['Oslo'],
      ['Rome'],
    ]);
  });

  it('re-indexes soups larger than one chunk, and copies json1 values into a new column', () => {
    const { store, path } = fileStore();
    store.registerSoup('big', [{ path: 'k', type: 'json1' }]);
    store.upsert(
      'big',
      Array.from({ length: 2_500 }, (_, i) => ({ k: `k${i}`, v: i })),
    );
    store.alterSoup(
      'big',
      [
        { path: 'k', type: 'string' },
        { path: 'v', type: 'integer' },
      ],
      true,
    );
    store.close();
    expect(
      rawRows(
        path,
        'SELECT count(*), count(TABLE_1_0), count(TABLE_1_1), sum(TABLE_1_1) FROM TABLE_1',
      ),
    ).toEqual([[2_500, 2_500, 2_500, (2_499 * 2_500) / 2]]);
    expect(rawRows(path, 'SELECT TABLE_1_0 FROM TABLE_1 WHERE id = 2500')).toEqual([['k2499']]);
  });

  it('ids of deleted entries are not handed out again after an alter', () => {
    const { store } = setupFile();
    store.remove('people', [3]);
    store.alterSoup('people', original, false);
    expect(store.upsert('people', [{ Id: 'd' }])[0]?._soupEntryId).toBe(4);
  });

  it('unknown soups and bad specs are rejected, leaving the soup intact', () => {
    const store = memoryStore();
    store.registerSoup('people', original);
    store.upsert('people', [{ Id: 'a' }]);
    expectStoreError(() => store.alterSoup('ghosts', original, false), 'STORE_UNKNOWN_SOUP');
    expectStoreError(() => store.alterSoup('people', [], false), 'STORE_BAD_INDEX_SPEC');
    expectStoreError(
      () => store.alterSoup('people', original, 'yes' as unknown as boolean),
      'STORE_BAD_ARGUMENT',
    );
    expectStoreError(() => store.reIndexSoup('people', ['bad path!']), 'STORE_BAD_PATH');
    expect(store.getSoupIndexSpecs('people').map((s) => s.path)).toEqual(['Id', 'Name', 'Age']);
    expect(store.retrieve('people', [1])[0]?.Id).toBe('a');
  });

  it('an upsert after the alter projects the new specs', () => {
    const { store, path } = setupFile();
    store.alterSoup('people', [{ path: 'City', type: 'string' }], false);
    store.upsert('people', [{ Id: 'a', City: 'Lyon' }], 'City');
    const [entry] = store.upsert('people', [{ _soupEntryId: 1, City: 'Nice' }]);
    expect(entry?._soupEntryId).toBe(1);
    store.close();
    expect(rawRows(path, 'SELECT id, TABLE_1_0 FROM TABLE_1 ORDER BY id')).toEqual([
      [1, 'Nice'],
      [2, null],
      [3, null],
      [4, 'Lyon'],
    ]);
  });
});
