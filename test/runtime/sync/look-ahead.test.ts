/**
 * Sync down asks for page k+1 before it saves page k (one page in flight),
 * and keeps every guarantee of a page loop without look-ahead: the emulator
 * holds or spoils a chosen page, and each test waits on the events that say
 * where the run is (a request reached the emulator, a page's progress was
 * reported), never on time. A stop with a page in flight ends between pages;
 * a failed page leaves the state and soup of the pages before it, though the
 * next page was already fetched; a process killed with a page in flight
 * leaves whole pages and a sync that resumes. A refresh asks for its next
 * slice the same way, and sees a stop before asking for one.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SmartStore, type StoredEntry } from '../../../runtime/store/smart-store.js';
import { SyncManager, type SyncState } from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { REPO_ROOT, SAMPLE_DESCRIBES } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/store-helpers.js';
import {
  ACCOUNT_SPECS,
  rejection,
  seedAccounts,
  soupEntries,
  syncSetup,
} from '../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });
/** A next page of a query (`…/query/<locator>`), not the first (`…/query?q=`). */
const NEXT_PAGE = /\/query\/[^/?]+$/;
const RECORDS = 1000;
const PAGE = 200;

/** `RECORDS` Accounts named `<tag> …`, five pages of 200. */
function seed(tag: string): void {
  org.emulator.org.insert(
    'Account',
    Array.from({ length: RECORDS }, (_, i) => ({
      Name: `${tag} ${String(i).padStart(4, '0')}`,
      Description: 'd'.repeat(300),
    })),
  );
}

const target = (tag: string) => ({
  type: 'soql' as const,
  query: `SELECT Name, Description FROM Account WHERE Name LIKE '${tag} %' ORDER BY LastModifiedDate`,
  maxBatchSize: PAGE,
});

/** How many next pages were asked for since `mark`. */
const nextPagesSince = (mark: number) =>
  org.emulator.requestsSince(mark).filter((r) => NEXT_PAGE.test(r.path)).length;

/** Resolves once `onUpdate` has reported a RUNNING state with this progress. */
function progressReached(): { onUpdate: (s: SyncState) => void; at: (p: number) => Promise<void> } {
  const seen = new Set<number>();
  const waiting = new Map<number, () => void>();
  return {
    onUpdate: (s) => {
      if (s.status !== 'RUNNING') return;
      seen.add(s.progress);
      waiting.get(s.progress)?.();
    },
    at: (p) => (seen.has(p) ? Promise.resolve() : new Promise((r) => waiting.set(p, r))),
  };
}

const newest = (entries: readonly StoredEntry[]) =>
  Math.max(...entries.map((e) => Date.parse(String(e.LastModifiedDate).replace('+0000', 'Z'))));

