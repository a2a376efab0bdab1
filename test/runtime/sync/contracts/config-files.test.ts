/**
 * Loading `userstore.json` / `usersyncs.json`: the generator's own output for
 * examples/basic, run against the emulator serving the samples and their seed
 * records; loading twice duplicates nothing. Bad entries: config-loading.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAllQuerySpec } from '../../../../runtime/store/query-spec.js';
import { SyncManager } from '../../../../runtime/sync/index.js';
import { useEmulator } from '../../../helpers/emulator.js';
import { REPO_ROOT, SAMPLE_DESCRIBES, SAMPLE_RECORDS } from '../../../helpers/paths.js';
import { memoryStore } from '../../../helpers/store-helpers.js';

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
});
