/**
 * The parent_children sync-down target against the emulator: families into
 * two soups, the SDK's query, incremental runs (children changed under an
 * unchanged parent included, where the SDK misses them), LEAVE_IF_CHANGED
 * leaving whole families, and ghost cleaning of parents and children.
 */
import { describe, expect, it } from 'vitest';
import { parentChildrenSoql } from '../../../../runtime/sync/down/parent-children-sync-down.js';
import {
  type ParentChildrenSyncDownTarget,
  updateLocally,
} from '../../../../runtime/sync/index.js';
import { useEmulator } from '../../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../../helpers/paths.js';
import { accountFamiliesDown, soupEntries, syncSetup } from '../../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

function target(tag: string): ParentChildrenSyncDownTarget {
  return accountFamiliesDown(`Name LIKE '${tag}%' OR Name = 'nobody'`, 'LOOKUP');
}

function seedFamilies(tag: string, families: number, childrenEach: number): string[] {
  const parents = org.emulator.org.insert(
    'Account',
    Array.from({ length: families }, (_, i) => ({ Name: `${tag} ${i}` })),
  );
  for (const [i, id] of parents.entries()) {
    org.emulator.org.insert(
      'Contact',
      Array.from({ length: childrenEach }, (_, j) => ({
        LastName: `${tag} ${i}.${j}`,
        AccountId: id,
      })),
    );
  }
  return parents;
}

