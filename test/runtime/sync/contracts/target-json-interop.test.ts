/**
 * Stored sync states are the SDK's JSON: after a run, the state and its target
 * in `syncs_soup` are compared key for key with what the Android SDK's
 * `asJSON()` writes for the same target (each expected object below names the
 * SDK source it comes from: forcedotcom/SalesforceMobileSDK-Android,
 * libs/MobileSync/src/com/salesforce/androidsdk/mobilesync/…); and states a
 * native app wrote, inserted into `syncs_soup`, are read and re-synced by
 * soupkit with their target and options left as they were.
 */
import { describe, expect, it } from 'vitest';
import type { SmartStore, StoredEntry } from '../../../../runtime/store/smart-store.js';
import {
  createLocally,
  SYNCS_SOUP,
  type SyncState,
  updateLocally,
} from '../../../../runtime/sync/index.js';
import { useEmulator } from '../../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../../helpers/paths.js';
import {
  accountFamiliesDown,
  accountFamiliesUp,
  rejection,
  seedAccounts,
  serverRecords,
  soupEntries,
  syncSetup,
} from '../../../helpers/sync.js';

const org = useEmulator({
  describes: SAMPLE_DESCRIBES,
  briefcaseRules: [
    { type: 'Account', where: "Name LIKE 'Interop Brief%' OR Name LIKE 'Every Kind%'" },
  ],
});

const PKG = 'com.salesforce.androidsdk.mobilesync.target.';
const DEFAULT_FIELDS = { idFieldName: 'Id', modificationDateFieldName: 'LastModifiedDate' };

/** The state as stored in syncs_soup, without the store's own bookkeeping. */
function storedJson(store: SmartStore, id: number): Record<string, unknown> {
  const [row] = store.retrieve(SYNCS_SOUP, [id]) as StoredEntry[];
  const { _soupLastModifiedDate: _ignored, ...json } = row as StoredEntry;
  return json;
}

/** The keys `util/SyncState.kt` `asJSON()` writes (`name` when the sync has one). */
const SDK_STATE_KEYS = [
  '_soupEntryId',
  'type',
  'name',
  'target',
  'options',
  'soupName',
  'status',
  'progress',
  'totalSize',
  'maxTimeStamp',
  'startTime',
  'endTime',
  'error',
].sort();

function expectSdkState(store: SmartStore, state: SyncState, target: object, options: object) {
  const json = storedJson(store, state.id);
  const keys = SDK_STATE_KEYS.filter((key) => key !== 'name' || state.name !== undefined);
  expect(Object.keys(json).sort()).toEqual(keys);
  expect(json.target).toEqual(target);
  expect(json.options).toEqual(options);
  expect(json).toMatchObject({ status: 'DONE', progress: 100, error: '' });
}

