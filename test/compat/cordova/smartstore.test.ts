/**
 * `soupkit/cordova` smartstore: the plugin (callbacks, store config optional
 * or boolean) and its promise client, as hybrid apps call them.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCordova } from '../../../compat/cordova/index.js';
import type { smartstoreClient } from '../../../compat/cordova/smartstore-client.js';
import { configure, reset } from '../../../compat/index.js';

type Fn = (...args: unknown[]) => unknown;
type AsyncFn = (...args: unknown[]) => Promise<unknown>;

const cordova = createCordova();
const plugin = cordova.require('com.salesforce.plugin.smartstore') as Record<string, Fn>;
const client = cordova.require('com.salesforce.plugin.smartstore.client') as ReturnType<
  typeof smartstoreClient
>;
const { promiser } = cordova.require('com.salesforce.util.promiser') as {
  promiser: (object: object, method: string) => AsyncFn;
};
const SPECS = [
  { path: 'name', type: 'string' },
  { path: 'shots', type: 'integer' },
];

beforeAll(() => {
  configure();
});
afterEach(() => reset());

function call(name: string, ...args: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    plugin[name]?.(...args, resolve, reject);
  });
}

describe('the smartstore plugin', () => {
  it('takes the store config as an object, a boolean, or not at all (no shift)', async () => {
    expect(await call('registerSoup', 'guns', SPECS)).toBe('guns');
    expect(await call('soupExists', false, 'guns')).toBe(true);
    expect(await call('soupExists', { isGlobalStore: false }, 'guns')).toBe(true);
    expect(await call('soupExists', true, 'guns')).toBe(false);
    expect(await call('soupExists', { isGlobalStore: true, storeName: 'g' }, 'guns')).toBe(false);
    expect(await call('removeSoup', 'guns')).toBe('OK');
    expect(await call('soupExists', 'guns')).toBe(false);
  });

  it('builds specs with every key, null for the unused ones, and has the constructors', () => {
    const build = plugin.buildRangeQuerySpec as Fn;
    expect(build('shots', 10, 100, 'ascending', 5)).toEqual({
      queryType: 'range',
      indexPath: 'shots',
      matchKey: null,
      likeKey: null,
      beginKey: 10,
      endKey: 100,
      smartSql: null,
      orderPath: 'shots',
      order: 'ascending',
      pageSize: 5,
      selectPaths: null,
    });
    const QuerySpec = plugin.QuerySpec as unknown as new (path: string) => Record<string, unknown>;
    expect(new QuerySpec('name')).toMatchObject({
      queryType: 'exact',
      indexPath: 'name',
      pageSize: 10,
    });
    const Spec = plugin.SoupIndexSpec as unknown as new (p: string, t: string) => object;
    expect({ ...new Spec('name', 'string') }).toEqual({ path: 'name', type: 'string' });
    const Config = plugin.StoreConfig as unknown as new (n: string, g: boolean) => object;
    expect({ ...new Config('s', true) }).toEqual({ storeName: 's', isGlobalStore: true });
    const Cursor = plugin.StoreCursor as unknown as new () => object;
    expect(new Cursor()).toMatchObject({ totalPages: 0, currentPageOrderedEntries: [] });
  });

  it('runs the hybrid SmartStore suite semantics through promiser and the client', async () => {
    const register = promiser(plugin, 'registerSoup');
    await register('guns', SPECS);
    const saved = (await client.upsertSoupEntries('guns', [
      { name: 'Colt', shots: 6 },
      { name: 'Winchester', shots: 12 },
      { name: 'Gatling', shots: 200 },
    ])) as { _soupEntryId: number }[];
    const range = (await client.querySoup(
      'guns',
      (plugin.buildRangeQuerySpec as Fn)('shots', 10, 100, 'ascending', 10),
    )) as { currentPageOrderedEntries: { name: string }[] };
    expect(range.currentPageOrderedEntries.map((e) => e.name)).toEqual(['Winchester']);
    const ids = saved.map((e) => e._soupEntryId);
    expect(
      ((await client.retrieveSoupEntries('guns', [ids[2], ids[0]])) as { name: string }[]).map(
        (e) => e.name,
      ),
    ).toEqual(['Gatling', 'Colt']);
    const count = (await client.runSmartQuery(
      (plugin.buildSmartQuerySpec as Fn)('select count(*) from {guns}', 1),
    )) as {
      currentPageOrderedEntries: unknown[];
    };
    expect(count.currentPageOrderedEntries).toEqual([[3]]);
    const paged = (await client.querySoup(
      'guns',
      (plugin.buildAllQuerySpec as Fn)('name', 'ascending', 2),
    )) as {
      currentPageIndex: number;
      totalPages: number;
    };
    const next = (await client.moveCursorToNextPage(paged)) as { currentPageIndex: number };
    expect(next.currentPageIndex).toBe(1);
    const error = await client.moveCursorToNextPage(next).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^moveCursorToNextPage/);
    expect(await client.closeCursor(next)).toBe('OK');
    expect(
      await client.removeFromSoup('guns', (plugin.buildLikeQuerySpec as Fn)('name', 'G%')),
    ).toBe('OK');
    expect(await client.removeFromSoup(false, 'guns', [ids[0]])).toBe('OK');
    expect(
      (
        (await client.querySoup('guns', (plugin.buildAllQuerySpec as Fn)('name'))) as {
          totalEntries: number;
        }
      ).totalEntries,
    ).toBe(1);
    await client.upsertSoupEntriesWithExternalId(
      'guns',
      [{ name: 'Winchester', shots: 15 }],
      'name',
    );
    await client.alterSoup('guns', [...SPECS, { path: 'maker', type: 'string' }], true);
    await client.reIndexSoup('guns', ['maker']);
    expect(await client.getSoupIndexSpecs('guns')).toEqual([
      ...SPECS,
      { path: 'maker', type: 'string' },
    ]);
    await client.clearSoup('guns');
    expect(await client.getDatabaseSize()).toBeGreaterThan(0);
    await expect(client.querySoup('guns', { queryType: null })).rejects.toThrow(/queryType/);
  });

  it('orders a spec without orderPath by its indexPath, case-sensitively as SQLite does', async () => {
    await client.registerSoup('guns', SPECS);
    await client.upsertSoupEntries('guns', [{ name: 'bcd' }, { name: 'EFG' }, { name: 'ABC' }]);
    const found = (await client.querySoup('guns', {
      queryType: 'like',
      indexPath: 'name',
      likeKey: '%',
      order: 'ascending',
      pageSize: 3,
    })) as { currentPageOrderedEntries: { name: string }[] };
    expect(found.currentPageOrderedEntries.map((e) => e.name)).toEqual(['ABC', 'EFG', 'bcd']);
  });

  it('lists, removes and keeps named and global stores apart', async () => {
    await client.registerSoupWithSpec(
      { isGlobalStore: false, storeName: 'USRDB1' },
      { name: 's' },
      SPECS,
    );
    await client.soupExists({ isGlobalStore: true, storeName: 'GLOBAL1' }, 's');
    expect(await client.soupExists({ isGlobalStore: false, storeName: 'USRDB2' }, 's')).toBe(false);
    expect(await client.getAllStores()).toEqual([
      { storeName: 'USRDB1', isGlobalStore: false },
      { storeName: 'USRDB2', isGlobalStore: false },
    ]);
    expect(await client.getAllGlobalStores()).toEqual([
      { storeName: 'GLOBAL1', isGlobalStore: true },
    ]);
    await client.removeStore({ isGlobalStore: false, storeName: 'USRDB2' });
    await client.removeAllGlobalStores();
    expect(await client.getAllGlobalStores()).toEqual([]);
    await client.removeAllStores();
    expect(await client.getAllStores()).toEqual([]);
  });
});
