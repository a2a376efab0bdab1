/**
 * The `SalesforceClient` over a jsforce `Connection`: the only module of the
 * runtime that imports jsforce. Every call goes through `connection.request`,
 * so jsforce refreshes an expired session once by itself and retries
 * 420/429/5xx answers; what still fails becomes a `SalesforceRequestError`.
 *
 * The session goes to the instance only: a `nextRecordsUrl` naming another
 * host is refused, and redirects are not followed (jsforce would send the
 * token along). The `Date` of every answer sets the client's view of the
 * server's clock.
 */
import type { Connection } from 'jsforce';
import {
  type CollectionResult,
  type CompositeSubresponse,
  type PrimingPage,
  type QueryPage,
  type RestRecord,
  type SalesforceClient,
  SalesforceRequestError,
} from '../contracts/salesforce-client.js';
import { connectToOrg } from './jsforce-connect.js';
import { isServerId, refused, shown } from './server-answers.js';

/** The jsforce connection sync runs on (re-exported so no other module imports jsforce). */
export type JsforceConnection = Connection;

/** What `openConnection` takes: a session you already have. */
export interface ConnectionOptions {
  /** e.g. `https://mydomain.my.salesforce.com`, or the emulator's URL. */
  readonly instanceUrl: string;
  readonly accessToken: string;
  /** API version of the calls; default `DEFAULT_API_VERSION` (`62.0`). */
  readonly apiVersion?: string;
}

/**
 * A jsforce connection with a session, for `SyncManager.open`, so an app needs
 * no import of jsforce itself. jsforce is loaded here, on first use: an app that
 * only uses the store never loads it.
 *
 * @example
 * const connection = await openConnection({ instanceUrl, accessToken });
 * const manager = SyncManager.open({ store, connection });
 */
export function openConnection(options: ConnectionOptions): Promise<Connection> {
  return connectToOrg(
    { kind: 'access-token', instanceUrl: options.instanceUrl, accessToken: options.accessToken },
    options.apiVersion,
  );
}

const DEFAULT_BATCH = 2000;

/**
 * How jsforce retries a call that failed without an answer or with 420/429/5xx
 * (GET, PUT, DELETE only: never a POST or PATCH, which could apply twice).
 */
export interface RetryOptions {
  /** Retries after the first try; jsforce's default 5. */
  readonly maxRetries?: number;
  /** Wait before the first retry, doubled for each next; jsforce's default 500 ms. */
  readonly minTimeoutMs?: number;
}

/**
 * A client for sync over a jsforce connection (logged in, or with a token).
 *
 * @example
 * const client = jsforceClient(new Connection({ instanceUrl, accessToken, version: '62.0' }));
 */
