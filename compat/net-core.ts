/**
 * The SDK's one network call, `sendRequest`, over Node's fetch to the
 * configured org: every `net` function of both flavours is a path on it, as
 * in the SDK. Answers come back as the REST API sends them (parsed JSON, or
 * the text; `''` for an empty body); a failure rejects with a `NetError`
 * carrying the HTTP status and the Salesforce error body, which
 * `JSON.stringify` shows.
 */
import { DEFAULT_USER_AGENT, requireOrg } from './settings.js';

/** The API version the SDK's JS APIs call by default. */
export const DEFAULT_API_VERSION = 'v66.0';

/** What `sendRequest` takes, as the SDK's bridges pass it. */
export interface SendRequestArgs {
  readonly endPoint?: string | null;
  readonly path: string;
  readonly method?: string | null;
  /** Query parameters for GET/DELETE/HEAD, the JSON body otherwise. */
  readonly queryParams?: Record<string, unknown> | null;
  readonly headerParams?: Record<string, unknown> | null;
  readonly fileParams?: Record<string, unknown> | null;
  /** Resolve with `{ encodedBody, contentType }` (base64) instead of the parsed body. */
  readonly returnBinary?: boolean;
  readonly doesNotRequireAuthentication?: boolean;
}

type Params = Record<string, unknown> | null | undefined;

/**
 * The SDK's positional `sendRequest` arguments (those after its callbacks,
 * as both the React Native and the Cordova bridge take them), as `SendRequestArgs`.
 *
 * @example
 * await sendRequest(positionalRequest('/services/data', '/v66.0/limits'));
 */
export function positionalRequest(
  endPoint: string | null | undefined,
  path: string,
  method?: string | null,
  payload?: Params,
  headerParams?: Params,
  fileParams?: Params,
  returnBinary?: boolean,
  doesNotRequireAuthentication?: boolean,
): SendRequestArgs {
  return {
    endPoint: endPoint ?? '',
    path,
    method: method ?? 'GET',
    queryParams: payload ?? null,
    headerParams: headerParams ?? null,
    fileParams: fileParams ?? null,
    returnBinary: returnBinary === true,
    doesNotRequireAuthentication: doesNotRequireAuthentication === true,
  };
}

/**
 * A failed `net` call: `status` is the HTTP status (0 when no answer came),
 * `body` the Salesforce error body (e.g. `[{ message, errorCode }]`).
 */
export class NetError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, body: unknown, message: string) {
    super(message);
    this.status = status;
    this.body = body;
    Object.defineProperty(this, 'name', { value: 'NetError', enumerable: false });
  }
}

const QUERY_METHODS = new Set(['GET', 'DELETE', 'HEAD']);

function urlOf(args: SendRequestArgs, instanceUrl: string | undefined): URL {
  const target = `${args.endPoint ?? ''}${args.path}`;
  if (/^https?:\/\//i.test(args.path)) return new URL(args.path);
  if (/^https?:\/\//i.test(target)) return new URL(target);
  return new URL(target, instanceUrl);
}

function messageOf(body: unknown, status: number): string {
  const first = Array.isArray(body) ? body[0] : body;
  const message = (first as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : `HTTP ${status}`;
}

function parse(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Sends one request to the org (or to an absolute URL).
 *
 * @example
 * await sendRequest({ endPoint: '/services/data', path: '/v66.0/sobjects/contact/003…', method: 'GET' });
 */
export async function sendRequest(args: SendRequestArgs): Promise<unknown> {
  const anonymous = args.doesNotRequireAuthentication === true;
  const org = anonymous ? undefined : requireOrg('net');
  const method = (args.method ?? 'GET').toUpperCase();
  const url = urlOf(args, org?.instanceUrl);
  const params = args.queryParams ?? {};
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'User-Agent': org?.userAgent ?? DEFAULT_USER_AGENT,
  };
  if (org !== undefined) headers.Authorization = `Bearer ${org.accessToken}`;
  let body: string | undefined;
  if (QUERY_METHODS.has(method)) {
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined && value !== null) {
        url.searchParams.append(name, Array.isArray(value) ? value.join(',') : String(value));
      }
    }
  } else {
    body = JSON.stringify(params);
    headers['Content-Type'] = 'application/json';
  }
  for (const [name, value] of Object.entries(args.headerParams ?? {}))
    headers[name] = String(value);

  let response: Response;
  try {
    response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  } catch (error) {
    const message = `The requested resource failed: ${url.href} (${(error as Error).message})`;
    throw new NetError(0, [{ message, errorCode: 'NETWORK_ERROR' }], message);
  }
  if (args.returnBinary === true && response.ok) {
    return {
      encodedBody: Buffer.from(await response.arrayBuffer()).toString('base64'),
      contentType: response.headers.get('content-type') ?? '',
    };
  }
  const answer = parse(await response.text());
  if (!response.ok) throw new NetError(response.status, answer, messageOf(answer, response.status));
  return answer;
}
