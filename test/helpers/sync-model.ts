/**
 * The model of the sync guarantee, for fast-check: random programs of local
 * creates, updates and deletes (through the sync's store handle or a second
 * one), server-side edits, sync downs and sync ups (every record target, both
 * merge modes), each sync with an optional fault at one of its requests: a
 * request or its answer held while the app edits, a dropped connection before
 * or after the server applied it, a 500. After every step, and after a final
 * clean sync, the invariant:
 *
 * - every acknowledged local change is on the server or dirty locally (the
 *   latest `Description` the app wrote; a delete: gone from the server, or
 *   still marked deleted here);
 * - the server holds each record created here at most once;
 * - every soup entry has an Id;
 * - after the final clean sync, every clean record equals its server copy.
 *
 * Used by `test/runtime/sync/model.test.ts` (bounded) and `npm run test:soak`.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import type { FaultSpec } from '../../emulator/index.js';
import { buildAllQuerySpec } from '../../runtime/store/query-spec.js';
import { SmartStore, type StoredEntry } from '../../runtime/store/smart-store.js';
import {
  createLocally,
  deleteLocally,
  isDirty,
  type MergeMode,
  SYNC_UP_IMPLEMENTATIONS,
  SyncError,
  SyncManager,
  type SyncUpKind,
  updateLocally,
} from '../../runtime/sync/index.js';
import type { EmulatorFixture } from './emulator.js';
import { ACCOUNT_SPECS } from './sync.js';

/** What the app does to its local records. */
export type LocalOp =
  /** `twin`: with the name and description of an earlier create (two records, the same values). */
  | { readonly kind: 'create'; readonly twin?: number }
  | { readonly kind: 'update'; readonly pick: number }
  | { readonly kind: 'delete'; readonly pick: number };

/** A local op, through the sync's store handle (0) or a second handle on the file (1). */
export interface AppOp {
  readonly op: LocalOp;
  readonly handle: 0 | 1;
}

/** A fault at the `at`-th request of a sync (0-based, API calls only). */
export type Fault =
  | { readonly kind: 'none' }
  | {
      /** `holdThenDrop`: held while the app acts, then applied with its answer lost. */
      readonly kind: 'hold' | 'holdAnswer' | 'holdThenDrop';
      readonly at: number;
      /** What the app does while the request (or its answer) waits. */
      readonly during: readonly AppOp[];
    }
  | {
      readonly kind: 'drop' | 'dropAfterCommit' | 'status500' | 'status502AfterCommit';
      readonly at: number;
    };

export type Step =
  | { readonly kind: 'app'; readonly app: AppOp }
  | { readonly kind: 'serverUpdate'; readonly pick: number }
  | { readonly kind: 'serverDelete'; readonly pick: number }
  | { readonly kind: 'serverCreate' }
  | { readonly kind: 'syncDown'; readonly fault: Fault }
  | {
      readonly kind: 'syncUp';
      readonly mode: MergeMode;
      readonly target: Exclude<SyncUpKind, 'parent_children'>;
      readonly fault: Fault;
    };

export const localOp: fc.Arbitrary<LocalOp> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'create' as const }) },
  { weight: 1, arbitrary: fc.nat(50).map((twin) => ({ kind: 'create' as const, twin })) },
  { weight: 3, arbitrary: fc.nat(50).map((pick) => ({ kind: 'update' as const, pick })) },
  { weight: 1, arbitrary: fc.nat(50).map((pick) => ({ kind: 'delete' as const, pick })) },
);
const appOp: fc.Arbitrary<AppOp> = fc.record({
  op: localOp,
  handle: fc.constantFrom(0 as const, 1 as const),
});
export const fault: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom('hold' as const, 'holdAnswer' as const, 'holdThenDrop' as const),
      at: fc.nat(3),
      during: fc.array(appOp, { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        'drop' as const,
        'dropAfterCommit' as const,
        'status500' as const,
        'status502AfterCommit' as const,
      ),
      at: fc.nat(2),
    }),
  },
);