describe('sync-down targets are stored as the SDK writes them', () => {
  it('soql, sosl, mru, refresh, metadata and layout', async () => {
    const { store, manager } = syncSetup(org);
    store.registerSoup('metadata', [
      { path: 'Id', type: 'string' },
      { path: '__local__', type: 'string' },
    ]);
    const ids = seedAccounts(org, 'Interop Down', 3);

    const soql = await manager.syncDown({
      target: {
        type: 'soql',
        query: "SELECT Name FROM Account WHERE Name LIKE 'Interop Down%'",
        maxBatchSize: 5000,
        ignored: 'a key the SDK does not write',
      } as never,
      soupName: 'accounts',
      syncName: 'interop soql',
    });
    // target/SoqlSyncDownTarget.kt (query normalised by SOQLMutator; maxBatchSize kept as given,
    // RestRequest.getRequestForQuery clamps it per request) + SyncDownTarget.kt + SyncTarget.kt
    expectSdkState(
      store,
      soql,
      {
        androidImpl: `${PKG}SoqlSyncDownTarget`,
        ...DEFAULT_FIELDS,
        type: 'soql',
        query:
          "select Id,LastModifiedDate,Name from Account where Name LIKE 'Interop Down%' order by LastModifiedDate",
        maxBatchSize: 5000,
      },
      { mergeMode: 'OVERWRITE' },
    );

    const sosl = await manager.syncDown({
      target: {
        type: 'sosl',
        query: 'FIND {Interop*} IN NAME FIELDS RETURNING Account(Id, Name, LastModifiedDate)',
      },
      soupName: 'accounts',
      options: { mergeMode: 'LEAVE_IF_CHANGED' },
    });
    // target/SoslSyncDownTarget.kt
    expectSdkState(
      store,
      sosl,
      {
        androidImpl: `${PKG}SoslSyncDownTarget`,
        ...DEFAULT_FIELDS,
        type: 'sosl',
        query: 'FIND {Interop*} IN NAME FIELDS RETURNING Account(Id, Name, LastModifiedDate)',
      },
      { mergeMode: 'LEAVE_IF_CHANGED' },
    );

    org.emulator.org.markRecentlyViewed('Account', [ids[0] as string]);
    const mru = await manager.syncDown({
      target: { type: 'mru', sobjectType: 'Account', fieldlist: ['Id', 'Name'] },
      soupName: 'accounts',
    });
    // target/MruSyncDownTarget.kt
    expectSdkState(
      store,
      mru,
      {
        androidImpl: `${PKG}MruSyncDownTarget`,
        ...DEFAULT_FIELDS,
        type: 'mru',
        fieldlist: ['Id', 'Name'],
        sobjectType: 'Account',
      },
      { mergeMode: 'OVERWRITE' },
    );

    const refresh = await manager.syncDown({
      target: {
        type: 'refresh',
        sobjectType: 'Account',
        fieldlist: ['Name'],
        soupName: 'accounts',
        countIdsPerSoql: 900,
        idFieldName: 'Ignored__c',
      },
      soupName: 'accounts',
    });
    // target/RefreshSyncDownTarget.kt: countIdsPerSoql default and cap 500; its JSON
    // constructor ignores idFieldName / modificationDateFieldName (always the defaults)
    expectSdkState(
      store,
      refresh,
      {
        androidImpl: `${PKG}RefreshSyncDownTarget`,
        ...DEFAULT_FIELDS,
        type: 'refresh',
        fieldlist: ['Name'],
        sobjectType: 'Account',
        soupName: 'accounts',
        countIdsPerSoql: 500,
      },
      { mergeMode: 'OVERWRITE' },
    );

    const metadata = await manager.syncDown({
      target: { type: 'metadata', sobjectType: 'Account' },
      soupName: 'metadata',
    });
    // target/MetadataSyncDownTarget.kt
    expectSdkState(
      store,
      metadata,
      {
        androidImpl: `${PKG}MetadataSyncDownTarget`,
        ...DEFAULT_FIELDS,
        type: 'metadata',
        sobjectType: 'Account',
      },
      { mergeMode: 'OVERWRITE' },
    );

    const layout = await manager.syncDown({
      target: {
        type: 'layout',
        sobjectType: 'Contact',
        layoutType: 'Compact',
        mode: 'View',
        formFactor: null,
      },
      soupName: 'metadata',
    });
    // target/LayoutSyncDownTarget.kt (org.json drops the keys put with null: formFactor, recordTypeId)
    expectSdkState(
      store,
      layout,
      {
        androidImpl: `${PKG}LayoutSyncDownTarget`,
        ...DEFAULT_FIELDS,
        type: 'layout',
        sobjectType: 'Contact',
        layoutType: 'Compact',
        mode: 'View',
      },
      { mergeMode: 'OVERWRITE' },
    );
  });

  it('parent_children and briefcase', async () => {
    const { store, manager } = syncSetup(org);
    const [parent] = org.emulator.org.insert('Account', [{ Name: 'Interop Family' }]) as [string];
    org.emulator.org.insert('Contact', [{ LastName: 'Interop Kid', AccountId: parent }]);
    const family = await manager.syncDown({
      target: accountFamiliesDown("Name = 'Interop Family'"),
      soupName: 'accounts',
    });
    // target/ParentChildrenSyncDownTarget.kt: a SoqlSyncDownTarget on the parent's fields with
    // an empty query (so query "" and maxBatchSize 2000 are written too); util/ParentInfo.kt,
    // util/ChildrenInfo.kt (externalIdFieldName left out when null)
    expectSdkState(
      store,
      family,
      {
        androidImpl: `${PKG}ParentChildrenSyncDownTarget`,
        ...DEFAULT_FIELDS,
        type: 'parent_children',
        query: '',
        maxBatchSize: 2000,
        parent: { soupName: 'accounts', sobjectType: 'Account', ...DEFAULT_FIELDS },
        parentFieldlist: ['Name'],
        parentSoqlFilter: "Name = 'Interop Family'",
        children: {
          soupName: 'contacts',
          sobjectType: 'Contact',
          ...DEFAULT_FIELDS,
          sobjectTypePlural: 'Contacts',
          parentIdFieldName: 'AccountId',
        },
        childrenFieldlist: ['LastName', 'AccountId'],
        relationshipType: 'MASTER_DETAIL',
      },
      { mergeMode: 'OVERWRITE' },
    );
    expect(soupEntries(store, 'contacts').map((c) => c.LastName)).toEqual(['Interop Kid']);

    seedAccounts(org, 'Interop Brief', 2);
    const briefcase = await manager.syncDown({
      target: {
        type: 'briefcase',
        infos: [{ sobjectType: 'Account', soupName: 'accounts', fieldlist: ['Name'] }],
        countIdsPerRetrieve: 5000,
      },
      soupName: 'accounts',
    });
    // target/BriefcaseSyncDownTarget.kt (countIdsPerRetrieve default and cap 2000,
    // RestRequest.MAX_COLLECTION_RETRIEVE_SIZE), util/BriefcaseObjectInfo.kt
    expectSdkState(
      store,
      briefcase,
      {
        androidImpl: `${PKG}BriefcaseSyncDownTarget`,
        ...DEFAULT_FIELDS,
        type: 'briefcase',
        infos: [
          { soupName: 'accounts', sobjectType: 'Account', fieldlist: ['Name'], ...DEFAULT_FIELDS },
        ],
        countIdsPerRetrieve: 2000,
      },
      { mergeMode: 'OVERWRITE' },
    );
    expect(briefcase.totalSize).toBe(2);
  });
});

