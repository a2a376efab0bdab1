/**
 * Answers written back soon after they arrive, many to a transaction: once
 * enough records are queued (at the end of that turn), after a short wait
 * for an answer that arrived alone, or when the round drains the queue; one
 * answer that cannot be written back costs the others nothing, and the
 * first failure is told at once and thrown by `drain`.
 */
import { describe, expect, it } from 'vitest';
import type { StoredEntry } from '../../../../runtime/store/smart-store.js';
import { AnswerQueue } from '../../../../runtime/sync/up/answer-queue.js';
import type { Outcome } from '../../../../runtime/sync/up/write-back.js';

const entry = (id: number) => ({ _soupEntryId: id }) as unknown as StoredEntry;
const updated: Outcome = { kind: 'updated' };
const entries = (...ids: number[]) => ids.map(entry);
const outcomes = (count: number) => Array.from({ length: count }, () => updated);

/** A queue recording each write-back, and a promise of the next one. */
function recorded(options: { flushAt?: number; waitMs?: number } = {}) {
  const writes: number[][] = [];
  let next: () => void = () => {};
  const queue = new AnswerQueue((sent) => {
    writes.push(sent.map((e) => e._soupEntryId));
    next();
  }, options);
  const written = () =>
    new Promise<void>((resolve) => {
      next = resolve;
    });
  return { queue, writes, written };
}

describe('AnswerQueue', () => {
  it('writes back nothing while fewer records than flushAt are queued, then all of them in one call at the end of the turn', async () => {
    const { queue, writes, written } = recorded({ flushAt: 4, waitMs: 60_000 });
    const first = written();
    queue.add(entries(1, 2), outcomes(2));
    queue.add(entries(3), outcomes(1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([]);
    queue.add(entries(4, 5), outcomes(2));
    expect(writes).toEqual([]);
    await first;
    expect(writes).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('writes back an answer that arrived alone once it has waited waitMs', async () => {
    const { queue, writes, written } = recorded({ flushAt: 1_000, waitMs: 1 });
    const first = written();
    queue.add(entries(7), outcomes(1));
    expect(writes).toEqual([]);
    await first;
    expect(writes).toEqual([[7]]);
  });

  it('drain writes back what is queued at once, and nothing twice', () => {
    const { queue, writes } = recorded({ flushAt: 1_000, waitMs: 60_000 });
    queue.add(entries(1), outcomes(1));
    queue.add(entries(2), outcomes(1));
    queue.drain();
    queue.drain();
    expect(writes).toEqual([[1, 2]]);
  });

  it('writes back the other answers, each alone, when their shared write fails; tells the failure once and drain throws it', () => {
    const written: number[] = [];
    const told: unknown[] = [];
    const broken = new Error('SQLITE_FULL');
    const queue = new AnswerQueue(
      (sent) => {
        // Like a transaction: all of it or nothing.
        if (sent.some((e) => e._soupEntryId === 2 || e._soupEntryId === 4)) throw broken;
        written.push(...sent.map((e) => e._soupEntryId));
      },
      { flushAt: 1_000, waitMs: 60_000, onFailure: (error) => told.push(error) },
    );
    for (const id of [1, 2, 3, 4]) queue.add(entries(id), outcomes(1));
    expect(() => queue.drain()).toThrow(broken);
    expect(written).toEqual([1, 3]);
    expect(told).toEqual([broken]);
  });
});
