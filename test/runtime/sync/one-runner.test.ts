/**
 * One runner per sync, across managers and processes: a sync another
 * manager runs is refused with SYNC_ALREADY_RUNNING (or waited for), a sync
 * up is refused while another sync up of its soup runs elsewhere, opening a
 * manager stops only syncs whose runner is gone, and nothing is created
 * twice on the server.
 */
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { SmartStore } from '../../../runtime/store/smart-store.js';
import { LEASE_STALE_MS } from '../../../runtime/sync/engine/sync-lease.js';
import {
  createLocally,
  SyncManager,
  type SyncStateJson,
  type SyncUpRequest,
} from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../helpers/paths.js';
import { fileStore, trackStore } from '../../helpers/store-helpers.js';
import { ACCOUNT_SPECS, rejection, serverRecords, soupEntries } from '../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

/** Two managers on two handles of one store file, the soup filled with `count` local creates. */
function twoManagers(tag: string, count: number) {
  const { store, path } = fileStore();
  store.registerSoup('accounts', ACCOUNT_SPECS);
  store.transaction(() => {
    for (let i = 0; i < count; i++)
      createLocally(store, 'accounts', { Name: `${tag} ${i}` }, { sobjectType: 'Account' });
  });
  const second = trackStore(SmartStore.open({ path }));
  return {
    store,
    second,
    first: SyncManager.open({ store, connection: org.connect() }),
    other: SyncManager.open({ store: second, connection: org.connect() }),
  };
}

/** Holds the next create call of a sync up until `release()`. */
const holdCreateCall = () =>
  org.emulator.faults.add({ method: 'POST', path: '/composite/sobjects', hold: true });

const upRequest = (name: string): SyncUpRequest => ({
  soupName: 'accounts',
  syncName: name,
  target: { createFieldlist: ['Name'], updateFieldlist: ['Name'], maxBatchSize: 50 },
  options: { mergeMode: 'OVERWRITE' },
});

describe('a sync another manager runs', () => {
  it('is refused with SYNC_ALREADY_RUNNING, and the run creates every record once', async () => {
    const tag = 'OneRunner';
    const { store, first, other } = twoManagers(tag, 300);
    const hold = holdCreateCall();
    const running = first.syncUp(upRequest(tag));
    await hold.reached();
    const refused = await rejection(other.reSync(tag));
    expect(refused.code).toBe('SYNC_ALREADY_RUNNING');
    expect(refused.message).toMatch(/still running in another manager of this process/);
    hold.release();
    expect((await running).status).toBe('DONE');
    expect(serverRecords(org, 'Account', 'Name', `${tag} `)).toHaveLength(300);
    expect(soupEntries(store, 'accounts').every((e) => e.__local__ === false)).toBe(true);
  });

  it("whenRunning: 'wait' waits for it to end, then runs (with nothing left to send)", async () => {
    const tag = 'WaitRunner';
    const { first, other } = twoManagers(tag, 120);
    const hold = holdCreateCall();
    const running = first.syncUp(upRequest(tag));
    await hold.reached();
    const waiting = other.reSync(tag, { whenRunning: 'wait' });
    hold.release();
    expect((await running).status).toBe('DONE');
    expect(await waiting).toMatchObject({ status: 'DONE', totalSize: 0 });
    expect(serverRecords(org, 'Account', 'Name', `${tag} `)).toHaveLength(120);
  });

  it('is left RUNNING by a manager opened meanwhile, and its runner finishes it', async () => {
    const tag = 'OpenLeaves';
    const { store, first } = twoManagers(tag, 10);
    const hold = holdCreateCall();
    const running = first.syncUp(upRequest(tag));
    await hold.reached();
    const late = SyncManager.open({ store, connection: org.connect() });
    expect(late.getSyncStatus(tag)).toMatchObject({
      status: 'RUNNING',
      lease: { pid: process.pid, host: hostname() },
    });
    expect(late.getSyncStatus(tag)?.lease).toBeDefined();
    hold.release();
    expect((await running).status).toBe('DONE');
    expect(late.getSyncStatus(tag)).toMatchObject({ status: 'DONE' });
    expect(late.getSyncStatus(tag)?.lease).toBeUndefined();
  });

  it('cannot be deleted or have its ghosts cleaned while it runs', async () => {
    const tag = 'NoDeleteRunning';
    const { first, other } = twoManagers(tag, 5);
    const hold = holdCreateCall();
    const running = first.syncUp(upRequest(tag));
    await hold.reached();
    expect(() => other.deleteSync(tag)).toThrow(/still running/);
    hold.release();
    await running;
    other.deleteSync(tag);
    expect(other.getSyncStatus(tag)).toBeNull();
  });
});