describe('sync-up targets are stored as the SDK writes them', () => {
  it('collection (the default), batch, single record and parent_children', async () => {
    const { store, manager } = syncSetup(org);
    const local = () =>
      createLocally(store, 'accounts', { Name: 'Interop Up' }, { sobjectType: 'Account' });

    local();
    const collection = await manager.syncUp({
      soupName: 'accounts',
      options: { mergeMode: 'OVERWRITE', fieldlist: ['Name'] },
    });
    // target/CollectionSyncUpTarget.kt (the default since SDK 10.1; maxBatchSize default and cap 200)
    // + SyncUpTarget.kt + util/SyncOptions.kt; iOSImpl for iOS, whose SFSyncUpTarget.m
    // newFromDict picks the class by it alone (Android ignores the key)
    expectSdkState(
      store,
      collection,
      {
        androidImpl: `${PKG}CollectionSyncUpTarget`,
        iOSImpl: 'SFCollectionSyncUpTarget',
        ...DEFAULT_FIELDS,
        maxBatchSize: 200,
      },
      { fieldlist: ['Name'], mergeMode: 'OVERWRITE' },
    );

    local();
    const capped = await manager.syncUp({
      soupName: 'accounts',
      target: { createFieldlist: ['Name'], updateFieldlist: ['Name'], maxBatchSize: 500 },
      options: { mergeMode: 'OVERWRITE' },
    });
    // target/CollectionSyncUpTarget.kt: a larger maxBatchSize is clamped to 200
    expectSdkState(
      store,
      capped,
      {
        androidImpl: `${PKG}CollectionSyncUpTarget`,
        iOSImpl: 'SFCollectionSyncUpTarget',
        ...DEFAULT_FIELDS,
        createFieldlist: ['Name'],
        updateFieldlist: ['Name'],
        maxBatchSize: 200,
      },
      { mergeMode: 'OVERWRITE' },
    );

    local();
    const batch = await manager.syncUp({
      soupName: 'accounts',
      target: {
        androidImpl: `${PKG}BatchSyncUpTarget`,
        iOSImpl: 'SFBatchSyncUpTarget',
        createFieldlist: ['Name'],
        updateFieldlist: ['Name'],
        externalIdFieldName: null,
        maxBatchSize: 100,
      },
      options: { mergeMode: 'LEAVE_IF_CHANGED' },
    });
    // target/BatchSyncUpTarget.kt: maxBatchSize default and cap 25 (MAX_SUB_REQUESTS_COMPOSITE_API);
    // SyncUpTarget.kt writes externalIdFieldName only when set
    expectSdkState(
      store,
      batch,
      {
        androidImpl: `${PKG}BatchSyncUpTarget`,
        iOSImpl: 'SFBatchSyncUpTarget',
        ...DEFAULT_FIELDS,
        createFieldlist: ['Name'],
        updateFieldlist: ['Name'],
        maxBatchSize: 25,
      },
      { mergeMode: 'LEAVE_IF_CHANGED' },
    );

    local();
    const single = await manager.syncUp({
      soupName: 'accounts',
      // Named the iOS way only: the Android name is added, the iOS one kept.
      target: {
        iOSImpl: 'SFSyncUpTarget',
        createFieldlist: ['Name'],
        updateFieldlist: ['Name'],
        externalIdFieldName: 'Id',
      },
      options: { mergeMode: 'OVERWRITE' },
    });
    // target/SyncUpTarget.kt (no maxBatchSize: one record per request)
    expectSdkState(
      store,
      single,
      {
        androidImpl: `${PKG}SyncUpTarget`,
        iOSImpl: 'SFSyncUpTarget',
        ...DEFAULT_FIELDS,
        createFieldlist: ['Name'],
        updateFieldlist: ['Name'],
        externalIdFieldName: 'Id',
      },
      { mergeMode: 'OVERWRITE' },
    );
    expect(serverRecords(org, 'Account', 'Name', 'Interop Up')).toHaveLength(4);

    const parent = createLocally(
      store,
      'accounts',
      { Name: 'Interop Up Family' },
      { sobjectType: 'Account' },
    );
    createLocally(
      store,
      'contacts',
      { LastName: 'Interop Up Kid', AccountId: parent.Id },
      { sobjectType: 'Contact' },
    );
    const family = await manager.syncUp({
      soupName: 'accounts',
      target: accountFamiliesUp('LOOKUP'),
      options: { mergeMode: 'OVERWRITE' },
    });
    // target/ParentChildrenSyncUpTarget.kt (target-level id fields always the defaults,
    // no maxBatchSize: one family per call), util/ParentInfo.kt, util/ChildrenInfo.kt
    expectSdkState(
      store,
      family,
      {
        androidImpl: `${PKG}ParentChildrenSyncUpTarget`,
        iOSImpl: 'SFParentChildrenSyncUpTarget',
        ...DEFAULT_FIELDS,
        createFieldlist: ['Name'],
        updateFieldlist: ['Name'],
        parent: { soupName: 'accounts', sobjectType: 'Account', ...DEFAULT_FIELDS },
        children: {
          soupName: 'contacts',
          sobjectType: 'Contact',
          ...DEFAULT_FIELDS,
          sobjectTypePlural: 'Contacts',
          parentIdFieldName: 'AccountId',
        },
        childrenCreateFieldlist: ['LastName', 'AccountId'],
        childrenUpdateFieldlist: ['LastName'],
        relationshipType: 'LOOKUP',
      },
      { mergeMode: 'OVERWRITE' },
    );
    expect(serverRecords(org, 'Contact', 'LastName', 'Interop Up Kid')).toHaveLength(1);
  });
});

