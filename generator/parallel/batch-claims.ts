/**
 * The objects of a streamed parallel render, handed out in batches through
 * memory every share sees: a share (a worker or the main thread) takes its
 * next batch itself as soon as it is done with the last, without a message
 * round trip to the main thread, which may be busy with its own batch.
 */

const NEXT = 0;
const STOPPED = 1;
/** Objects a share takes at most at once: enough to keep the messages few. */
const MAX_BATCH = 8;

/** The shared counter of a run: its `memory` goes to every worker in the setup. */
export interface BatchClaims {
  readonly memory: SharedArrayBuffer;
  readonly total: number;
  readonly shares: number;
}

/**
 * A new counter over `total` objects shared by `shares` shares.
 *
 * @example
 * const claims = newBatchClaims(1000, 2);
 * claimBatch(claims); // { from: 0, to: 8 }
 */
export function newBatchClaims(total: number, shares: number): BatchClaims {
  return { memory: new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT), total, shares };
}

/**
 * The next batch `[from, to)`, or undefined when every object is taken or the
 * run stopped. Batches shrink towards the end, so the shares finish together.
 */
export function claimBatch(claims: BatchClaims): { from: number; to: number } | undefined {
  const counter = new Int32Array(claims.memory);
  for (;;) {
    if (Atomics.load(counter, STOPPED) !== 0) return undefined;
    const from = Atomics.load(counter, NEXT);
    if (from >= claims.total) return undefined;
    const size = Math.max(
      1,
      Math.min(MAX_BATCH, Math.ceil((claims.total - from) / (4 * claims.shares))),
    );
    const to = Math.min(claims.total, from + size);
    if (Atomics.compareExchange(counter, NEXT, from, to) === from) return { from, to };
  }
}

/** No share takes another batch (a share failed). */
export function stopClaims(claims: BatchClaims): void {
  Atomics.store(new Int32Array(claims.memory), STOPPED, 1);
}
