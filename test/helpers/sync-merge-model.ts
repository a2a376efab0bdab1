/**
 * The model of MERGE_FIELDS, for fast-check: random programs of field edits
 * made here (through the sync's store handle) and on the server, local and
 * server deletes, and MERGE_FIELDS sync downs and sync ups with a fault at
 * one of their requests (held while the app edits, and, for a sync up, while
 * another manager on the same store syncs the soup down; dropped before or
 * after the server applied it, a 500). The invariant, per record and field:
 *
 * - after every step, the latest value the app wrote to a field is still in
 *   the record here until it has reached the server (nothing lost locally);
 * - after final clean syncs, each field either holds the same value on both
 *   sides, or has an open conflict (`__conflicts__`) whose `local` is the
 *   app's latest value and whose `server` is the server's, or is the app's
 *   latest value waiting (dirty) in a record with another open conflict;
 * - a common value is the latest edit of one side, and the other side's
 *   latest edit was overwritten only after it had been seen by that side
 *   (delivered there before the overwriting edit was made): nothing silently lost;
 * - a record deleted on one side and edited on the other is gone on both
 *   sides or carries a whole-record conflict.
 *
 * The multi-select `Segments__c` is merged as a set: each of its values is
 * tracked as a field of its own (in or out), toggled here or on the server,
 * once per side, and held to the same invariant (a set never conflicts).
 *
 * A revert sets a field back to its base value (the server's as last synced),
 * as an app undoing an edit does; after a sync up whose answer was lost that
 * is a real change (the server holds the edit undone). A revert is made only
 * where its outcome is one value (no server edit of the field unseen here, no
 * open conflict); a server edit of the field after an undelivered revert
 * makes the field's outcome either side's, so the revert is no longer tracked.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { buildAllQuerySpec } from '../../runtime/store/query-spec.js';
import { SmartStore, type StoredEntry } from '../../runtime/store/smart-store.js';
import {
  BASE,
  CONFLICTS,
  deleteLocally,
  type FieldConflict,
  isDirty,
  SyncError,
  SyncManager,
  updateLocally,
  WHOLE_RECORD,
} from '../../runtime/sync/index.js';
import type { EmulatorFixture } from './emulator.js';
import { ACCOUNT_SPECS } from './sync.js';
import { FAST_RETRY, type Fault, fault, faultSpec, isHeld } from './sync-model.js';

export const MERGED_FIELDS = ['Description', 'Phone', 'Website'] as const;
type Field = (typeof MERGED_FIELDS)[number];
/**
 * The multi-select the model toggles values of, and those values. Each side
 * toggles a value of a record at most once: toggled back before the other
 * side's base caught up, it is no change to a three-way merge (as a revert),
 * which this oracle cannot tell from a lost one. The tests of
 * merge-in-flight and merge-lost-answer cover an app undoing its addition.
 * Nor does the server toggle back a value this device's toggle set there:
 * after a lost answer, that is the documented limit of MERGE_FIELDS (a
 * server edit back to the base value looks like the write never landed).
 */
const SET_FIELD = 'Segments__c';
const SEGMENTS = ['SMB', 'Mid-Market', 'Enterprise', 'Public Sector'] as const;
type Segment = (typeof SEGMENTS)[number];

export type MergeStep =
  | { readonly kind: 'localEdit'; readonly pick: number; readonly field: Field }
  | { readonly kind: 'localRevert'; readonly pick: number; readonly field: Field }
  | { readonly kind: 'localDelete'; readonly pick: number }
  | { readonly kind: 'localToggle'; readonly pick: number; readonly segment: Segment }
  | { readonly kind: 'serverToggle'; readonly pick: number; readonly segment: Segment }
  | { readonly kind: 'serverEdit'; readonly pick: number; readonly field: Field }
  | { readonly kind: 'serverDelete'; readonly pick: number }
  | { readonly kind: 'syncDown'; readonly fault: Fault }
  | {
      readonly kind: 'syncUp';
      readonly fault: Fault;
      /** While its request is held, another manager on the same store syncs the soup down. */
      readonly otherDown: boolean;
    };

const field = fc.constantFrom(...MERGED_FIELDS);
const segment = fc.constantFrom(...SEGMENTS);

