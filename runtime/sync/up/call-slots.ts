/**
 * A bounded number of sync-up jobs in flight: the batches of a run (two at
 * once, `record-batches.ts`), and a MERGE_FIELDS run's write calls, whichever
 * batch or round starts them. Each job handles its own answer (written back by
 * one synchronous transaction) as it arrives, while the next ones are on their
 * way. A failed job or a stop request starts no further one; the jobs in
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
  #free: number;
  readonly #waiting: (() => void)[] = [];
  #failure: { error: unknown } | undefined;

  constructor(size: number) {
    this.#free = Math.max(1, size);
  }

  /** The run's first failure, if a call failed or the stop check threw (a lost lease). */
  get failure(): { error: unknown } | undefined {
    return this.#failure;
  }

  /** Keeps the run's first failure. */
  fail(error: unknown): void {
    this.#failure ??= { error };
  }

  /** Resolves once a place is free, and takes it. */
  take(): Promise<void> {
    if (this.#free > 0) {
      this.#free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Gives a place back (to the next waiting call, if any). */
  give(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#free += 1;
    else next();
  }
}

/**
 * Runs `calls` in order, each once a place in `slots` is free. Each call
 * handles its own answer synchronously once it arrives. Rejects with the
 * run's first failure (this batch's or another's), or `StopRequested` when a
 * stop request kept calls from starting, always after every call it started
 * has ended and given its place back.
 */
export async function inFlight(
  calls: readonly (() => Promise<void>)[],
  slots: CallSlots,
  context: Pick<RunContext, 'stopRequested'>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let stopped = false;
  try {
    for (const call of calls) {
      await slots.take();
      if (slots.failure === undefined) {
        try {
          // Not only a flag: it also checks the lease, and throws when another runner has it.
          stopped = context.stopRequested();
        } catch (error) {
          slots.fail(error);
        }
      }
      if (slots.failure !== undefined || stopped) {
        slots.give();
        break;
      }
      const started: Promise<void> = call()
        .catch((error: unknown) => slots.fail(error))
        .finally(() => {
          running.delete(started);
          slots.give();
        });
      running.add(started);
    }
  } finally {
    await Promise.all(running);
  }
  if (slots.failure !== undefined) throw slots.failure.error;
  if (stopped) throw new StopRequested();
}