describe('states a native app wrote', () => {
  it('are read and re-synced by soupkit with their target and options unchanged', async () => {
    const { store, manager } = syncSetup(org);
    seedAccounts(org, 'Native', 2);
    // As the Android SDK stores a soql sync down after a run (util/SyncState.kt asJSON()).
    const androidDown = {
      type: 'syncDown',
      name: 'nativeDown',
      target: {
        androidImpl: `${PKG}SoqlSyncDownTarget`,
        idFieldName: 'Id',
        modificationDateFieldName: 'LastModifiedDate',
        type: 'soql',
        query:
          "select Id,LastModifiedDate,Name from Account where Name LIKE 'Native%' order by LastModifiedDate",
        maxBatchSize: 2000,
      },
      options: { mergeMode: 'LEAVE_IF_CHANGED' },
      soupName: 'accounts',
      status: 'DONE',
      progress: 100,
      totalSize: 0,
      maxTimeStamp: -1,
      startTime: 1709294455123,
      endTime: 1709294456789,
      error: '',
    };
    // As the iOS SDK stores a refresh sync down (Target/SFRefreshSyncDownTarget.m asDict,
    // with its own spelling of the ids-per-query key).
    const iosRefresh = {
      type: 'syncDown',
      name: 'nativeRefresh',
      target: {
        iOSImpl: 'SFRefreshSyncDownTarget',
        idFieldName: 'Id',
        modificationDateFieldName: 'LastModifiedDate',
        type: 'refresh',
        soupName: 'accounts',
        sobjectType: 'Account',
        fieldlist: ['Name'],
        coundIdsPerSoql: 1,
      },
      options: { mergeMode: 'OVERWRITE' },
      soupName: 'accounts',
      status: 'NEW',
      progress: 0,
      totalSize: -1,
      maxTimeStamp: -1,
      startTime: 0,
      endTime: 0,
      error: '',
    };
    // As the Android SDK stores the default sync up (target/CollectionSyncUpTarget.kt).
    const androidUp = {
      type: 'syncUp',
      name: 'nativeUp',
      target: {
        androidImpl: `${PKG}CollectionSyncUpTarget`,
        idFieldName: 'Id',
        modificationDateFieldName: 'LastModifiedDate',
        maxBatchSize: 200,
      },
      options: { fieldlist: ['Name'], mergeMode: 'OVERWRITE' },
      soupName: 'accounts',
      status: 'DONE',
      progress: 100,
      totalSize: 1,
      maxTimeStamp: -1,
      startTime: 1709294455123,
      endTime: 1709294456789,
      error: '',
    };
    // A custom target: app code, which soupkit cannot run.
    const androidCustom = {
      ...androidDown,
      name: 'nativeCustom',
      target: {
        androidImpl: 'com.example.app.MySyncDownTarget',
        idFieldName: 'Id',
        modificationDateFieldName: 'LastModifiedDate',
        type: 'custom',
      },
    };
    store.upsert(SYNCS_SOUP, [androidDown, iosRefresh, androidUp, androidCustom]);

    const down = await manager.reSync('nativeDown');
    expect(down).toMatchObject({ status: 'DONE', totalSize: 2 });
    expect(storedJson(store, down.id)).toMatchObject({
      target: androidDown.target,
      options: androidDown.options,
    });
    expect(storedJson(store, down.id).target).toEqual(androidDown.target);

    const [first] = soupEntries(store, 'accounts', 'Name');
    updateLocally(store, 'accounts', first?._soupEntryId as number, { Name: 'Native renamed' });
    const up = await manager.reSync('nativeUp');
    expect(up).toMatchObject({ status: 'DONE', totalSize: 1 });
    expect(storedJson(store, up.id).target).toEqual(androidUp.target);
    expect(storedJson(store, up.id).options).toEqual(androidUp.options);
    expect(serverRecords(org, 'Account', 'Name', 'Native renamed')).toHaveLength(1);

    const mark = org.emulator.requestCount;
    const refreshed = await manager.reSync('nativeRefresh');
    expect(refreshed).toMatchObject({ status: 'DONE', totalSize: 2 });
    expect(storedJson(store, refreshed.id).target).toEqual(iosRefresh.target);
    // The iOS key is honoured: one id a query.
    const queries = org.emulator.requestsSince(mark).filter((r) => r.path.includes('/query?'));
    expect(queries).toHaveLength(2);

    const failure = await rejection(manager.reSync('nativeCustom'));
    expect(failure.state?.status).toBe('FAILED');
    expect(failure.state?.error).toMatch(
      /type custom \(com\.example\.app\.MySyncDownTarget\) is not one soupkit runs/,
    );
    expect(storedJson(store, failure.state?.id as number).target).toEqual(androidCustom.target);
  });
});

