/**
 * MERGE_FIELDS sync down learns the field kinds of every type a page brings,
 * not only the FROM of a SOQL target: a multi-select picklist edited here and
 * on the server is merged as a set on a parent_children child record, a
 * briefcase record and a search hit (against the emulator through jsforce,
 * the recorded Account describe, whose npsp__Funding_Focus__c is a
 * multi-select). As plain fields these would be conflicts.
 */
import { describe, expect, it } from 'vitest';
import type { SmartStore, StoredEntry } from '../../../runtime/store/smart-store.js';
import {
  CONFLICTS,
  type SyncDownTarget,
  SyncManager,
  type SyncWarning,
  updateLocally,
} from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { RECORDED_DESCRIBES } from '../../helpers/paths.js';
import { ACCOUNT_SPECS, soupEntries, syncSetup } from '../../helpers/sync.js';

const org = useEmulator({
  describes: RECORDED_DESCRIBES,
  briefcaseRules: [{ type: 'Account', where: "Name LIKE 'Kinds brief%'" }],
});

const MERGE = { mergeMode: 'MERGE_FIELDS' as const };
const FOCUS = 'npsp__Funding_Focus__c';

/** Brings `target` down twice under MERGE_FIELDS around a local and a server edit of the multi-select of `id`. */
async function mergedDown(
  { store, manager }: { store: SmartStore; manager: SyncManager },
  target: SyncDownTarget,
  soupName: string,
  id: string,
  entry: () => StoredEntry,
): Promise<void> {
  await manager.syncDown({ target, soupName, options: MERGE });
  expect(entry()[FOCUS]).toBe('Animal Welfare;Education');
  updateLocally(store, soupName, entry()._soupEntryId, { [FOCUS]: 'Education;Arts and Culture' });
  org.emulator.clock.advance(1500);
  org.emulator.org.update('Account', id, { [FOCUS]: 'Animal Welfare;Education;Health Services' });
  await manager.syncDown({ target, soupName, options: MERGE });
}

function expectMergedAsSet(entry: StoredEntry): void {
  expect(entry[CONFLICTS]).toBeUndefined();
  expect(String(entry[FOCUS]).split(';').sort()).toEqual([
    'Arts and Culture',
    'Education',
    'Health Services',
  ]);
  // The merged set differs from the server's: still to be sent.
  expect(entry.__local__).toBe(true);
}

describe('field kinds of every type a MERGE_FIELDS page brings', () => {
  it('a child record of a parent_children target', async () => {
    const { store, manager } = syncSetup(org);
    store.registerSoup('child_accounts', ACCOUNT_SPECS);
    const [parent] = org.emulator.org.insert('Account', [{ Name: 'Kinds parent' }]) as [string];
    const [child] = org.emulator.org.insert('Account', [
      { Name: 'Kinds child', ParentId: parent, [FOCUS]: 'Animal Welfare;Education' },
    ]) as [string];
    const target: SyncDownTarget = {
      type: 'parent_children',
      parent: { sobjectType: 'Account', soupName: 'accounts' },
      parentFieldlist: ['Name'],
      parentSoqlFilter: `Id = '${parent}'`,
      children: {
        sobjectType: 'Account',
        sobjectTypePlural: 'ChildAccounts',
        soupName: 'child_accounts',
        parentIdFieldName: 'ParentId',
      },
      childrenFieldlist: ['Name', 'ParentId', FOCUS],
      relationshipType: 'LOOKUP',
    };
    const entry = () =>
      soupEntries(store, 'child_accounts').find((e) => e.Id === child) as StoredEntry;
    await mergedDown({ store, manager }, target, 'child_accounts', child, entry);
    expectMergedAsSet(entry());
  });

  it('a briefcase record', async () => {
    const { store, manager } = syncSetup(org);
    const [id] = org.emulator.org.insert('Account', [
      { Name: 'Kinds brief one', [FOCUS]: 'Animal Welfare;Education' },
    ]) as [string];
    const target: SyncDownTarget = {
      type: 'briefcase',
      infos: [{ sobjectType: 'Account', soupName: 'accounts', fieldlist: ['Name', FOCUS] }],
    };
    const entry = () => soupEntries(store, 'accounts').find((e) => e.Id === id) as StoredEntry;
    await mergedDown({ store, manager }, target, 'accounts', id, entry);
    expectMergedAsSet(entry());
  });

  it('a search hit', async () => {
    const { store, manager } = syncSetup(org);
    const [id] = org.emulator.org.insert('Account', [
      { Name: 'Kindsearchable', [FOCUS]: 'Animal Welfare;Education' },
    ]) as [string];
    const target: SyncDownTarget = {
      type: 'sosl',
      query: `FIND {Kindsearchable} IN NAME FIELDS RETURNING Account(Id, Name, ${FOCUS}, LastModifiedDate)`,
    };
    const entry = () => soupEntries(store, 'accounts').find((e) => e.Id === id) as StoredEntry;
    await mergedDown({ store, manager }, target, 'accounts', id, entry);
    expectMergedAsSet(entry());
  });

  it('a type the org will not describe: the sync down ends DONE, its fields merge as plain values, said once a run', async () => {
    const { store } = syncSetup(org);
    const warnings: SyncWarning[] = [];
    const manager = SyncManager.open({
      store,
      connection: org.connect(),
      onWarning: (warning) => warnings.push(warning),
    });
    const [id] = org.emulator.org.insert('Account', [
      { Name: 'Kindsrefused', [FOCUS]: 'Animal Welfare;Education' },
    ]) as [string];
    const refused = org.emulator.faults.add({
      method: 'GET',
      path: '/describe',
      respond: { status: 403, body: [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'no access' }] },
      times: 100,
    });
    const target: SyncDownTarget = {
      type: 'sosl',
      query: `FIND {Kindsrefused} IN NAME FIELDS RETURNING Account(Id, Name, ${FOCUS}, LastModifiedDate)`,
    };
    const entry = () => soupEntries(store, 'accounts').find((e) => e.Id === id) as StoredEntry;
    await mergedDown({ store, manager }, target, 'accounts', id, entry);
    // As whole values, both sides changed the multi-select: a conflict, nothing lost.
    expect(entry()[CONFLICTS]).toEqual([
      expect.objectContaining({
        field: FOCUS,
        local: 'Education;Arts and Culture',
        server: 'Animal Welfare;Education;Health Services',
      }),
    ]);
    expect(entry()[FOCUS]).toBe('Education;Arts and Culture');
    expect(warnings.map((w) => w.code)).toEqual([
      'SYNC_FIELD_KINDS_UNKNOWN',
      'SYNC_FIELD_KINDS_UNKNOWN',
    ]);
    expect(warnings[0]?.message).toContain('the describe of Account failed');
    expect(refused.hits).toBe(2);
  });
});
