/**
 * An update refused with a "gone" code (`ENTITY_IS_DELETED`,
 * `INVALID_CROSS_REFERENCE_KEY`) for a lookup field, not for the record: the
 * record is still on the server, so OVERWRITE must not create it again (the
 * SDK would, leaving a duplicate); the update fails and stays dirty with the
 * server's error. A record really deleted on the server is still created again.
 */
import { describe, expect, it } from 'vitest';
import type { SyncUpTarget } from '../../../../runtime/sync/contracts/sync-config.js';
import { updateLocally } from '../../../../runtime/sync/index.js';
import { useEmulator } from '../../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../../helpers/paths.js';
import { seedAccounts, serverRecords, soupEntries, syncSetup } from '../../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

/** A synced Contact of Account A, moved locally to Account B; then B is deleted on the server. */
async function contactMovedToDeletedAccount(tag: string) {
  const [a, b] = seedAccounts(org, tag, 2) as [string, string];
  const [contactId] = org.emulator.org.insert('Contact', [
    { LastName: `${tag} kid`, AccountId: a },
  ]);
  const { store, manager } = syncSetup(org);
  await manager.syncDown({
    target: {
      type: 'soql',
      query: `SELECT Id, LastName, AccountId, LastModifiedDate FROM Contact WHERE LastName = '${tag} kid'`,
    },
    soupName: 'contacts',
  });
  const [entry] = soupEntries(store, 'contacts');
  updateLocally(store, 'contacts', entry?._soupEntryId as number, { AccountId: b });
  org.emulator.org.delete('Account', b);
  return { store, manager, contactId };
}

const TARGETS: readonly [string, SyncUpTarget | undefined][] = [
  ['the Collections target', undefined],
  ['the single-record target', { iOSImpl: 'SFSyncUpTarget' }],
];

describe.each(TARGETS)('%s, OVERWRITE', (_, target) => {
  it('fails an update refused for its lookup; the record is not created a second time', async () => {
    const tag = `Lookup${target === undefined ? 'Collection' : 'Single'}`;
    const { store, manager, contactId } = await contactMovedToDeletedAccount(tag);
    await manager.syncUp({
      soupName: 'contacts',
      ...(target === undefined ? {} : { target }),
      options: { mergeMode: 'OVERWRITE', fieldlist: ['LastName', 'AccountId'] },
    });
    expect(serverRecords(org, 'Contact', 'LastName', `${tag} kid`)).toHaveLength(1);
    const [after] = soupEntries(store, 'contacts');
    expect(after?.Id).toBe(contactId);
    expect(after?.__local__).toBe(true);
    expect(String(after?.__last_error__)).toContain('ENTITY_IS_DELETED');
    // Still an update, not a create waiting to happen: once the lookup is fixed,
    // the next sync up updates the one record instead of creating a second.
    expect(after).toMatchObject({ __locally_updated__: true, __locally_created__: false });
    const [a] = org.emulator.org.all('Account').filter((r) => r.Name === `${tag} 0000`);
    updateLocally(store, 'contacts', after?._soupEntryId as number, { AccountId: a?.Id });
    await manager.syncUp({
      soupName: 'contacts',
      ...(target === undefined ? {} : { target }),
      options: { mergeMode: 'OVERWRITE', fieldlist: ['LastName', 'AccountId'] },
    });
    const live = serverRecords(org, 'Contact', 'LastName', `${tag} kid`);
    expect(live.map((r) => r.Id)).toEqual([contactId]);
    expect(soupEntries(store, 'contacts')[0]?.__local__).toBe(false);
  });

  it('still creates again a record deleted on the server while changed here', async () => {
    const tag = `Gone${target === undefined ? 'Collection' : 'Single'}`;
    const { store, manager, contactId } = await contactMovedToDeletedAccount(tag);
    const [entry] = soupEntries(store, 'contacts');
    // The lookup is fine again; the record itself is gone.
    updateLocally(store, 'contacts', entry?._soupEntryId as number, { AccountId: null });
    org.emulator.org.delete('Contact', contactId as string);
    await manager.syncUp({
      soupName: 'contacts',
      ...(target === undefined ? {} : { target }),
      options: { mergeMode: 'OVERWRITE', fieldlist: ['LastName', 'AccountId'] },
    });
    const live = serverRecords(org, 'Contact', 'LastName', `${tag} kid`);
    expect(live).toHaveLength(1);
    expect(live[0]?.Id).not.toBe(contactId);
    const [after] = soupEntries(store, 'contacts');
    expect(after?.Id).toBe(live[0]?.Id);
    expect(after?.__local__).toBe(false);
  });
});
