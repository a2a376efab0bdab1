/**
 * Answers written back as they arrive: the answers of one turn share a
 * transaction, and one that cannot be written back costs the others nothing.
 */
import { describe, expect, it } from 'vitest';
import type { StoredEntry } from '../../../../runtime/store/smart-store.js';
import { AnswerQueue } from '../../../../runtime/sync/up/answer-queue.js';
import type { Outcome } from '../../../../runtime/sync/up/write-back.js';

const entry = (id: number) => ({ _soupEntryId: id }) as unknown as StoredEntry;
const updated: Outcome = { kind: 'updated' };

describe('AnswerQueue', () => {
  it('writes the answers of one turn in one call', async () => {
    const writes: number[][] = [];
    const queue = new AnswerQueue((sent) => {
      writes.push(sent.map((e) => e._soupEntryId));
    });
    await Promise.all([
      queue.add([entry(1), entry(2)], [updated, updated]),
      queue.add([entry(3)], [updated]),
    ]);
    await queue.add([entry(4)], [updated]);
    expect(writes).toEqual([[1, 2, 3], [4]]);
  });

  it('writes back the other answers of the turn, each alone, when their shared write fails', async () => {
    const written: number[] = [];
    const broken = new Error('SQLITE_FULL');
    const queue = new AnswerQueue((sent) => {
      // Like a transaction: all of it or nothing.
      if (sent.some((e) => e._soupEntryId === 2)) throw broken;
      written.push(...sent.map((e) => e._soupEntryId));
    });
    const results = await Promise.allSettled([
      queue.add([entry(1)], [updated]),
      queue.add([entry(2)], [updated]),
      queue.add([entry(3)], [updated]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBe(broken);
    expect(written).toEqual([1, 3]);
  });
});
