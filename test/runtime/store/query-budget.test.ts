import { describe, expect, it } from 'vitest';
import { SmartSqlError } from '../../../runtime/smartsql/index.js';
import {
  buildMatchQuerySpec,
  buildRangeQuerySpec,
  buildSmartQuerySpec,
} from '../../../runtime/store/query-spec.js';
import { SmartStore, type SmartStoreOptions } from '../../../runtime/store/smart-store.js';
import { StoreError } from '../../../runtime/store/store-error.js';
import {
  expectStoreError,
  fileStore,
  memoryStore,
  trackStore,
} from '../../helpers/store-helpers.js';

const SOUP = 'notes';

function seeded(store: SmartStore, count: number): SmartStore {
  store.registerSoup(SOUP, [
    { path: 'n', type: 'integer' },
    { path: 'text', type: 'full_text' },
  ]);
  store.upsert(
    SOUP,
    Array.from({ length: count }, (_, n) => ({ n, text: `note number ${n}` })),
  );
  return store;
}

function seededFile(count: number, options: Omit<SmartStoreOptions, 'path'> = {}) {
  const { store, path } = fileStore({ key: 'k', ...options });
  return { store: seeded(store, count), path };
}

const smart = (smartSql: string, pageSize?: number) =>
  buildSmartQuerySpec({ smartSql, ...(pageSize === undefined ? {} : { pageSize }) });

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('the result budget of in-process queries', () => {
  it('ends a query whose values pass it with STORE_QUERY_BUDGET_EXCEEDED, and the store keeps working', () => {
    const store = seeded(memoryStore(), 30);
    const error = expectStoreError(
      () => store.query(smart(`SELECT printf('%.*c', 300000000, 'x') FROM {${SOUP}} LIMIT 20`, 20)),
      'STORE_QUERY_BUDGET_EXCEEDED',
    );
    expect(error.message).toContain('64 MiB');
    expect(store.query(smart(`SELECT count(*) FROM {${SOUP}}`))).toEqual([[30]]);
  });

  it('ends a join with a huge page long before it is read whole', () => {
    const store = seeded(
      trackStore(SmartStore.open({ path: ':memory:', limits: { maxResultBytes: 1024 * 1024 } })),
      2000,
    );
    expectStoreError(
      () =>
        store.query(
          smart(
            `SELECT a.{${SOUP}:_soup}, b.{${SOUP}:_soup} FROM {${SOUP}} a, {${SOUP}} b`,
            100_000_000,
          ),
        ),
      'STORE_QUERY_BUDGET_EXCEEDED',
    );
  });

  it('bounds query-spec pages too, and Infinity turns the check off', () => {
    const limited = seeded(
      trackStore(SmartStore.open({ path: ':memory:', limits: { maxResultBytes: 10_000 } })),
      500,
    );
    const all = buildRangeQuerySpec({ soupName: SOUP, indexPath: 'n', pageSize: 500 });
    expectStoreError(() => limited.query(all), 'STORE_QUERY_BUDGET_EXCEEDED');
    expect(limited.query({ ...all, pageSize: 10 })).toHaveLength(10);
    const unlimited = seeded(
      trackStore(SmartStore.open({ path: ':memory:', limits: { maxResultBytes: Infinity } })),
      500,
    );
    expect(unlimited.query(all)).toHaveLength(500);
  });

  it('turns SQLite refusing an oversized value into STORE_QUERY_BUDGET_EXCEEDED', () => {
    const store = seeded(memoryStore(), 1);
    for (const smartSql of [
      `SELECT length(randomblob(2000000000)) FROM {${SOUP}}`,
      `SELECT length(zeroblob(2000000000)) FROM {${SOUP}}`,
    ]) {
      expectStoreError(() => store.query(smart(smartSql)), 'STORE_QUERY_BUDGET_EXCEEDED');
    }
  });

  it('refuses limits that are not positive numbers', () => {
    for (const limits of [
      { maxResultBytes: 0 },
      { maxResultBytes: Number.NaN },
      { maxRows: 1 },
      5,
    ]) {
      expectStoreError(
        () => SmartStore.open({ path: ':memory:', limits: limits as never }),
        'STORE_BAD_OPTION',
      );
    }
  });
});

describe('queryIsolated', () => {
  it('returns what query returns, entries and smart rows alike, from an encrypted file', async () => {
    const { store } = seededFile(50);
    const range = buildRangeQuerySpec({
      soupName: SOUP,
      indexPath: 'n',
      beginKey: 10,
      pageSize: 5,
    });
    expect(await store.queryIsolated(range, 1)).toEqual(store.query(range, 1));
    const rows = smart(`SELECT {${SOUP}:n}, {${SOUP}:_soup} FROM {${SOUP}} WHERE {${SOUP}:n} < ?`);
    expect(await store.queryIsolated(rows, 0, { whereArgs: [3] })).toEqual(
      store.query(rows, 0, [3]),
    );
  });

  it('kills a query that runs past timeoutMs; the caller never blocks and the store keeps working', async () => {
    const { store } = seededFile(10_000);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const started = Date.now();
    const error = await rejection(
      store.queryIsolated(smart(`SELECT count(*) FROM {${SOUP}} a, {${SOUP}} b, {${SOUP}} c`), 0, {
        timeoutMs: 1500,
      }),
    );
    clearInterval(ticker);
    expect(error.code).toBe('STORE_QUERY_TIMEOUT');
    expect(error.message).toContain('1500 ms');
    // The event loop ran all along (a blocked thread would not tick).
    expect(ticks).toBeGreaterThan(10);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(store.query(smart(`SELECT count(*) FROM {${SOUP}}`))).toEqual([[10_000]]);
  }, 30_000);

  it('ends in STORE_QUERY_BUDGET_EXCEEDED when the child passes the budget or runs out of heap', async () => {
    const { store } = seededFile(30);
    const huge = smart(`SELECT printf('%.*c', 100000000, 'x') FROM {${SOUP}} LIMIT 20`, 20);
    expect((await rejection(store.queryIsolated(huge))).code).toBe('STORE_QUERY_BUDGET_EXCEEDED');
    const { store: unlimited } = seededFile(30, { limits: { maxResultBytes: Infinity } });
    const error = await rejection(unlimited.queryIsolated(huge, 0, { heapMb: 64 }));
    expect(error.code).toBe('STORE_QUERY_BUDGET_EXCEEDED');
    expect(error.message).toContain('ran out of memory (heap of 64 MiB)');
    expect(unlimited.query(smart(`SELECT count(*) FROM {${SOUP}}`))).toEqual([[30]]);
  }, 60_000);

  it('rejects with the same typed errors as query', async () => {
    const { store } = seededFile(3);
    await expect(store.queryIsolated(smart('SELECT * FROM {nope}'))).rejects.toBeInstanceOf(
      SmartSqlError,
    );
    const badKey = buildMatchQuerySpec({ soupName: SOUP, indexPath: 'text', matchKey: '"open' });
    expect((await rejection(store.queryIsolated(badKey))).code).toBe('STORE_BAD_MATCH_KEY');
    expect((await rejection(memoryStore().queryIsolated(smart('SELECT 1')))).code).toBe(
      'STORE_BAD_OPTION',
    );
    expect(
      (await rejection(store.queryIsolated(smart('SELECT 1'), 0, { timeoutMs: -1 }))).code,
    ).toBe('STORE_BAD_ARGUMENT');
  });
});
