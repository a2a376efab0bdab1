/**
 * The batches of a streamed parallel render: every object taken exactly once,
 * in order, batches no larger than 8 that shrink towards the end, none after a stop.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  claimBatch,
  newBatchClaims,
  stopClaims,
} from '../../../generator/parallel/batch-claims.js';

describe(claimBatch.name, () => {
  it('hands every object out exactly once, in order, in batches of at most 8', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 9 }),
        (total, shares) => {
          const claims = newBatchClaims(total, shares);
          const batches: { from: number; to: number }[] = [];
          for (let batch = claimBatch(claims); batch !== undefined; batch = claimBatch(claims)) {
            batches.push(batch);
          }
          let next = 0;
          for (const { from, to } of batches) {
            expect(from).toBe(next);
            expect(to - from).toBeGreaterThanOrEqual(1);
            expect(to - from).toBeLessThanOrEqual(8);
            next = to;
          }
          expect(next).toBe(total);
          // Towards the end, each share takes a small batch: the shares finish together.
          if (total >= 100) expect(batches.at(-1)).toEqual({ from: total - 1, to: total });
        },
      ),
    );
  });

  it('hands nothing out once stopped', () => {
    const claims = newBatchClaims(100, 2);
    expect(claimBatch(claims)).toEqual({ from: 0, to: 8 });
    stopClaims(claims);
    expect(claimBatch(claims)).toBeUndefined();
  });
});
