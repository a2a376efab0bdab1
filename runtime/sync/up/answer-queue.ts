/**
 * Write-back of answers as they arrive, several to a transaction when they
 * arrive together: an answer is queued, and the queue is written back by one
 * synchronous call at the end of the event loop's turn in which it arrived
 * (`setImmediate`), with every answer that arrived in the same turn. With
 * calls in flight and the thread busy, answers pile up in the sockets and
 * are read in the same turn: they then share one commit instead of paying
 * one each. No transaction spans an await; the caller of `add` resolves once
 * its answer is written back (or rejects with the write-back's error).
 */
import type { StoredEntry } from '../../store/smart-store.js';
import type { Outcome } from './write-back.js';

/** Writes back records and their outcomes in one synchronous store transaction. */
export type WriteBackFn = (sent: readonly StoredEntry[], outcomes: readonly Outcome[]) => void;

/** One answer's records and outcomes, and its caller's promise. */
interface QueuedAnswer {
  readonly sent: readonly StoredEntry[];
  readonly outcomes: readonly Outcome[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class AnswerQueue {
  readonly #write: WriteBackFn;
  #queued: QueuedAnswer[] = [];

  constructor(write: WriteBackFn) {
    this.#write = write;
  }

  /**
   * Queues the outcomes of one answer; resolves once they are written back,
   * rejects when they could not be (the other answers of the turn are still
   * written back, each alone if their shared transaction failed).
   */
  add(sent: readonly StoredEntry[], outcomes: readonly Outcome[]): Promise<void> {
    if (sent.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      if (this.#queued.length === 0) setImmediate(() => this.#flush());
      this.#queued.push({ sent, outcomes, resolve, reject });
    });
  }

  #flush(): void {
    const answers = this.#queued;
    this.#queued = [];
    try {
      this.#write(
        answers.flatMap((answer) => answer.sent),
        answers.flatMap((answer) => answer.outcomes),
      );
      for (const answer of answers) answer.resolve();
      return;
    } catch (error) {
      if (answers.length === 1) {
        answers[0]?.reject(error);
        return;
      }
    }
    // The shared transaction rolled back: one answer's failure must not cost the others theirs.
    for (const answer of answers) {
      try {
        this.#write(answer.sent, answer.outcomes);
        answer.resolve();
      } catch (error) {
        answer.reject(error);
      }
    }
  }
}
