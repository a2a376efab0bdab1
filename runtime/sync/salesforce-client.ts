/**
 * What sync needs of Salesforce, as a small structural interface: the engine
 * never sees jsforce. `jsforce-client.ts` implements it over a jsforce
 * `Connection` (the only module that imports jsforce), so jsforce's own
 * session refresh on a 401 and its retries on 5xx apply to every call.
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
 * A failed call: the platform's error code and message. `answered` is false when
 * no answer arrived (a dropped connection): the server may have applied it.
 */
export class SalesforceRequestError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly answered: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SalesforceRequestError';
  }
}

export interface SalesforceClient {
  /** `vNN.N` of the calls, e.g. `v62.0`. */
  readonly apiVersion: string;
  /** `GET …/query?q=`; `batchSize` goes in `Sforce-Query-Options` (200..2000). */
  query(soql: string, batchSize?: number): Promise<QueryPage>;
  /** `GET <nextRecordsUrl>`. */
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
}
