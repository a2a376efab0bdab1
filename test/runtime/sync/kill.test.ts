/**
 * A process killed with SIGKILL in the middle of a sync (down and up), at
 * moments spread over the sync's run: the store reopens with the sync STOPPED,
 * no partial page, no lost dirty record; a reSync completes it, and the org
 * holds each record once.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SmartStore } from '../../../runtime/store/smart-store.js';
import { createLocally, isLocalId, SyncManager } from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { REPO_ROOT, SAMPLE_DESCRIBES } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/store-helpers.js';
import { ACCOUNT_SPECS, serverRecords, soupEntries } from '../../helpers/sync.js';

// A little latency per call makes a run long enough to be cut in many places.
const org = useEmulator({ describes: SAMPLE_DESCRIBES, latencyMs: 15 });
const CHILD = join(REPO_ROOT, 'test', 'helpers', 'sync-child.ts');
const KEY = 'kill test key';
const KILLS = 6;
const RECORDS = 1200;
const DESCRIPTION = 'x'.repeat(600);

/** Runs the child; kills it `killAfterMs` after it says `started` (never when undefined). */
function runChild(
  path: string,
  mode: 'down' | 'up',
  tag: string,
  killAfterMs?: number,
): Promise<{ finished: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        CHILD,
        path,
        KEY,
        org.emulator.instanceUrl,
        org.emulator.accessToken,
        mode,
        tag,
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    let started = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (started === 0 && output.includes('started')) {
        started = performance.now();
        if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', reject);
    child.on('close', () =>
      resolve({ finished: output.includes('done'), ms: performance.now() - started }),
    );
  });
}

function newStoreFile(fill?: (store: SmartStore) => void): string {
  const path = join(tempDir(), 'store.db');
  const store = SmartStore.open({ path, key: KEY });
  store.registerSoup('accounts', ACCOUNT_SPECS);
  fill?.(store);
  store.close();
  return path;
}

/** Opens the file as an app would after the kill (the manager stops what was left RUNNING). */
function reopen(path: string): { store: SmartStore; manager: SyncManager } {
  const store = SmartStore.open({ path, key: KEY });
  return { store, manager: SyncManager.open({ store, connection: org.connect() }) };
}

describe('sync down killed with SIGKILL', () => {
  it('leaves whole pages and a resumable sync at every moment it is killed', async () => {
    const tag = 'KillDown';
    org.emulator.org.insert(
      'Account',
      Array.from({ length: RECORDS }, (_, i) => ({
        Name: `${tag} ${i}`,
        Description: DESCRIPTION,
      })),
    );
    const full = await runChild(newStoreFile(), 'down', tag);
    expect(full.finished).toBe(true);
    let cut = 0;
    for (let k = 0; k < KILLS; k++) {
      const path = newStoreFile();
      const killAt = (full.ms * (k + 0.5)) / KILLS;
      const run = await runChild(path, 'down', tag, killAt);
      const { store, manager } = reopen(path);
      try {
        const state = manager.getSyncStatus('killed down');
        const stored = soupEntries(store, 'accounts');
        if (!run.finished) {
          cut++;
          expect(state?.status ?? 'NEW').not.toBe('RUNNING');
        }
        expect(stored.length % 200, `killed at ${killAt.toFixed(0)} ms`).toBe(0);
        // The saved progress says no more than what is stored.
        if (state !== null && state.maxTimeStamp > 0) {
          const newest = Math.max(
            ...stored.map((e) => Date.parse(String(e.LastModifiedDate).replace('+0000', 'Z'))),
          );
          expect(state.maxTimeStamp).toBeLessThanOrEqual(newest);
        }
        if (state !== null && state.status !== 'DONE')
          expect((await manager.reSync('killed down')).status).toBe('DONE');
        else if (state === null)
          await manager.syncDown({
            target: { type: 'soql', query: `SELECT Name FROM Account WHERE Name LIKE '${tag} %'` },
            soupName: 'accounts',
          });
        const after = soupEntries(store, 'accounts');
        expect(after).toHaveLength(RECORDS);
        expect(new Set(after.map((e) => e.Id)).size).toBe(RECORDS);
      } finally {
        store.close();
      }
    }
    expect(cut).toBeGreaterThan(KILLS / 2);
  });
});

describe('sync up killed with SIGKILL', () => {
  it('loses no dirty record and creates nothing twice, at every moment it is killed', async () => {
    const fill = (tag: string) => (store: SmartStore) =>
      store.transaction(() => {
        for (let i = 0; i < 600; i++)
          createLocally(
            store,
            'accounts',
            { Name: `${tag} ${i}`, Description: DESCRIPTION },
            { sobjectType: 'Account' },
          );
      });
    const full = await runChild(newStoreFile(fill('KillUpFull')), 'up', 'KillUpFull');
    expect(full.finished).toBe(true);
    let cut = 0;
    for (let k = 0; k < KILLS; k++) {
      const tag = `KillUp${k}`;
      const path = newStoreFile(fill(tag));
      const run = await runChild(path, 'up', tag, (full.ms * (k + 0.5)) / KILLS);
      const { store, manager } = reopen(path);
      try {
        if (!run.finished) cut++;
        const local = soupEntries(store, 'accounts');
        expect(local).toHaveLength(600);
        const onServer = new Set(serverRecords(org, 'Account', 'Name', `${tag} `).map((r) => r.Id));
        for (const entry of local) {
          // Synced (its server id is on the server) or still created locally.
          if (entry.__local__ === false) expect(onServer.has(entry.Id)).toBe(true);
          else expect(entry).toMatchObject({ __locally_created__: true, Description: DESCRIPTION });
        }
        if (!run.finished) expect((await manager.reSync('killed up')).status).toBe('DONE');
        const server = serverRecords(org, 'Account', 'Name', `${tag} `);
        expect(server).toHaveLength(600);
        expect(new Set(server.map((r) => r.Name)).size).toBe(600);
        const after = soupEntries(store, 'accounts');
        expect(after.every((e) => e.__local__ === false && !isLocalId(e.Id))).toBe(true);
        expect(new Set(after.map((e) => e.Id))).toEqual(new Set(server.map((r) => r.Id)));
      } finally {
        store.close();
      }
    }
    expect(cut).toBeGreaterThan(KILLS / 2);
  });
});
