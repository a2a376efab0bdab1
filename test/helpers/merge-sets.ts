/**
 * A multi-select changed on both sides, for the MERGE_FIELDS tests: an
 * Account of the recorded describes brought down with `npsp__Funding_Focus__c`
 * at `Education;Arts and Culture`, then the server drops Arts and Culture and
 * the app adds Health Services, so a sync up sends the merged set
 * `Education;Health Services`.
 */
import type { SmartStore, StoredEntry } from '../../runtime/store/smart-store.js';
import { type SyncManager, type SyncState, updateLocally } from '../../runtime/sync/index.js';
import type { EmulatorFixture } from './emulator.js';
import { soupEntries, syncSetup } from './sync.js';

/** The multi-select the tests change. */
export const FOCUS = 'npsp__Funding_Focus__c';

/** A multi-select's values, sorted (none for null). */
export function setOf(value: unknown): string[] {
  return typeof value === 'string' ? value.split(';').sort() : [];
}

/** The Account, changed on both sides, with its MERGE_FIELDS sync up and sync down. */
export async function focusChangedOnBothSides(
  org: EmulatorFixture,
  name: string,
): Promise<{
  store: SmartStore;
  manager: SyncManager;
  id: string;
  entry: () => StoredEntry;
  up: () => Promise<SyncState>;
  down: () => Promise<SyncState>;
}> {
  const { store, manager } = syncSetup(org);
  const [id] = org.emulator.org.insert('Account', [
    { Name: name, [FOCUS]: 'Education;Arts and Culture' },
  ]) as [string];
  const options = { mergeMode: 'MERGE_FIELDS' as const };
  const down = () =>
    manager.syncDown({
      target: {
        type: 'soql',
        query: `SELECT Id, Name, ${FOCUS}, LastModifiedDate FROM Account WHERE Id = '${id}'`,
      },
      soupName: 'accounts',
      options,
    });
  const up = () =>
    manager.syncUp({
      soupName: 'accounts',
      target: { updateFieldlist: ['Name', FOCUS], createFieldlist: ['Name', FOCUS] },
      options,
    });
  await down();
  const entry = () => soupEntries(store, 'accounts')[0] as StoredEntry;
  org.emulator.clock.advance(1100);
  org.emulator.org.update('Account', id, { [FOCUS]: 'Education' });
  updateLocally(store, 'accounts', entry()._soupEntryId, {
    [FOCUS]: 'Education;Arts and Culture;Health Services',
  });
  return { store, manager, id, entry, up, down };
}