describe('parent_children sync down', () => {
  it('builds the SDK query, the filter kept whole in an incremental run', () => {
    expect(parentChildrenSoql(target('T'), -1)).toBe(
      "select Name, Id, LastModifiedDate, (select LastName, AccountId, Id, LastModifiedDate from Contacts) from Account where (Name LIKE 'T%' OR Name = 'nobody') order by LastModifiedDate",
    );
    expect(parentChildrenSoql(target('T'), 1000)).toBe(
      "select Name, Id, LastModifiedDate, (select LastName, AccountId, Id, LastModifiedDate from Contacts where LastModifiedDate > 1970-01-01T00:00:01.000+0000) from Account where LastModifiedDate > 1970-01-01T00:00:01.000+0000 and (Name LIKE 'T%' OR Name = 'nobody') order by LastModifiedDate",
    );
  });

  it('stores parents and children in their soups, then re-syncs what changed, children under unchanged parents too', async () => {
    const { store, manager } = syncSetup(org);
    const [first, second] = seedFamilies('PCDown', 3, 2) as [string, string];
    const updates: [string, number, number][] = [];
    const state = await manager.syncDown({
      target: target('PCDown'),
      soupName: 'accounts',
      syncName: 'families',
      onUpdate: (s) => updates.push([s.status, s.progress, s.totalSize]),
    });
    expect(updates).toEqual([
      ['RUNNING', 0, -1],
      ['RUNNING', 0, 3],
      ['DONE', 100, 3],
    ]);
    const accounts = soupEntries(store, 'accounts', 'Name');
    const contacts = soupEntries(store, 'contacts', 'LastName');
    expect(accounts.map((a) => a.Name)).toEqual(['PCDown 0', 'PCDown 1', 'PCDown 2']);
    expect(accounts[0]).not.toHaveProperty('Contacts');
    expect(accounts[0]).toMatchObject({ __local__: false, __sync_id__: state.id });
    expect(contacts).toHaveLength(6);
    expect(contacts[0]).toMatchObject({
      LastName: 'PCDown 0.0',
      AccountId: first,
      __local__: false,
      __sync_id__: state.id,
    });

    org.emulator.clock.advance(60_000);
    const [child] = org.emulator.org.all('Contact').filter((c) => c.AccountId === second);
    org.emulator.org.update('Contact', String(child?.Id), { LastName: 'PCDown 1.0 renamed' });
    org.emulator.org.update('Account', first, { Name: 'PCDown 0 renamed' });
    const mark = org.emulator.requestCount;
    await manager.reSync('families');
    const queries = org.emulator.requestsSince(mark).map((r) => r.query.q);
    expect(queries).toHaveLength(2);
    expect(queries[1]).toContain('AccountId IN (select Id from Account where');
    expect(soupEntries(store, 'accounts', 'Name').map((a) => a.Name)).toContain('PCDown 0 renamed');
    expect(soupEntries(store, 'contacts', 'LastName').map((c) => c.LastName)).toContain(
      'PCDown 1.0 renamed',
    );
  });

  it('LEAVE_IF_CHANGED leaves a whole family alone when its parent or one child changed locally', async () => {
    const { store, manager } = syncSetup(org);
    const [first] = seedFamilies('PCLeave', 2, 2) as [string];
    await manager.syncDown({ target: target('PCLeave'), soupName: 'accounts', syncName: 'leave' });
    const local = soupEntries(store, 'contacts', 'LastName').find((c) => c.AccountId === first);
    updateLocally(store, 'contacts', Number(local?._soupEntryId), { Title: 'edited here' });
    org.emulator.clock.advance(60_000);
    for (const c of org.emulator.org
      .all('Contact')
      .filter((r) => String(r.LastName).startsWith('PCLeave')))
      org.emulator.org.update('Contact', String(c.Id), {
        LastName: `${String(c.LastName)} server`,
      });
    for (const a of org.emulator.org
      .all('Account')
      .filter((r) => String(r.Name).startsWith('PCLeave')))
      org.emulator.org.update('Account', String(a.Id), { Name: `${String(a.Name)} server` });
    await manager.syncDown({
      target: target('PCLeave'),
      soupName: 'accounts',
      options: { mergeMode: 'LEAVE_IF_CHANGED' },
    });
    const accounts = soupEntries(store, 'accounts', 'Name');
    const contacts = soupEntries(store, 'contacts', 'LastName');
    // The family with the local edit is as it was; the other took the server's values.
    expect(accounts.find((a) => a.Id === first)?.Name).toBe('PCLeave 0');
    expect(
      contacts
        .filter((c) => c.AccountId === first)
        .map((c) => c.LastName)
        .sort(),
    ).toEqual(['PCLeave 0.0', 'PCLeave 0.1']);
    expect(accounts.find((a) => a.Id !== first)?.Name).toBe('PCLeave 1 server');
    expect(
      contacts
        .filter((c) => c.AccountId !== first)
        .every((c) => String(c.LastName).endsWith('server')),
    ).toBe(true);
  });

  it('cleans ghost parents and ghost children, never a clean parent with a dirty child', async () => {
    const { store, manager } = syncSetup(org);
    const [kept, gone, edited] = seedFamilies('PCGhost', 3, 2) as [string, string, string];
    const state = await manager.syncDown({ target: target('PCGhost'), soupName: 'accounts' });
    const [lostChild] = org.emulator.org.all('Contact').filter((c) => c.AccountId === kept);
    org.emulator.org.delete('Contact', String(lostChild?.Id));
    org.emulator.org.delete('Account', gone);
    org.emulator.org.update('Account', edited, { Name: 'out of the filter' });
    const dirtyChild = soupEntries(store, 'contacts').find((c) => c.AccountId === edited);
    updateLocally(store, 'contacts', Number(dirtyChild?._soupEntryId), { Title: 'mine' });
    const removed = await manager.cleanResyncGhosts(state.id);
    const accounts = soupEntries(store, 'accounts').map((a) => a.Id);
    const contacts = soupEntries(store, 'contacts');
    expect(accounts.sort()).toEqual([kept, edited].sort());
    // kept lost one child; gone's two children went with it; edited's clean child is a ghost too.
    expect(removed).toBe(1 + 1 + 2 + 1);
    expect(contacts.map((c) => c.AccountId).sort()).toEqual([kept, edited].sort());
    expect(manager.getSyncStatus(state.id)?.status).toBe('DONE');
  });
});
