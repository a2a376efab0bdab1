/**
 * The run's calls in flight: a failure of one batch's call, or a stop check
 * that throws (a lost lease), starts no further call of any batch, and
 * `inFlight` settles only after every call it started has ended.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SyncError } from '../../../../runtime/sync/contracts/sync-error.js';
import { StopRequested } from '../../../../runtime/sync/engine/run-context.js';
import { CallSlots, inFlight } from '../../../../runtime/sync/up/call-slots.js';

/** A call that ends when the test says so, noting that it started. */
function heldCall(log: string[], name: string) {
  let finish!: (error?: unknown) => void;
  const ended = new Promise<void>((resolve, reject) => {
    finish = (error) => (error === undefined ? resolve() : reject(error));
  });
  const call = () => {
    log.push(`start ${name}`);
    return ended.then(() => {
      log.push(`end ${name}`);
    });
  };
  return { call, finish };
}

/** How many places of `slots`, up to `most`, are free (each `take` of a free one resolves in the same turn). */
async function freePlaces(slots: CallSlots, most: number): Promise<number> {
  let taken = 0;
  for (let i = 0; i < most; i++) void slots.take().then(() => (taken += 1));
  await Promise.resolve();
  await Promise.resolve();
  return taken;
}

/** Whether `slots` has `size` free places (each `take` resolves in the same turn). */
async function allFree(slots: CallSlots, size: number): Promise<boolean> {
  let taken = 0;
  for (let i = 0; i < size; i++) void slots.take().then(() => (taken += 1));
  await Promise.resolve();
  await Promise.resolve();
  return taken === size;
}

