/**
 * A store as `soupkit status` and `soupkit inspect` meet it after a bad day,
 * made with the code of examples/offline-sync (its generated soups and syncs)
 * against the test's emulator: synced down, edited offline (created, updated,
 * deleted), one record refused by the server (`__last_error__`), and one sync
 * `FAILED`. `runOfflineExample` runs the example itself into the file first.
 */
import { execFile } from 'node:child_process';
import { openConnection, SyncManager } from 'soupkit/sync';
import type { Emulator } from '../../emulator/index.js';
import {
  bindAccountSoup,
  bindContactSoup,
  registerSoups,
  registerSyncs,
  syncDownAccountWithContacts,
  syncUpAccountWithContacts,
} from '../../examples/offline-sync/src/generated/index.js';
import { SmartStore } from '../../runtime/store/smart-store.js';
import { REPO_ROOT } from './paths.js';

/** What `leaveTroubleInStore` left: the names the tests look for. */
export const TROUBLE = {
  /** The account renamed offline, not synced up. */
  renamed: 'Umbrella Offline',
  /** The contact the server refused (a last name of 90 characters). */
  refusedLastName: 'B'.repeat(90),
  /** The sync that ends FAILED (its query is refused by a fault). */
  failedSync: 'syncDownContact',
  failedMessage: 'refused by the test',
} as const;

/**
 * Runs examples/offline-sync (`src/main.ts`, as `npm start` does) against the
 * emulator into `file`, in a child process; rejects when it fails.
 */
export function runOfflineExample(file: string, key: string, emulator: Emulator): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'examples/offline-sync/src/main.ts', file],
      {
        cwd: REPO_ROOT,
        timeout: 90_000,
        env: {
          ...process.env,
          SF_INSTANCE_URL: emulator.instanceUrl,
          SF_ACCESS_TOKEN: emulator.accessToken,
          SOUPKIT_STORE_KEY: key,
        },
      },
      (error, _stdout, stderr) =>
        error === null ? resolve() : reject(new Error(`offline example failed: ${stderr}`)),
    );
  });
}

/**
 * Syncs down (when the soups are new), then leaves dirty records, a refused
 * record and a FAILED sync in the store at `file`.
 */
export async function leaveTroubleInStore(
  file: string,
  key: string,
  emulator: Emulator,
): Promise<void> {
  const store = SmartStore.open({ path: file, key });
  try {
    registerSoups(store);
    const connection = await openConnection({
      instanceUrl: emulator.instanceUrl,
      accessToken: emulator.accessToken,
    });
    const manager = SyncManager.open({ store, connection });
    await registerSyncs(manager);
    await syncDownAccountWithContacts(manager);
    const accounts = bindAccountSoup(store);
    const contacts = bindContactSoup(store);
    // `Initech`, or `Initech Ltd` once the offline example's merge steps renamed it.
    const [initech] = accounts.query({
      queryType: 'like',
      indexPath: 'Name',
      likeKey: 'Initech%',
    });
    if (initech === undefined) throw new Error('no Initech came down');
    contacts.createLocally({ LastName: TROUBLE.refusedLastName, AccountId: initech.Id });
    await syncUpAccountWithContacts(manager);
    // Edits after the sync up stay dirty: one created, one updated, one deleted.
    accounts.createLocally({ Name: 'Stark Industries', Industry: 'Energy' });
    const [umbrella] = accounts.query({
      queryType: 'like',
      indexPath: 'Name',
      likeKey: 'Umbrella%',
    });
    if (umbrella !== undefined) {
      accounts.updateLocally(umbrella._soupEntryId, { Name: TROUBLE.renamed });
    }
    const [first] = contacts.query({ queryType: 'like', indexPath: 'Name', likeKey: 'Wile%' });
    if (first !== undefined) contacts.deleteLocally(first._soupEntryId);
    const fault = emulator.faults.add({
      path: '/query',
      times: Number.POSITIVE_INFINITY,
      respond: {
        status: 400,
        body: [{ errorCode: 'MALFORMED_QUERY', message: TROUBLE.failedMessage }],
      },
    });
    try {
      await manager.reSync(TROUBLE.failedSync).catch(() => undefined);
    } finally {
      fault.remove();
    }
  } finally {
    store.close();
  }
}
