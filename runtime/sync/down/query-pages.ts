/**
 * The pages of a query result, from its first page on, following
 * `nextRecordsUrl` until `done`: the one paging loop of sync down, ghost
 * cleaning and child sub-queries. Each page is checked before it is yielded,
 * and a server that would keep the loop going for ever is refused
 * (`SYNC_BAD_RESPONSE`): a locator asked for before, a page that is neither
 * the last nor holds records, a page that is not the last and has no
 * locator, or far more records than the first page's `totalSize`.
 *
 * With `ahead`, the next page is asked for before the current one is
 * yielded, so its round trip overlaps the caller's work on the current one
 * (at most one page in flight, two pages in memory). Whatever stops the loop
 * early waits for that request to settle and drops its answer.
 */

import { checkedPage, refused, shown } from '../adapters/server-answers.js';
import type { QueryPage, SalesforceClient } from '../contracts/salesforce-client.js';

/** How many records past `totalSize` a result may bring before it counts as runaway: one full page. */
const RECORDS_PAST_TOTAL = 2000;

/** How `pagesFrom` goes on from a page. */
export interface PagingOptions {
  /** Runs before every next page is asked for (a stop check); what it throws ends the loop after the current page. */
  readonly beforeNext?: () => void;
  /** Ask for the next page before yielding the current one (look-ahead). */
  readonly ahead?: boolean;
}

/**
 * Yields `first`, then each next page. Without `ahead`, the caller's work on
 * a page happens before the next one is asked for; with it, during.
 *
 * @example
 * for await (const page of pagesFrom(client, await client.query(soql), { ahead: true })) save(page.records);
 */
export async function* pagesFrom(
  client: SalesforceClient,
  first: QueryPage,
  options: PagingOptions = {},
): AsyncGenerator<QueryPage> {
  const beforeNext = options.beforeNext ?? (() => {});
  let page = checkedPage(first, 'the first page');
  const total = page.totalSize;
  const asked = new Set<string>();
  let count = 0;
  for (let index = 1; ; index++) {
    count += page.records.length;
    if (count > total + RECORDS_PAST_TOTAL)
      throw refused(
        `page ${index} brings the result to ${count} records, and totalSize is ${total}`,
      );
    // Why the loop cannot go on past this page: thrown once the page is yielded (as before the look-ahead).
    let ending: unknown;
    const ask = (): Promise<unknown> | undefined => {
      try {
        const next = nextLocator(page, index, asked);
        beforeNext();
        return client.queryMore(next);
      } catch (error) {
        ending = error;
        return undefined;
      }
    };
    const current = page;
    if (current.done) {
      yield current;
      return;
    }
    if (!options.ahead) {
      yield current;
      const request = ask();
      if (request === undefined) throw ending;
      page = checkedPage(await request, `page ${index + 1}`);
      continue;
    }
    const request = ask();
    // Settled, so a failure while the caller works on `current` is not unhandled; read below.
    const settled = request?.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    if (request !== undefined) await requestSent();
    let resumed = false;
    try {
      yield current;
      resumed = true;
    } finally {
      // The caller stopped early (a throw or a stop): no request outlives the loop.
      if (!resumed && settled !== undefined) await settled;
    }
    if (settled === undefined) throw ending;
    const answer = await settled;
    if (!answer.ok) throw answer.error;
    page = checkedPage(answer.value, `page ${index + 1}`);
  }
}

/**
 * One turn of the event loop: jsforce writes a request to its socket only
 * after one, so without it the request would leave once the caller's
 * synchronous save is over, and its round trip would overlap nothing.
 */
export function requestSent(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The `nextRecordsUrl` of a page that is not the last, refused when it cannot be followed. */
function nextLocator(page: QueryPage, index: number, asked: Set<string>): string {
  const next = page.nextRecordsUrl;
  if (typeof next !== 'string' || next === '')
    throw refused(`page ${index} is not the last (done is false) and has no nextRecordsUrl`);
  if (page.records.length === 0)
    throw refused(`page ${index} is not the last (done is false) and holds no records`);
  if (asked.has(next)) throw refused(`nextRecordsUrl ${shown(next)} was followed before`);
  asked.add(next);
  return next;
}
