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

  it('never has more records out than its size, starts every call in order, and frees every place (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
        async (size, sizes, picks) => {
          const slots = new CallSlots(size);
          const started: number[] = [];
          const out = new Map<number, () => void>();
          let load = 0;
          let most = 0;
          const run = inFlight(
            sizes.map((records, i) => () => {
              started.push(i);
              load += Math.min(records, size);
              most = Math.max(most, load);
              return new Promise<void>((resolve) =>
                out.set(i, () => {
                  load -= Math.min(records, size);
                  resolve();
                }),
              );
            }),
            slots,
            { stopRequested: () => false },
            (index) => sizes[index] ?? 1,
          );
          // Ends the calls out in an order the property picks, until all have run.
          for (let step = 0; out.size > 0 || started.length < sizes.length; step++) {
            await new Promise((resolve) => setImmediate(resolve));
            const keys = [...out.keys()];
            const key = keys[(picks[step % picks.length] ?? 0) % keys.length];
            if (key === undefined) continue;
            const end = out.get(key);
            out.delete(key);
            end?.();
          }
          await run;
          expect(most).toBeLessThanOrEqual(size);
          expect(started).toEqual(sizes.map((_, i) => i));
          expect(await allFree(slots, size)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
