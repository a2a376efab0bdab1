/**
 * Describes from a live org through jsforce: `GET /services/data/vXX.X/sobjects` for
 * the list of objects, then the describes 25 at a time through `POST …/composite/batch`
 * (as Salesforce's own VS Code tooling does), several batches in flight; an org
 * without that resource (before API 34.0, or a proxy refusing it) is described with
 * one `GET …/sobjects/{Name}/describe` per object. The connection itself is the
 * runtime's (`runtime/sync/jsforce-connect.ts`), as `soupkit sync`'s is.
 */
import { assertNever } from '../../runtime/errors.js';
import type { JsforceConnection as Connection } from '../../runtime/sync/adapters/jsforce-client.js';
import {
  describeCause,
  isNetworkError,
  type OrgAuth,
  OrgConnectionError,
  connectToOrg as openOrgConnection,
  sessionExpiredText,
} from '../../runtime/sync/adapters/jsforce-connect.js';
import { DescribeError, type DescribeErrorCode } from '../errors.js';
import { mapConcurrently } from '../util/concurrently.js';
import type { DescribeProgress, DescribeSource, RawDescribe } from './describe-source.js';

export type { OrgAuth };

/** Options of {@link jsforceDescribeSource}. */
export interface JsforceDescribeSourceOptions {
  /** API version of the describe calls, e.g. `"62.0"`. */
  readonly apiVersion: string;
  readonly auth: OrgAuth;
  /** Describe requests in flight at once. @default 6 */
  readonly concurrency?: number | undefined;
  /**
   * Describes per `composite/batch` request, 1 to 25; 1 sends one `GET …/describe`
   * per object instead. @default 25
   */
  readonly batchSize?: number | undefined;
  /** How the org is named in messages, e.g. `org my-sandbox`. @default the instance or login URL */
  readonly label?: string | undefined;
}

/** What went wrong talking to the org. */
export type OrgRequestFailure =
  /** 401 `INVALID_SESSION_ID`: the token expired or was revoked. */
  | 'session'
  /** Username/password login refused. */
  | 'login'
  /** 404: the org has no such object (or it is not visible to the user). */
  | 'not-found'
  /** Connection refused, DNS failure, timeout. */
  | 'network'
  /** Any other HTTP error. */
  | 'http';

const ORG_FAILURE_CODES: Record<OrgRequestFailure, DescribeErrorCode> = {
  session: 'DESCRIBE_ORG_SESSION',
  login: 'DESCRIBE_ORG_LOGIN',
  'not-found': 'DESCRIBE_NOT_FOUND',
  network: 'DESCRIBE_ORG_UNREACHABLE',
  http: 'DESCRIBE_ORG_HTTP',
};

/**
 * A failed request to the org. `message` names the object and the URL; `failure`,
 * `url` and `errorCode` (Salesforce's, e.g. `INVALID_SESSION_ID`) are there for tools.
 *
 * @example
 * try {
 *   await source.describe(['Account']);
 * } catch (error) {
 *   if (error instanceof OrgRequestError && error.failure === 'session') {
 *     // run `sf org login web` again
 *   }
 * }
 */
export class OrgRequestError extends DescribeError {
  readonly failure: OrgRequestFailure;
  readonly url: string;
  readonly errorCode: string | undefined;

  constructor(
    failure: OrgRequestFailure,
    message: string,
    details: { url: string; objectName?: string | undefined; errorCode?: string | undefined },
    options?: { cause?: unknown },
  ) {
    super(ORG_FAILURE_CODES[failure], message, { objectName: details.objectName }, options);
    this.failure = failure;
    this.url = details.url;
    this.errorCode = details.errorCode;
  }
}

/** Fail fast on an unreachable org: jsforce would otherwise retry for about 15 s. */
const REQUEST_OPTIONS = { retry: { maxRetries: 2, minTimeout: 200, timeoutFactor: 2 } };

/** A batch of describes only reads, so it is retried like a GET (jsforce retries no POST by default). */
const BATCH_REQUEST_OPTIONS = { retry: { ...REQUEST_OPTIONS.retry, methods: ['POST' as const] } };

const DEFAULT_CONCURRENCY = 6;
/** The most sub-requests `composite/batch` takes. */
const MAX_BATCH_SIZE = 25;
/** `composite/batch` exists from API 34.0 on. */
const FIRST_BATCH_API_VERSION = 34;

