/**
 * The generator's bounded concurrency: results in order, the bound kept, the
 * earliest failure reported whatever finishes first.
 */
import { describe, expect, it } from 'vitest';
import { concurrencyLimit, mapConcurrently } from '../../../generator/util/concurrently.js';

const pause = (ms: number) => new Promise((resume) => setTimeout(resume, ms));

describe(mapConcurrently.name, () => {
  it('returns results in item order with at most `limit` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapConcurrently([5, 1, 4, 2, 3, 1, 2], 3, async (ms, index) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await pause(ms);
      inFlight -= 1;
      return index * 10;
    });
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(most).toBe(3);
  });

  it('rejects with the earliest failing item once those in flight are done, starting no more', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const run = mapConcurrently([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await pause(item === 0 ? 20 : 1);
      settled.push(item);
      if (item === 0 || item === 1) throw new Error(`item ${item}`);
      return item;
    });
    await expect(run).rejects.toThrow('item 0');
    expect(settled).toContain(0);
    expect(started).not.toContain(5);
  });
});

describe(concurrencyLimit.name, () => {
  it('never runs more than `max` at once, including works that arrive while others run', async () => {
    const limit = concurrencyLimit(2);
    let inFlight = 0;
    let most = 0;
    const work = (ms: number) =>
      limit(async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await pause(ms);
        inFlight -= 1;
        return ms;
      });
    const first = [work(5), work(5), work(5)];
    // Newcomers arrive as the first work finishes, while the third still waits.
    const late = first[0]?.then(() => [work(1), work(1), work(1)]) ?? Promise.resolve([]);
    const results = await Promise.all([...first, ...(await late)]);
    expect(results).toEqual([5, 5, 5, 1, 1, 1]);
    expect(most).toBe(2);
  });
});
