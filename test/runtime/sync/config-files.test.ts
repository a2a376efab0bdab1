/**
 * Loading `userstore.json` / `usersyncs.json`: the generator's own output for
 * examples/basic, run against the emulator serving the samples and their seed
 * records; loading twice duplicates nothing; bad entries are named and nothing
 * of the file is applied.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAllQuerySpec } from '../../../runtime/store/query-spec.js';
import { SyncManager } from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { REPO_ROOT, SAMPLE_DESCRIBES, SAMPLE_RECORDS } from '../../helpers/paths.js';
import { memoryStore } from '../../helpers/store-helpers.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES, records: SAMPLE_RECORDS });
const GENERATED = join(REPO_ROOT, 'examples', 'basic', 'src', 'generated');

describe('loadStoreConfig and loadSyncsConfig', () => {
  it('load the generated files, run the generated sync down, and change nothing when loaded again', async () => {
    const store = memoryStore();
    const manager = SyncManager.open({ store, connection: org.connect() });
    const soups = await manager.loadStoreConfig(join(GENERATED, 'userstore.json'));
    expect(soups).toContain('Account');
    const created = await manager.loadSyncsConfig(join(GENERATED, 'usersyncs.json'));
    expect(created.map((s) => s.name)).toContain('syncDownAccount');
    expect(created.every((s) => s.status === 'NEW')).toBe(true);
    expect(await manager.loadStoreConfig(join(GENERATED, 'userstore.json'))).toEqual([]);
    expect(await manager.loadSyncsConfig(join(GENERATED, 'usersyncs.json'))).toEqual([]);
    const done = await manager.reSync('syncDownAccount');
    expect(done).toMatchObject({ status: 'DONE', totalSize: 5 });
    const accounts = store.query({
      ...buildAllQuerySpec({ soupName: 'Account', orderPath: 'Name' }),
      pageSize: 100,
    });
    expect(accounts.map((a) => (a as Record<string, unknown>).Name)).toEqual([
      'Acme Corporation',
      'Globex',
      'Hooli',
      'Initech',
      'Umbrella Corporation',
    ]);
  });

  it('name the bad entry and create nothing of a file with one', async () => {
    const store = memoryStore();
    store.registerSoup('accounts', [
      { path: 'Id', type: 'string' },
      { path: '__local__', type: 'string' },
    ]);
    const manager = SyncManager.open({ store, connection: org.connect() });
    const good = {
      syncName: 'good',
      syncType: 'syncDown',
      soupName: 'accounts',
      target: { type: 'soql', query: 'SELECT Id FROM Account' },
      options: { mergeMode: 'OVERWRITE' },
    };
    await expect(
      manager.loadSyncsConfig({
        syncs: [good, { ...good, syncName: 'bad', options: { mergeMode: 'SOMETIMES' } }],
      } as never),
    ).rejects.toThrow(/syncs\[1\]\.options\.mergeMode: must be one of OVERWRITE, LEAVE_IF_CHANGED/);
    await expect(
      manager.loadSyncsConfig({
        syncs: [good, { ...good, syncName: 'nosoup', soupName: 'missing' }],
      } as never),
    ).rejects.toMatchObject({
      code: 'SYNC_BAD_CONFIG',
    });
    await expect(
      manager.loadSyncsConfig({
        syncs: [
          good,
          {
            ...good,
            syncName: 'custom up',
            syncType: 'syncUp',
            target: { androidImpl: 'com.example.MySyncUpTarget' },
          },
        ],
      } as never),
    ).rejects.toThrow(
      /syncs\[1\] \(custom up\): Sync up target com.example.MySyncUpTarget is not one soupkit runs/,
    );
    await expect(
      manager.loadSyncsConfig({
        syncs: [good, { ...good, syncName: 'no query', target: { type: 'soql' } }],
      } as never),
    ).rejects.toThrow(/syncs\[1\] \(no query\): No query defined/);
    expect(manager.getSyncStatus('good')).toBeNull();
    await expect(
      manager.loadStoreConfig({
        soups: [{ soupName: 'x', indexes: [{ path: 'Id', type: 'text' }] }],
      } as never),
    ).rejects.toThrow(/soups\[0\]\.indexes\[0\]/);
    expect(store.soupExists('x')).toBe(false);
    await expect(manager.loadSyncsConfig('/nonexistent/usersyncs.json')).rejects.toMatchObject({
      code: 'SYNC_BAD_CONFIG',
    });
  });
});
