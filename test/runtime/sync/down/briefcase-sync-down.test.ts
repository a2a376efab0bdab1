/**
 * The briefcase sync-down target against the emulator: priming records, one
 * retrieve per page, incremental re-sync, ghosts.
 */
import { describe, expect, it } from 'vitest';
import { updateLocally } from '../../../../runtime/sync/index.js';
import { useEmulator } from '../../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../../helpers/paths.js';
import { soupEntries, syncSetup } from '../../../helpers/sync.js';

const org = useEmulator({
  describes: SAMPLE_DESCRIBES,
  briefcaseRules: [
    { type: 'Account', where: "Name LIKE 'Brief%'" },
    { type: 'Contact', where: "LastName LIKE 'Brief%'" },
  ],
});

describe('briefcase sync down', () => {
  it('stores the records the rules choose into each info soup, incrementally on re-sync, and cleans its ghosts', async () => {
    const { store, manager } = syncSetup(org);
    const [acme, gone] = org.emulator.org.insert('Account', [
      { Name: 'Brief Acme' },
      { Name: 'Brief Gone' },
    ]) as [string, string];
    org.emulator.org.insert('Contact', [
      { LastName: 'Brief One', AccountId: acme },
      { LastName: 'Brief Two', AccountId: acme },
      { LastName: 'Other', AccountId: acme },
    ]);
    const updates: [string, number, number][] = [];
    const state = await manager.syncDown({
      target: {
        type: 'briefcase',
        infos: [
          { sobjectType: 'Account', soupName: 'accounts', fieldlist: ['Name'] },
          { sobjectType: 'Contact', soupName: 'contacts', fieldlist: ['LastName', 'AccountId'] },
        ],
        countIdsPerRetrieve: 1,
      },
      soupName: 'accounts',
      syncName: 'briefcase',
      onUpdate: (s) => updates.push([s.status, s.progress, s.totalSize]),
    });
    expect(updates).toEqual([
      ['RUNNING', 0, -1],
      ['RUNNING', 0, 4],
      ['RUNNING', 25, 4],
      ['RUNNING', 50, 4],
      ['RUNNING', 75, 4],
      ['DONE', 100, 4],
    ]);
    expect(soupEntries(store, 'accounts', 'Name').map((a) => a.Name)).toEqual([
      'Brief Acme',
      'Brief Gone',
    ]);
    expect(soupEntries(store, 'contacts', 'LastName')).toMatchObject([
      { LastName: 'Brief One', AccountId: acme, __sync_id__: state.id, __local__: false },
      { LastName: 'Brief Two' },
    ]);
    expect(state.maxTimeStamp).toBeGreaterThan(0);

    org.emulator.clock.advance(60_000);
    org.emulator.org.update('Account', acme, { Name: 'Brief Acme 2' });
    const mark = org.emulator.requestCount;
    await manager.reSync('briefcase');
    const calls = org.emulator.requestsSince(mark);
    expect(calls[0]?.query.changedAfterTimestamp).toBe(new Date(state.maxTimeStamp).toISOString());
    // Only the changed record was primed and fetched.
    expect(calls.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(soupEntries(store, 'accounts', 'Name').map((a) => a.Name)).toEqual([
      'Brief Acme 2',
      'Brief Gone',
    ]);

    org.emulator.org.delete('Account', gone);
    const [one] = soupEntries(store, 'contacts', 'LastName');
    updateLocally(store, 'contacts', Number(one?._soupEntryId), { Title: 'mine' });
    org.emulator.org.update('Contact', String(one?.Id), { LastName: 'Not brief any more' });
    expect(await manager.cleanResyncGhosts('briefcase')).toBe(1);
    expect(soupEntries(store, 'accounts').map((a) => a.Name)).toEqual(['Brief Acme 2']);
    expect(soupEntries(store, 'contacts')).toHaveLength(2);
  });
});
