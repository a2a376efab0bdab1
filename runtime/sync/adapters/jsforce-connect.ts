/**
 * How soupkit reaches an org: the one place that makes a jsforce `Connection`
 * (from a session, or by logging in), with the one default API version, and
 * the one request that tells whether the org can be used before any work
 * starts. `soupkit generate` (describes) and `soupkit sync` both connect here;
 * jsforce is loaded on first use, so an app that only uses the store never
 * loads it.
 */
import type { Connection } from 'jsforce';
import { SoupkitError } from '../../errors.js';

/** API version of the calls when nothing else says. */
export const DEFAULT_API_VERSION = '62.0';

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

/**
 * Codes of {@link OrgConnectionError}:
 *
 * - `ORG_UNREACHABLE`: no answer (connection refused, DNS failure, timeout).
 * - `ORG_SESSION`: 401 `INVALID_SESSION_ID`, the token expired or was revoked.
 * - `ORG_LOGIN`: the username/password login was refused.
 * - `ORG_NO_API_VERSION`: the org does not serve the API version asked (404).
 * - `ORG_HTTP`: any other error answer.
 */
export type OrgConnectionErrorCode =
  | 'ORG_UNREACHABLE'
  | 'ORG_SESSION'
  | 'ORG_LOGIN'
  | 'ORG_NO_API_VERSION'
  | 'ORG_HTTP';

/**
 * The org cannot be used: `message` is one line naming the URL; `url` is the
 * request that failed, `errorCode` Salesforce's (e.g. `INVALID_SESSION_ID`).
 *
 * @example
 * try {
 *   await checkOrg(connection);
 * } catch (error) {
 *   if (error instanceof OrgConnectionError && error.code === 'ORG_SESSION') {
 *     // get a fresh access token
 *   }
 * }
 */
export class OrgConnectionError extends SoupkitError {
  declare readonly code: OrgConnectionErrorCode;
  readonly url: string;
  readonly errorCode: string | undefined;

  constructor(
    code: OrgConnectionErrorCode,
    message: string,
    details: { url: string; errorCode?: string | undefined },
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.url = details.url;
    this.errorCode = details.errorCode;
  }
}

/** What to do about an expired or revoked session, said the same way by every command. */
export const SESSION_HINT = 'get a fresh access token or log in again';

/**
 * The text of a 401 `INVALID_SESSION_ID` answer to `request` (e.g. `GET https://…`),
 * with {@link SESSION_HINT}.
 *
 * @example
 * sessionExpiredText('GET https://acme.my.salesforce.com/services/data/v62.0');
 * // 'session expired or invalid (401 INVALID_SESSION_ID from GET https://…/v62.0); get a fresh access token or log in again'
 */
export function sessionExpiredText(request: string): string {
  return `session expired or invalid (401 INVALID_SESSION_ID from ${request}); ${SESSION_HINT}`;
}

/**
 * A jsforce connection to the org: the session given, or a login (SOAP, or the
 * OAuth password grant with a client id and secret). A refused login throws
 * `ORG_LOGIN`, an unreachable login URL `ORG_UNREACHABLE`.
 *
 * @example
 * const connection = await connectToOrg({ kind: 'access-token', instanceUrl, accessToken });
 * const manager = SyncManager.open({ store, connection });
 */
