/**
 * One runner per sync, across managers and processes: a manager takes a
 * lease on a sync (kept in its state, soupkit's own `lease` key) when it
 * submits it, beats it while it waits or runs, and gives it up with the final
 * status. Another manager sees the lease as live while its runner is:
 *
 * - in this process: while that manager's run holds it (a registry here, so
 *   a run whose last write failed does not block the sync for good);
 * - in another process on this host: while that process is alive and has
 *   beaten within `LEASE_STALE_MS` (a killed process frees its syncs at once);
 * - on another host (a store file copied or shared): until `LEASE_STALE_MS`
 *   after its last beat.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { buildExactQuerySpec } from '../../store/query-spec.js';
import type { SmartStore, StoredEntry } from '../../store/smart-store.js';
import { SYNCS_SOUP } from '../contracts/constants.js';
import { SyncError } from '../contracts/sync-error.js';
import type { SyncLease, SyncState } from '../contracts/sync-state.js';
import { syncStateFromJson, syncStateToJson } from '../contracts/sync-state-json.js';

/** How often a held lease is beaten, in ms. */
export const LEASE_BEAT_MS = 30_000;
/** A lease not beaten for this long is taken to be abandoned (a stuck or vanished runner). */
export const LEASE_STALE_MS = 10 * 60_000;

/** The leases this process's runs hold now, as `owner:syncId`. */
const held = new Set<string>();

/** A new lease owner for a manager of this process. */
export function newLeaseOwner(): string {
  return randomUUID();
}

/** The lease a run of `owner` writes into its state, beaten now. */
export function leaseFor(owner: string): SyncLease {
  return { owner, pid: process.pid, host: hostname(), heartbeat: Date.now() };
}

/** Notes that a run of this process holds (or gave up) the lease of a sync. */
export function holdLease(owner: string, syncId: number, holding: boolean): void {
  if (holding) held.add(`${owner}:${syncId}`);
  else held.delete(`${owner}:${syncId}`);
}

/**
 * Whether the runner named by `lease` still runs sync `syncId` (see the
 * module comment). A state without a lease (written by the SDK, or by an
 * older soupkit) has no live runner.
 */
export function isLeaseLive(
  lease: SyncLease | undefined,
  syncId: number,
  now = Date.now(),
): boolean {
  if (lease === undefined) return false;
  if (lease.host === hostname() && lease.pid === process.pid)
    return held.has(`${lease.owner}:${syncId}`);
  // A beat in the future (another host's clock ahead of ours) counts as fresh until it is stale from ours.
  if (now - lease.heartbeat > LEASE_STALE_MS) return false;
  return lease.host !== hostname() || processIsAlive(lease.pid);
}

function processIsAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a runner other than `owner` (another manager or process) runs the sync now. */
export function isRunByAnother(state: SyncState, owner: string): boolean {
  return (
    state.status === 'RUNNING' && state.lease?.owner !== owner && isLeaseLive(state.lease, state.id)
  );
}

/** The states stored `RUNNING`. */
function runningStates(store: SmartStore): SyncState[] {
  return (
    store.query(
      buildExactQuerySpec({
        soupName: SYNCS_SOUP,
        indexPath: 'status',
        matchKey: 'RUNNING',
        pageSize: 1_000_000,
      }),
    ) as StoredEntry[]
  ).map(syncStateFromJson);
}

/** A state that says `RUNNING` but whose runner is gone (killed, or an SDK's). */
export function isOrphaned(state: SyncState, now = Date.now()): boolean {
  return state.status === 'RUNNING' && !isLeaseLive(state.lease, state.id, now);
}

/** Writes `STOPPED` over the syncs left `RUNNING` by a runner that is gone; live runs stay. */
export function stopOrphanedSyncs(store: SmartStore): void {
  store.transaction(() => {
    const orphaned = runningStates(store).filter((state) => isOrphaned(state));
    if (orphaned.length > 0)
      store.upsert(
        SYNCS_SOUP,
        orphaned.map((state) => syncStateToJson({ ...state, status: 'STOPPED', lease: undefined })),
      );
  });
}

/** The soups a sync up writes: its own, and a parent-children target's two. */
function soupsOf(state: SyncState): string[] {
  const target = state.target as {
    parent?: { soupName?: unknown };
    children?: { soupName?: unknown };
  };
  return [state.soupName, target.parent?.soupName, target.children?.soupName].filter(
    (soup): soup is string => typeof soup === 'string',
  );
}

/** Where a running sync's lease holder is, for messages. */
function whereRunning(lease: SyncLease | undefined): string {
  if (lease === undefined) return 'elsewhere';
  if (lease.host === hostname() && lease.pid === process.pid)
    return 'in another manager of this process';
  return lease.host === hostname()
    ? `in process ${lease.pid}`
    : `in process ${lease.pid} on ${lease.host}`;
}

/**
 * In one store transaction: reads sync `id` as stored now, refuses
 * (`SYNC_ALREADY_RUNNING`) when another runner holds it or, for a sync up,
 * another sync up of one of its soups, and otherwise writes what `start`
 * makes of it (given whether a dead runner left it `RUNNING`) with `owner`'s
 * lease. Returns the state written; `undefined` when the sync does not exist.
 */
export function acquireSync(
  store: SmartStore,
  id: number,
  owner: string,
  start: (stored: SyncState, orphaned: boolean) => SyncState,
): SyncState | undefined {
  const started = store.transaction(() => {
    const [entry] = store.retrieve(SYNCS_SOUP, [id]);
    if (entry === undefined) return undefined;
    const stored = syncStateFromJson(entry);
    const now = Date.now();
    const label = stored.name ?? String(stored.id);
    if (stored.status === 'RUNNING' && stored.lease?.owner !== owner && !isOrphaned(stored, now)) {
      throw new SyncError(
        'SYNC_ALREADY_RUNNING',
        `Cannot run sync ${label}: it is still running ${whereRunning(stored.lease)}`,
      );
    }
    if (stored.type === 'syncUp') {
      const mine = new Set(soupsOf(stored));
      const rival = runningStates(store).find(
        (other) =>
          other.id !== id &&
          other.type === 'syncUp' &&
          other.lease?.owner !== owner &&
          !isOrphaned(other, now) &&
          soupsOf(other).some((soup) => mine.has(soup)),
      );
      if (rival !== undefined) {
        throw new SyncError(
          'SYNC_ALREADY_RUNNING',
          `Cannot run sync ${label}: sync up ${rival.name ?? rival.id} of the same soup is running ${whereRunning(rival.lease)}`,
        );
      }
    }
    const next = { ...start(stored, isOrphaned(stored, now)), lease: leaseFor(owner) };
    store.upsert(SYNCS_SOUP, [syncStateToJson(next)]);
    return next;
  });
  if (started !== undefined) holdLease(owner, id, true);
  return started;
}
