/**
 * One Account under MERGE_FIELDS, for the merge tests: brought down with
 * given fields and synced over them, with the edits each side makes. And a
 * multi-select changed on both sides: `npsp__Funding_Focus__c` brought down
 * at `Education;Arts and Culture`, then the server drops Arts and Culture
 * and the app adds Health Services, so a sync up sends the merged set
 * `Education;Health Services`.
 */
import type { SmartStore, StoredEntry } from '../../runtime/store/smart-store.js';
import { SyncManager, type SyncState, updateLocally } from '../../runtime/sync/index.js';
import type { EmulatorFixture } from './emulator.js';
import { soupEntries, syncSetup } from './sync.js';

/** The multi-select the tests change. */
export const FOCUS = 'npsp__Funding_Focus__c';

/** A multi-select's values, sorted (none for null). */
export function setOf(value: unknown): string[] {
  return typeof value === 'string' ? value.split(';').sort() : [];
}

/** One Account, its MERGE_FIELDS syncs, and each side's edits. */
export interface MergedAccount {
  readonly store: SmartStore;
  readonly manager: SyncManager;
  readonly id: string;
  entry(): StoredEntry;
  /** An edit here. */
  edit(values: Record<string, unknown>): void;
  /** An edit on the server, a second after anything before it. */
  serverEdit(values: Record<string, unknown>): void;
  up(): Promise<SyncState>;
  /** A sync down of the record, by `runner` (this manager by default). */
  down(runner?: SyncManager): Promise<SyncState>;
  /** A sync up whose answer is held while another manager syncs down, then `meanwhile` runs. */
  upWhileOtherDown(meanwhile: () => void): Promise<void>;
}

/** One Account named `name` with `seed`, brought down under MERGE_FIELDS and synced over `fields`. */
export async function oneMergedAccount(
  org: EmulatorFixture,
  name: string,
  seed: Record<string, unknown>,
  fields: readonly string[],
): Promise<MergedAccount> {
  const { store, manager } = syncSetup(org);
  const [id] = org.emulator.org.insert('Account', [{ Name: name, ...seed }]) as [string];
  const options = { mergeMode: 'MERGE_FIELDS' as const };
  const down = (runner = manager) =>
    runner.syncDown({
      target: {
        type: 'soql',
        query: `SELECT Id, Name, ${fields.join(', ')}, LastModifiedDate FROM Account WHERE Id = '${id}'`,
      },
      soupName: 'accounts',
      options,
    });
  const up = () =>
    manager.syncUp({
      soupName: 'accounts',
      target: { updateFieldlist: ['Name', ...fields], createFieldlist: ['Name', ...fields] },
      options,
    });
  await down();
  const entry = () => soupEntries(store, 'accounts')[0] as StoredEntry;
  return {
    store,
    manager,
    id,
    entry,
    edit: (values) => updateLocally(store, 'accounts', entry()._soupEntryId, values),
    serverEdit: (values) => {
      org.emulator.clock.advance(1100);
      org.emulator.org.update('Account', id, values);
    },
    up,
    down,
    upWhileOtherDown: async (meanwhile) => {
      const held = org.emulator.faults.add({
        method: 'POST',
        path: '/composite',
        holdAnswer: true,
      });
      const first = up();
      await held.reached();
      await down(SyncManager.open({ store, connection: org.connect() }));
      meanwhile();
      held.release();
      await first;
    },
  };
}

/** The Account with FOCUS changed on both sides. */
export async function focusChangedOnBothSides(
  org: EmulatorFixture,
  name: string,
): Promise<MergedAccount> {
  const account = await oneMergedAccount(org, name, { [FOCUS]: 'Education;Arts and Culture' }, [
    FOCUS,
  ]);
  account.serverEdit({ [FOCUS]: 'Education' });
  account.edit({ [FOCUS]: 'Education;Arts and Culture;Health Services' });
  return account;
}