describe('sync down look-ahead', () => {
  it('a page that fails with the next one already fetched leaves the pages before it, and a reSync completes', async () => {
    const tag = 'AheadFail';
    seed(tag);
    const { store, manager } = syncSetup(org);
    // Page 2 comes back with a record whose Id is no Salesforce id.
    const spoiled = org.emulator.faults.add({
      method: 'GET',
      path: NEXT_PAGE,
      rewrite: ({ status, body }) => {
        const page = body as { records: Record<string, unknown>[] };
        return {
          status,
          body: {
            ...page,
            records: [{ ...page.records[0], Id: 'nope' }, ...page.records.slice(1)],
          },
        };
      },
    });
    const mark = org.emulator.requestCount;
    const error = await rejection(
      manager.syncDown({ target: target(tag), soupName: 'accounts', syncName: tag }),
    );
    expect(spoiled.hits).toBe(1);
    expect((error.cause as { code?: string }).code).toBe('SYNC_BAD_RESPONSE');
    expect(error.state?.status).toBe('FAILED');
    // Page 3 was asked for (and answered) before page 2 was looked at: the look-ahead.
    expect(nextPagesSince(mark)).toBe(2);
    // Page 1 alone is stored, and the saved state says no more than that.
    const stored = soupEntries(store, 'accounts');
    expect(stored).toHaveLength(PAGE);
    const saved = manager.getSyncStatus(tag);
    expect(saved?.progress).toBe(20);
    expect(saved?.maxTimeStamp).toBe(newest(stored));
    // Never more than one request at a time: one page in flight.
    expect(org.emulator.maxConcurrentRequests).toBe(1);
    expect((await manager.reSync(tag)).status).toBe('DONE');
    const after = soupEntries(store, 'accounts');
    expect(after).toHaveLength(RECORDS);
    expect(new Set(after.map((e) => e.Id)).size).toBe(RECORDS);
  });

  it('a stop with a page in flight ends after the page before it is saved, asking for no more', async () => {
    const tag = 'AheadStop';
    seed(tag);
    const { store, manager } = syncSetup(org);
    // Page 3 is held: it is in flight while page 2 is saved.
    const held = org.emulator.faults.add({ method: 'GET', path: NEXT_PAGE, after: 1, hold: true });
    const progress = progressReached();
    const mark = org.emulator.requestCount;
    const run = manager.syncDown({
      target: target(tag),
      soupName: 'accounts',
      syncName: tag,
      onUpdate: progress.onUpdate,
    });
    await Promise.all([held.reached(), progress.at(40)]);
    manager.stop();
    held.release();
    const error = await rejection(run);
    expect(error.state?.status).toBe('STOPPED');
    // Page 3 arrived and was dropped; page 4 was never asked for.
    expect(nextPagesSince(mark)).toBe(2);
    const stored = soupEntries(store, 'accounts');
    expect(stored).toHaveLength(2 * PAGE);
    expect(manager.getSyncStatus(tag)?.maxTimeStamp).toBe(newest(stored));
    held.remove();
    const resumed = await manager.restart({ restartStoppedSyncs: true });
    expect(resumed.map((s) => s.status)).toEqual(['DONE']);
    const after = soupEntries(store, 'accounts');
    expect(after).toHaveLength(RECORDS);
    expect(new Set(after.map((e) => e.Id)).size).toBe(RECORDS);
  });

  it('a process killed with a page in flight leaves whole pages and a sync that resumes', async () => {
    const tag = 'AheadKill';
    seed(tag);
    const key = 'look-ahead key';
    const path = join(tempDir(), 'store.db');
    const created = SmartStore.open({ path, key });
    created.registerSoup('accounts', ACCOUNT_SPECS);
    created.close();
    // Page 3 is held, so the kill lands with it in flight and page 2 saved.
    const held = org.emulator.faults.add({ method: 'GET', path: NEXT_PAGE, after: 1, hold: true });
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(REPO_ROOT, 'test', 'runtime', 'sync', 'look-ahead-child.ts'),
        path,
        key,
        org.emulator.instanceUrl,
        org.emulator.accessToken,
        tag,
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    const pageTwoSaved = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('progress 40\n')) resolve();
      });
    });
    const closed = new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', () => resolve());
    });
    try {
      await Promise.race([Promise.all([held.reached(), pageTwoSaved]), closed]);
      child.kill('SIGKILL');
      await closed;
    } finally {
      held.remove();
    }
    expect(output).not.toContain('done');
    const store = SmartStore.open({ path, key });
    try {
      const manager = SyncManager.open({ store, connection: org.connect() });
      const state = manager.getSyncStatus('ahead');
      expect(state?.status).toBe('STOPPED');
      const stored = soupEntries(store, 'accounts');
      expect(stored).toHaveLength(2 * PAGE);
      expect(state?.maxTimeStamp).toBe(newest(stored));
      expect((await manager.reSync('ahead')).status).toBe('DONE');
      const after = soupEntries(store, 'accounts');
      expect(after).toHaveLength(RECORDS);
      expect(new Set(after.map((e) => e.Id)).size).toBe(RECORDS);
    } finally {
      store.close();
    }
  });

  it('a refresh stopped with a slice in flight saves that slice, asks for no more, and restarts to the end', async () => {
    const tag = 'AheadRefresh';
    const ids = seedAccounts(org, tag, 500).sort();
    const { store, manager } = syncSetup(org);
    await manager.syncDown({
      target: { type: 'soql', query: `SELECT Name FROM Account WHERE Name LIKE '${tag} %'` },
      soupName: 'accounts',
    });
    for (const id of ids) org.emulator.org.update('Account', id, { Description: 'changed' });
    // Slices of 100 ids: the third one is held while the second is saved.
    const held = org.emulator.faults.add({ method: 'GET', path: '/query', after: 2, hold: true });
    const progress = progressReached();
    const mark = org.emulator.requestCount;
    const run = manager.syncDown({
      target: {
        type: 'refresh',
        sobjectType: 'Account',
        fieldlist: ['Name', 'Description'],
        soupName: 'accounts',
        countIdsPerSoql: 100,
      },
      soupName: 'accounts',
      syncName: tag,
      onUpdate: progress.onUpdate,
    });
    await Promise.all([held.reached(), progress.at(40)]);
    manager.stop();
    held.release();
    expect((await rejection(run)).state?.status).toBe('STOPPED');
    const queries = () =>
      org.emulator.requestsSince(mark).filter((r) => r.path.includes('/query?')).length;
    // As without look-ahead, the stop is seen before the next slice is asked
    // for: the third slice (in flight) is saved, the fourth never asked for.
    expect(queries()).toBe(3);
    const refreshed = (entries: readonly StoredEntry[]) =>
      entries.filter((e) => e.Description === 'changed').map((e) => e.Id);
    expect(refreshed(soupEntries(store, 'accounts'))).toEqual(ids.slice(0, 300));
    held.remove();
    const resumed = await manager.restart({ restartStoppedSyncs: true });
    expect(resumed.map((s) => s.status)).toEqual(['DONE']);
    expect(refreshed(soupEntries(store, 'accounts'))).toEqual(ids);
  });
});