/** A state a native app created and never ran, around `target`. */
function nativeState(type: 'syncDown' | 'syncUp', name: string, target: object, options: object) {
  return {
    type,
    name,
    target,
    options,
    soupName: 'accounts',
    status: 'NEW',
    progress: 0,
    totalSize: -1,
    maxTimeStamp: -1,
    startTime: 0,
    endTime: 0,
    error: '',
  };
}

const ANDROID_IDS = { ...DEFAULT_FIELDS };
const PARENT = { soupName: 'accounts', sobjectType: 'Account', ...DEFAULT_FIELDS };
const CHILDREN = {
  soupName: 'contacts',
  sobjectType: 'Contact',
  ...DEFAULT_FIELDS,
  sobjectTypePlural: 'Contacts',
  parentIdFieldName: 'AccountId',
};
const FAMILY_DOWN = {
  parent: PARENT,
  parentFieldlist: ['Name'],
  parentSoqlFilter: "Name LIKE 'Every Kind%'",
  children: CHILDREN,
  childrenFieldlist: ['LastName', 'AccountId'],
  relationshipType: 'MASTER_DETAIL',
};
const FAMILY_UP = {
  parent: PARENT,
  createFieldlist: ['Name'],
  updateFieldlist: ['Name'],
  children: CHILDREN,
  childrenCreateFieldlist: ['LastName', 'AccountId'],
  childrenUpdateFieldlist: ['LastName'],
  relationshipType: 'LOOKUP',
};
const QUERY =
  "select Id,LastModifiedDate,Name from Account where Name LIKE 'Every Kind%' order by LastModifiedDate";
