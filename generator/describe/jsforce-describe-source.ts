/**
 * Describes from a live org through jsforce: `GET /services/data/vXX.X/sobjects` for
 * the list of objects and `GET …/sobjects/{Name}/describe` per object, several at a
 * time. The only module of the generator that imports jsforce.
 */
import { Connection } from 'jsforce';
import { DescribeError, type DescribeErrorCode } from '../errors.js';
import type { DescribeProgress, DescribeSource, RawDescribe } from './describe-source.js';

/** How to reach the org: a session you already have, or a username and password login. */
export type OrgAuth =
  | {
      readonly kind: 'access-token';
      /** e.g. `https://mydomain.my.salesforce.com` */
      readonly instanceUrl: string;
      readonly accessToken: string;
    }
  | {
      readonly kind: 'password';
      readonly username: string;
      /** Password, with the security token appended when the org requires one. */
      readonly password: string;
      /** @default 'https://login.salesforce.com' */
      readonly loginUrl?: string | undefined;
      /** With a client id and secret, jsforce uses the OAuth 2.0 password grant; else SOAP `login()`. */
      readonly clientId?: string | undefined;
      readonly clientSecret?: string | undefined;
    };

/** Options of {@link jsforceDescribeSource}. */
export interface JsforceDescribeSourceOptions {
  /** API version of the describe calls, e.g. `"62.0"`. */
  readonly apiVersion: string;
  readonly auth: OrgAuth;
  /** Describe requests in flight at once. @default 6 */
  readonly concurrency?: number | undefined;
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

const DEFAULT_CONCURRENCY = 6;

/**
 * A `DescribeSource` over a live org. Logs in lazily (first call) when given a
 * username and password; describes `concurrency` objects at a time and returns them
 * in the order asked.
 *
 * @example
 * const source = jsforceDescribeSource({
 *   apiVersion: '62.0',
 *   auth: { kind: 'access-token', instanceUrl: 'https://acme.my.salesforce.com', accessToken: token },
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
      const results: RawDescribe[] = new Array(names.length);
      let next = 0;
      let done = 0;
      const failures: { index: number; error: unknown }[] = [];
      const worker = async () => {
        while (failures.length === 0 && next < names.length) {
          const index = next++;
          const name = names[index] as string;
          const url = `${conn.instanceUrl}/services/data/v${apiVersion}/sobjects/${encodeURIComponent(name)}/describe`;
          try {
            results[index] = { origin: url, name, json: await get(conn, url, name) };
            done += 1;
            onProgress?.({ done, total: names.length, name });
          } catch (error) {
            failures.push({ index, error });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
      // The first failure in the order asked, not the first to arrive: stable messages.
      const first = failures.sort((a, b) => a.index - b.index)[0];
      if (first !== undefined) throw first.error;
      return results;
    },
  };
}

/**
 * A jsforce connection to the org: the session given, or a login (SOAP, or the
 * OAuth password grant with a client id and secret). Used by the describe
 * source and by `soupkit sync`, so both reach an org the same way.
 *
 * @example
 * const connection = await connectToOrg({ kind: 'access-token', instanceUrl, accessToken }, '62.0');
 */
export async function connectToOrg(auth: OrgAuth, version: string): Promise<Connection> {
  if (auth.kind === 'access-token') {
    return new Connection({
      instanceUrl: stripSlash(auth.instanceUrl),
      accessToken: auth.accessToken,
      version,
    });
  }
  const loginUrl = stripSlash(auth.loginUrl ?? 'https://login.salesforce.com');
  const oauth =
    auth.clientId !== undefined && auth.clientSecret !== undefined
      ? { oauth2: { loginUrl, clientId: auth.clientId, clientSecret: auth.clientSecret } }
      : {};
  const conn = new Connection({ loginUrl, version, ...oauth });
  try {
    await conn.login(auth.username, auth.password);
  } catch (error) {
    const endpoint = oauth.oauth2
      ? `${loginUrl}/services/oauth2/token`
      : `${loginUrl}/services/Soap/u/${version}`;
    if (isNetworkError(error)) {
      throw new OrgRequestError(
        'network',
        `cannot reach ${loginUrl} to log in as ${auth.username} (${describeCause(error)})`,
        { url: endpoint },
        { cause: error },
      );
    }
    throw new OrgRequestError(
      'login',
      `login as ${auth.username} at ${loginUrl} failed: ${describeCause(error)}`,
      { url: endpoint, errorCode: (error as { name?: string }).name },
      { cause: error },
    );
  }
  return conn;
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
    throw toOrgError(error, url, objectName);
  }
}

function toOrgError(error: unknown, url: string, objectName: string | undefined): OrgRequestError {
  const what = objectName === undefined ? 'the global describe' : `describe of ${objectName}`;
  if (isNetworkError(error)) {
    return new OrgRequestError(
      'network',
      `${what} failed: cannot reach GET ${url} (${describeCause(error)})`,
      { url, objectName },
      { cause: error },
    );
  }
  const errorCode = (error as { errorCode?: unknown }).errorCode;
  const code = typeof errorCode === 'string' ? errorCode : undefined;
  if (code === 'INVALID_SESSION_ID') {
    return new OrgRequestError(
      'session',
      `${what} failed: session expired or invalid (401 INVALID_SESSION_ID from GET ${url}); get a fresh access token or log in again`,
      { url, objectName, errorCode: code },
      { cause: error },
    );
  }
  if (code === 'NOT_FOUND') {
    return new OrgRequestError(
      'not-found',
      `${what} failed: the org has no object ${objectName ?? ''} visible to this user (404 NOT_FOUND from GET ${url})`,
      { url, objectName, errorCode: code },
      { cause: error },
    );
  }
  return new OrgRequestError(
    'http',
    `${what} failed: ${describeCause(error)} (GET ${url})`,
    { url, objectName, errorCode: code },
    { cause: error },
  );
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    (typeof code === 'string' &&
      /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_SOCKET)$/.test(
        code,
      )) ||
    (error as { type?: unknown } | null)?.type === 'system'
  );
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code =
    (error as { errorCode?: unknown; code?: unknown }).errorCode ??
    (error as { code?: unknown }).code;
  const first = error.message.split('\n')[0] ?? '';
  return typeof code === 'string' && !first.startsWith(code) ? `${code}: ${first}` : first;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
