/**
 * What sync needs of Salesforce, as a small structural interface: the engine
 * never sees jsforce. `jsforce-client.ts` implements it over a jsforce
 * `Connection` (made by `jsforce-connect.ts`, the one module that loads
 * jsforce), so jsforce's own session refresh on a 401 and its retries on 5xx
 * apply to every call.
 */

/** A record as the REST API returns it. */
export type RestRecord = Record<string, unknown>;

/** One page of a query. */
export interface QueryPage {
  readonly totalSize: number;
  readonly done: boolean;
  readonly nextRecordsUrl?: string | undefined;
  readonly records: readonly RestRecord[];
}

/** One record's result in an sObject Collections call. */
export interface CollectionResult {
  readonly id?: string;
  readonly success: boolean;
  readonly created?: boolean;
  readonly errors: readonly {
    readonly statusCode: string;
    readonly message: string;
    readonly fields?: readonly string[];
  }[];
}

/**
 * A failed call: the platform's error code and message. `answered` is false
 * when no answer arrived (a dropped connection): the server may have applied
 * it. An answer with a `status` of 500 or more may also come after the
 * server applied the call (a gateway, a timeout).
 */
export class SalesforceRequestError extends Error {
  /** The error answer as the platform sent it (an array of `{message, errorCode, fields}`), when there was one. */
  readonly body: unknown;
  /** The HTTP status of the answer, when there was one. */
  readonly status: number | undefined;

  constructor(
    readonly errorCode: string,
    message: string,
    readonly answered: boolean,
    options?: { cause?: unknown; body?: unknown; status?: number },
  ) {
    super(message, options);
    this.name = 'SalesforceRequestError';
    this.body = options?.body;
    this.status = options?.status;
  }
}

/** One sub-request of a `POST …/composite` call. */
export interface CompositeSubrequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The full path, `/services/data/vNN.N/…`; may hold `@{referenceId.field}`. */
  readonly url: string;
  /** Letters, digits and underscores. */
  readonly referenceId: string;
  readonly body?: RestRecord;
  /** Headers of this sub-request alone (e.g. `If-Unmodified-Since`). */
  readonly httpHeaders?: Readonly<Record<string, string>>;
}

/** One sub-response of a composite call, in request order. */
export interface CompositeSubresponse {
  readonly body: unknown;
  readonly httpHeaders: Record<string, string>;
  readonly httpStatusCode: number;
  readonly referenceId: string;
}

/** One page of `…/connect/briefcase/priming-records`. */
export interface PrimingPage {
  /** Ids by object type, then by record type id. */
  readonly primingRecords: Record<
    string,
    Record<string, readonly { readonly id: string; readonly systemModstamp: string }[]>
  >;
  /** Asks for the next page; null on the last. */
  readonly relayToken: string | null;
  readonly ruleErrors: readonly unknown[];
  readonly stats?: { readonly recordCountTotal?: number };
}

export interface SalesforceClient {
  /** `vNN.N` of the calls, e.g. `v62.0`. */
  readonly apiVersion: string;
  /** `GET …/query?q=`; `batchSize` goes in `Sforce-Query-Options` (200..2000). */
  query(soql: string, batchSize?: number): Promise<QueryPage>;
  /**
   * `GET <nextRecordsUrl>`: a path on the instance (`/services/data/…`), or
   * an absolute URL of the instance itself; any other host is refused
   * (`SYNC_BAD_RESPONSE`), so the session never leaves the instance.
   */
  queryMore(nextRecordsUrl: string): Promise<QueryPage>;
  /** `GET …/search?q=`: the `searchRecords`. */
  search(sosl: string): Promise<RestRecord[]>;
  /** `GET …/sobjects/{type}`: the ids of its `recentItems`, most recent first. */
  recentlyViewedIds(type: string): Promise<string[]>;
  /** `POST …/composite/sobjects` (records carry `attributes.type`). */
  createRecords(records: readonly RestRecord[]): Promise<CollectionResult[]>;
  /** `PATCH …/composite/sobjects` (records carry `Id` and `attributes.type`). */
  updateRecords(records: readonly RestRecord[]): Promise<CollectionResult[]>;
  /** `DELETE …/composite/sobjects?ids=`. */
  deleteRecords(ids: readonly string[]): Promise<CollectionResult[]>;
  /** `POST …/composite/sobjects/{type}` `{ids, fields}`: one record or null per id. */
  retrieveRecords(
    type: string,
    ids: readonly string[],
    fields: readonly string[],
  ): Promise<(RestRecord | null)[]>;
  /** `PATCH …/composite/sobjects/{type}/{externalIdField}` (records carry the external id). */
  upsertRecords(
    type: string,
    externalIdField: string,
    records: readonly RestRecord[],
  ): Promise<CollectionResult[]>;
  /** `POST …/sobjects/{type}`: the new record's id. */
  createRecord(type: string, fields: RestRecord): Promise<string>;
  /** `PATCH …/sobjects/{type}/{externalIdField}/{value}`: the record's id. */
  upsertRecord(
    type: string,
    externalIdField: string,
    value: string,
    fields: RestRecord,
  ): Promise<string>;
  /** `PATCH …/sobjects/{type}/{id}`. */
  updateRecord(type: string, id: string, fields: RestRecord): Promise<void>;
  /** `DELETE …/sobjects/{type}/{id}`. */
  deleteRecord(type: string, id: string): Promise<void>;
  /** `GET …/sobjects/{type}/{id}?fields=`. */
  retrieveRecord(type: string, id: string, fields: readonly string[]): Promise<RestRecord>;
  /** `POST …/composite` with `allOrNone`: the sub-responses in request order. */
  composite(
    allOrNone: boolean,
    requests: readonly CompositeSubrequest[],
  ): Promise<CompositeSubresponse[]>;
  /** `GET …/sobjects/{type}/describe`. */
  describe(type: string): Promise<RestRecord>;
  /** `GET …/ui-api/layout/{type}?…` (parameters left out when absent). */
  layout(type: string, parameters: Readonly<Record<string, string>>): Promise<RestRecord>;
  /** `GET …/connect/briefcase/priming-records?relayToken=&changedAfterTimestamp=`. */
  primingRecords(relayToken: string | null, changedAfterTimestamp: string): Promise<PrimingPage>;
  /**
   * The server's clock now, epoch ms: from the `Date` header of its newest
   * answer (asking it with a light call when none came yet), or undefined
   * when the server sends no `Date`. Sync bounds what it compares with
   * server dates by it, never by the device's clock.
   */
  serverTime(): Promise<number | undefined>;
}