/** A random MERGE_FIELDS program. */
export function mergePrograms(maxSteps = 20): fc.Arbitrary<MergeStep[]> {
  const pick = fc.nat(20);
  return fc.array(
    fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('localEdit' as const), pick, field }) },
      {
        weight: 2,
        arbitrary: fc.record({ kind: fc.constant('localRevert' as const), pick, field }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('localDelete' as const), pick }) },
      {
        weight: 2,
        arbitrary: fc.record({ kind: fc.constant('localToggle' as const), pick, segment }),
      },
      {
        weight: 2,
        arbitrary: fc.record({ kind: fc.constant('serverToggle' as const), pick, segment }),
      },
      {
        weight: 4,
        arbitrary: fc.record({ kind: fc.constant('serverEdit' as const), pick, field }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('serverDelete' as const), pick }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('syncDown' as const), fault }) },
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('syncUp' as const),
          fault,
          otherDown: fc.boolean(),
        }),
      },
    ),
    { minLength: 4, maxLength: maxSteps },
  );
}

/** One side's latest edit of a field: its value, the step it was made, the step it reached the other side. */
interface Edit {
  value: string;
  at: number;
  delivered?: number;
  /** A local edit back to the field's base value. */
  revert?: boolean;
}

interface Tracked {
  readonly id: string;
  readonly entryId: number;
  local: Partial<Record<Field, Edit>>;
  server: Partial<Record<Field, Edit>>;
  /** Each side's latest toggle of each value of the multi-select (`in` or `out`). */
  localSet: Partial<Record<Segment, Edit>>;
  serverSet: Partial<Record<Segment, Edit>>;
  localDeleted: boolean;
  serverDeleted: boolean;
}

/** Counts of a run. */
export interface MergeFigures {
  syncs: number;
  faults: number;
  conflicts: number;
  merged: number;
}

/**
 * Runs one MERGE_FIELDS program over 4 seeded Accounts named `<tag> …` in a
 * fresh store file under `dir`; throws on the first violation.
 */