export async function connectToOrg(
  auth: OrgAuth,
  version: string = DEFAULT_API_VERSION,
): Promise<Connection> {
  const { Connection: JsforceConnection } = await import('jsforce');
  if (auth.kind === 'access-token') {
    return new JsforceConnection({
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
  const conn = new JsforceConnection({ loginUrl, version, ...oauth });
  try {
    await conn.login(auth.username, auth.password);
  } catch (error) {
    const endpoint = oauth.oauth2
      ? `${loginUrl}/services/oauth2/token`
      : `${loginUrl}/services/Soap/u/${version}`;
    if (isNetworkError(error)) {
      throw new OrgConnectionError(
        'ORG_UNREACHABLE',
        `cannot reach ${loginUrl} to log in as ${auth.username} (${describeCause(error)})`,
        { url: endpoint },
        { cause: error },
      );
    }
    throw new OrgConnectionError(
      'ORG_LOGIN',
      `login as ${auth.username} at ${loginUrl} failed: ${describeCause(error)}`,
      { url: endpoint, errorCode: (error as { name?: string }).name },
      { cause: error },
    );
  }
  return conn;
}

/** Options of {@link checkOrg}. */
export interface CheckOrgOptions {
  /** How long to wait for the answer. @default 10000 */
  readonly timeoutMs?: number;
}

const CHECK_TIMEOUT_MS = 10_000;

/**
 * Asks the org once, without retries, whether it can be used:
 * `GET /services/data/vXX.X` (the resources of the connection's API version,
 * which needs a valid session). Throws an {@link OrgConnectionError} whose
 * one-line message names the URL: unreachable, session refused (with
 * {@link SESSION_HINT}), API version not served, or another answer.
 *
 * @example
 * const connection = await connectToOrg({ kind: 'access-token', instanceUrl, accessToken });
 * await checkOrg(connection); // before the first sync, not at every one
 */
export async function checkOrg(
  connection: Connection,
  options: CheckOrgOptions = {},
): Promise<void> {
  const instance = stripSlash(connection.instanceUrl);
  const url = `${instance}/services/data/v${connection.version}`;
  const request = `GET ${url}`;
  try {
    await connection.request({ method: 'GET', url }, {
      // jsforce 3 retries a 420 twice whatever maxRetries says; with no method
      // allowed to retry, it retries nothing.
      retry: { maxRetries: 0, methods: [] },
      timeout: options.timeoutMs ?? CHECK_TIMEOUT_MS,
    } as never);
  } catch (error) {
    throw orgCheckError(error, instance, request, url, options.timeoutMs ?? CHECK_TIMEOUT_MS);
  }
}

function orgCheckError(
  error: unknown,
  instance: string,
  request: string,
  url: string,
  timeoutMs: number,
): OrgConnectionError {
  const errorCode = (error as { errorCode?: unknown } | null)?.errorCode;
  const code = typeof errorCode === 'string' ? errorCode : undefined;
  const cause = { cause: error };
  if (isNetworkError(error) || isTimeout(error)) {
    const why = isTimeout(error) ? `no answer in ${timeoutMs / 1000} s` : networkReason(error);
    return new OrgConnectionError(
      'ORG_UNREACHABLE',
      `cannot reach the org at ${instance} (${why})`,
      { url },
      cause,
    );
  }
  if (code === 'INVALID_SESSION_ID') {
    return new OrgConnectionError(
      'ORG_SESSION',
      `the org at ${instance}: ${sessionExpiredText(request)}`,
      { url, errorCode: code },
      cause,
    );
  }
  if (code === 'NOT_FOUND') {
    const version = url.slice(url.lastIndexOf('/v') + 2);
    return new OrgConnectionError(
      'ORG_NO_API_VERSION',
      `the org at ${instance} does not serve API version ${version} (404 NOT_FOUND from ${request})`,
      { url, errorCode: code },
      cause,
    );
  }
  return new OrgConnectionError(
    'ORG_HTTP',
    `the org at ${instance} answered ${request} with ${describeCause(error)}`,
    { url, errorCode: code },
    cause,
  );
}

/**
 * Whether a jsforce failure had no answer behind it: a refused or dropped
 * connection, a DNS failure, a timeout (looked for along `cause`).
 *
 * @example
 * isNetworkError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })); // true
 */
export function isNetworkError(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current); ) {
    const code = (current as { code?: unknown }).code;
    if (
      (typeof code === 'string' && NETWORK_CODES.has(code)) ||
      (current as { type?: unknown }).type === 'system'
    )
      return true;
    seen.add(current);
    current = current.cause;
  }
  return false;
}

/**
 * Whether a jsforce failure is the org refusing the session (401
 * `INVALID_SESSION_ID`: the token expired or was revoked), looked for along `cause`.
 *
 * @example
 * isSessionError(Object.assign(new Error('Session expired or invalid'), { errorCode: 'INVALID_SESSION_ID' })); // true
 */
export function isSessionError(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Error && !seen.has(current); ) {
    const { errorCode } = current as { errorCode?: unknown };
    if (errorCode === 'INVALID_SESSION_ID' || current.name === 'INVALID_SESSION_ID') return true;
    seen.add(current);
    current = current.cause;
  }
  return false;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
]);

/**
 * Whether a request ran out of time: jsforce 3 aborts the fetch when its
 * `timeout` passes (node-fetch's AbortError, `type: 'aborted'`, with "Request was
 * aborted due to timeout of 10 minutes." appended whatever the timeout was);
 * older versions rejected with 'Request Timeout'.
 */
function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'AbortError' ||
    (error as { type?: unknown }).type === 'aborted' ||
    error.message === 'Request Timeout'
  );
}

/**
 * A jsforce failure on one line: `CODE: first line of the message`.
 *
 * @example
 * describeCause(Object.assign(new Error('Session expired'), { errorCode: 'INVALID_SESSION_ID' }));
 * // 'INVALID_SESSION_ID: Session expired'
 */
export function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code =
    (error as { errorCode?: unknown; code?: unknown }).errorCode ??
    (error as { code?: unknown }).code;
  const first = error.message.split('\n')[0] ?? '';
  return typeof code === 'string' && !first.startsWith(code) ? `${code}: ${first}` : first;
}

/**
 * Why a request had no answer, without the request's URL (node-fetch says
 * `request to URL failed, reason: connect ECONNREFUSED 127.0.0.1:1234`).
 *
 * @example
 * networkReason(new Error('request to http://x/q?q=a failed, reason: getaddrinfo ENOTFOUND x')); // 'getaddrinfo ENOTFOUND x'
 */
export function networkReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /\bfailed, reason: (.+)$/m.exec(message)?.[1]?.trim() ?? describeCause(error);
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
