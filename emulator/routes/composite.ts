/**
 * `POST …/composite` (up to 25 sub-requests, `@{ref.field}` references in urls
 * and bodies, `allOrNone` as one transaction, `PROCESSING_HALTED` for
 * sub-requests that depend on a failed one) and `POST …/composite/batch` (up
 * to 25 independent requests, `haltOnError`). Sub-requests go through the
 * router like any HTTP request, synchronously, with the caller's session.
 */
import {
  type EmulatorRequest,
  type EmulatorResponse,
  json,
  jsonBody,
  rawJson,
  sfError,
} from '../http.js';
import type { Route, RouteContext } from '../router.js';

const MAX_SUBREQUESTS = 25;
const REFERENCE_ID = /^[A-Za-z0-9_]+$/;
const REFERENCE = /@\{([A-Za-z0-9_]+)\.([^}]+)\}/g;

type Json = Record<string, unknown>;

/** @internal One sub-request's answer in a `compositeResponse`. */
export interface SubResponse {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

function haltedBy(reason: string): SubResponseBody {
  return [{ errorCode: 'PROCESSING_HALTED', message: reason }];
}

/** @internal A sub-request's error body. */
export type SubResponseBody = { errorCode: string; message: string }[];

function parsedBody(reply: EmulatorResponse): unknown {
  if (reply.body === undefined || reply.body === '') return null;
  try {
    return JSON.parse(reply.body) as unknown;
  } catch {
    return reply.body;
  }
}

/** `records[0].Id` of a sub-response body. */
function pathValue(body: unknown, path: string): unknown {
  let current: unknown = body;
  for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

class MissingReference extends Error {}

/** Replaces `@{ref.path}` in a string; a reference to a failed or unknown sub-request throws. */
function substitute(text: string, results: Map<string, SubResponse>): string {
  return text.replace(REFERENCE, (_, ref: string, path: string) => {
    const result = results.get(ref);
    const value =
      result === undefined || result.httpStatusCode >= 400
        ? undefined
        : pathValue(result.body, path);
    if (value === undefined || value === null) {
      throw new MissingReference(
        `Invalid reference specified. No value for ${ref}.${path} found in ${ref}. Provided referenceId ('${ref}') must be a sub-request that succeeded before this one.`,
      );
    }
    return String(value);
  });
}

function substituteBody(value: unknown, results: Map<string, SubResponse>): unknown {
  if (typeof value === 'string') return substitute(value, results);
  if (Array.isArray(value)) return value.map((item) => substituteBody(item, results));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substituteBody(v, results)]),
    );
  }
  return value;
}

/** A path the URL parser leaves as it is: segments of plain characters, none `.` or `..`, no query. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+\/?$/;

function subRequest(
  outer: EmulatorRequest,
  method: string,
  url: string,
  bodyText: string,
  own: unknown = undefined,
): EmulatorRequest {
  // Most sub-requests name a record (`/services/data/v62.0/sobjects/Account/001…`): no parse needed.
  const parsed = PLAIN_PATH.test(url)
    ? { pathname: url, searchParams: new URLSearchParams() }
    : new URL(url, 'http://emulator.invalid');
  return {
    method: method.toUpperCase(),
    path: decodeURIComponent(parsed.pathname),
    query: parsed.searchParams,
    headers: {
      ...ownHeaders(own),
      authorization: outer.headers.authorization ?? '',
      'content-type': 'application/json',
    },
    bodyText,
  };
}

/** A body as sent to a route: JSON text, or empty for none. */
function bodyTextOf(body: unknown): string {
  return body === undefined || body === null ? '' : JSON.stringify(body);
}

/** The sub-request's body text with `@{ref.path}` resolved (a body without any is sent as written). */
function resolvedBodyText(body: unknown, results: Map<string, SubResponse>): string {
  const text = bodyTextOf(body);
  return text.includes('@{') ? bodyTextOf(substituteBody(body, results)) : text;
}

/** A sub-request's own `httpHeaders` (lower-cased; the platform ignores Accept, Authorization and Content-Type there). */
function ownHeaders(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return headers;
  for (const [name, text] of Object.entries(value)) {
    const key = name.toLowerCase();
    if (typeof text === 'string' && !['accept', 'authorization', 'content-type'].includes(key))
      headers[key] = text;
  }
  return headers;
}

/** A composite sub-request as posted: `{ method, url, referenceId, body? }`. */
export type SubRequest = Json;

/**
 * @internal The first problem with a list of sub-requests (not an array,
 * empty, over `max`, a bad or repeated `referenceId`, no method or url), as
 * the platform's error reply; undefined when they are well-formed.
 */
export function subRequestsProblem(
  subs: unknown,
  max: number,
  noun = 'subrequests',
): EmulatorResponse | undefined {
  if (!Array.isArray(subs) || subs.length === 0) {
    return sfError(400, 'INVALID_INPUT', 'compositeRequest must be a non-empty array');
  }
  if (subs.length > max) {
    return sfError(400, 'LIMIT_EXCEEDED', `Exceeded max size limit of ${max} ${noun}`);
  }
  const seen = new Set<string>();
  for (const sub of subs as Json[]) {
    const ref = sub?.referenceId;
    if (typeof ref !== 'string' || !REFERENCE_ID.test(ref)) {
      return sfError(
        400,
        'INVALID_INPUT',
        `Invalid referenceId: ${JSON.stringify(ref)}; use letters, digits and _`,
      );
    }
    if (seen.has(ref))
      return sfError(400, 'INVALID_INPUT', `Duplicate referenceId provided in the request: ${ref}`);
    seen.add(ref);
    if (typeof sub.method !== 'string' || typeof sub.url !== 'string') {
      return sfError(400, 'INVALID_INPUT', `Sub-request ${ref} needs a method and a url`);
    }
  }
  return undefined;
}

