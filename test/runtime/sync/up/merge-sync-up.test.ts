/**
 * How many records a MERGE_FIELDS run's write calls have on their way at
 * once: as many as OVERWRITE's two Collections calls of `maxBatchSize`.
 */
import { describe, expect, it } from 'vitest';
import { recordsInFlight } from '../../../../runtime/sync/up/merge-sync-up.js';

describe('recordsInFlight', () => {
  it('is two calls of maxBatchSize, capped at 200 a call like a Collections call', () => {
    expect(recordsInFlight(200)).toBe(400);
    expect(recordsInFlight(500)).toBe(400);
    expect(recordsInFlight(40)).toBe(80);
    expect(recordsInFlight(25)).toBe(50);
    expect(recordsInFlight(1)).toBe(2);
  });
});
