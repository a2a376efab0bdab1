/**
 * `soupkit sync` beside other processes on one store file: a writer's edits
 * made while `soupkit sync` is between pages are kept, and two `soupkit sync`
 * processes never run one sync up at once (the second reports it running,
 * or waits with `--wait`), so nothing is created twice. The emulator holds a
 * chosen request, so every interleaving is exact.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildAllQuerySpec } from '../../runtime/store/query-spec.js';
import { SmartStore, type StoredEntry } from '../../runtime/store/smart-store.js';
import { createLocally, updateLocally } from '../../runtime/sync/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';
import { serverRecords } from '../helpers/sync.js';
import { spawnCli } from './run-cli.js';
import { KEY, syncProject } from './sync-project.js';

vi.setConfig({ testTimeout: 120_000 });
const org = useEmulator({ describes: SAMPLE_DESCRIBES });
let project: string;

beforeAll(async () => {
  project = await syncProject('soupkit-sync-processes-');
});
afterAll(() => rm(project, { recursive: true, force: true }));

const sync = (store: string, ...more: string[]) =>
  spawnCli(
    [
      'sync',
      '--instance-url',
      org.emulator.instanceUrl,
      '--access-token',
      org.emulator.accessToken,
      '--key-file',
      'store.key',
      '--store',
      store,
      ...more,
    ],
    { cwd: project },
  );

/** Opens the store file as a second process would, runs `fn`, closes it. */
function withStore<T>(file: string, fn: (store: SmartStore) => T): T {
  const store = SmartStore.open({ path: join(project, file), key: KEY });
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

const accounts = (store: SmartStore) =>
  store.query({
    ...buildAllQuerySpec({ soupName: 'Account', orderPath: '_soupEntryId' }),
    pageSize: 100_000,
  }) as StoredEntry[];

describe('soupkit sync and a writer in another process', () => {
  it("keeps every edit the writer makes while soupkit sync's next page is on its way", async () => {
    const ids = org.emulator.org.insert(
      'Account',
      Array.from({ length: 4500 }, (_, i) => ({ Name: `ProcDown ${i}` })),
    );
    expect((await sync('down.db', '--sync', 'syncDownAccount')).code).toBe(0);
    for (const id of ids) org.emulator.org.update('Account', id, { BillingCity: 'Server City' });
    const hold = org.emulator.faults.add({ method: 'GET', path: /\/query\/[^/?]+$/, hold: true });
    const running = sync('down.db', '--sync', 'syncDownAccount');
    await hold.reached();
    const edited = withStore('down.db', (store) => {
      const texts = new Map<number, string>();
      accounts(store).forEach((entry, i) => {
        if (i % 15 !== 0) return;
        const text = `edited locally ${i}`;
        updateLocally(store, 'Account', entry._soupEntryId, { BillingCity: text });
        texts.set(entry._soupEntryId, text);
      });
      return texts;
    });
    hold.remove();
    const run = await running;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(edited.size).toBe(300);
    withStore('down.db', (store) => {
      for (const entry of accounts(store)) {
        const text = edited.get(entry._soupEntryId);
        if (text === undefined)
          expect(entry).toMatchObject({ BillingCity: 'Server City', __local__: false });
        else expect(entry).toMatchObject({ BillingCity: text, __local__: true });
      }
    });
  });
});

describe('two soupkit sync processes', () => {
  it('never run one sync up at once: the second reports it running, --wait waits, nothing is created twice', async () => {
    expect((await sync('up.db', '--sync', 'syncUpAccount')).code).toBe(0);
    withStore('up.db', (store) =>
      store.transaction(() => {
        for (let i = 0; i < 300; i++)
          createLocally(store, 'Account', { Name: `ProcUp ${i}` }, { sobjectType: 'Account' });
      }),
    );
    const hold = org.emulator.faults.add({
      method: 'POST',
      path: '/composite/sobjects',
      hold: true,
    });
    const first = sync('up.db', '--sync', 'syncUpAccount');
    await hold.reached();
    const second = await sync('up.db', '--sync', 'syncUpAccount');
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(
      /syncUpAccount\s+RUNNING .*still running in process \d+ \(--wait waits for it\)/,
    );
    const waiting = sync('up.db', '--sync', 'syncUpAccount', '--wait');
    hold.release();
    const [one, three] = await Promise.all([first, waiting]);
    expect([one.code, one.stderr]).toEqual([0, '']);
    expect([three.code, three.stderr]).toEqual([0, '']);
    expect(three.stdout).toMatch(/syncUpAccount\s+DONE\s+0 records/);
    expect(serverRecords(org, 'Account', 'Name', 'ProcUp ')).toHaveLength(300);
    withStore('up.db', (store) =>
      expect(accounts(store).every((e) => e.__local__ === false)).toBe(true),
    );
  });
});