const ROLLED_BACK =
  'The transaction was rolled back since another operation in the same transaction failed.';

/**
 * @internal Runs well-formed sub-requests in order in one transaction,
 * resolving `@{ref.path}` against earlier answers; with `allOrNone`, the
 * first failure rolls everything back and every other answer becomes
 * `PROCESSING_HALTED`. `refuse` may answer a sub-request itself (e.g. a url
 * the resource does not allow) before it runs.
 */
export function runSubRequests(
  { request, state, dispatchNow }: RouteContext,
  subs: readonly SubRequest[],
  allOrNone: boolean,
  refuse: (method: string, path: string) => SubResponseBody | undefined = () => undefined,
): SubResponse[] {
  return state.org.transaction((rollback) => {
    const results = new Map<string, SubResponse>();
    const out: SubResponse[] = [];
    let failed = false;
    for (const sub of subs) {
      const referenceId = sub.referenceId as string;
      if (failed && allOrNone) {
        out.push(halted(referenceId, ROLLED_BACK));
        continue;
      }
      let response: SubResponse;
      try {
        const written = sub.url as string;
        const url = written.includes('@{') ? substitute(written, results) : written;
        const inner = subRequest(
          request,
          sub.method as string,
          url,
          resolvedBodyText(sub.body, results),
          sub.httpHeaders,
        );
        const refused = refuse(inner.method, inner.path);
        if (refused !== undefined) {
          response = { body: refused, httpHeaders: {}, httpStatusCode: 400, referenceId };
        } else {
          const reply = dispatchNow(inner);
          response = {
            body: parsedBody(reply),
            httpHeaders: reply.headers?.location ? { Location: reply.headers.location } : {},
            httpStatusCode: reply.status,
            referenceId,
          };
        }
      } catch (error) {
        if (!(error instanceof MissingReference)) throw error;
        response = halted(referenceId, error.message);
      }
      if (response.httpStatusCode >= 400) failed = true;
      results.set(referenceId, response);
      out.push(response);
    }
    if (failed && allOrNone) {
      rollback();
      for (const [index, response] of out.entries()) {
        if (response.httpStatusCode < 400) out[index] = halted(response.referenceId, ROLLED_BACK);
      }
    }
    return out;
  });
}

function halted(referenceId: string, reason: string): SubResponse {
  return { body: haltedBy(reason), httpHeaders: {}, httpStatusCode: 400, referenceId };
}

function composite(context: RouteContext): EmulatorResponse {
  const body = jsonBody(context.request) as Json;
  const subs = body?.compositeRequest;
  const problem = subRequestsProblem(subs, MAX_SUBREQUESTS);
  if (problem !== undefined) return problem;
  return json(200, {
    compositeResponse: runSubRequests(context, subs as Json[], body.allOrNone === true),
  });
}

function batch({ request, dispatchNow, state }: RouteContext): EmulatorResponse {
  const body = jsonBody(request) as Json;
  const requests = body?.batchRequests;
  if (!Array.isArray(requests) || requests.length === 0) {
    return sfError(400, 'INVALID_INPUT', 'batchRequests must be a non-empty array');
  }
  if (requests.length > MAX_SUBREQUESTS) {
    return sfError(
      400,
      'LIMIT_EXCEEDED',
      `Exceeded max size limit of ${MAX_SUBREQUESTS} batch requests`,
    );
  }
  const haltOnError = body.haltOnError === true;
  let halted = false;
  let hasErrors = false;
  // Each result is spliced in as the sub-response's own JSON text: a batch of 25
  // describes is 3 MB that parsing and serialising again would only copy.
  const results = (requests as Json[]).map((item, index) => {
    // Each sub-request of a batch counts against the API allocation (the
    // batch call itself counted the first), unlike `/composite`, which counts once.
    if (index > 0 && !state.apiUsage.take()) {
      hasErrors = true;
      return `{"statusCode":403,"result":${JSON.stringify([
        { errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' },
      ])}}`;
    }
    if (halted) {
      hasErrors = true;
      return `{"statusCode":412,"result":${JSON.stringify([
        { errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' },
      ])}}`;
    }
    const url = String(item?.url ?? '');
    const path = url.startsWith('/') ? url : `/services/data/${url}`;
    const reply = dispatchNow(
      subRequest(request, String(item?.method ?? 'GET'), path, bodyTextOf(item?.richInput)),
    );
    if (reply.status >= 400) {
      hasErrors = true;
      if (haltOnError) halted = true;
    }
    return `{"statusCode":${reply.status},"result":${resultText(reply)}}`;
  });
  return rawJson(200, `{"hasErrors":${hasErrors},"results":[${results.join(',')}]}`);
}

/** A sub-response's body as JSON text: its own when it is JSON, else the text as a string. */
function resultText(reply: EmulatorResponse): string {
  if (reply.body === undefined || reply.body === '') return 'null';
  const type = reply.headers?.['content-type'] ?? '';
  return type.startsWith('application/json') ? reply.body : JSON.stringify(parsedBody(reply));
}

/** @internal */
export const compositeRoutes: readonly Route[] = [
  { method: 'POST', path: '/services/data/:version/composite', auth: true, handle: composite },
  { method: 'POST', path: '/services/data/:version/composite/batch', auth: true, handle: batch },
];
