/**
 * The parent-children sync-up target against the emulator: one composite call
 * per family, `@{ref.id}` for children of a new parent, master-detail
 * deletes, re-creation of a family whose server parent is gone, merge modes,
 * and no duplicates when the call's answer is lost.
 */
import { describe, expect, it } from 'vitest';
import {
  createLocally,
  deleteLocally,
  isLocalId,
  updateLocally,
} from '../../../../runtime/sync/index.js';
import { useEmulator } from '../../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../../helpers/paths.js';
import {
  accountFamiliesDown,
  accountFamiliesUp,
  compositeRequests,
  dataCalls,
  rejection,
  serverRecords,
  soupEntries,
  syncSetup,
} from '../../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

const target = accountFamiliesUp;

function localFamily(store: ReturnType<typeof syncSetup>['store'], tag: string, children: number) {
  const parent = createLocally(store, 'accounts', { Name: tag }, { sobjectType: 'Account' });
  const kids = Array.from({ length: children }, (_, i) =>
    createLocally(
      store,
      'contacts',
      { LastName: `${tag} ${i}`, AccountId: parent.Id },
      { sobjectType: 'Contact' },
    ),
  );
  return { parent, kids };
}

async function downloadedFamily(tag: string) {
  const setup = syncSetup(org);
  const [parentId] = org.emulator.org.insert('Account', [{ Name: tag }]) as [string];
  org.emulator.org.insert('Contact', [
    { LastName: `${tag} 0`, AccountId: parentId },
    { LastName: `${tag} 1`, AccountId: parentId },
  ]);
  await setup.manager.syncDown({
    target: accountFamiliesDown(`Name = '${tag}'`),
    soupName: 'accounts',
  });
  return { ...setup, parentId };
}

