/**
 * The sync guarantee, model-based: random programs of local edits (through
 * two store handles), server edits, sync downs and sync ups of every record
 * target in both merge modes, with requests held while the app edits, answers
 * lost before and after the server applied them, and 500s, against the
 * emulator (see `test/helpers/sync-model.ts` for the invariant). Seeded and
 * bounded here; `npm run test:soak` runs many more with fresh seeds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../helpers/paths.js';
import { tempDir } from '../../helpers/store-helpers.js';
import {
  type MergeFigures,
  mergePrograms,
  runMergeProgram,
} from '../../helpers/sync-merge-model.js';
import { programs, type RunFigures, runProgram } from '../../helpers/sync-model.js';

// A soak run makes more calls than a Developer Edition's daily allocation.
const org = useEmulator({ describes: SAMPLE_DESCRIBES, dailyApiLimit: Number.MAX_SAFE_INTEGER });
const soak = Number(process.env.SOUPKIT_SOAK_RUNS ?? 0);
const RUNS = soak > 0 ? soak : 100;
const MERGE_RUNS = soak > 0 ? soak : 40;
const SEED = soak > 0 ? Date.now() % 2 ** 31 : 20261207;

describe('every acknowledged local change ends on the server or stays dirty', () => {
  it(
    `holds for ${RUNS} random programs of edits, server changes, syncs and faults (seed ${SEED})`,
    async () => {
      const dir = tempDir();
      const totals: RunFigures = {
        steps: 0,
        syncs: 0,
        faults: 0,
        failedSyncs: 0,
        localChanges: 0,
        checks: 0,
      };
      let run = 0;
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(programs(), async (steps) => {
          const figures = await runProgram(org, dir, `Model${++run}`, steps);
          for (const key of Object.keys(totals) as (keyof RunFigures)[])
            totals[key] += figures[key];
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: soak === 0 },
      );
      expect(totals.failedSyncs).toBeGreaterThan(0);
      expect(totals.faults).toBeGreaterThan(totals.syncs / 4);
      if (soak > 0)
        console.log(
          `soak: ${RUNS} programs (seed ${SEED}) in ${((performance.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(totals)}`,
        );
    },
    soak > 0 ? 24 * 60 * 60_000 : 90_000,
  );
});

describe('MERGE_FIELDS: every field edit made anywhere ends on both sides, or is a conflict', () => {
  it(
    `holds for ${MERGE_RUNS} random programs of field edits, deletes, syncs and faults (seed ${SEED})`,
    async () => {
      const dir = tempDir();
      const totals: MergeFigures = { syncs: 0, faults: 0, conflicts: 0, merged: 0 };
      let run = 0;
      await fc.assert(
        fc.asyncProperty(mergePrograms(), async (steps) => {
          const figures = await runMergeProgram(org, dir, `Merge${++run}`, steps);
          for (const key of Object.keys(totals) as (keyof MergeFigures)[])
            totals[key] += figures[key];
        }),
        { numRuns: MERGE_RUNS, seed: SEED, endOnFailure: soak === 0 },
      );
      // The programs reach both outcomes: conflicts reported, and both sides' edits kept.
      expect(totals.conflicts).toBeGreaterThan(0);
      expect(totals.merged).toBeGreaterThan(0);
      expect(totals.faults).toBeGreaterThan(0);
    },
    soak > 0 ? 24 * 60 * 60_000 : 90_000,
  );
});