const SOSL = 'FIND {Every*} IN NAME FIELDS RETURNING Account(Id, Name, LastModifiedDate)';
const BRIEF_INFO = { soupName: 'accounts', sobjectType: 'Account', fieldlist: ['Name'] };

/**
 * Every target kind as each SDK writes it: Android `target/*.kt` `asJSON()`
 * (`androidImpl`, org.json leaving nulls out); iOS `Target/*.m` `asDict`
 * (`iOSImpl`, sync-up targets with `"type": "rest"`, the refresh key spelled
 * `coundIdsPerSoql`, parent-children sync down with `maxBatchSize` 0 and no
 * query, `BriefcaseSyncDownTarget.swift`).
 */
const NATIVE_TARGETS: [string, 'syncDown' | 'syncUp', object][] = [
  [
    'android soql',
    'syncDown',
    {
      androidImpl: `${PKG}SoqlSyncDownTarget`,
      ...ANDROID_IDS,
      type: 'soql',
      query: QUERY,
      maxBatchSize: 2000,
    },
  ],
  [
    'ios soql',
    'syncDown',
    {
      iOSImpl: 'SFSoqlSyncDownTarget',
      ...ANDROID_IDS,
      type: 'soql',
      query: QUERY,
      maxBatchSize: 2000,
    },
  ],
  [
    'android sosl',
    'syncDown',
    { androidImpl: `${PKG}SoslSyncDownTarget`, ...ANDROID_IDS, type: 'sosl', query: SOSL },
  ],
  [
    'ios sosl',
    'syncDown',
    { iOSImpl: 'SFSoslSyncDownTarget', ...ANDROID_IDS, type: 'sosl', query: SOSL },
  ],
  [
    'android mru',
    'syncDown',
    {
      androidImpl: `${PKG}MruSyncDownTarget`,
      ...ANDROID_IDS,
      type: 'mru',
      fieldlist: ['Id', 'Name'],
      sobjectType: 'Account',
    },
  ],
  [
    'ios mru',
    'syncDown',
    {
      iOSImpl: 'SFMruSyncDownTarget',
      ...ANDROID_IDS,
      type: 'mru',
      sobjectType: 'Account',
      fieldlist: ['Id', 'Name'],
    },
  ],
  [
    'android refresh',
    'syncDown',
    {
      androidImpl: `${PKG}RefreshSyncDownTarget`,
      ...ANDROID_IDS,
      type: 'refresh',
      fieldlist: ['Name'],
      sobjectType: 'Account',
      soupName: 'accounts',
      countIdsPerSoql: 500,
    },
  ],
  [
    'ios refresh',
    'syncDown',
    {
      iOSImpl: 'SFRefreshSyncDownTarget',
      ...ANDROID_IDS,
      type: 'refresh',
      soupName: 'accounts',
      sobjectType: 'Account',
      fieldlist: ['Name'],
      coundIdsPerSoql: 500,
    },
  ],
  [
    'android parent_children',
    'syncDown',
    {
      androidImpl: `${PKG}ParentChildrenSyncDownTarget`,
      ...ANDROID_IDS,
      type: 'parent_children',
      query: '',
      maxBatchSize: 2000,
      ...FAMILY_DOWN,
    },
  ],
  [
    'ios parent_children',
    'syncDown',
    {
      iOSImpl: 'SFParentChildrenSyncDownTarget',
      ...ANDROID_IDS,
      type: 'parent_children',
      maxBatchSize: 0,
      ...FAMILY_DOWN,
    },
  ],
  [
    'android metadata',
    'syncDown',
    {
      androidImpl: `${PKG}MetadataSyncDownTarget`,
      ...ANDROID_IDS,
      type: 'metadata',
      sobjectType: 'Account',
    },
  ],
  [
    'ios metadata',
    'syncDown',
    {
      iOSImpl: 'SFMetadataSyncDownTarget',
      ...ANDROID_IDS,
      type: 'metadata',
      sobjectType: 'Account',
    },
  ],
  [
    'android layout',
    'syncDown',
    {
      androidImpl: `${PKG}LayoutSyncDownTarget`,
      ...ANDROID_IDS,
      type: 'layout',
      sobjectType: 'Account',
      layoutType: 'Full',
      mode: 'View',
    },
  ],
  [
    'ios layout',
    'syncDown',
    {
      iOSImpl: 'SFLayoutSyncDownTarget',
      ...ANDROID_IDS,
      type: 'layout',
      sobjectType: 'Account',
      formFactor: 'Large',
      layoutType: 'Compact',
      mode: 'Edit',
    },
  ],
  [
    'android briefcase',
    'syncDown',
    {
      androidImpl: `${PKG}BriefcaseSyncDownTarget`,
      ...ANDROID_IDS,
      type: 'briefcase',
      infos: [{ ...BRIEF_INFO, ...DEFAULT_FIELDS }],
      countIdsPerRetrieve: 2000,
    },
  ],
  [
    'ios briefcase',
    'syncDown',
    {
      iOSImpl: 'SFBriefcaseSyncDownTarget',
      ...ANDROID_IDS,
      type: 'briefcase',
      infos: [{ ...BRIEF_INFO, ...DEFAULT_FIELDS }],
      countIdsPerRetrieve: 2000,
    },
  ],
  [
    'android collection',
    'syncUp',
    {
      androidImpl: `${PKG}CollectionSyncUpTarget`,
      ...ANDROID_IDS,
      createFieldlist: ['Name'],
      updateFieldlist: ['Name'],
      maxBatchSize: 200,
    },
  ],
  [
    'ios collection',
    'syncUp',
    {
      iOSImpl: 'SFCollectionSyncUpTarget',
      ...ANDROID_IDS,
      type: 'rest',
      createFieldlist: ['Name'],
      updateFieldlist: ['Name'],
      maxBatchSize: 200,
    },
  ],
  [
    'android batch',
    'syncUp',
    {
      androidImpl: `${PKG}BatchSyncUpTarget`,
      ...ANDROID_IDS,
      createFieldlist: ['Name'],
      updateFieldlist: ['Name'],
      maxBatchSize: 25,
    },
  ],
  [
    'ios batch',
    'syncUp',
    {
      iOSImpl: 'SFBatchSyncUpTarget',
      ...ANDROID_IDS,
      type: 'rest',
      createFieldlist: ['Name'],
      updateFieldlist: ['Name'],
      maxBatchSize: 25,
    },
  ],
  [
    'android single',
    'syncUp',
    {
      androidImpl: `${PKG}SyncUpTarget`,
      ...ANDROID_IDS,
      createFieldlist: ['Name'],
      updateFieldlist: ['Name'],
    },
  ],
  [
    'ios single',
    'syncUp',
    {
      iOSImpl: 'SFSyncUpTarget',
      ...ANDROID_IDS,
      type: 'rest',
      createFieldlist: ['Name'],
      updateFieldlist: ['Name'],
    },
  ],
  [
    'android parent_children up',
    'syncUp',
    { androidImpl: `${PKG}ParentChildrenSyncUpTarget`, ...ANDROID_IDS, ...FAMILY_UP },
  ],
  [
    'ios parent_children up',
    'syncUp',
    { iOSImpl: 'SFParentChildrenSyncUpTarget', ...ANDROID_IDS, type: 'rest', ...FAMILY_UP },
  ],
];

