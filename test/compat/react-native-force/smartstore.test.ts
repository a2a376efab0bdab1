/**
 * `soupkit/react-native-force` smartstore: every function in both calling
 * forms, over real encrypted store files in a temporary data folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configure, reset } from '../../../compat/index.js';
import { forceUtil, smartstore } from '../../../compat/react-native-force/index.js';
import type { StoreCursor } from '../../../compat/react-native-force/smartstore.js';

const SPECS = [
  { path: 'Name', type: 'string' as const },
  { path: 'Amount', type: 'integer' as const },
];
let dataFolder = '';

beforeAll(() => {
  dataFolder = configure({ key: 'test key' }).dataFolder;
});
afterEach(() => reset());

async function seeded(config: smartstore.StoreConfig | boolean = false) {
  await smartstore.registerSoup(config, 'deals', SPECS);
  return smartstore.upsertSoupEntries(config, 'deals', [
    { Name: 'Aaa', Amount: 30 },
    { Name: 'Bbb', Amount: 10 },
    { Name: 'Ccc', Amount: 20 },
  ]);
}

describe('calling conventions', () => {
  it('calls successCB once, asynchronously, when callbacks are given', async () => {
    const calls: string[] = [];
    const result = await new Promise((resolve, reject) => {
      const returned = smartstore.registerSoup(false, 'deals', SPECS, resolve, reject);
      calls.push(`returned ${String(returned)}`);
    });
    expect(calls).toEqual(['returned undefined']);
    expect(result).toBe('deals');
  });

  it('calls errorCB with the error, and the promise form rejects', async () => {
    const error = await new Promise((resolve) =>
      smartstore.upsertSoupEntries(false, 'missing', [{}], () => resolve('resolved'), resolve),
    );
    expect(error).toBeInstanceOf(Error);
    await expect(smartstore.upsertSoupEntries(false, 'missing', [{}])).rejects.toThrow(/missing/);
  });

  it('works through forceUtil.promiser as the SDK tests use it', async () => {
    const register = forceUtil.promiser(smartstore.registerSoup);
    const exists = forceUtil.promiser(smartstore.soupExists);
    expect(await register(false, 'deals', SPECS)).toBe('deals');
    expect(await exists(false, 'deals')).toBe(true);
    expect(
      await forceUtil.promiserNoRejection(smartstore.querySoup)(false, 'deals', {}),
    ).toBeInstanceOf(Error);
  });
});

describe('soups', () => {
  it('registers (idempotently), tells existence, gives the specs back and removes', async () => {
    await seeded();
    expect(await smartstore.registerSoup(false, 'deals', [{ path: 'Other', type: 'string' }])).toBe(
      'deals',
    );
    expect(await smartstore.getSoupIndexSpecs(false, 'deals')).toEqual(SPECS);
    expect(await smartstore.soupExists(false, 'deals')).toBe(true);
    expect(await smartstore.removeSoup(false, 'deals')).toBe('OK');
    expect(await smartstore.soupExists(false, 'deals')).toBe(false);
    expect(await smartstore.removeSoup(false, 'deals')).toBe('OK');
  });

  it('refuses a null soup name and empty index specs', async () => {
    // @ts-expect-error the SDK tests pass null
    await expect(smartstore.registerSoup(false, null, SPECS)).rejects.toThrow(/soup name/);
    await expect(smartstore.registerSoup(false, 'deals', [])).rejects.toThrow(/index specs/);
  });

  it('registers with a soup spec', async () => {
    expect(await smartstore.registerSoupWithSpec(false, { name: 'specced' }, SPECS)).toBe(
      'specced',
    );
    expect(await smartstore.soupExists(false, 'specced')).toBe(true);
  });

  it('alters a soup without re-indexing until reIndexSoup, and clears it', async () => {
    await seeded();
    await smartstore.upsertSoupEntries(false, 'deals', [{ Name: 'Ddd', Stage: 'Won' }]);
    await smartstore.alterSoup(
      false,
      'deals',
      [...SPECS, { path: 'Stage', type: 'string' }],
      false,
    );
    const won = () =>
      smartstore.querySoup(false, 'deals', smartstore.buildExactQuerySpec('Stage', 'Won', 10));
    expect((await won()).totalEntries).toBe(0);
    await smartstore.reIndexSoup(false, 'deals', ['Stage']);
    expect((await won()).totalEntries).toBe(1);
    await expect(smartstore.alterSoup(false, 'nope', SPECS, true)).rejects.toThrow();
    expect(await smartstore.clearSoup(false, 'deals')).toBe('OK');
    expect(await smartstore.soupExists(false, 'deals')).toBe(true);
    expect(
      (await smartstore.querySoup(false, 'deals', smartstore.buildAllQuerySpec('Name')))
        .totalEntries,
    ).toBe(0);
  });
});

describe('entries', () => {
  it('upserts with _soupEntryId and _soupLastModifiedDate, retrieves in the order asked', async () => {
    const saved = await seeded();
    expect(saved.map((e) => e.Name)).toEqual(['Aaa', 'Bbb', 'Ccc']);
    expect(saved.every((e) => typeof e._soupEntryId === 'number')).toBe(true);
    expect(saved.every((e) => typeof e._soupLastModifiedDate === 'number')).toBe(true);
    const ids = saved.map((e) => e._soupEntryId).reverse();
    const back = await smartstore.retrieveSoupEntries(false, 'deals', ids);
    expect(back.map((e) => e.Name)).toEqual(['Ccc', 'Bbb', 'Aaa']);
  });

  it('upserts by an external id path', async () => {
    await seeded();
    const [updated] = await smartstore.upsertSoupEntriesWithExternalId(
      false,
      'deals',
      [{ Name: 'Bbb', Amount: 99 }],
      'Name',
    );
    const all = await smartstore.querySoup(false, 'deals', smartstore.buildAllQuerySpec('Name'));
    expect(all.totalEntries).toBe(3);
    expect(updated?.Amount).toBe(99);
  });

  it('removes by ids and by query spec, answering OK', async () => {
    const saved = await seeded();
    expect(await smartstore.removeFromSoup(false, 'deals', [saved[0]?._soupEntryId ?? 0])).toBe(
      'OK',
    );
    expect(
      await smartstore.removeFromSoup(
        false,
        'deals',
        smartstore.buildExactQuerySpec('Name', 'Bbb', 10),
      ),
    ).toBe('OK');
    const rest = await smartstore.querySoup(false, 'deals', smartstore.buildAllQuerySpec('Name'));
    expect(rest.currentPageOrderedEntries.map((e) => (e as { Name: string }).Name)).toEqual([
      'Ccc',
    ]);
  });
});

describe('queries and cursors', () => {
  it('answers each builder', async () => {
    await seeded();
    const names = async (spec: smartstore.QuerySpec) =>
      (await smartstore.querySoup(false, 'deals', spec)).currentPageOrderedEntries.map(
        (e) => (e as { Name: string }).Name,
      );
    expect(await names(smartstore.buildAllQuerySpec('Amount', 'descending', 10))).toEqual([
      'Aaa',
      'Ccc',
      'Bbb',
    ]);
    expect(
      await names(smartstore.buildRangeQuerySpec('Amount', 15, null, 'ascending', 10)),
    ).toEqual(['Ccc', 'Aaa']);
    expect(await names(smartstore.buildLikeQuerySpec('Name', 'B%', 'ascending', 10))).toEqual([
      'Bbb',
    ]);
    expect(
      await names(smartstore.buildExactQuerySpec('Name', 'Ccc', 10, 'ascending', 'Amount')),
    ).toEqual(['Ccc']);
  });

  it('matches full text', async () => {
    await smartstore.registerSoup(false, 'notes', [{ path: 'text', type: 'full_text' }]);
    await smartstore.upsertSoupEntries(false, 'notes', [
      { text: 'grey cat' },
      { text: 'black dog' },
    ]);
    const cursor = await smartstore.querySoup(
      false,
      'notes',
      smartstore.buildMatchQuerySpec(null, 'grey', 'ascending', 10),
    );
    expect(cursor.currentPageOrderedEntries).toMatchObject([{ text: 'grey cat' }]);
  });

  it('runs Smart SQL with rows as arrays, and refuses smart specs in querySoup and null query types', async () => {
    await seeded();
    const count = await smartstore.runSmartQuery(
      false,
      smartstore.buildSmartQuerySpec('select count(*) from {deals}', 1),
    );
    expect(count.currentPageOrderedEntries).toEqual([[3]]);
    const rows = await smartstore.runSmartQuery(
      false,
      smartstore.buildSmartQuerySpec(
        'select {deals:Name} from {deals} where {deals:Amount} > 15 order by {deals:Name}',
        10,
      ),
    );
    expect(rows.currentPageOrderedEntries).toEqual([['Aaa'], ['Ccc']]);
    await expect(
      smartstore.querySoup(false, 'deals', smartstore.buildSmartQuerySpec('select 1', 1)),
    ).rejects.toThrow(/runSmartQuery/);
    await expect(smartstore.querySoup(false, 'deals', { queryType: null })).rejects.toThrow(
      /queryType/,
    );
  });

  it('pages a cursor: the SDK shape, next/previous/index, and an Error past either end', async () => {
    await seeded();
    const first = await smartstore.querySoup(
      false,
      'deals',
      smartstore.buildAllQuerySpec('Name', 'ascending', 2),
    );
    expect(Object.keys(first).sort()).toEqual([
      'currentPageIndex',
      'currentPageOrderedEntries',
      'cursorId',
      'pageSize',
      'totalEntries',
      'totalPages',
    ]);
    expect(first).toMatchObject({
      currentPageIndex: 0,
      pageSize: 2,
      totalEntries: 3,
      totalPages: 2,
    });
    const second: StoreCursor = await smartstore.moveCursorToNextPage(false, first);
    expect(second.currentPageIndex).toBe(1);
    expect(second.currentPageOrderedEntries).toHaveLength(1);
    const past = await smartstore.moveCursorToNextPage(false, second).catch((e: unknown) => e);
    expect(past).toBeInstanceOf(Error);
    expect((past as Error).message).toMatch(/^moveCursorToNextPage/);
    const back = await smartstore.moveCursorToPreviousPage(false, second);
    expect(back.currentPageOrderedEntries).toEqual(first.currentPageOrderedEntries);
    const before = await smartstore.moveCursorToPreviousPage(false, back).catch((e: unknown) => e);
    expect((before as Error).message).toMatch(/^moveCursorToPreviousPage/);
    expect((await smartstore.moveCursorToPageIndex(false, back, 1)).currentPageIndex).toBe(1);
    expect(await smartstore.closeCursor(false, back)).toBe('OK');
    await expect(smartstore.moveCursorToPageIndex(false, back, 0)).rejects.toThrow();
  });
});

describe('stores', () => {
  it('keeps the default, named and global stores apart, each an encrypted file', async () => {
    const named = { isGlobalStore: false, storeName: 'USRDB1' };
    const global = { isGlobalStore: true };
    await seeded(named);
    expect(await smartstore.soupExists(named, 'deals')).toBe(true);
    expect(await smartstore.soupExists(false, 'deals')).toBe(false);
    expect(await smartstore.soupExists(global, 'deals')).toBe(false);
    expect(await smartstore.soupExists(true, 'deals')).toBe(false);
    expect(
      await smartstore.soupExists({ isGlobalStore: false, storeName: 'USRDB2' }, 'deals'),
    ).toBe(false);
    const file = join(dataFolder, 'user', 'USRDB1.db');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).subarray(0, 15).toString()).not.toBe('SQLite format 3');
  });

  it('lists named stores only, removes one or all, and sizes a store', async () => {
    await smartstore.soupExists(false, 'x');
    await smartstore.soupExists({ isGlobalStore: false, storeName: 'a' }, 'x');
    await smartstore.soupExists({ isGlobalStore: false, storeName: 'b' }, 'x');
    await smartstore.soupExists({ isGlobalStore: true, storeName: 'g' }, 'x');
    expect(await smartstore.getAllStores()).toEqual([
      { storeName: 'a', isGlobalStore: false },
      { storeName: 'b', isGlobalStore: false },
    ]);
    expect(await smartstore.getAllGlobalStores()).toEqual([
      { storeName: 'g', isGlobalStore: true },
    ]);
    await smartstore.removeStore({ isGlobalStore: false, storeName: 'a' });
    expect(await smartstore.getAllStores()).toEqual([{ storeName: 'b', isGlobalStore: false }]);
    await smartstore.removeAllStores();
    await smartstore.removeAllGlobalStores();
    expect(await smartstore.getAllStores()).toEqual([]);
    expect(await smartstore.getAllGlobalStores()).toEqual([]);
    const size = await smartstore.getDatabaseSize(false);
    expect(size).toBeGreaterThan(0);
  });

  it('grows with data', async () => {
    await smartstore.registerSoup(false, 'big', [{ path: 'n', type: 'integer' }]);
    const before = await smartstore.getDatabaseSize(false);
    await smartstore.upsertSoupEntries(
      false,
      'big',
      Array.from({ length: 2000 }, (_, n) => ({ n, text: 'x'.repeat(200) })),
    );
    expect(await smartstore.getDatabaseSize(false)).toBeGreaterThan(before);
  });

  it('refuses a store name that is not a file name', async () => {
    await expect(
      smartstore.soupExists({ isGlobalStore: false, storeName: '../escape' }, 'x'),
    ).rejects.toThrow(/storeName/);
  });

  it('reset deletes the stores', async () => {
    await seeded();
    await reset();
    expect(await smartstore.soupExists(false, 'deals')).toBe(false);
  });
});
