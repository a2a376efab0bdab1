/**
 * Server errors and lost connections at each request position of a sync,
 * through jsforce against the emulator: a sync down keeps whole pages only and
 * completes on reSync; every sync-up target, with the answer of any one call
 * lost after the server applied it (or an error answered instead), keeps
 * every local change, and its retry creates nothing twice.
 */
import { describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../../emulator/index.js';
import type { SmartStore, StoredEntry } from '../../../runtime/store/smart-store.js';
import {
  createLocally,
  deleteLocally,
  isLocalId,
  SYNC_UP_IMPLEMENTATIONS,
  type SyncError,
  SyncManager,
  type SyncUpKind,
  type SyncUpTarget,
  updateLocally,
} from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../helpers/paths.js';
import { memoryStore } from '../../helpers/store-helpers.js';
import {
  ACCOUNT_SPECS,
  accountFamiliesDown,
  accountFamiliesUp,
  CONTACT_SPECS,
  rejection,
  serverRecords,
  soupEntries,
} from '../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });
/** Any REST call. */
const API = /^\/services\/data\//;
const FAST_RETRY = { maxRetries: 1, minTimeoutMs: 5 };

function fresh(): { store: SmartStore; manager: SyncManager } {
  const store = memoryStore();
  store.registerSoup('accounts', ACCOUNT_SPECS);
  store.registerSoup('contacts', CONTACT_SPECS);
  return {
    store,
    manager: SyncManager.open({ store, connection: org.connect(), retry: FAST_RETRY }),
  };
}

type Failure = 'status 500' | 'status 503' | 'drop' | 'dropAfterCommit';
const FAILURES: readonly Failure[] = ['status 500', 'status 503', 'drop', 'dropAfterCommit'];

function faultAt(position: number, failure: Failure, times = 1): FaultSpec {
  const base = { path: API, after: position, times };
  switch (failure) {
    case 'status 500':
      return {
        ...base,
        respond: { status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'boom' }] },
      };
    case 'status 503':
      return {
        ...base,
        respond: { status: 503, body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'later' }] },
      };
    case 'drop':
      return { ...base, drop: true };
    case 'dropAfterCommit':
      return { ...base, dropAfterCommit: true };
  }
}

describe('sync down with a failure at each page', () => {
  const pages = 3;
  for (let position = 0; position < pages; position++) {
    for (const failure of ['status 500', 'status 503', 'drop'] as const) {
      it(`${failure} at request ${position + 1}: whole pages only, then reSync completes without duplicates`, async () => {
        const tag = `Down${position}${failure.replace(/\W/g, '')}`;
        org.emulator.org.insert(
          'Account',
          Array.from({ length: 600 }, (_, i) => ({ Name: `${tag} ${i}` })),
        );
        const { store, manager } = fresh();
        // Past jsforce's retries of a GET: the outage lasts.
        const fault = org.emulator.faults.add(faultAt(position, failure, Number.POSITIVE_INFINITY));
        const error = await rejection(
          manager.syncDown({
            target: {
              type: 'soql',
              query: `SELECT Name FROM Account WHERE Name LIKE '${tag} %'`,
              maxBatchSize: 200,
            },
            soupName: 'accounts',
            syncName: tag,
          }),
        );
        fault.remove();
        expect(error.state).toMatchObject({ status: 'FAILED' });
        expect(soupEntries(store, 'accounts')).toHaveLength(position * 200);
        expect((await manager.reSync(tag)).status).toBe('DONE');
        const stored = soupEntries(store, 'accounts');
        expect(stored).toHaveLength(600);
        expect(new Set(stored.map((e) => e.Id)).size).toBe(600);
      });
    }
  }

  it('a single 503 is retried by jsforce and the sync goes on', async () => {
    const tag = 'DownRetried';
    org.emulator.org.insert(
      'Account',
      Array.from({ length: 400 }, (_, i) => ({ Name: `${tag} ${i}` })),
    );
    const { store, manager } = fresh();
    const fault = org.emulator.faults.add(faultAt(1, 'status 503'));
    const state = await manager.syncDown({
      target: {
        type: 'soql',
        query: `SELECT Name FROM Account WHERE Name LIKE '${tag} %'`,
        maxBatchSize: 200,
      },
      soupName: 'accounts',
    });
    expect(fault.hits).toBe(1);
    expect(state.status).toBe('DONE');
    expect(soupEntries(store, 'accounts')).toHaveLength(400);
  });
});

/** A sync up scenario: local edits on fresh data, and the target that sends them. */
interface Scenario {
  readonly prepare: (tag: string) => Promise<{ store: SmartStore; manager: SyncManager }>;
  readonly target: SyncUpTarget;
}

async function recordScenario(tag: string) {
  const setup = fresh();
  const { store, manager } = setup;
  org.emulator.org.insert('Account', [
    { Name: `${tag} a` },
    { Name: `${tag} b` },
    { Name: `${tag} c` },
  ]);
  await manager.syncDown({
    target: { type: 'soql', query: `SELECT Name FROM Account WHERE Name LIKE '${tag} %'` },
    soupName: 'accounts',
  });
  const [a, b] = soupEntries(store, 'accounts', 'Name');
  updateLocally(store, 'accounts', Number(a?._soupEntryId), { Name: `${tag} a renamed` });
  deleteLocally(store, 'accounts', Number(b?._soupEntryId));
  for (const name of ['twin', 'twin', 'single'])
    createLocally(store, 'accounts', { Name: `${tag} ${name}` }, { sobjectType: 'Account' });
  return setup;
}

