/**
 * The offline loop, from the code `soupkit generate` writes (`./generated/`):
 *
 * 1. sync Accounts down with their Contacts into an encrypted store;
 * 2. edit offline: a new account with a contact, a renamed account, a deleted
 *    contact, and a contact the server will refuse;
 * 3. another user renames the same account on the server;
 * 4. sync up with LEAVE_IF_CHANGED: the conflict stays dirty, the refused
 *    record keeps the server's error;
 * 5. sync up with OVERWRITE after fixing the refused record;
 * 6. sync down again;
 * 7. MERGE_FIELDS (soupkit's field-level merge): Accounts come down with a
 *    base copy; offline, Acme grows and Initech a new name, while on
 *    the server Acme moves city and Initech is renamed too;
 * 8. sync up: Acme's edits from both sides are merged; Initech's name is a
 *    conflict (nothing of it sent, left dirty with `__conflicts__`);
 * 9. the app resolves the conflict (keep its own name) and syncs up again.
 *
 * The org is `SF_INSTANCE_URL` / `SF_ACCESS_TOKEN` when both are set, else the
 * local Salesforce REST emulator seeded with `records.json`. The store lives in
 * a temporary folder (or the file given as the first argument); its key is
 * `SOUPKIT_STORE_KEY`, else a demo key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SmartStore } from 'soupkit';
import { startEmulator } from 'soupkit/emulator';
import { type JsforceConnection, openConnection, SyncManager, type SyncState } from 'soupkit/sync';
import {
  accountWithContactsSyncUp,
  bindAccountSoup,
  bindContactSoup,
  registerSoups,
  registerSyncs,
  syncDownAccountWithContacts,
  syncUpAccountWithContacts,
} from './generated/index.js';

const project = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Org {
  readonly label: string;
  readonly connection: JsforceConnection;
  close(): Promise<void>;
}

async function openOrg(): Promise<Org> {
  const { SF_INSTANCE_URL: instanceUrl, SF_ACCESS_TOKEN: accessToken } = process.env;
  if (instanceUrl && accessToken) {
    return {
      label: `the org at ${instanceUrl}`,
      connection: await openConnection({ instanceUrl, accessToken }),
      close: async () => {},
    };
  }
  const emulator = await startEmulator({
    describes: join(project, 'describes'),
    records: join(project, 'records.json'),
  });
  return {
    label: 'the local Salesforce REST emulator (sample records)',
    connection: await openConnection({
      instanceUrl: emulator.instanceUrl,
      accessToken: emulator.accessToken,
    }),
    close: () => emulator.close(),
  };
}

function outcome(state: SyncState): string {
  return `${state.status}, ${state.totalSize} to do`;
}

async function main(storeFile: string): Promise<void> {
  const org = await openOrg();
  const store = SmartStore.open({
    path: storeFile,
    key: process.env.SOUPKIT_STORE_KEY ?? 'demo key: set SOUPKIT_STORE_KEY',
  });
  try {
    console.log(`org: ${org.label}`);
    registerSoups(store);
    const manager = SyncManager.open({ store, connection: org.connection });
    await registerSyncs(manager);
    const accounts = bindAccountSoup(store);
    const contacts = bindContactSoup(store);

    const down = await syncDownAccountWithContacts(manager);
    console.log(
      `1. sync down: ${outcome(down)}; ${accounts.count({ queryType: 'all' })} accounts and ${contacts.count({ queryType: 'all' })} contacts in the encrypted store`,
    );

    const byName = (name: string) => {
      const [found] = accounts.query({ queryType: 'exact', indexPath: 'Name', matchKey: name });
      if (found === undefined) throw new Error(`no account ${name} came down`);
      return found;
    };
    const wayne = accounts.createLocally({ Name: 'Wayne Enterprises', Industry: 'Technology' });
    contacts.createLocally({ FirstName: 'Bruce', LastName: 'Wayne', AccountId: wayne.Id });
    const globex = byName('Globex');
    accounts.updateLocally(globex._soupEntryId, { Name: 'Globex Corporation' });
    const [runner] = contacts.query({
      queryType: 'exact',
      indexPath: 'Name',
      matchKey: 'Road Runner',
    });
    if (runner !== undefined) contacts.deleteLocally(runner._soupEntryId);
    const initech = byName('Initech');
    const refused = contacts.createLocally({ LastName: 'B'.repeat(90), AccountId: initech.Id });
    const dirty = accounts.dirtyRecords().length + contacts.dirtyRecords().length;
    console.log(
      `2. offline: created Wayne Enterprises with Bruce Wayne, renamed Globex, deleted Road Runner, added a contact with a 90-character last name; ${dirty} records to sync up`,
    );

    await org.connection.sobject('Account').update({ Id: globex.Id, Name: 'Globex Industries' });
    console.log('3. meanwhile on the server: someone else renamed Globex to Globex Industries');

    const careful = await syncUpAccountWithContacts(manager);
    const conflicts = accounts.dirtyRecords().filter((a) => a.__last_error__ === undefined);
    const errors = contacts.dirtyRecords().filter((c) => c.__last_error__ !== undefined);
    console.log(
      `4. sync up (LEAVE_IF_CHANGED): ${outcome(careful)}; conflict left dirty: ${conflicts.map((a) => a.Name).join(', ') || 'none'}; refused by the server: ${errors.map((c) => JSON.parse(String(c.__last_error__)).errorCode ?? 'error').join(', ') || 'none'}`,
    );

    contacts.updateLocally(refused._soupEntryId, { LastName: 'Lumbergh' });
    const forced = await manager.syncUp({
      target: accountWithContactsSyncUp.target,
      soupName: accountWithContactsSyncUp.soupName,
      options: { mergeMode: 'OVERWRITE' },
    });
    const onServer = await org.connection.sobject('Account').retrieve(globex.Id);
    console.log(
      `5. sync up (OVERWRITE): ${outcome(forced)}; the server now says ${(onServer as { Name?: string }).Name}; ${accounts.dirtyRecords().length + contacts.dirtyRecords().length} records dirty`,
    );

    const again = await syncDownAccountWithContacts(manager);
    console.log(
      `6. sync down again: ${again.status}; ${accounts.count({ queryType: 'all' })} accounts and ${contacts.count({ queryType: 'all' })} contacts, Wayne Enterprises has id ${byName('Wayne Enterprises').Id.startsWith('local_') ? 'still local' : 'from the server'}`,
    );

    const merging = { mergeMode: 'MERGE_FIELDS' as const };
    await manager.syncDown({
      target: {
        type: 'soql',
        query: 'SELECT Id, Name, NumberOfEmployees, BillingCity, LastModifiedDate FROM Account',
      },
      soupName: 'Account',
      options: merging,
    });
    const acme = byName('Acme Corporation');
    const initechHere = byName('Initech');
    accounts.updateLocally(acme._soupEntryId, { NumberOfEmployees: 1250 });
    accounts.updateLocally(initechHere._soupEntryId, { Name: 'Initech Ltd' });
    await org.connection.sobject('Account').update([
      { Id: acme.Id, BillingCity: 'Shelbyville' },
      { Id: initechHere.Id, Name: 'Initech LLC' },
    ]);
    console.log(
      '7. MERGE_FIELDS: offline, Acme grows to 1250 employees and Initech is renamed Initech Ltd; on the server, Acme moves to Shelbyville and Initech is renamed Initech LLC',
    );

    const upMerged = () =>
      manager.syncUp({
        target: {
          createFieldlist: ['Name', 'NumberOfEmployees', 'BillingCity'],
          updateFieldlist: ['Name', 'NumberOfEmployees', 'BillingCity'],
        },
        soupName: 'Account',
        options: merging,
      });
    const merged = await upMerged();
    const acmeThere = (await org.connection.sobject('Account').retrieve(acme.Id)) as {
      NumberOfEmployees?: number;
      BillingCity?: string;
    };
    const acmeHere = byName('Acme Corporation');
    const same =
      acmeHere.NumberOfEmployees === acmeThere.NumberOfEmployees &&
      acmeHere.BillingCity === acmeThere.BillingCity;
    const [open] = accounts.conflicts();
    const conflict = open?.conflicts[0];
    console.log(
      `8. sync up (MERGE_FIELDS): ${outcome(merged)}; Acme merged: ${acmeThere.NumberOfEmployees} employees and ${acmeThere.BillingCity} ${same ? 'on both sides' : 'on the server only'}; conflict on ${conflict?.field} of ${String(conflict?.base)}: ${String(conflict?.local)} here, ${String(conflict?.server)} on the server, nothing of it sent`,
    );

    if (open !== undefined) accounts.resolveConflicts(open.entry._soupEntryId, { Name: 'local' });
    const resolved = await upMerged();
    const initechThere = (await org.connection.sobject('Account').retrieve(initechHere.Id)) as {
      Name?: string;
    };
    console.log(
      `9. resolved Name (keep local), sync up (MERGE_FIELDS): ${outcome(resolved)}; the server now says ${initechThere.Name}; ${accounts.conflicts().length} conflicts, ${accounts.dirtyRecords().length} records dirty`,
    );
  } finally {
    store.close();
    await org.close();
  }
}

const given = process.argv[2];
const dir = given === undefined ? mkdtempSync(join(tmpdir(), 'soupkit-offline-')) : undefined;
try {
  await main(given ?? join(dir as string, 'offline.db'));
} finally {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}
