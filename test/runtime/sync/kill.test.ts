/**
 * A process killed with SIGKILL in the middle of a sync (down and up), at
 * request after request of its run: the emulator holds the chosen request (or
 * its answer, after applying it) and the test kills the child once the
 * request has arrived, so each kill lands where it is meant to whatever the
 * machine's load. The store reopens with the sync STOPPED, no partial page,
 * no lost dirty record; a reSync completes it, and the org holds each record
 * once.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../../emulator/index.js';
import { SmartStore } from '../../../runtime/store/smart-store.js';
import { createLocally, isLocalId, SyncManager } from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { REPO_ROOT, SAMPLE_DESCRIBES } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/store-helpers.js';
import { ACCOUNT_SPECS, serverRecords, soupEntries } from '../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });
const CHILD = join(REPO_ROOT, 'test', 'helpers', 'sync-child.ts');
const KEY = 'kill test key';
const RECORDS = 1200;
const DESCRIPTION = 'x'.repeat(600);

/**
 * Runs the child and kills it once `fault` has held its request (the child
 * then waits on it); resolves whether it finished on its own (it cannot
 * while held).
 */
async function runChild(
  path: string,
  mode: 'down' | 'up',
  tag: string,
  fault?: FaultSpec,
): Promise<{ finished: boolean }> {
  const held = fault === undefined ? undefined : org.emulator.faults.add(fault);
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
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const closed = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve());
  });
  try {
    if (held !== undefined) {
      await Promise.race([held.reached(), closed]);
      child.kill('SIGKILL');
    }
    await closed;
  } finally {
    held?.remove();
  }
  return { finished: output.includes('done') };
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

/** A next page of a query (`…/query/<locator>`). */
const NEXT_PAGE = /\/query\/[^/?]+$/;

describe('sync down killed with SIGKILL', () => {
  it('leaves whole pages and a resumable sync, killed while each page is on its way', async () => {
    const tag = 'KillDown';
    org.emulator.org.insert(
      'Account',
      Array.from({ length: RECORDS }, (_, i) => ({
        Name: `${tag} ${i}`,
        Description: DESCRIPTION,
      })),
    );
    // Pages of 200: the kill comes while page 2, then page 5, is on its way.
    for (const page of [1, 4]) {
      const path = newStoreFile();
      const run = await runChild(path, 'down', tag, {
        method: 'GET',
        path: NEXT_PAGE,
        after: page - 1,
        hold: true,
      });
      expect(run.finished).toBe(false);
      const { store, manager } = reopen(path);
      try {
        const state = manager.getSyncStatus('killed down');
        expect(state?.status).toBe('STOPPED');
        const stored = soupEntries(store, 'accounts');
        // Page k+1 is asked for before page k is saved (look-ahead): the kill
        // lands before or after that save, and leaves whole pages either way.
        expect(
          [(page - 1) * 200, page * 200],
          `killed while page ${page + 1} was on its way`,
        ).toContain(stored.length);
        // The saved progress says no more than what is stored (nothing yet: -1).
        const newest = Math.max(
          -1,
          ...stored.map((e) => Date.parse(String(e.LastModifiedDate).replace('+0000', 'Z'))),
        );
        expect(state?.maxTimeStamp).toBe(newest);
        expect((await manager.reSync('killed down')).status).toBe('DONE');
        const after = soupEntries(store, 'accounts');
        expect(after).toHaveLength(RECORDS);
        expect(new Set(after.map((e) => e.Id)).size).toBe(RECORDS);
      } finally {
        store.close();
      }
    }
  });
});

describe('sync up killed with SIGKILL', () => {
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

  // Batches of 50: killed at the 1st and 6th create call, before the server
  // applied it and after (its answer never delivered).
  const points = [0, 5].flatMap((call) => [
    { call, nth: call + 1, applied: false },
    { call, nth: call + 1, applied: true },
  ]);
  it.each(points)(
    'loses no dirty record and creates nothing twice, killed at create call $nth (applied: $applied)',
    async ({ call, applied }) => {
      const tag = `KillUp${call}${applied ? 'a' : 'b'}`;
      const path = newStoreFile(fill(tag));
      const run = await runChild(path, 'up', tag, {
        method: 'POST',
        path: '/composite/sobjects',
        after: call,
        // Held, then (once the child is dead) applied with no answer, or dropped unapplied.
        ...(applied ? { holdAnswer: true } : { hold: true, drop: true }),
      });
      expect(run.finished).toBe(false);
      const { store, manager } = reopen(path);
      try {
        expect(manager.getSyncStatus('killed up')?.status).toBe('STOPPED');
        const local = soupEntries(store, 'accounts');
        expect(local).toHaveLength(600);
        const onServer = new Set(serverRecords(org, 'Account', 'Name', `${tag} `).map((r) => r.Id));
        // The held call, and (two batches go out at once) the ones sent beside it meanwhile.
        expect(onServer.size).toBeGreaterThanOrEqual((call + (applied ? 1 : 0)) * 50);
        for (const entry of local) {
          // Synced (its server id is on the server) or still created locally.
          if (entry.__local__ === false) expect(onServer.has(entry.Id)).toBe(true);
          else expect(entry).toMatchObject({ __locally_created__: true, Description: DESCRIPTION });
        }
        expect((await manager.reSync('killed up')).status).toBe('DONE');
        const server = serverRecords(org, 'Account', 'Name', `${tag} `);
        expect(server).toHaveLength(600);
        expect(new Set(server.map((r) => r.Name)).size).toBe(600);
        const after = soupEntries(store, 'accounts');
        expect(after.every((e) => e.__local__ === false && !isLocalId(e.Id))).toBe(true);
        expect(new Set(after.map((e) => e.Id))).toEqual(new Set(server.map((r) => r.Id)));
      } finally {
        store.close();
      }
    },
  );
});
