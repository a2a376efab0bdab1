/**
 * The pages of a query result, from its first page on, following
 * `nextRecordsUrl` until `done`: the one paging loop of sync down, ghost
 * cleaning and child sub-queries. Each page is checked before it is yielded,
 * and a server that would keep the loop going for ever is refused
 * (`SYNC_BAD_RESPONSE`): a locator asked for before, a page that is neither
 * the last nor holds records, a page that is not the last and has no
 * locator, or far more records than the first page's `totalSize`.
 */
import type { QueryPage, SalesforceClient } from '../salesforce-client.js';
import { checkedPage, refused, shown } from '../server-answers.js';

/** How many records past `totalSize` a result may bring before it counts as runaway: one full page. */
const RECORDS_PAST_TOTAL = 2000;

/**
 * Yields `first`, then each next page; `beforeNext` runs before every next
 * page is fetched (a stop check). The caller's own work on a page happens
 * before the next one is asked for.
 *
 * @example
 * for await (const page of pagesFrom(client, await client.query(soql))) save(page.records);
 */
export async function* pagesFrom(
  client: SalesforceClient,
  first: QueryPage,
  beforeNext: () => void = () => {},
): AsyncGenerator<QueryPage> {
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
    yield page;
    if (page.done) return;
    const next = page.nextRecordsUrl;
    if (typeof next !== 'string' || next === '')
      throw refused(`page ${index} is not the last (done is false) and has no nextRecordsUrl`);
    if (page.records.length === 0)
      throw refused(`page ${index} is not the last (done is false) and holds no records`);
    if (asked.has(next)) throw refused(`nextRecordsUrl ${shown(next)} was followed before`);
    asked.add(next);
    beforeNext();
    page = checkedPage(await client.queryMore(next), `page ${index + 1}`);
  }
}
