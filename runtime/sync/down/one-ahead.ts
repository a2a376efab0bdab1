/**
 * The answers of calls known in advance (the slices of a refresh, the
 * retrieves of a briefcase), in order, each next call made before the
 * current answer is yielded: its round trip overlaps the caller's save of
 * the current one, with at most one call in flight.
 */
import { requestSent } from './query-pages.js';

/**
 * Yields what each of `calls` resolves to, in order. `beforeNext` runs
 * before every call (a stop check): before the first, what it throws ends
 * the loop at once; before a later one, after the current answer is yielded.
 * A caller that stops early waits for the call in flight, whose answer is
 * dropped.
 *
 * @example
 * for await (const page of oneAhead(slices.map((s) => () => client.query(soqlOf(s))))) save(page);
 */
export async function* oneAhead<T>(
  calls: readonly (() => Promise<T>)[],
  beforeNext: () => void = () => {},
): AsyncGenerator<T> {
  type Settled = { ok: true; value: T } | { ok: false; error: unknown };
  const start = (call: () => Promise<T>): Promise<Settled> =>
    call().then(
      (value) => ({ ok: true, value }),
      (error: unknown) => ({ ok: false, error }),
    );
  const first = calls[0];
  if (first === undefined) return;
  beforeNext();
  let inFlight: Promise<Settled> = start(first);
  for (let index = 0; index < calls.length; index++) {
    const answer = await inFlight;
    if (!answer.ok) throw answer.error;
    const next = calls[index + 1];
    if (next === undefined) {
      yield answer.value;
      return;
    }
    let ending: { error: unknown } | undefined;
    try {
      beforeNext();
      inFlight = start(next);
    } catch (error) {
      ending = { error };
    }
    if (ending === undefined) await requestSent();
    let resumed = false;
    try {
      yield answer.value;
      resumed = true;
    } finally {
      if (!resumed && ending === undefined) await inFlight;
    }
    if (ending !== undefined) throw ending.error;
  }
}