export function jsforceClient(connection: Connection, retry: RetryOptions = {}): SalesforceClient {
  const options =
    retry.maxRetries === undefined && retry.minTimeoutMs === undefined
      ? {}
      : {
          retry: {
            ...(retry.maxRetries === undefined ? {} : { maxRetries: retry.maxRetries }),
            ...(retry.minTimeoutMs === undefined ? {} : { minTimeout: retry.minTimeoutMs }),
          },
        };
  const apiVersion = `v${connection.version}`;
  const base = `/services/data/${apiVersion}`;
  const clock = serverClock();
  let probe: Promise<void> | undefined;
  const call = async <T>(request: {
    method: string;
    url: string;
    body?: unknown;
    headers?: Record<string, string>;
    /** No retry of any kind (jsforce retries a 420 twice whatever `maxRetries` says). */
    once?: boolean;
  }): Promise<T> => {
    let status: number | undefined;
    // jsforce hands no answer headers or status to `request`'s caller; a
    // transport of our own, passing the call to the connection's, sees them.
    const transport = {
      httpRequest(httpRequest: unknown, transportOptions: unknown) {
        const own = (connection as unknown as { _transport: HttpTransport })._transport;
        const answer = own.httpRequest(httpRequest, transportOptions);
        answer.then(
          (response) => {
            status = response.statusCode;
            clock.observe(response.headers?.date);
          },
          () => {},
        );
        return answer;
      },
    };
    try {
      return (await connection.request(
        {
          method: request.method as 'GET',
          url: request.url,
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
          headers: { 'Content-Type': 'application/json', ...request.headers },
        },
        {
          ...options,
          ...(request.once === true ? { retry: { maxRetries: 0, methods: [] } } : {}),
          transport,
          followRedirect: false,
        },
      )) as T;
    } catch (error) {
      const { errorCode, message, data } = error as {
        errorCode?: string;
        message?: string;
        data?: unknown;
      };
      // jsforce puts the platform's errorCode on errors built from an answer
      // (and the answer's first error, or all of them, in data); a dropped
      // connection or refused socket has none.
      const answered = errorCode !== undefined;
      throw new SalesforceRequestError(
        errorCode ?? 'REQUEST_FAILED',
        message ?? String(error),
        answered,
        {
          cause: error,
          ...(answered && status !== undefined ? { status } : {}),
          ...(answered && data !== undefined ? { body: Array.isArray(data) ? data : [data] } : {}),
        },
      );
    }
  };
  const idOf = (answer: unknown): string => {
    const id = (answer as { id?: unknown } | undefined)?.id;
    // The server may have made the record: the outcome is unknown, not an error answer.
    if (!isServerId(id, 'Id')) throw refused(`a create answered ${shown(answer)}, not a record id`);
    return id as string;
  };
  // Pages are checked by the engine (server-answers.ts), whoever the client is.
  const page = (value: unknown): QueryPage => value as QueryPage;
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
    queryMore: async (nextRecordsUrl) =>
      page(await call({ method: 'GET', url: onInstance(nextRecordsUrl, connection.instanceUrl) })),
    search: async (sosl) =>
      // The engine checks what comes back (server-answers.ts).
      (
        (await call({
          method: 'GET',
          url: `${base}/search?q=${encodeURIComponent(sosl)}`,
        })) as { searchRecords?: RestRecord[] } | null
      )?.searchRecords as RestRecord[],
    recentlyViewedIds: async (type) => {
      const answer = (await call({
        method: 'GET',
        url: `${base}/sobjects/${encodeURIComponent(type)}`,
      })) as { recentItems?: unknown } | null;
      const items = answer?.recentItems ?? [];
      if (
        !Array.isArray(items) ||
        !items.every((item: { Id?: unknown } | null) => typeof item?.Id === 'string')
      )
        throw refused(`the recent items of ${type} are ${shown(items)}`);
      return items.map((item: { Id: string }) => item.Id);
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
    upsertRecords: (type, externalIdField, records) =>
      call<CollectionResult[]>({
        method: 'PATCH',
        url: `${base}/composite/sobjects/${encodeURIComponent(type)}/${encodeURIComponent(externalIdField)}`,
        body: { allOrNone: false, records },
      }),
    createRecord: async (type, fields) =>
      idOf(
        await call({
          method: 'POST',
          url: `${base}/sobjects/${encodeURIComponent(type)}`,
          body: fields,
        }),
      ),
    upsertRecord: async (type, externalIdField, value, fields) =>
      idOf(
        await call({
          method: 'PATCH',
          url: `${base}/sobjects/${encodeURIComponent(type)}/${encodeURIComponent(externalIdField)}/${encodeURIComponent(value)}`,
          body: fields,
        }),
      ),
    updateRecord: async (type, id, fields) => {
      await call({
        method: 'PATCH',
        url: `${base}/sobjects/${encodeURIComponent(type)}/${encodeURIComponent(id)}`,
        body: fields,
      });
    },
    deleteRecord: async (type, id) => {
      await call({
        method: 'DELETE',
        url: `${base}/sobjects/${encodeURIComponent(type)}/${encodeURIComponent(id)}`,
      });
    },
    retrieveRecord: (type, id, fields) =>
      call<RestRecord>({
        method: 'GET',
        url: `${base}/sobjects/${encodeURIComponent(type)}/${encodeURIComponent(id)}?fields=${fields.map(encodeURIComponent).join(',')}`,
      }),
    composite: async (allOrNone, requests) =>
      (
        (await call({
          method: 'POST',
          url: `${base}/composite`,
          body: { allOrNone, compositeRequest: requests },
        })) as { compositeResponse?: CompositeSubresponse[] } | null
      )?.compositeResponse as CompositeSubresponse[],
    describe: (type) =>
      call<RestRecord>({
        method: 'GET',
        url: `${base}/sobjects/${encodeURIComponent(type)}/describe`,
      }),
    layout: (type, parameters) =>
      call<RestRecord>({
        method: 'GET',
        url: `${base}/ui-api/layout/${encodeURIComponent(type)}?${new URLSearchParams(parameters).toString()}`,
      }),
    serverTime: async () => {
      if (clock.now() === undefined) {
        // No answer yet: the versions list is the lightest call there is (asked once at a
        // time, never retried: an org that does not answer fails the sync now, not after
        // jsforce's 15.5 s of retries; an error answer still brings a Date).
        probe ??= call({ method: 'GET', url: '/services/data', once: true }).then(
          () => undefined,
          (error: unknown) => {
            if (error instanceof SalesforceRequestError && !error.answered) throw error;
          },
        );
        try {
          await probe;
        } finally {
          probe = undefined;
        }
      }
      return clock.now();
    },
    primingRecords: (relayToken, changedAfterTimestamp) =>
      call<PrimingPage>({
        method: 'GET',
        url: `${base}/connect/briefcase/priming-records?${new URLSearchParams({
          ...(relayToken === null ? {} : { relayToken }),
          changedAfterTimestamp,
        }).toString()}`,
      }),
  };
}

/** The part of jsforce's transport `connection.request` uses (not in its public types). */
interface HttpTransport {
  httpRequest(
    request: unknown,
    options: unknown,
  ): Promise<{ statusCode?: number; headers?: Record<string, string | undefined> }>;
}

/** The server's clock as the `Date` of its newest answer says, run on by our monotonic clock. */
function serverClock(): { observe(date: string | undefined): void; now(): number | undefined } {
  let seen: { serverMs: number; at: number } | undefined;
  return {
    observe: (date) => {
      const serverMs = date === undefined ? Number.NaN : Date.parse(date);
      if (!Number.isNaN(serverMs)) seen = { serverMs, at: performance.now() };
    },
    now: () => (seen === undefined ? undefined : seen.serverMs + (performance.now() - seen.at)),
  };
}

/**
 * The locator of a next page as a path on the instance: `/services/…` as
 * given, an absolute URL of the instance as its path; anything else is
 * refused (jsforce would send the session to it).
 */
function onInstance(locator: string, instanceUrl: string): string {
  if (locator.startsWith('/services/')) return locator;
  let url: URL | undefined;
  try {
    url = new URL(locator);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.origin !== new URL(instanceUrl).origin) {
    throw refused(`nextRecordsUrl ${shown(locator)} is not on the instance ${instanceUrl}`);
  }
  return `${url.pathname}${url.search}`;
}
