/**
 * The pages of a query result, from its first page on, following
 * `nextRecordsUrl` until `done`: the one paging loop of sync down, ghost
 * cleaning and child sub-queries.
 */
import type { QueryPage, SalesforceClient } from '../salesforce-client.js';

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
  let page = first;
  for (;;) {
    yield page;
    if (page.done || page.nextRecordsUrl === undefined) return;
    beforeNext();
    page = await client.queryMore(page.nextRecordsUrl);
  }
}