/** A random program: 5 to `maxSteps` steps. */
export function programs(maxSteps = 24): fc.Arbitrary<Step[]> {
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 5, arbitrary: appOp.map((app) => ({ kind: 'app' as const, app })) },
    { weight: 1, arbitrary: fc.nat(50).map((pick) => ({ kind: 'serverUpdate' as const, pick })) },
    { weight: 1, arbitrary: fc.nat(50).map((pick) => ({ kind: 'serverDelete' as const, pick })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'serverCreate' as const }) },
    { weight: 3, arbitrary: fault.map((f) => ({ kind: 'syncDown' as const, fault: f })) },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('syncUp' as const),
        mode: fc.constantFrom('LEAVE_IF_CHANGED' as const, 'OVERWRITE' as const),
        target: fc.constantFrom('collection' as const, 'batch' as const, 'single' as const),
        fault,
      }),
    },
  );
  return fc.array(step, { minLength: 5, maxLength: maxSteps });
}

/** Counts of one program's run, for the soak report. */
export interface RunFigures {
  steps: number;
  syncs: number;
  faults: number;
  failedSyncs: number;
  localChanges: number;
  checks: number;
}

/** What the app was told is saved, per entry. */
interface Acknowledged {
  /** The latest `Description` the app wrote. */
  description: string;
  deleted: boolean;
  /** The entry's Id when last seen (a delete is checked against it on the server). */
  lastId: unknown;
}

/** Any REST call of a sync (not the versions list a fresh client reads for the clock). */
const API = /^\/services\/data\/v\d/;
export const FAST_RETRY = { maxRetries: 1, minTimeoutMs: 5 };

/** Whether the fault holds its request (or its answer) while the app acts. */
export function isHeld(f: Fault): f is Extract<Fault, { readonly during: readonly AppOp[] }> {
  return f.kind === 'hold' || f.kind === 'holdAnswer' || f.kind === 'holdThenDrop';
}

/** The emulator fault of a model fault. */
export function faultSpec(f: Exclude<Fault, { kind: 'none' }>): FaultSpec {
  // Twice: jsforce retries a GET once (FAST_RETRY), and a failure should get past that.
  const base = {
    path: API,
    after: f.at,
    times: isHeld(f) ? 1 : 2,
  };
  switch (f.kind) {
    case 'hold':
      return { ...base, hold: true };
    case 'holdAnswer':
      return { ...base, holdAnswer: true };
    case 'holdThenDrop':
      return { ...base, hold: true, dropAfterCommit: true };
    case 'drop':
      return { ...base, drop: true };
    case 'dropAfterCommit':
      return { ...base, dropAfterCommit: true };
    case 'status500':
      return {
        ...base,
        respond: { status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'boom' }] },
      };
    case 'status502AfterCommit':
      // A gateway that answers 502 after the server applied the call.
      return { ...base, rewrite: () => ({ status: 502, body: 'Bad Gateway' }) };
  }
}

/**
 * Runs one program against the emulator in a fresh store file under `dir`
 * (records named `<tag> …`), checking the invariant after every step and
 * after a final clean sync; throws on the first violation.
 */