describe('parent-children sync up', () => {
  it('sends a new family in one composite call, children pointing at the new parent by reference', async () => {
    const { store, manager } = syncSetup(org);
    const { parent } = localFamily(store, 'PCUp new', 2);
    const mark = org.emulator.requestCount;
    const state = await manager.syncUp({
      soupName: 'accounts',
      target: target(),
      options: { mergeMode: 'OVERWRITE' },
    });
    expect(state).toMatchObject({ status: 'DONE', totalSize: 1 });
    const [call] = dataCalls(org, mark);
    const sub = compositeRequests(call);
    expect(sub.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
    expect(sub[0]?.referenceId).toBe(parent.Id);
    expect(sub[1]?.body?.AccountId).toBe(`@{${String(parent.Id)}.id}`);
    const [account] = soupEntries(store, 'accounts');
    expect(isLocalId(account?.Id)).toBe(false);
    expect(account?.__local__).toBe(false);
    const contacts = soupEntries(store, 'contacts', 'LastName');
    expect(contacts.map((c) => [c.AccountId, c.__local__, isLocalId(c.Id)])).toEqual([
      [account?.Id, false, false],
      [account?.Id, false, false],
    ]);
    expect(serverRecords(org, 'Contact', 'LastName', 'PCUp new').map((c) => c.AccountId)).toEqual([
      account?.Id,
      account?.Id,
    ]);
  });

  it('sends only the dirty child of a clean parent; deleting a master-detail parent takes its children locally', async () => {
    const { store, manager, parentId } = await downloadedFamily('PCUp edit');
    const [first] = soupEntries(store, 'contacts', 'LastName');
    updateLocally(store, 'contacts', Number(first?._soupEntryId), {
      LastName: 'PCUp edit 0 renamed',
    });
    const mark = org.emulator.requestCount;
    await manager.syncUp({
      soupName: 'accounts',
      target: target(),
      options: { mergeMode: 'OVERWRITE' },
    });
    const [call] = dataCalls(org, mark);
    const sub = compositeRequests(call);
    expect(sub.map((r) => [r.method, r.url.split('/').slice(-2).join('/')])).toEqual([
      ['PATCH', `Contact/${String(first?.Id)}`],
    ]);
    expect(org.emulator.org.get('Contact', String(first?.Id))?.LastName).toBe(
      'PCUp edit 0 renamed',
    );

    const [account] = soupEntries(store, 'accounts');
    deleteLocally(store, 'accounts', Number(account?._soupEntryId));
    const again = org.emulator.requestCount;
    await manager.syncUp({
      soupName: 'accounts',
      target: target(),
      options: { mergeMode: 'OVERWRITE' },
    });
    const [deleteCall] = org.emulator.requestsSince(again);
    expect(compositeRequests(deleteCall).map((r) => r.method)).toEqual(['DELETE']);
    expect(org.emulator.org.get('Account', parentId)).toBeUndefined();
    expect(soupEntries(store, 'accounts')).toHaveLength(0);
    expect(soupEntries(store, 'contacts')).toHaveLength(0);
  });

  it('creates the whole family again when the server parent was deleted (OVERWRITE)', async () => {
    const { store, manager, parentId } = await downloadedFamily('PCUp gone');
    const [account] = soupEntries(store, 'accounts');
    updateLocally(store, 'accounts', Number(account?._soupEntryId), { Name: 'PCUp gone back' });
    org.emulator.org.delete('Account', parentId);
    await manager.syncUp({
      soupName: 'accounts',
      target: target(),
      options: { mergeMode: 'OVERWRITE' },
    });
    const [again] = soupEntries(store, 'accounts');
    expect(again?.Id).not.toBe(parentId);
    expect(again).toMatchObject({ Name: 'PCUp gone back', __local__: false });
    const server = serverRecords(org, 'Contact', 'LastName', 'PCUp gone');
    expect(server.map((c) => c.AccountId)).toEqual([again?.Id, again?.Id]);
    expect(soupEntries(store, 'contacts').map((c) => [c.AccountId, c.__local__])).toEqual([
      [again?.Id, false],
      [again?.Id, false],
    ]);
  });

  it('LEAVE_IF_CHANGED leaves a family whose child the server changed', async () => {
    const { store, manager, parentId } = await downloadedFamily('PCUp leave');
    const [account] = soupEntries(store, 'accounts');
    updateLocally(store, 'accounts', Number(account?._soupEntryId), { Name: 'PCUp leave local' });
    org.emulator.clock.advance(1000);
    const [serverChild] = serverRecords(org, 'Contact', 'LastName', 'PCUp leave');
    org.emulator.org.update('Contact', String(serverChild?.Id), { LastName: 'PCUp leave server' });
    const [localChild] = soupEntries(store, 'contacts').filter((c) => c.Id === serverChild?.Id);
    updateLocally(store, 'contacts', Number(localChild?._soupEntryId), {
      LastName: 'PCUp leave child local',
    });
    await manager.syncUp({
      soupName: 'accounts',
      target: target(),
      options: { mergeMode: 'LEAVE_IF_CHANGED' },
    });
    expect(org.emulator.org.get('Account', parentId)?.Name).toBe('PCUp leave');
    expect(soupEntries(store, 'accounts')[0]).toMatchObject({ __local__: true });
  });

  it('creates nothing twice when the answer of the family call is lost', async () => {
    const { store, manager } = syncSetup(org);
    localFamily(store, 'PCUp lost', 2);
    const fault = org.emulator.faults.add({
      method: 'POST',
      path: '/composite',
      dropAfterCommit: true,
    });
    const error = await rejection(
      manager.syncUp({
        soupName: 'accounts',
        syncName: 'pc lost',
        target: target(),
        options: { mergeMode: 'OVERWRITE' },
      }),
    );
    fault.remove();
    expect(error.state?.status).toBe('FAILED');
    expect(manager.getPendingWrites().map((w) => [w.soup, w.op])).toEqual([
      ['accounts', 'create'],
      ['contacts', 'create'],
      ['contacts', 'create'],
    ]);
    expect((await manager.reSync('pc lost')).status).toBe('DONE');
    expect(serverRecords(org, 'Account', 'Name', 'PCUp lost')).toHaveLength(1);
    expect(serverRecords(org, 'Contact', 'LastName', 'PCUp lost')).toHaveLength(2);
    const [account] = soupEntries(store, 'accounts');
    expect(soupEntries(store, 'contacts').map((c) => [c.AccountId, c.__local__])).toEqual([
      [account?.Id, false],
      [account?.Id, false],
    ]);
    expect(manager.getPendingWrites()).toEqual([]);
  });
});