/**
 * A `DescribeSource` over a live org. Logs in lazily (first call) when given a
 * username and password; describes `concurrency` objects at a time and returns them
 * in the order asked.
 *
 * @example
 * const source = jsforceDescribeSource({
 *   apiVersion: '62.0',
 *   auth: { kind: 'access-token', instanceUrl: 'https://acme.my.salesforce.com', accessToken },
 * });
 * const [account] = await source.describe(['Account']);
 */
export function jsforceDescribeSource(options: JsforceDescribeSourceOptions): DescribeSource {
  const { auth, apiVersion } = options;
  if (!/^\d{2,3}\.\d$/.test(apiVersion)) {
    throw new RangeError(`apiVersion must look like "62.0", got "${apiVersion}"`);
  }
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }
  const batchSize = options.batchSize ?? MAX_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new RangeError(`batchSize must be an integer from 1 to 25, got ${batchSize}`);
  }
  // One GET per describe: when asked (batchSize 1), before API 34.0, and from the
  // moment the org refuses `composite/batch`.
  let oneByOne = Number.parseFloat(apiVersion) < FIRST_BATCH_API_VERSION || batchSize === 1;
  let batchAnswered = false;
  const where =
    auth.kind === 'access-token'
      ? auth.instanceUrl
      : (auth.loginUrl ?? 'https://login.salesforce.com');
  const label = options.label ?? `org at ${where}`;
  let connecting: Promise<Connection> | undefined;
  const connection = () => {
    connecting ??= connectToOrg(auth, apiVersion);
    return connecting;
  };

  return {
    description: `describes from ${label} (API ${apiVersion})`,

    async listSObjectNames() {
      const conn = await connection();
      const url = `${conn.instanceUrl}/services/data/v${apiVersion}/sobjects`;
      const body = await get(conn, url, undefined);
      const sobjects = (body as { sobjects?: unknown } | null)?.sobjects;
      if (!Array.isArray(sobjects)) {
        throw new OrgRequestError(
          'http',
          `the global describe of ${label} has no "sobjects" list (GET ${url})`,
          {
            url,
          },
        );
      }
      return sobjects
        .map((entry) => (entry as { name?: unknown }).name)
        .filter((name): name is string => typeof name === 'string');
    },

    async describe(names, onProgress?: (progress: DescribeProgress) => void) {
      if (names.length === 0) return [];
      const conn = await connection();
      const base = `${conn.instanceUrl}/services/data/v${apiVersion}`;
      let done = 0;
      const described = (name: string, json: unknown): RawDescribe => {
        const describe = { origin: describeUrl(base, name), name, json };
        done += 1;
        onProgress?.({ done, total: names.length, name, describe });
        return describe;
      };
      const one = async (name: string) =>
        described(name, await get(conn, describeUrl(base, name), name));
      const batches: string[][] = [];
      for (let start = 0; start < names.length; start += batchSize) {
        batches.push(names.slice(start, start + batchSize));
      }
      const describeBatchOf = async (batch: readonly string[]): Promise<RawDescribe[]> => {
        if (oneByOne) return mapConcurrently(batch, 1, one);
        const reply = await describeBatch(conn, base, batch);
        switch (reply.kind) {
          case 'refused':
            oneByOne = true;
            return mapConcurrently(batch, 1, one);
          case 'failed':
            // A limit of the org's we do not know (size, time): this batch one by one.
            return mapConcurrently(batch, 1, one);
          case 'answered':
            batchAnswered = true;
            // A describe the batch could not answer is asked for on its own, so that its
            // error (or success, after a transient failure) is the plain request's.
            return mapConcurrently(batch, 1, async (name, index) => {
              const answer = reply.answers[index];
              return answer?.statusCode === 200 ? described(name, answer.result) : one(name);
            });
          default:
            return assertNever(reply, 'batch reply');
        }
      };
      // Until the org has answered a batch, the first goes alone: an org that
      // refuses the resource is asked once, not once per batch in flight.
      const probe = batchAnswered || oneByOne ? [] : batches.slice(0, 1);
      const results = [
        ...(await mapConcurrently(probe, 1, describeBatchOf)),
        ...(await mapConcurrently(batches.slice(probe.length), concurrency, describeBatchOf)),
      ];
      return results.flat();
    },
  };
}

/**
 * A jsforce connection to the org (the runtime's `connectToOrg`), with a
 * failed login reported as an {@link OrgRequestError} as describes are.
 *
 * @example
 * const connection = await connectToOrg({ kind: 'access-token', instanceUrl, accessToken }, '62.0');
 */
