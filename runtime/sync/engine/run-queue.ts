/**
 * A manager's queue: its syncs run one at a time in submission order, and a
 * sync counts as running here from its submission until its run gives the
 * lease up.
 */
export class RunQueue {
  /** Syncs submitted here and not ended, by id, with their outcome. */
  readonly #runs = new Map<number, Promise<unknown>>();
  #tail: Promise<void> = Promise.resolve();

  /** The outcome of sync `id`'s run here, while it is queued or running. */
  running(id: number): Promise<unknown> | undefined {
    return this.#runs.get(id);
  }

  /** Runs `job` after everything queued before it; sync `id` counts as running here until released. */
  add<T>(id: number, job: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(job);
    this.#runs.set(id, result);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Sync `id` no longer runs here. */
  release(id: number): void {
    this.#runs.delete(id);
  }

  /** Resolves when everything queued so far has ended. */
  idle(): Promise<void> {
    return this.#tail;
  }
}
