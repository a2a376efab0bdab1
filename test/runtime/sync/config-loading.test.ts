/**
 * Config loading as the SDK loads (Android `config/SyncsConfig.kt`
 * `createSyncs`, SmartStore `config/StoreConfig.java` `registerSoups`): an
 * entry the SDK skips is skipped and reported by position and reason (in the
 * answer's `skipped` and to the logger), the others load, and loading again
 * changes nothing; a file that cannot be read loads nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAllQuerySpec } from '../../../runtime/store/query-spec.js';
import { runConfiguredSync, SYNCS_SOUP, SyncManager } from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../helpers/paths.js';
import { memoryStore } from '../../helpers/store-helpers.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

function setup() {
  const store = memoryStore();
  const manager = SyncManager.open({ store, connection: org.connect() });
  const warnings: string[] = [];
  return { store, manager, warnings, logger: { warn: (m: string) => warnings.push(m) } };
}

const ID_INDEXES = [
  { path: 'Id', type: 'string' as const },
  { path: '__local__', type: 'string' as const },
];

const good = {
  syncName: 'goodDown',
  syncType: 'syncDown',
  soupName: 'accounts',
  target: { type: 'soql', query: "SELECT Name FROM Account WHERE Name LIKE 'Loaded%'" },
  options: { mergeMode: 'OVERWRITE' },
};

describe('loadStoreConfig', () => {
  it('registers the good soups, skips and reports the others, and changes nothing when loaded again', async () => {
    const { store, manager, warnings, logger } = setup();
    const config = {
      soups: [
        { soupName: 'accounts', indexes: ID_INDEXES },
        { indexes: ID_INDEXES },
        { soupName: 'noIndexes' },
        { soupName: 'badType', indexes: [{ path: 'Id', type: 'text' }] },
        { soupName: 'contacts', indexes: ID_INDEXES },
      ],
    };
    const added = await manager.loadStoreConfig(config as never, { logger });
    expect([...added]).toEqual(['accounts', 'contacts']);
    expect(added.inStore).toEqual(['accounts', 'contacts']);
    expect(added.skipped).toEqual([
      { position: 1, name: undefined, reason: 'soupName must be a non-empty string' },
      { position: 2, name: 'noIndexes', reason: 'indexes must be a non-empty array' },
      {
        position: 3,
        name: 'badType',
        reason: expect.stringMatching(/^indexes\[0\] must be \{ path, type \} with type one of/),
      },
    ]);
    expect(warnings).toEqual([
      'store config: soups[1] skipped: soupName must be a non-empty string',
      'store config: soups[2] (noIndexes) skipped: indexes must be a non-empty array',
      expect.stringMatching(/^store config: soups\[3\] \(badType\) skipped: indexes\[0\]/),
    ]);
    expect(store.soupExists('noIndexes') || store.soupExists('badType')).toBe(false);
    // An existing soup is left as it is (no index migration), as the SDK leaves it.
    const changed = {
      soups: [{ soupName: 'accounts', indexes: [...ID_INDEXES, { path: 'Name', type: 'string' }] }],
    };
    const again = await manager.loadStoreConfig(changed as never, { logger });
    expect([...again]).toEqual([]);
    expect(again.skipped).toEqual([]);
    expect(again.inStore).toEqual(['accounts']);
    expect(store.getSoupIndexSpecs('accounts').map((spec) => spec.path)).toEqual([
      'Id',
      '__local__',
    ]);
  });
});

describe('loadSyncsConfig', () => {
  it('creates the good syncs, skips and reports the others by position, and changes nothing when loaded again', async () => {
    const { store, manager, warnings, logger } = setup();
    store.registerSoup('accounts', ID_INDEXES);
    const dir = mkdtempSync(join(tmpdir(), 'soupkit-syncs-'));
    const file = join(dir, 'usersyncs.json');
    const syncs = [
      good,
      { ...good, syncName: undefined },
      { ...good, syncName: 'noSoup', soupName: undefined },
      { ...good, syncName: 'badType', syncType: 'syncSideways' },
      { ...good, syncName: 'noTarget', target: undefined },
      { ...good, syncName: 'badMerge', options: { mergeMode: 'SOMETIMES' } },
      { ...good, syncName: 'unknownSoup', soupName: 'missing' },
      { ...good, syncName: 'noQuery', target: { type: 'soql' } },
      {
        ...good,
        syncName: 'customUp',
        syncType: 'syncUp',
        target: { androidImpl: 'com.example.MySyncUpTarget' },
      },
      { ...good, query: 'a second goodDown' },
      {
        syncName: 'goodUp',
        syncType: 'syncUp',
        soupName: 'accounts',
        target: { createFieldlist: ['Name'] },
        options: { mergeMode: 'LEAVE_IF_CHANGED', fieldlist: ['Name'] },
      },
    ];
    writeFileSync(file, JSON.stringify({ syncs }));
    const created = await manager.loadSyncsConfig(file, { logger });
    expect(created.map((s) => [s.name, s.status])).toEqual([
      ['goodDown', 'NEW'],
      ['goodUp', 'NEW'],
    ]);
    expect(created.skipped.map((s) => [s.position, s.name])).toEqual([
      [1, undefined],
      [2, 'noSoup'],
      [3, 'badType'],
      [4, 'noTarget'],
      [5, 'badMerge'],
      [6, 'unknownSoup'],
      [7, 'noQuery'],
      [8, 'customUp'],
      [9, 'goodDown'],
    ]);
    expect(created.skipped.map((s) => s.reason)).toEqual([
      'syncName must be a non-empty string',
      'soupName must be a non-empty string',
      'syncType must be syncDown or syncUp',
      'target must be an object',
      'options.mergeMode must be one of OVERWRITE, LEAVE_IF_CHANGED, MERGE_FIELDS',
      expect.stringContaining('names soup missing, which the store does not have'),
      'No query defined',
      expect.stringContaining('Sync up target com.example.MySyncUpTarget is not one soupkit runs'),
      'a sync named goodDown is earlier in the file',
    ]);
    expect(warnings).toHaveLength(9);
    expect(warnings[1]).toBe(
      `${file}: syncs[2] (noSoup) skipped: soupName must be a non-empty string`,
    );
    expect(store.query({ ...allSyncs(), pageSize: 100 })).toHaveLength(2);

    // Loaded again: nothing created, nothing new in the store; only the bad entries reported again.
    const before = store.query({ ...allSyncs(), pageSize: 100 });
    const again = await manager.loadSyncsConfig(file, { logger });
    expect([...again]).toEqual([]);
    expect(again.skipped).toHaveLength(9);
    // The file's syncs the store holds, created now or before: what `soupkit sync` runs.
    expect(created.inStore).toEqual(['goodDown', 'goodUp']);
    expect(again.inStore).toEqual(['goodDown', 'goodUp']);
    expect(store.query({ ...allSyncs(), pageSize: 100 })).toEqual(before);
    // A sync that exists keeps its state, whatever the file says now (as the SDK keeps it).
    await manager.reSync('goodDown');
    writeFileSync(
      file,
      JSON.stringify({
        syncs: [{ ...good, target: { type: 'soql', query: 'SELECT Id FROM Contact' } }],
      }),
    );
    expect([...(await manager.loadSyncsConfig(file, { logger }))]).toEqual([]);
    expect(manager.getSyncStatus('goodDown')).toMatchObject({
      status: 'DONE',
      target: { query: expect.stringContaining('from Account') },
    });
  });

  it('loads nothing of a file that is not JSON or has no syncs array', async () => {
    const { manager, logger } = setup();
    const dir = mkdtempSync(join(tmpdir(), 'soupkit-syncs-'));
    const file = join(dir, 'usersyncs.json');
    writeFileSync(file, '{ "syncs": [');
    await expect(manager.loadSyncsConfig(file, { logger })).rejects.toMatchObject({
      code: 'SYNC_BAD_CONFIG',
    });
    await expect(manager.loadSyncsConfig({ syncs: {} } as never, { logger })).rejects.toThrow(
      /syncs: must be an array/,
    );
    await expect(manager.loadSyncsConfig(join(dir, 'absent.json'))).rejects.toMatchObject({
      code: 'SYNC_BAD_CONFIG',
    });
  });
});

describe('runConfiguredSync', () => {
  it('runs a good entry, and rejects a bad one with the reason it would be skipped', async () => {
    const { store, manager } = setup();
    store.registerSoup('accounts', ID_INDEXES);
    const done = await runConfiguredSync(manager, good as never);
    expect(done).toMatchObject({ name: 'goodDown', status: 'DONE' });
    await expect(
      runConfiguredSync(manager, { ...good, syncName: 'elsewhere', soupName: 'missing' } as never),
    ).rejects.toMatchObject({
      code: 'SYNC_BAD_CONFIG',
      message: expect.stringContaining('Sync elsewhere: soupName names soup missing'),
    });
  });
});

function allSyncs() {
  return buildAllQuerySpec({ soupName: SYNCS_SOUP, orderPath: 'name' });
}