export async function connectToOrg(auth: OrgAuth, version: string): Promise<Connection> {
  try {
    return await openOrgConnection(auth, version);
  } catch (error) {
    if (!(error instanceof OrgConnectionError)) throw error;
    const failure = error.code === 'ORG_UNREACHABLE' ? 'network' : 'login';
    throw new OrgRequestError(
      failure,
      error.message,
      { url: error.url, errorCode: error.errorCode },
      { cause: error.cause },
    );
  }
}

function describeUrl(base: string, name: string): string {
  return `${base}/sobjects/${encodeURIComponent(name)}/describe`;
}

interface BatchAnswer {
  readonly statusCode: number;
  readonly result: unknown;
}

/** How the org took one `composite/batch` of describes. */
type BatchReply =
  /** The answers, in the order asked. */
  | { readonly kind: 'answered'; readonly answers: readonly BatchAnswer[] }
  /** The org has no such resource (404 or 405 on the batch itself): describe one by one from now on. */
  | { readonly kind: 'refused' }
  /** Another HTTP error, or an answer of the wrong shape: this batch one by one. */
  | { readonly kind: 'failed' };

/**
 * One `composite/batch` of describes. An expired session or an unreachable
 * org fails the call (one by one would fail the same way); other refusals
 * tell the caller to ask one by one.
 */
async function describeBatch(
  conn: Connection,
  base: string,
  names: readonly string[],
): Promise<BatchReply> {
  const url = `${base}/composite/batch`;
  const version = base.slice(base.lastIndexOf('/') + 1);
  const body = {
    batchRequests: names.map((name) => ({
      method: 'GET',
      url: `${version}/sobjects/${encodeURIComponent(name)}/describe`,
    })),
  };
  let reply: unknown;
  try {
    reply = await conn.request(
      {
        method: 'POST',
        url,
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      },
      BATCH_REQUEST_OPTIONS,
    );
  } catch (error) {
    const errorCode = (error as { errorCode?: unknown }).errorCode;
    if (errorCode === 'NOT_FOUND' || errorCode === 'METHOD_NOT_ALLOWED') return { kind: 'refused' };
    const subjects =
      names.length <= 3
        ? names.join(', ')
        : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
    const failure = toOrgError(error, `POST ${url}`, url, subjects, names[0]);
    if (failure.failure === 'session' || failure.failure === 'network') throw failure;
    return { kind: 'failed' };
  }
  const results = (reply as { results?: unknown } | null)?.results;
  if (!Array.isArray(results) || results.length !== names.length) return { kind: 'failed' };
  return { kind: 'answered', answers: results as BatchAnswer[] };
}

/** GET through jsforce (`conn.request`, the call `conn.describe()` makes, with short retries). */
async function get(
  conn: Connection,
  url: string,
  objectName: string | undefined,
): Promise<unknown> {
  try {
    return await conn.request({ method: 'GET', url }, REQUEST_OPTIONS);
  } catch (error) {
    throw toOrgError(error, `GET ${url}`, url, objectName, objectName);
  }
}

/**
 * A jsforce failure as an `OrgRequestError`. `subjects` names what was being
 * described (one object or a batch of them); `objectName` is the one the error
 * is filed under.
 */
function toOrgError(
  error: unknown,
  request: string,
  url: string,
  subjects: string | undefined,
  objectName: string | undefined,
): OrgRequestError {
  const what = subjects === undefined ? 'the global describe' : `describe of ${subjects}`;
  if (isNetworkError(error)) {
    return new OrgRequestError(
      'network',
      `${what} failed: cannot reach ${request} (${describeCause(error)})`,
      { url, objectName },
      { cause: error },
    );
  }
  const errorCode = (error as { errorCode?: unknown }).errorCode;
  const code = typeof errorCode === 'string' ? errorCode : undefined;
  if (code === 'INVALID_SESSION_ID') {
    return new OrgRequestError(
      'session',
      `${what} failed: ${sessionExpiredText(request)}`,
      { url, objectName, errorCode: code },
      { cause: error },
    );
  }
  if (code === 'NOT_FOUND') {
    return new OrgRequestError(
      'not-found',
      `${what} failed: the org has no object ${objectName ?? ''} visible to this user (404 NOT_FOUND from ${request})`,
      { url, objectName, errorCode: code },
      { cause: error },
    );
  }
  return new OrgRequestError(
    'http',
    `${what} failed: ${describeCause(error)} (${request})`,
    { url, objectName, errorCode: code },
    { cause: error },
  );
}
