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

export class AnswerQueue {
  readonly #write: WriteBackFn;
  #sent: StoredEntry[] = [];
  #outcomes: Outcome[] = [];
  #flushed: Promise<void> | undefined;

  constructor(write: WriteBackFn) {
    this.#write = write;
  }

  /** Queues the outcomes of one answer; resolves once they are written back. */
  add(sent: readonly StoredEntry[], outcomes: readonly Outcome[]): Promise<void> {
    if (sent.length === 0) return Promise.resolve();
    this.#sent.push(...sent);
    this.#outcomes.push(...outcomes);
    this.#flushed ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        const sentNow = this.#sent;
        const outcomesNow = this.#outcomes;
        this.#sent = [];
        this.#outcomes = [];
        this.#flushed = undefined;
        try {
          this.#write(sentNow, outcomesNow);
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
    return this.#flushed;
  }
}
