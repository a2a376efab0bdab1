/**
 * Write-back of answers soon after they arrive, many to a transaction: a
 * call queues its answer and gives its place to the next call at once; the
 * queue writes back, by one synchronous call, once it holds `flushAt`
 * records (at the end of that event-loop turn), or `waitMs` after its oldest
 * answer arrived, or when the round drains it. Each commit rewrites the
 * soup's index pages, so a few large transactions cost far less than one per
 * answer (measured in bench/merge.bench.ts). An answer waiting here is not
 * lost if the process dies: its writes are still noted in the pending-writes
 * ledger, which the next run settles by reading the server. No transaction
 * spans an await.
 */
import type { StoredEntry } from '../../store/smart-store.js';
import type { Outcome } from './write-back.js';

/** Writes back records and their outcomes in one synchronous store transaction. */
export type WriteBackFn = (sent: readonly StoredEntry[], outcomes: readonly Outcome[]) => void;

export interface AnswerQueueOptions {
  /** Records queued that start a write-back at the end of the turn. */
  readonly flushAt?: number;
  /** The longest an answer waits for others (ms). */
  readonly waitMs?: number;
  /** Hears of the first write-back that failed (e.g. so that no further call starts). */
  readonly onFailure?: (error: unknown) => void;
}

/** One answer's records and outcomes. */
interface QueuedAnswer {
  readonly sent: readonly StoredEntry[];
  readonly outcomes: readonly Outcome[];
}

export class AnswerQueue {
  readonly #write: WriteBackFn;
  readonly #flushAt: number;
  readonly #waitMs: number;
  readonly #onFailure: (error: unknown) => void;
  #queued: QueuedAnswer[] = [];
  #records = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #soon: ReturnType<typeof setImmediate> | undefined;
  #failure: { error: unknown } | undefined;

  constructor(write: WriteBackFn, options: AnswerQueueOptions = {}) {
    this.#write = write;
    this.#flushAt = options.flushAt ?? 200;
    this.#waitMs = options.waitMs ?? 50;
    this.#onFailure = options.onFailure ?? (() => {});
  }

  /** Queues the outcomes of one answer, to be written back with the others near it. */
  add(sent: readonly StoredEntry[], outcomes: readonly Outcome[]): void {
    if (sent.length === 0) return;
    this.#queued.push({ sent, outcomes });
    this.#records += sent.length;
    if (this.#records >= this.#flushAt) this.#soon ??= setImmediate(() => this.#flush());
    else this.#timer ??= setTimeout(() => this.#flush(), this.#waitMs);
  }

  /**
   * Writes back what is queued now, and throws the first write-back failure
   * (of this call or an earlier one) once everything that could be written
   * back is.
   */
  drain(): void {
    this.#flush();
    if (this.#failure !== undefined) throw this.#failure.error;
  }

  #flush(): void {
    clearTimeout(this.#timer);
    clearImmediate(this.#soon);
    this.#timer = undefined;
    this.#soon = undefined;
    const answers = this.#queued;
    this.#queued = [];
    this.#records = 0;
    if (answers.length === 0) return;
    try {
      this.#write(
        answers.flatMap((answer) => answer.sent),
        answers.flatMap((answer) => answer.outcomes),
      );
      return;
    } catch (error) {
      if (answers.length === 1) {
        this.#fail(error);
        return;
      }
    }
    // The shared transaction rolled back: one answer's failure must not cost the others theirs.
    for (const answer of answers) {
      try {
        this.#write(answer.sent, answer.outcomes);
      } catch (error) {
        this.#fail(error);
      }
    }
  }

  #fail(error: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = { error };
    this.#onFailure(error);
  }
}