export async function runMergeProgram(
  org: EmulatorFixture,
  dir: string,
  tag: string,
  steps: readonly MergeStep[],
): Promise<MergeFigures> {
  const figures: MergeFigures = { syncs: 0, faults: 0, conflicts: 0, merged: 0 };
  const store = SmartStore.open({ path: join(dir, `${tag}.db`) });
  store.registerSoup('accounts', ACCOUNT_SPECS);
  const manager = SyncManager.open({
    store,
    connection: org.connect(),
    retry: FAST_RETRY,
    onWarning: () => {},
  });
  const ids = org.emulator.org.insert(
    'Account',
    [0, 1, 2, 3].map((i) => ({
      Name: `${tag} ${i}`,
      Description: 'd0',
      Phone: 'p0',
      Website: 'w0',
      [SET_FIELD]: 'SMB;Enterprise',
    })),
  );
  const options = { mergeMode: 'MERGE_FIELDS' as const };
  // A second runner on the same store: another manager (its own lease owner) with a sync down of its own.
  const other = SyncManager.open({
    store,
    connection: org.connect(),
    retry: FAST_RETRY,
    onWarning: () => {},
  });
  const downName = `${tag} down`;
  const upName = `${tag} up`;
  const syncDown = (runner = manager, name = downName) =>
    runner.getSyncStatus(name) === null
      ? runner.syncDown({
          target: {
            type: 'soql',
            query: `SELECT Name, Description, Phone, Website, ${SET_FIELD} FROM Account WHERE Name LIKE '${tag} %'`,
          },
          soupName: 'accounts',
          syncName: name,
          options,
        })
      : runner.reSync(name);
  const syncUp = () =>
    manager.getSyncStatus(upName) === null
      ? manager.syncUp({
          target: {
            updateFieldlist: [...MERGED_FIELDS, SET_FIELD],
            createFieldlist: ['Name', ...MERGED_FIELDS, SET_FIELD],
            maxBatchSize: 2,
          },
          soupName: 'accounts',
          syncName: upName,
          options,
        })
      : manager.reSync(upName);
  const entries = () =>
    store.query({
      ...buildAllQuerySpec({ soupName: 'accounts', orderPath: '_soupEntryId' }),
      pageSize: 1000,
    }) as StoredEntry[];
  const serverOf = (id: string) => org.emulator.org.get('Account', id);
  let counter = 0;
  let now = 0;

  try {
    await syncDown();
    const tracked: Tracked[] = entries().map((e) => ({
      id: String(e.Id),
      entryId: e._soupEntryId,
      local: {},
      server: {},
      localSet: {},
      serverSet: {},
      localDeleted: false,
      serverDeleted: false,
    }));
    if (tracked.length !== ids.length)
      throw new Error('the first sync down did not bring every record');
    const live = (t: Tracked) => !t.localDeleted && !t.serverDeleted;
    const pickOf = (n: number) => {
      const candidates = tracked.filter(live);
      return candidates[n % Math.max(1, candidates.length)];
    };
    const entryOf = (t: Tracked) => store.retrieve('accounts', [t.entryId])[0];
    /** Marks edits that reached the other side; checks a local edit not yet there is still here. */
    const observe = () => {
      for (const t of tracked) {
        const here = entryOf(t);
        const there = serverOf(t.id);
        for (const f of MERGED_FIELDS) {
          const mine = t.local[f];
          if (mine !== undefined && mine.delivered === undefined) {
            if (there?.[f] === mine.value) mine.delivered = now;
            else if (here !== undefined && !t.localDeleted && here[f] !== mine.value)
              throw new Error(
                `${t.id}.${f}: the app wrote ${mine.value}, the record here holds ${String(here[f])}`,
              );
          }
          const theirs = t.server[f];
          if (theirs !== undefined && theirs.delivered === undefined && here?.[f] === theirs.value)
            theirs.delivered = now;
        }
        for (const v of SEGMENTS) {
          const mine = t.localSet[v];
          if (mine !== undefined && mine.delivered === undefined) {
            if (there !== undefined && membership(there, v) === mine.value) mine.delivered = now;
            else if (here !== undefined && !t.localDeleted && membership(here, v) !== mine.value)
              throw new Error(
                `${t.id}.${SET_FIELD}: the app set ${v} ${mine.value}, the record here holds ${String(here[SET_FIELD])}`,
              );
          }
          const theirs = t.serverSet[v];
          if (
            theirs !== undefined &&
            theirs.delivered === undefined &&
            here !== undefined &&
            membership(here, v) === theirs.value
          )
            theirs.delivered = now;
        }
      }
    };
    const runSync = async (run: () => Promise<unknown>, f: Fault, otherDown = false) => {
      figures.syncs += 1;
      const armed = f.kind === 'none' ? undefined : org.emulator.faults.add(faultSpec(f));
      if (armed !== undefined) figures.faults += 1;
      const result = run().then(
        () => undefined,
        (error: unknown) => {
          if (!(error instanceof SyncError) || error.code !== 'SYNC_FAILED') throw error;
        },
      );
      if (armed !== undefined && isHeld(f)) {
        const reached = await Promise.race([
          armed.reached().then(() => true),
          result.then(() => false),
        ]);
        // While the request waits, the app edits the first live record. What the
        // store holds just before that edit is what the app saw: a server value the
        // sync wrote here already is seen, and an edit over it overwrites it knowingly.
        if (reached && f.during.length > 0) {
          const t = pickOf(0);
          observe();
          // A field, or a value of the multi-select, as the fault's length picks.
          const which = f.during.length % (MERGED_FIELDS.length + 1);
          if (t !== undefined && which < MERGED_FIELDS.length)
            localEdit(t, MERGED_FIELDS[which] as Field);
          else if (t !== undefined)
            localToggle(t, SEGMENTS[f.during.length % SEGMENTS.length] as Segment);
        }
        if (reached && otherDown) {
          await syncDown(other, `${tag} other down`).catch((error: unknown) => {
            if (!(error instanceof SyncError) || error.code !== 'SYNC_FAILED') throw error;
          });
          observe();
        }
        armed.release();
      }
      try {
        await result;
      } finally {
        armed?.remove();
      }
    };
    /** Toggles a value of the multi-select here (once: see SEGMENTS). */
    const localToggle = (t: Tracked, v: Segment) => {
      const here = entryOf(t);
      if (here === undefined || v in t.localSet) return;
      const value = toggled(here[SET_FIELD], v);
      updateLocally(store, 'accounts', t.entryId, { [SET_FIELD]: value });
      t.localSet[v] = { value: membership({ [SET_FIELD]: value }, v), at: now };
    };
    const localEdit = (t: Tracked, f: Field) => {
      const value = `L${++counter}`;
      updateLocally(store, 'accounts', t.entryId, { [f]: value });
      t.local[f] = { value, at: now };
    };

    for (const step of steps) {
      now += 1;
      switch (step.kind) {
        case 'localEdit': {
          const t = pickOf(step.pick);
          if (t !== undefined) localEdit(t, step.field);
          break;
        }
        case 'localRevert': {
          // Among the (record, field) pairs an edit here has moved off its base value, and
          // whose outcome after the revert is one value: no server edit of the field unseen
          // here, no open conflict.
          const start = MERGED_FIELDS.indexOf(step.field);
          const candidates: { t: Tracked; f: Field; base: string }[] = [];
          for (const t of tracked.filter(live)) {
            const here = entryOf(t);
            if (here === undefined || ((here[CONFLICTS] ?? []) as FieldConflict[]).length > 0)
              continue;
            for (let i = 0; i < MERGED_FIELDS.length; i++) {
              const f = MERGED_FIELDS[(start + i) % MERGED_FIELDS.length] as Field;
              const base = (here[BASE] as Record<string, unknown> | undefined)?.[f];
              const theirs = t.server[f];
              if (typeof base !== 'string' || here[f] === base) continue;
              if (theirs !== undefined && theirs.delivered === undefined) continue;
              candidates.push({ t, f, base });
            }
          }
          const chosen = candidates[step.pick % Math.max(1, candidates.length)];
          if (chosen === undefined) break;
          updateLocally(store, 'accounts', chosen.t.entryId, { [chosen.f]: chosen.base });
          chosen.t.local[chosen.f] = { value: chosen.base, at: now, revert: true };
          break;
        }
        case 'localDelete': {
          const t = pickOf(step.pick);
          if (t === undefined) break;
          deleteLocally(store, 'accounts', t.entryId);
          t.localDeleted = true;
          break;
        }
        case 'serverEdit': {
          const t = pickOf(step.pick);
          if (t === undefined || serverOf(t.id) === undefined) break;
          const value = `S${++counter}`;
          const mine = t.local[step.field];
          if (mine?.revert && mine.delivered === undefined) delete t.local[step.field];
          // A later second than any read: the platform's check is to the second.
          org.emulator.clock.advance(1100);
          org.emulator.org.update('Account', t.id, { [step.field]: value });
          t.server[step.field] = { value, at: now };
          break;
        }
        case 'localToggle': {
          const t = pickOf(step.pick);
          if (t !== undefined) localToggle(t, step.segment);
          break;
        }
        case 'serverToggle': {
          const t = pickOf(step.pick);
          const there = t === undefined ? undefined : serverOf(t.id);
          if (t === undefined || there === undefined) break;
          // Toggled back on the server once this device's toggle reached it: see SEGMENTS.
          if (step.segment in t.serverSet || t.localSet[step.segment]?.delivered !== undefined)
            break;
          const value = toggled(there[SET_FIELD], step.segment);
          org.emulator.clock.advance(1100);
          org.emulator.org.update('Account', t.id, { [SET_FIELD]: value });
          t.serverSet[step.segment] = {
            value: membership({ [SET_FIELD]: value }, step.segment),
            at: now,
          };
          break;
        }
        case 'serverDelete': {
          const t = pickOf(step.pick);
          if (t === undefined || serverOf(t.id) === undefined) break;
          org.emulator.org.delete('Account', t.id);
          t.serverDeleted = true;
          break;
        }
        case 'syncDown':
          await runSync(syncDown, step.fault);
          break;
        case 'syncUp':
          await runSync(syncUp, step.fault, step.otherDown);
          break;
        default:
          return step satisfies never;
      }
      observe();
    }
    now += 1;
    await syncUp();
    await syncDown();
    await syncUp();
    observe();

    for (const t of tracked) {
      const here = entryOf(t);
      const there = serverOf(t.id);
      const conflicts = (here?.[CONFLICTS] ?? []) as FieldConflict[];
      figures.conflicts += conflicts.length;
      if (t.localDeleted || t.serverDeleted || there === undefined || here === undefined) {
        const edited = Object.keys(t.local).length + Object.keys(t.localSet).length > 0;
        const serverEdited = Object.keys(t.server).length + Object.keys(t.serverSet).length > 0;
        const whole = conflicts.some((c) => c.field === WHOLE_RECORD);
        if (t.localDeleted && there !== undefined && !whole)
          throw new Error(
            `${t.id}: deleted here, still on the server, and no whole-record conflict`,
          );
        if (
          t.serverDeleted &&
          here !== undefined &&
          isDirty(here) &&
          !t.localDeleted &&
          edited &&
          !whole
        )
          throw new Error(`${t.id}: deleted there, edited here, and no whole-record conflict`);
        if (t.localDeleted && there !== undefined && !serverEdited)
          throw new Error(`${t.id}: deleted here with no edit there, yet still on the server`);
        continue;
      }
      for (const f of MERGED_FIELDS) {
        const mine = t.local[f];
        const theirs = t.server[f];
        const open = conflicts.find((c) => c.field === f);
        if (open !== undefined) {
          if (open.local !== here[f] || (mine !== undefined && here[f] !== mine.value))
            throw new Error(
              `${t.id}.${f}: the conflict's local ${String(open.local)} is not the app's ${mine?.value}`,
            );
          if (open.server !== there[f])
            throw new Error(
              `${t.id}.${f}: the conflict's server ${String(open.server)} is not the server's ${String(there[f])}`,
            );
          continue;
        }
        // A record with open conflicts sends nothing: its other local edits wait, here and dirty.
        if (
          here[f] !== there[f] &&
          conflicts.length > 0 &&
          isDirty(here) &&
          here[f] === mine?.value
        )
          continue;
        if (here[f] !== there[f])
          throw new Error(
            `${t.id}.${f}: ${String(here[f])} here, ${String(there[f])} there, and no conflict`,
          );
        const value = here[f];
        const winner = mine?.value === value ? mine : theirs?.value === value ? theirs : undefined;
        const loser = winner === mine ? theirs : mine;
        if (winner === undefined) {
          if (mine !== undefined || theirs !== undefined)
            throw new Error(`${t.id}.${f} holds ${String(value)}: neither side's latest edit`);
          continue;
        }
        if (loser !== undefined && loser.value !== value) {
          if (loser.delivered === undefined || loser.delivered > winner.at)
            throw new Error(
              `${t.id}.${f}: ${loser.value} was overwritten by ${winner.value} without being seen`,
            );
        }
        if (mine !== undefined && theirs !== undefined) figures.merged += 1;
      }
      if (conflicts.some((c) => c.field === SET_FIELD))
        throw new Error(`${t.id}.${SET_FIELD}: a multi-select reported as a conflict`);
      for (const v of SEGMENTS) {
        const mine = t.localSet[v];
        const theirs = t.serverSet[v];
        const value = membership(here, v);
        if (value !== membership(there, v)) {
          // A record with open conflicts sends nothing: its toggles wait, here and dirty.
          if (conflicts.length > 0 && isDirty(here) && value === mine?.value) continue;
          throw new Error(
            `${t.id}.${SET_FIELD}: ${String(here[SET_FIELD])} here, ${String(there[SET_FIELD])} there`,
          );
        }
        const winner = mine?.value === value ? mine : theirs?.value === value ? theirs : undefined;
        const loser = winner === mine ? theirs : mine;
        if (winner === undefined) {
          if (mine !== undefined || theirs !== undefined)
            throw new Error(`${t.id}.${SET_FIELD}: ${v} is ${value}, neither side's latest toggle`);
          continue;
        }
        if (loser !== undefined && loser.value !== value) {
          if (loser.delivered === undefined || loser.delivered > winner.at)
            throw new Error(
              `${t.id}.${SET_FIELD}: ${v} ${loser.value} was overwritten by ${winner.value} without being seen`,
            );
        }
        if (mine !== undefined && theirs !== undefined) figures.merged += 1;
      }
    }
    return figures;
  } finally {
    other.stop();
    manager.stop();
    store.close();
  }
}

/** Whether `value` is in the multi-select of `record`. */
function membership(record: Readonly<Record<string, unknown>>, value: Segment): 'in' | 'out' {
  const held = record[SET_FIELD];
  return typeof held === 'string' && held.split(';').includes(value) ? 'in' : 'out';
}

/** The multi-select `held` with `value` added or removed (null once empty, as the platform holds it). */
function toggled(held: unknown, value: Segment): string | null {
  const values = new Set(typeof held === 'string' && held !== '' ? held.split(';') : []);
  if (values.has(value)) values.delete(value);
  else values.add(value);
  return values.size === 0 ? null : [...values].join(';');
}