export async function runProgram(
  org: EmulatorFixture,
  dir: string,
  tag: string,
  steps: readonly Step[],
): Promise<RunFigures> {
  const figures: RunFigures = {
    steps: steps.length,
    syncs: 0,
    faults: 0,
    failedSyncs: 0,
    localChanges: 0,
    checks: 0,
  };
  const path = join(dir, `${tag}.db`);
  const store = SmartStore.open({ path });
  store.registerSoup('accounts', ACCOUNT_SPECS);
  const second = SmartStore.open({ path });
  const handles = [store, second] as const;
  const manager = SyncManager.open({
    store,
    connection: org.connect(),
    retry: FAST_RETRY,
    onWarning: () => {},
  });
  const acknowledged = new Map<number, Acknowledged>();
  /** The values of each create (twins reuse them), and how many records the app created per name. */
  const createdValues: { Name: string; Description: string }[] = [];
  const created = new Map<string, number>();
  let counter = 0;
  const server = () =>
    org.emulator.org.all('Account').filter((r) => String(r.Name).startsWith(`${tag} `));
  const entries = (handle: SmartStore) =>
    handle.query({
      ...buildAllQuerySpec({ soupName: 'accounts', orderPath: '_soupEntryId' }),
      pageSize: 100_000,
    }) as StoredEntry[];

  const applyApp = ({ op, handle }: AppOp) => {
    const local = handles[handle];
    const live = entries(local).filter((e) => acknowledged.get(e._soupEntryId)?.deleted !== true);
    figures.localChanges += 1;
    if (op.kind === 'create') {
      const twin =
        op.twin === undefined
          ? undefined
          : createdValues[op.twin % Math.max(1, createdValues.length)];
      const values = twin ?? { Name: `${tag} c${++counter}`, Description: `created ${counter}` };
      if (twin === undefined) createdValues.push(values);
      created.set(values.Name, (created.get(values.Name) ?? 0) + 1);
      const saved = createLocally(local, 'accounts', { ...values }, { sobjectType: 'Account' });
      acknowledged.set(saved._soupEntryId, {
        description: values.Description,
        deleted: false,
        lastId: saved.Id,
      });
      return;
    }
    const entry = live[op.pick % Math.max(1, live.length)];
    if (entry === undefined) return;
    const known = acknowledged.get(entry._soupEntryId) ?? {
      description: String(entry.Description ?? ''),
      deleted: false,
      lastId: entry.Id,
    };
    if (op.kind === 'update') {
      const description = `edited ${++counter}`;
      updateLocally(local, 'accounts', entry._soupEntryId, { Description: description });
      acknowledged.set(entry._soupEntryId, { ...known, description });
    } else {
      deleteLocally(local, 'accounts', entry._soupEntryId);
      acknowledged.set(entry._soupEntryId, { ...known, deleted: true });
    }
  };

  const check = (final: boolean) => {
    figures.checks += 1;
    const local = new Map(entries(store).map((e) => [e._soupEntryId, e]));
    const remote = server();
    const byId = new Map(remote.map((r) => [r.Id, r]));
    for (const entry of local.values()) {
      if (typeof entry.Id !== 'string' || entry.Id === '')
        throw new Error(`entry ${entry._soupEntryId} has no Id: ${JSON.stringify(entry)}`);
    }
    const names = remote.map((r) => String(r.Name));
    for (const name of new Set(names)) {
      const count = names.filter((n) => n === name).length;
      const made = created.get(name) ?? (name.startsWith(`${tag} s`) ? 1 : 0);
      if (count > made)
        throw new Error(
          `the server holds ${name} ${count} times, the app created it ${made} times`,
        );
    }
    for (const [entryId, want] of acknowledged) {
      const entry = local.get(entryId);
      if (entry !== undefined) want.lastId = entry.Id;
      if (want.deleted) {
        if (entry === undefined) {
          if (byId.has(want.lastId))
            throw new Error(
              `entry ${entryId} was deleted here, its server record ${String(want.lastId)} was not`,
            );
        } else if (!(isDirty(entry) && entry.__locally_deleted__ === true)) {
          throw new Error(
            `entry ${entryId} was deleted here and is not marked deleted: ${JSON.stringify(entry)}`,
          );
        }
        continue;
      }
      if (entry === undefined) throw new Error(`entry ${entryId} (${want.description}) is gone`);
      if (isDirty(entry)) {
        if (entry.Description !== want.description)
          throw new Error(
            `dirty entry ${entryId} holds ${String(entry.Description)}, the app wrote ${want.description}`,
          );
        continue;
      }
      // (A change the server deleted after it got there is no longer acknowledged: see serverDelete.)
      const onServer = byId.get(entry.Id);
      if (onServer?.Description !== want.description)
        throw new Error(
          `clean entry ${entryId}: the server holds ${String(onServer?.Description)}, the app wrote ${want.description}`,
        );
    }
    if (!final) return;
    for (const entry of local.values()) {
      const onServer = byId.get(entry.Id);
      if (isDirty(entry) || onServer === undefined) continue;
      for (const field of ['Name', 'Description', 'Phone'])
        if ((entry[field] ?? null) !== (onServer[field] ?? null))
          throw new Error(
            `clean entry ${entry._soupEntryId}: ${field} is ${String(entry[field])} here and ${String(onServer[field])} on the server`,
          );
    }
  };

  const runSync = async (run: () => Promise<unknown>, f: Fault) => {
    figures.syncs += 1;
    const armed = f.kind === 'none' ? undefined : org.emulator.faults.add(faultSpec(f));
    if (armed !== undefined) figures.faults += 1;
    const result = run().then(
      () => 'done' as const,
      (error: unknown) => {
        if (!(error instanceof SyncError) || error.code !== 'SYNC_FAILED') throw error;
        figures.failedSyncs += 1;
        return 'failed' as const;
      },
    );
    if (armed !== undefined && isHeld(f)) {
      // The sync may end before it makes that many requests.
      const reached = await Promise.race([
        armed.reached().then(() => true),
        result.then(() => false),
      ]);
      if (reached) for (const app of f.during) applyApp(app);
      armed.release();
    }
    try {
      await result;
    } finally {
      armed?.remove();
    }
  };

  const downTarget = {
    type: 'soql' as const,
    query: `SELECT Name, Description, Phone FROM Account WHERE Name LIKE '${tag} %'`,
  };
  const upTarget = (kind: Exclude<SyncUpKind, 'parent_children'>) => ({
    androidImpl: SYNC_UP_IMPLEMENTATIONS[kind].androidImpl,
    createFieldlist: ['Name', 'Description'],
    updateFieldlist: ['Description'],
    maxBatchSize: 3,
  });
  const syncDown = () =>
    manager.getSyncStatus(`${tag} down`) === null
      ? manager.syncDown({
          target: downTarget,
          soupName: 'accounts',
          syncName: `${tag} down`,
          options: { mergeMode: 'LEAVE_IF_CHANGED' },
        })
      : manager.reSync(`${tag} down`);
  const syncUp = (mode: MergeMode, kind: Exclude<SyncUpKind, 'parent_children'>) => {
    const name = `${tag} up ${kind} ${mode}`;
    return manager.getSyncStatus(name) === null
      ? manager.syncUp({
          target: upTarget(kind),
          soupName: 'accounts',
          syncName: name,
          options: { mergeMode: mode },
        })
      : manager.reSync(name);
  };

  try {
    for (const step of steps) {
      switch (step.kind) {
        case 'app':
          applyApp(step.app);
          break;
        case 'serverUpdate': {
          const records = server();
          const record = records[step.pick % Math.max(1, records.length)];
          if (record !== undefined)
            org.emulator.org.update('Account', String(record.Id), { Phone: `555-${++counter}` });
          break;
        }
        case 'serverDelete': {
          const records = server();
          const record = records[step.pick % Math.max(1, records.length)];
          if (record === undefined) break;
          // A change that already reached the server is not lost when another user deletes the record.
          for (const entry of entries(store))
            if (entry.Id === record.Id && !isDirty(entry)) acknowledged.delete(entry._soupEntryId);
          org.emulator.org.delete('Account', String(record.Id));
          break;
        }
        case 'serverCreate':
          org.emulator.org.insert('Account', [
            { Name: `${tag} s${++counter}`, Description: 'server' },
          ]);
          break;
        case 'syncDown':
          await runSync(syncDown, step.fault);
          break;
        case 'syncUp':
          await runSync(() => syncUp(step.mode, step.target), step.fault);
          break;
        default:
          return step satisfies never;
      }
      check(false);
    }
    // The final clean sync: what can go up goes up, then what changed comes down.
    await syncUp('LEAVE_IF_CHANGED', 'collection');
    await syncDown();
    check(true);
    return figures;
  } finally {
    second.close();
    store.close();
  }
}
