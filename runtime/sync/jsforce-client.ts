/**
 * The `SalesforceClient` over a jsforce `Connection`: the only module of the
 * runtime that imports jsforce. Every call goes through `connection.request`,
 * so jsforce refreshes an expired session once by itself and retries
 * 420/429/5xx answers; what still fails becomes a `SalesforceRequestError`.
 */
import type { Connection } from 'jsforce';
import {
  type CollectionResult,
  type QueryPage,
  type RestRecord,
  type SalesforceClient,
  SalesforceRequestError,
} from './salesforce-client.js';

/** The jsforce connection sync runs on (re-exported so no other module imports jsforce). */
export type JsforceConnection = Connection;

const DEFAULT_BATCH = 2000;

/**
 * A client for sync over a jsforce connection (logged in, or with a token).
 *
 * @example
 * const client = jsforceClient(new Connection({ instanceUrl, accessToken, version: '62.0' }));
 */
export function jsforceClient(connection: Connection): SalesforceClient {
  const apiVersion = `v${connection.version}`;
  const base = `/services/data/${apiVersion}`;
  const call = async <T>(request: {
    method: string;
    url: string;
    body?: unknown;
    headers?: Record<string, string>;
  }): Promise<T> => {
    try {
      return (await connection.request({
        method: request.method as 'GET',
        url: request.url,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        headers: { 'Content-Type': 'application/json', ...request.headers },
      })) as T;
    } catch (error) {
      const { errorCode, message } = error as { errorCode?: string; message?: string };
      // jsforce puts the platform's errorCode on errors built from an answer;
      // a dropped connection or refused socket has none.
      throw new SalesforceRequestError(
        errorCode ?? 'REQUEST_FAILED',
        message ?? String(error),
        errorCode !== undefined,
        { cause: error },
      );
    }
  };
  const page = (value: unknown): QueryPage => {
    if (
      typeof value !== 'object' ||
      value === null ||
      !Array.isArray((value as QueryPage).records)
    ) {
      throw new SalesforceRequestError(
        'INVALID_RESPONSE',
        `Unexpected query answer: ${JSON.stringify(value).slice(0, 500)}`,
        true,
      );
    }
    return value as QueryPage;
  };
  return {
    apiVersion,
    query: async (soql, batchSize = DEFAULT_BATCH) => {
      const size = Math.min(2000, Math.max(200, batchSize));
      return page(
        await call({
          method: 'GET',
          url: `${base}/query?q=${encodeURIComponent(soql)}`,
          ...(size === DEFAULT_BATCH
            ? {}
            : { headers: { 'Sforce-Query-Options': `batchSize=${size}` } }),
        }),
      );
    },
    queryMore: async (nextRecordsUrl) => page(await call({ method: 'GET', url: nextRecordsUrl })),
    search: async (sosl) => {
      const answer = await call<{ searchRecords?: RestRecord[] }>({
        method: 'GET',
        url: `${base}/search?q=${encodeURIComponent(sosl)}`,
      });
      return answer.searchRecords ?? [];
    },
    recentlyViewedIds: async (type) => {
      const answer = await call<{ recentItems?: { Id: string }[] }>({
        method: 'GET',
        url: `${base}/sobjects/${encodeURIComponent(type)}`,
      });
      return (answer.recentItems ?? []).map((item) => item.Id);
    },
    createRecords: (records) =>
      call<CollectionResult[]>({
        method: 'POST',
        url: `${base}/composite/sobjects`,
        body: { allOrNone: false, records },
      }),
    updateRecords: (records) =>
      call<CollectionResult[]>({
        method: 'PATCH',
        url: `${base}/composite/sobjects`,
        body: { allOrNone: false, records },
      }),
    deleteRecords: (ids) =>
      call<CollectionResult[]>({
        method: 'DELETE',
        url: `${base}/composite/sobjects?allOrNone=false&ids=${ids.map(encodeURIComponent).join(',')}`,
      }),
    retrieveRecords: (type, ids, fields) =>
      call<(RestRecord | null)[]>({
        method: 'POST',
        url: `${base}/composite/sobjects/${encodeURIComponent(type)}`,
        body: { ids, fields },
      }),
  };
}