describe('every target kind, as each SDK writes it', () => {
  it.each(NATIVE_TARGETS)(
    '%s: runs from the stored state and leaves its JSON as it was',
    async (name, type, target) => {
      const { store, manager } = syncSetup(org);
      store.registerSoup('metadata', [
        { path: 'Id', type: 'string' },
        { path: '__local__', type: 'string' },
      ]);
      const [parent] = seedAccounts(org, 'Every Kind', 2) as [string];
      org.emulator.org.insert('Contact', [{ LastName: 'Every Kind Kid', AccountId: parent }]);
      org.emulator.org.markRecentlyViewed('Account', [parent]);
      // Records in the soup for refresh; local edits for the sync ups.
      await manager.syncDown({
        target: { type: 'soql', query: "SELECT Name FROM Account WHERE Name LIKE 'Every Kind%'" },
        soupName: 'accounts',
      });
      const local = createLocally(
        store,
        'accounts',
        { Name: `Every Kind ${name}` },
        { sobjectType: 'Account' },
      );
      const options =
        type === 'syncUp' ? { mergeMode: 'OVERWRITE' } : { mergeMode: 'LEAVE_IF_CHANGED' };
      const json = nativeState(type, name, target, options);
      if (name.endsWith('metadata') || name.endsWith('layout')) json.soupName = 'metadata';
      store.upsert(SYNCS_SOUP, [json]);

      const state = await manager.reSync(name);
      expect(state.status).toBe('DONE');
      const stored = storedJson(store, state.id);
      expect(stored.target).toEqual(target);
      expect(stored.options).toEqual(options);
      expect(stored).toMatchObject({ type, name, status: 'DONE', progress: 100, error: '' });
      if (type === 'syncUp') {
        const [after] = store.retrieve('accounts', [local._soupEntryId]) as StoredEntry[];
        expect(after?.__local__).toBe(false);
        expect(serverRecords(org, 'Account', 'Name', `Every Kind ${name}`)).toHaveLength(1);
      } else if (name.endsWith('metadata') || name.endsWith('layout')) {
        expect(soupEntries(store, 'metadata')).toHaveLength(1);
      } else {
        expect(state.totalSize).toBeGreaterThan(0);
      }
    },
  );
});
