import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildAllQuerySpec,
  buildExactQuerySpec,
  buildMatchQuerySpec,
  buildSmartQuerySpec,
} from '../../../runtime/store/query-spec.js';
import { SmartStore, type StoredEntry } from '../../../runtime/store/smart-store.js';
import { expectStoreError, tempDir, trackStore } from '../../helpers/store-helpers.js';

const SECRET = 'Zanzibar-Quarterly-Forecast';

describe('a store file across opens', () => {
  it('keeps entries, ids, index columns and full-text rows', () => {
    const path = join(tempDir(), 'store.db');
    const first = SmartStore.open({ path, key: 'k' });
    first.registerSoup('notes', [
      { path: 'title', type: 'full_text' },
      { path: 'rank', type: 'integer' },
    ]);
    first.upsert('notes', [
      { title: 'alpha beta', rank: 2 },
      { title: 'gamma', rank: 1 },
      { title: 'delta', rank: 3 },
    ]);
    first.remove('notes', [3]);
    first.close();

    const second = trackStore(SmartStore.open({ path, key: 'k' }));
    expect(
      second
        .query(buildAllQuerySpec({ soupName: 'notes', orderPath: 'rank' }))
        .map((e) => (e as StoredEntry).title),
    ).toEqual(['gamma', 'alpha beta']);
    expect(second.count(buildMatchQuerySpec({ soupName: 'notes', matchKey: 'beta' }))).toBe(1);
    expect(second.upsert('notes', [{ title: 'epsilon', rank: 4 }])[0]?._soupEntryId).toBe(4);
    expect(
      second.count(buildExactQuerySpec({ soupName: 'notes', indexPath: 'rank', matchKey: 4 })),
    ).toBe(1);
  });

  it('the write-ahead log is encrypted too while the store is open', () => {
    const path = join(tempDir(), 'store.db');
    const store = trackStore(SmartStore.open({ path, key: 'k' }));
    store.registerSoup('notes', [{ path: 'title', type: 'full_text' }]);
    store.upsert('notes', [{ title: SECRET }]);
    expect(existsSync(`${path}-wal`)).toBe(true);
    for (const file of [path, `${path}-wal`]) {
      expect(readFileSync(file).includes(Buffer.from(SECRET))).toBe(false);
    }
    expect(store.count(buildMatchQuerySpec({ soupName: 'notes', matchKey: 'zanzibar' }))).toBe(1);
  });
});

describe('queries after schema changes', () => {
  it('a soup dropped and registered again with other specs is queried through its new table', () => {
    const store = trackStore(SmartStore.open({ path: ':memory:' }));
    store.registerSoup('s', [{ path: 'a', type: 'string' }]);
    store.upsert('s', [{ a: 'x', b: 1 }]);
    const byA = buildExactQuerySpec({ soupName: 's', indexPath: 'a', matchKey: 'x' });
    expect(store.count(byA)).toBe(1);
    store.dropSoup('s');
    expectStoreError(() => store.count(byA), 'STORE_UNKNOWN_SOUP');
    store.registerSoup('s', [
      { path: 'b', type: 'integer' },
      { path: 'a', type: 'full_text' },
    ]);
    store.upsert('s', [
      { a: 'x', b: 2 },
      { a: 'y', b: 3 },
    ]);
    expect(store.count(byA)).toBe(1);
    expect(store.count(buildMatchQuerySpec({ soupName: 's', indexPath: 'a', matchKey: 'y' }))).toBe(
      1,
    );
  });

  it('a closed store refuses queries and cursors', () => {
    const store = SmartStore.open({ path: ':memory:' });
    store.registerSoup('s', [{ path: 'a', type: 'string' }]);
    const cursor = store.openCursor(buildAllQuerySpec({ soupName: 's' }));
    store.close();
    expectStoreError(() => store.query(buildAllQuerySpec({ soupName: 's' })), 'STORE_CLOSED');
    expectStoreError(() => store.moveCursorToPageIndex(cursor, 0), 'STORE_CLOSED');
  });
});

describe('two connections on one file', () => {
  it('a soup registered through one is found by the other on first use', () => {
    const path = join(tempDir(), 'shared.db');
    const a = trackStore(SmartStore.open({ path, key: 'k' }));
    const b = trackStore(SmartStore.open({ path, key: 'k' }));
    a.registerSoup('shared', [{ path: 'k', type: 'string' }]);
    expect(b.soupExists('shared')).toBe(true);
    b.registerSoup('shared', [{ path: 'other', type: 'integer' }]); // no-op: it exists
    b.upsert('shared', [{ k: 'from b' }]);
    expect(
      a.count(buildExactQuerySpec({ soupName: 'shared', indexPath: 'k', matchKey: 'from b' })),
    ).toBe(1);
    a.registerSoup('later', [{ path: 'v', type: 'string' }]);
    a.upsert('later', [{ v: 'x' }]);
    expect(b.query(buildSmartQuerySpec({ smartSql: 'select {later:v} from {later}' }))).toEqual([
      ['x'],
    ]);
    expect(b.getAllSoupNames()).toEqual(['later', 'shared']);
    expect(b.getSoupIndexSpecs('shared')).toEqual([
      { path: 'k', type: 'string', columnName: 'TABLE_1_0' },
    ]);
  });
});
