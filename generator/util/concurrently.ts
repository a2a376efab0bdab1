/**
 * Bounded concurrency for the generator's I/O (describe requests, file reads
 * and writes): awaiting thousands of small operations one after the other
 * leaves the process idle between them.
 */

/**
 * Runs `work` on every item, at most `limit` at a time, and returns the results
 * in item order. After a failure no new item starts; the call waits for those
 * in flight, then rejects with the failure of the earliest item (so the message
 * does not depend on timing).
 *
 * @example
 * const texts = await mapConcurrently(files, 16, (file) => readFile(file, 'utf8'));
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  const failures: { index: number; error: unknown }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failures.push({ index, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  const first = failures.sort((a, b) => a.index - b.index)[0];
  if (first !== undefined) throw first.error;
  return results;
}

/**
 * A gate for work that arrives over time (not a list known up front): at most
 * `max` of the works given to it run at once, the others wait their turn.
 *
 * @example
 * const limit = concurrencyLimit(16);
 * onArrival((item) => limit(() => writeFile(item.path, item.text)));
 */
export function concurrencyLimit(max: number): <T>(work: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    // A finished work hands its slot straight to the next in line, so a newcomer
    // cannot slip in between and make one more than `max`.
    if (active >= max) await new Promise<void>((turn) => waiting.push(turn));
    else active += 1;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next === undefined) active -= 1;
      else next();
    }
  };
}