async function familyScenario(tag: string) {
  const setup = fresh();
  const { store, manager } = setup;
  const [parentId] = org.emulator.org.insert('Account', [{ Name: `${tag} old` }]) as [string];
  org.emulator.org.insert('Contact', [{ LastName: `${tag} old kid`, AccountId: parentId }]);
  await manager.syncDown({
    target: accountFamiliesDown(`Name = '${tag} old'`),
    soupName: 'accounts',
  });
  const [kid] = soupEntries(store, 'contacts');
  updateLocally(store, 'contacts', Number(kid?._soupEntryId), {
    LastName: `${tag} old kid renamed`,
  });
  const parent = createLocally(
    store,
    'accounts',
    { Name: `${tag} new` },
    { sobjectType: 'Account' },
  );
  for (const name of ['kid 1', 'kid 2'])
    createLocally(
      store,
      'contacts',
      { LastName: `${tag} ${name}`, AccountId: parent.Id },
      { sobjectType: 'Contact' },
    );
  return setup;
}

const recordTarget = (kind: SyncUpKind): SyncUpTarget => ({
  ...(kind === 'collection' ? {} : { androidImpl: SYNC_UP_IMPLEMENTATIONS[kind].androidImpl }),
  createFieldlist: ['Name'],
  updateFieldlist: ['Name'],
  maxBatchSize: 2,
});

const SCENARIOS: Record<string, Scenario> = {
  collection: { prepare: recordScenario, target: recordTarget('collection') },
  batch: { prepare: recordScenario, target: recordTarget('batch') },
  single: { prepare: recordScenario, target: recordTarget('single') },
  parent_children: {
    prepare: familyScenario,
    target: accountFamiliesUp(),
  },
};

function allEntries(store: SmartStore): StoredEntry[] {
  return [...soupEntries(store, 'accounts'), ...soupEntries(store, 'contacts')];
}

function keyOf(entry: StoredEntry): string {
  return `${(entry.attributes as { type?: string } | undefined)?.type}:${entry._soupEntryId}`;
}

/** The values a user edited: everything but what sync may rewrite (ids, flags, errors, stamps). */
function editedValues(entry: StoredEntry | undefined): Record<string, unknown> {
  const {
    _soupLastModifiedDate: _stamp,
    __last_error__: _error,
    __locally_created__: _created,
    __locally_updated__: _updated,
    Id: _id,
    AccountId: _parent,
    ...edited
  } = (entry ?? {}) as Record<string, unknown>;
  return edited;
}

/** What the org and the store hold of a scenario, tag-free, for comparing runs. */
function outcome(store: SmartStore, tag: string) {
  const strip = (value: unknown) => String(value).replace(tag, '');
  const server = [
    ...serverRecords(org, 'Account', 'Name', tag).map((r) => `Account ${strip(r.Name)}`),
    ...serverRecords(org, 'Contact', 'LastName', tag).map((r) => `Contact ${strip(r.LastName)}`),
  ].sort();
  const local = [...soupEntries(store, 'accounts'), ...soupEntries(store, 'contacts')];
  return { server, local };
}

describe.each(Object.keys(SCENARIOS))(
  'the %s sync-up target with a failure at each request',
  (kind) => {
    const scenario = SCENARIOS[kind] as Scenario;

    it('keeps every local change, and its retry leaves the org and the store as a run without failure', async () => {
      const cleanTag = `Up${kind}clean`;
      const clean = await scenario.prepare(cleanTag);
      const mark = org.emulator.requestCount;
      await clean.manager.syncUp({
        soupName: 'accounts',
        target: scenario.target,
        options: { mergeMode: 'OVERWRITE' },
      });
      const calls = org.emulator.requestCount - mark;
      const expected = outcome(clean.store, cleanTag);
      expect(expected.local.every((e) => e.__local__ === false && !isLocalId(e.Id))).toBe(true);
      expect(calls).toBeGreaterThan(1);

      for (let position = 0; position < calls; position++) {
        for (const failure of FAILURES) {
          const tag = `Up${kind}${position}${failure.replace(/\W/g, '')}`;
          const { store, manager } = await scenario.prepare(tag);
          const before = new Map(allEntries(store).map((e) => [keyOf(e), e]));
          const fault = org.emulator.faults.add(
            faultAt(position, failure, Number.POSITIVE_INFINITY),
          );
          const first = await manager
            .syncUp({
              soupName: 'accounts',
              syncName: tag,
              target: scenario.target,
              options: { mergeMode: 'OVERWRITE' },
            })
            .then(
              (state) => state,
              (error: SyncError) => error.state,
            );
          fault.remove();
          const context = `${failure} at call ${position + 1} of ${calls}`;
          // No local change is lost: a record still dirty holds every value it was edited to.
          for (const entry of allEntries(store)) {
            if (entry.__local__ === true)
              expect(editedValues(entry), context).toEqual(editedValues(before.get(keyOf(entry))));
          }
          if (first?.status !== 'DONE')
            expect((await manager.reSync(tag)).status, context).toBe('DONE');
          // Records that kept an error are sent once more.
          if (allEntries(store).some((e) => e.__local__ === true)) await manager.reSync(tag);
          expect({ context, ...outcome(store, tag).server }, context).toEqual({
            context,
            ...expected.server,
          });
          const local = outcome(store, tag).local;
          expect(local.length, context).toBe(expected.local.length);
          expect(
            local.every(
              (e) => e.__local__ === false && !isLocalId(e.Id) && !isLocalId(e.AccountId),
            ),
            context,
          ).toBe(true);
          const serverIds = new Set(
            [...org.emulator.org.all('Account'), ...org.emulator.org.all('Contact')].map(
              (r) => r.Id,
            ),
          );
          expect(
            local.every((e) => serverIds.has(e.Id)),
            context,
          ).toBe(true);
          expect(manager.getPendingWrites(), context).toEqual([]);
        }
      }
    });
  },
);