describe('two sync ups of one soup', () => {
  it('do not run at once from two managers: the second is refused, so nothing is created twice', async () => {
    const tag = 'SameSoup';
    const { first, other } = twoManagers(tag, 100);
    const hold = holdCreateCall();
    const running = first.syncUp(upRequest(`${tag} A`));
    await hold.reached();
    const refused = await rejection(other.syncUp(upRequest(`${tag} B`)));
    expect(refused.code).toBe('SYNC_ALREADY_RUNNING');
    expect(refused.message).toContain(`sync up ${tag} A of the same soup`);
    hold.release();
    await running;
    expect(serverRecords(org, 'Account', 'Name', `${tag} `)).toHaveLength(100);
  });
});

describe('SyncManager.open with a sync stored RUNNING', () => {
  /** A store whose sync `tag` is stored RUNNING with `lease`. */
  function storedRunning(tag: string, lease: SyncStateJson['lease']) {
    const { store } = fileStore();
    store.registerSoup('accounts', ACCOUNT_SPECS);
    const manager = SyncManager.open({ store, connection: org.connect() });
    const state = manager.createSyncDown({
      target: { type: 'soql', query: 'SELECT Name FROM Account' },
      soupName: 'accounts',
      syncName: tag,
    });
    store.upsert('syncs_soup', [
      {
        ...store.retrieve('syncs_soup', [state.id])[0],
        status: 'RUNNING',
        ...(lease === undefined ? {} : { lease }),
      },
    ]);
    return store;
  }
  const reopened = (store: SmartStore, tag: string) =>
    SyncManager.open({ store, connection: org.connect() }).getSyncStatus(tag)?.status;

  it('stops it when no runner holds it (an SDK app, or an older soupkit, left it)', () => {
    expect(reopened(storedRunning('NoLease', undefined), 'NoLease')).toBe('STOPPED');
  });

  it('stops it when its process on this host is gone', () => {
    const gone = { owner: 'x', pid: 2 ** 22 + 12345, host: hostname(), heartbeat: Date.now() };
    expect(reopened(storedRunning('DeadPid', gone), 'DeadPid')).toBe('STOPPED');
  });

  it('stops it when a manager of this process held it and no longer runs it', () => {
    const ended = { owner: 'ended', pid: process.pid, host: hostname(), heartbeat: Date.now() };
    expect(reopened(storedRunning('EndedHere', ended), 'EndedHere')).toBe('STOPPED');
  });

  it('leaves it to a runner on another host until its lease is stale', () => {
    const fresh = { owner: 'y', pid: 1, host: 'elsewhere.example', heartbeat: Date.now() };
    expect(reopened(storedRunning('OtherHost', fresh), 'OtherHost')).toBe('RUNNING');
    const stale = { ...fresh, heartbeat: Date.now() - LEASE_STALE_MS - 1000 };
    expect(reopened(storedRunning('StaleHost', stale), 'StaleHost')).toBe('STOPPED');
  });

  it('leaves it to a live process of this host', () => {
    // The parent of this test process is alive for as long as the test runs.
    const live = { owner: 'z', pid: process.ppid, host: hostname(), heartbeat: Date.now() };
    expect(reopened(storedRunning('LiveProcess', live), 'LiveProcess')).toBe('RUNNING');
  });
});
