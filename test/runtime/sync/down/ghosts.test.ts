/**
 * Ghost cleaning of the sosl, mru and refresh targets against the emulator
 * (soql and parent_children have theirs beside their runs).
 */
import { describe, expect, it } from 'vitest';
import { createLocally, updateLocally } from '../../../../runtime/sync/index.js';
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

describe('cleanResyncGhosts of sosl, mru and refresh', () => {
  it('removes the clean records the server no longer has, never dirty or local ones', async () => {
    const { store, manager } = syncSetup(org);
    const ids = org.emulator.org.insert(
      'Account',
      Array.from({ length: 4 }, (_, i) => ({ Name: `Ghostly ${i}` })),
    ) as [string, string, string, string];
    const sosl = await manager.syncDown({
      target: {
        type: 'sosl',
        query: 'FIND {Ghostly*} IN NAME FIELDS RETURNING Account(Id, Name, LastModifiedDate)',
      },
      soupName: 'accounts',
    });
    org.emulator.org.delete('Account', ids[0]);
    const [, second] = soupEntries(store, 'accounts', 'Name');
    updateLocally(store, 'accounts', Number(second?._soupEntryId), { Name: 'Ghostly 1 local' });
    org.emulator.org.delete('Account', ids[1]);
    expect(await manager.cleanResyncGhosts(sosl.id)).toBe(1);
    expect(soupEntries(store, 'accounts', 'Name').map((a) => a.Name)).toEqual([
      'Ghostly 1 local',
      'Ghostly 2',
      'Ghostly 3',
    ]);

    org.emulator.org.markRecentlyViewed('Account', [ids[2], ids[3]]);
    const mru = await manager.syncDown({
      target: { type: 'mru', sobjectType: 'Account', fieldlist: ['Id', 'Name'] },
      soupName: 'accounts',
    });
    org.emulator.org.delete('Account', ids[2]);
    createLocally(store, 'accounts', { Name: 'Ghostly new' }, { sobjectType: 'Account' });
    expect(await manager.cleanResyncGhosts(mru.id)).toBe(1);

    const refresh = await manager.syncDown({
      target: {
        type: 'refresh',
        sobjectType: 'Account',
        fieldlist: ['Name'],
        soupName: 'accounts',
      },
      soupName: 'accounts',
    });
    org.emulator.org.delete('Account', ids[3]);
    expect(await manager.cleanResyncGhosts(refresh.id)).toBe(1);
    expect(soupEntries(store, 'accounts', 'Name').map((a) => a.Name)).toEqual([
      'Ghostly 1 local',
      'Ghostly new',
    ]);
  });
});
