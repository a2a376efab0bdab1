/**
 * A bounded number of sync-up jobs in flight: the batches of a run (two at
 * once, `record-batches.ts`), and a MERGE_FIELDS run's write calls, whichever
 * batch or round starts them (each taking a place per record it writes).
 * Each job handles its own answer (written back by one synchronous
 * transaction) as it arrives, while the next ones are on their way. A failed job or a stop request starts no further one; the jobs in
 * flight are awaited (their answers handled) before the run goes on to fail or
 * stop.
 */
import { type RunContext, StopRequested } from '../engine/run-context.js';

/**
 * The places for calls in flight a run shares between its batches and rounds,
 * and the run's first failure: once a call of any batch failed, no call of
 * any batch starts.
 */
export class CallSlots {
  readonly #size: number;
  #free: number;
  readonly #waiting: { readonly need: number; readonly start: () => void }[] = [];
  #failure: { error: unknown } | undefined;

  /** `size` places: calls, or records when each call takes as many places as it writes. */
  constructor(size: number) {
    this.#size = placesOf(size);
    this.#free = this.#size;
  }

  /** The run's first failure, if a call failed or the stop check threw (a lost lease). */
  get failure(): { error: unknown } | undefined {
    return this.#failure;
  }

  /** Keeps the run's first failure. */
  fail(error: unknown): void {
    this.#failure ??= { error };
  }

  /**
   * Resolves once `places` are free (at most the whole size), in the order
   * asked, and takes them; resolves to the places taken, which `give` returns.
   */
  take(places = 1): Promise<number> {
    const need = Math.min(placesOf(places), this.#size);
    if (this.#waiting.length === 0 && this.#free >= need) {
      this.#free -= need;
      return Promise.resolve(need);
    }
    return new Promise((resolve) => this.#waiting.push({ need, start: () => resolve(need) }));
  }

  /** Gives places back, starting the waiting calls they make room for, in order. */
  give(places = 1): void {
    this.#free += places;
    for (let next = this.#waiting[0]; next !== undefined && this.#free >= next.need; ) {
      this.#waiting.shift();
      this.#free -= next.need;
      next.start();
      next = this.#waiting[0];
    }
  }
}

/** A count of places: a whole number of at least 1 (anything else, NaN too, is 1). */
function placesOf(count: number): number {
  return Number.isFinite(count) && count >= 1 ? Math.floor(count) : 1;
}

/**
 * Runs `calls` in order, each once `placesOf` its index (one by default) are
 * free in `slots`. Each call handles its own answer synchronously once it
 * arrives. Rejects with the
 * run's first failure (this batch's or another's), or `StopRequested` when a
 * stop request kept calls from starting, always after every call it started
 * has ended and given its place back.
 */
export async function inFlight(
  calls: readonly (() => Promise<void>)[],
  slots: CallSlots,
  context: Pick<RunContext, 'stopRequested'>,
  placesOf: (index: number) => number = () => 1,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let stopped = false;
  try {
    for (const [index, call] of calls.entries()) {
      const places = await slots.take(placesOf(index));
      if (slots.failure === undefined) {
        try {
          // Not only a flag: it also checks the lease, and throws when another runner has it.
          stopped = context.stopRequested();
        } catch (error) {
          slots.fail(error);
        }
      }
      if (slots.failure !== undefined || stopped) {
        slots.give(places);
        break;
      }
      // A call that throws before its first await fails like one that rejects (its places come back).
      const started: Promise<void> = new Promise<void>((resolve) => resolve(call()))
        .catch((error: unknown) => slots.fail(error))
        .finally(() => {
          running.delete(started);
          slots.give(places);
        });
      running.add(started);
    }
  } finally {
    await Promise.all(running);
  }
  if (slots.failure !== undefined) throw slots.failure.error;
  if (stopped) throw new StopRequested();
}
