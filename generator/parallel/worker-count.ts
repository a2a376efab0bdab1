/**
 * How many worker threads render a generation beside the main thread: none for
 * a small one (a worker's start costs more than its share saves), else one per
 * core the process may use but the main thread's. `SOUPKIT_GENERATE_WORKERS`
 * overrides it (0: none), for tests and measurements.
 */
import { availableParallelism } from 'node:os';

/**
 * Objects below which rendering stays on the main thread. Measured on 2 busy
 * cores (see docs, generator performance): with 200 objects a worker still
 * cost 150-300 ms more than it saved, with 400 it broke even; a free core
 * moves the break-even lower.
 */
export const MIN_PARALLEL_OBJECTS = 300;
/** More workers than this would mostly wait on the main thread between steps. */
const MAX_WORKERS = 8;

/**
 * The worker threads for rendering `objects` objects; 0 renders in the thread.
 *
 * @example
 * renderWorkerCount(40); // 0
 * renderWorkerCount(1000); // 1 on a 2-core machine
 */
export function renderWorkerCount(objects: number, env = process.env): number {
  const forced = env.SOUPKIT_GENERATE_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) {
    return Math.min(Number(forced), MAX_WORKERS, objects);
  }
  const others = Math.min(availableParallelism() - 1, MAX_WORKERS);
  return objects < MIN_PARALLEL_OBJECTS ? 0 : Math.max(others, 0);
}