describe('inFlight', () => {
  it('a stop check that throws (the lease lost) starts no call, and rejects only after the calls in flight end', async () => {
    const log: string[] = [];
    const slots = new CallSlots(2);
    const first = heldCall(log, 'a');
    const second = heldCall(log, 'b');
    let checks = 0;
    const lost = new SyncError('SYNC_LEASE_LOST', 'another runner has the sync');
    const context = {
      stopRequested: () => {
        checks += 1;
        if (checks === 2) throw lost;
        return false;
      },
    };
    let settled = false;
    const run = inFlight([first.call, second.call], slots, context).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start a']);
    expect(settled).toBe(false);
    first.finish();
    await expect(run).rejects.toBe(lost);
    expect(log).toEqual(['start a', 'end a']);
    expect(await allFree(slots, 2)).toBe(true);
  });

  it("a failed call of one batch keeps the other batch's next calls from starting", async () => {
    const log: string[] = [];
    const slots = new CallSlots(2);
    const a1 = heldCall(log, 'a1');
    const b1 = heldCall(log, 'b1');
    const b2 = heldCall(log, 'b2');
    const context = { stopRequested: () => false };
    const batchA = inFlight([a1.call], slots, context);
    const batchB = inFlight([b1.call, b2.call], slots, context);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start a1', 'start b1']);
    const refused = new Error('refused');
    a1.finish(refused);
    await expect(batchA).rejects.toBe(refused);
    b1.finish();
    await expect(batchB).rejects.toBe(refused);
    expect(log).toEqual(['start a1', 'start b1', 'end b1']);
  });

  it('a stop request starts no further call and ends StopRequested after the calls in flight', async () => {
    const log: string[] = [];
    const slots = new CallSlots(1);
    const first = heldCall(log, 'a');
    const second = heldCall(log, 'b');
    let stop = false;
    const run = inFlight([first.call, second.call], slots, { stopRequested: () => stop });
    await new Promise((resolve) => setImmediate(resolve));
    stop = true;
    first.finish();
    await expect(run).rejects.toBeInstanceOf(StopRequested);
    expect(log).toEqual(['start a', 'end a']);
  });

  it('a size or a count of places that is not a whole number of at least 1 counts as 1, never waiting for ever', async () => {
    const log: string[] = [];
    const a = heldCall(log, 'a');
    const b = heldCall(log, 'b');
    const slots = new CallSlots(Number.NaN);
    const run = inFlight([a.call, b.call], slots, { stopRequested: () => false }, (index) =>
      index === 0 ? Number.NaN : 0,
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start a']);
    a.finish();
    await new Promise((resolve) => setImmediate(resolve));
    b.finish();
    await run;
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(await freePlaces(slots, 2)).toBe(1);
  });

  it('a call that throws before its first await fails the run like one that rejects, and gives its places back', async () => {
    const slots = new CallSlots(4);
    const broken = new Error('thrown at once');
    const call = (): Promise<void> => {
      throw broken;
    };
    await expect(inFlight([call], slots, { stopRequested: () => false }, () => 3)).rejects.toBe(
      broken,
    );
    expect(await freePlaces(slots, 5)).toBe(4);
  });

  it('calls that take a place per record start in order, once their places are free; one larger than the whole takes it all', async () => {
    const log: string[] = [];
    const slots = new CallSlots(50);
    const calls = [25, 20, 25, 80, 5].map((size, i) => ({ size, ...heldCall(log, `c${i}`) }));
    const run = inFlight(
      calls.map((c) => c.call),
      slots,
      { stopRequested: () => false },
      (index) => calls[index]?.size ?? 1,
    );
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    await settle();
    // 25 + 20 out; the third (25) waits for 5 more places, and the fifth (5) waits behind it.
    expect(log).toEqual(['start c0', 'start c1']);
    calls[1]?.finish();
    await settle();
    expect(log).toEqual(['start c0', 'start c1', 'end c1', 'start c2']);
    calls[0]?.finish();
    calls[2]?.finish();
    await settle();
    // The fourth asks for 80 of 50: it takes all 50, alone.
    expect(log.slice(4)).toEqual(['end c0', 'end c2', 'start c3']);
    calls[3]?.finish();
    await settle();
    expect(log.slice(7)).toEqual(['end c3', 'start c4']);
    calls[4]?.finish();
    await run;
    expect(await allFree(slots, 50)).toBe(true);
  });

  it("never has more records out than its size, starts each run's calls in order, and gives back every place, whatever fails or stops (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        // One or two runs (batches) sharing the places, each with calls of 1 to 80 records.
        fc.array(fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 8 }), {
          minLength: 1,
          maxLength: 2,
        }),
        fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
        fc.option(fc.nat(16)),
        fc.option(fc.nat(16)),
        async (size, runs, picks, failAt, stopAfter) => {
          const slots = new CallSlots(size);
          const started = runs.map((): number[] => []);
          const out = new Map<string, () => void>();
          let load = 0;
          let most = 0;
          let starts = 0;
          let checks = 0;
          // The stop check: a stop request once it has been asked `stopAfter` times.
          const context = {
            stopRequested: () => ++checks > (stopAfter ?? Number.POSITIVE_INFINITY),
          };
          const results = runs.map((sizes, run) =>
            inFlight(
              sizes.map((records, i) => () => {
                started[run]?.push(i);
                const n = starts++;
                const held = Math.min(records, size);
                load += held;
                most = Math.max(most, load);
                return new Promise<void>((resolve, reject) =>
                  out.set(`${run}:${i}`, () => {
                    load -= held;
                    if (n === failAt) reject(new Error('refused'));
                    else resolve();
                  }),
                );
              }),
              slots,
              context,
              (index) => sizes[index] ?? 1,
            ).then(
              () => 'done',
              (error: unknown) => (error instanceof StopRequested ? 'stopped' : 'failed'),
            ),
          );
          let settled = false;
          const all = Promise.all(results).finally(() => {
            settled = true;
          });
          // Ends the calls out in an order the property picks, until every run has settled.
          for (let step = 0; !settled; step++) {
            if (step > 1000) throw new Error('inFlight neither ends nor starts a call');
            await new Promise((resolve) => setImmediate(resolve));
            const keys = [...out.keys()];
            const key = keys[(picks[step % picks.length] ?? 0) % Math.max(1, keys.length)];
            if (key === undefined) continue;
            const end = out.get(key);
            out.delete(key);
            end?.();
          }
          const outcomes = await all;
          expect(most).toBeLessThanOrEqual(size);
          for (const calls of started) expect(calls).toEqual(calls.map((_, i) => i));
          if (failAt === null && stopAfter === null) {
            expect(outcomes.every((outcome) => outcome === 'done')).toBe(true);
            expect(started.map((calls) => calls.length)).toEqual(runs.map((sizes) => sizes.length));
          }
          expect(load).toBe(0);
          expect(await freePlaces(slots, size + 1)).toBe(size);
        },
      ),
      { numRuns: 300 },
    );
  });
});
