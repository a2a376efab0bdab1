/**
 * The manager's lifecycle against the emulator: syncs run one at a time in
 * submission order with RUNNING written at enqueue, a sync still running is
 * refused, stop() ends a sync up between batches and a queued sync STOPPED at
 * once, reSync's one-millisecond margin after STOPPED (none after FAILED).
 */
import { describe, expect, it } from 'vitest';
import { createLocally, type SyncState } from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../helpers/paths.js';
import { rejection, soupEntries, syncSetup } from '../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

const soql = (tag: string) => ({
  type: 'soql' as const,
  query: `SELECT Name FROM Account WHERE Name LIKE '${tag} %'`,
  maxBatchSize: 200,
});

function seed(tag: string, count: number): string[] {
  return org.emulator.org.insert(
    'Account',
    Array.from({ length: count }, (_, i) => ({ Name: `${tag} ${i}` })),
  );
}

describe('the sync queue', () => {
  it('runs syncs one at a time in submission order, each RUNNING from the moment it is queued', async () => {
    const { manager } = syncSetup(org);
    seed('QueueA', 400);
    seed('QueueB', 400);
    const mark = org.emulator.requestCount;
    const first = manager.syncDown({ target: soql('QueueA'), soupName: 'accounts', syncName: 'a' });
    const second = manager.syncDown({
      target: soql('QueueB'),
      soupName: 'accounts',
      syncName: 'b',
    });
    expect(manager.getSyncStatus('b')?.status).toBe('RUNNING');
    await expect(manager.reSync('b')).rejects.toMatchObject({
      code: 'SYNC_ALREADY_RUNNING',
      message: 'Cannot run sync b: it is still running',
    });
    await expect(manager.cleanResyncGhosts('a')).rejects.toMatchObject({
      code: 'SYNC_ALREADY_RUNNING',
    });
    await Promise.all([first, second]);
    const queries = org.emulator
      .requestsSince(mark)
      .map((r) => (r.query.q ?? r.path).includes('QueueB') || false);
    // Every call of the first sync comes before any of the second (the cursor pages carry no query text).
    const firstOfB = queries.indexOf(true);
    expect(firstOfB).toBe(2);
    expect(org.emulator.requestsSince(mark)).toHaveLength(4);
  });

  it('stop() ends a sync up between batches and a queued sync at once; restart(true) finishes both', async () => {
    const { store, manager } = syncSetup(org);
    for (let i = 0; i < 5; i++)
      createLocally(store, 'accounts', { Name: `StopUp ${i}` }, { sobjectType: 'Account' });
    seed('StopQueued', 10);
    const held = org.emulator.faults.add({
      method: 'POST',
      path: '/composite/sobjects',
      hold: true,
    });
    const up = manager.syncUp({
      soupName: 'accounts',
      syncName: 'up',
      target: { createFieldlist: ['Name'], updateFieldlist: ['Name'], maxBatchSize: 2 },
      options: { mergeMode: 'OVERWRITE' },
    });
    const queuedUpdates: SyncState[] = [];
    const queued = manager.syncDown({
      target: soql('StopQueued'),
      soupName: 'accounts',
      syncName: 'queued',
      onUpdate: (s) => queuedUpdates.push(s),
    });
    await held.reached();
    manager.stop();
    held.remove();
    const upError = await rejection(up);
    const queuedError = await rejection(queued);
    expect(upError.state).toMatchObject({ status: 'STOPPED', totalSize: 5, progress: 80 });
    // The two batches out when stop() came were answered and saved; the rest is still to send.
    expect(soupEntries(store, 'accounts').filter((e) => e.__local__ === true)).toHaveLength(1);
    expect(queuedError.state).toMatchObject({ status: 'STOPPED', progress: 0, totalSize: -1 });
    expect(queuedUpdates.map((s) => s.status)).toEqual(['RUNNING', 'STOPPED']);
    const resumed = await manager.restart({ restartStoppedSyncs: true });
    expect(resumed.map((s) => [s.name, s.status]).sort()).toEqual([
      ['queued', 'DONE'],
      ['up', 'DONE'],
    ]);
    expect(soupEntries(store, 'accounts').every((e) => e.__local__ === false)).toBe(true);
  });
});

describe('reSync after STOPPED and after FAILED', () => {
  it('asks from the saved stamp itself after FAILED, from one millisecond before it after STOPPED', async () => {
    const { manager } = syncSetup(org);
    seed('Margin', 3);
    const state = await manager.syncDown({
      target: soql('Margin'),
      soupName: 'accounts',
      syncName: 'margin',
    });
    const since = (ms: number) =>
      `LastModifiedDate > ${new Date(ms).toISOString().replace('Z', '+0000')}`;
    const firstQuery = (mark: number) => org.emulator.requestsSince(mark)[0]?.query.q ?? '';

    let mark = org.emulator.requestCount;
    const fault = org.emulator.faults.add({
      path: '/query',
      respond: { status: 400, body: [{ errorCode: 'MALFORMED_QUERY', message: 'no' }] },
    });
    const failed = await rejection(manager.reSync('margin'));
    fault.remove();
    expect(firstQuery(mark)).toContain(since(state.maxTimeStamp));
    expect(failed.state).toMatchObject({ status: 'FAILED', error: expect.stringContaining('no') });
    mark = org.emulator.requestCount;
    await manager.reSync('margin');
    expect(firstQuery(mark)).toContain(since(state.maxTimeStamp));

    // Two new pages; stopped while the second is on its way.
    org.emulator.clock.advance(1000);
    seed('Margin new', 300);
    const held = org.emulator.faults.add({ path: /\/query\/01g/, hold: true });
    const stopped = manager.reSync('margin');
    await held.reached();
    manager.stop();
    held.remove();
    expect((await rejection(stopped)).state?.status).toBe('STOPPED');
    const saved = manager.getSyncStatus('margin')?.maxTimeStamp ?? 0;
    expect(saved).toBeGreaterThan(state.maxTimeStamp);
    await manager.restart({ restartStoppedSyncs: false });
    mark = org.emulator.requestCount;
    await manager.reSync('margin');
    expect(firstQuery(mark)).toContain(since(saved - 1));
  });
});
