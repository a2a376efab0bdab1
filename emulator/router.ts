/**
 * The router: routes are `METHOD /path/:param` patterns, matched segment by
 * segment, and `dispatch` answers one plain-value request with one plain-value
 * reply, so the HTTP server and composite sub-requests take the same path. It
 * owns what every route shares: the `:version` guard, the bearer token check,
 * the daily API allocation (each HTTP request to the data API counts once, a
 * composite call's sub-requests not at all, and every counted answer carries
 * `Sforce-Limit-Info`), and turning the org's and SOQL's errors into the
 * platform's error bodies.
 */
import {
  bearerToken,
  type EmulatorRequest,
  type EmulatorResponse,
  invalidSession,
  json,
  notFound,
  ReplyError,
  sfError,
} from './http.js';
import { OrgWriteError } from './org/records.js';
import { SoqlError } from './soql/ast.js';
import type { EmulatorState } from './state.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route handler receives. */
export interface RouteContext {
  readonly request: EmulatorRequest;
  /** Decoded path parameters, e.g. `{ version: 'v62.0', type: 'Account' }`. */
  readonly params: Readonly<Record<string, string>>;
  readonly state: EmulatorState;
  /**
   * Answers another request in process and at once (composite sub-requests).
   * Synchronous by design: a composite call runs as one unit, so no other
   * request's writes can fall inside its all-or-none transaction.
   */
  dispatchNow(request: EmulatorRequest): EmulatorResponse;
}

/** One endpoint. */
export interface Route {
  readonly method: HttpMethod;
  /** Path pattern; `:name` segments are parameters, a trailing slash is optional. */
  readonly path: string;
  /** Whether a valid bearer token is required (the data API) or not (login, versions). */
  readonly auth: boolean;
  handle(context: RouteContext): EmulatorResponse | Promise<EmulatorResponse>;
}

/** Constraints on named parameters; a segment that fails one makes the route not match. */
const PARAM_PATTERNS: Readonly<Record<string, RegExp>> = {
  version: /^v\d{2,3}\.\d$/,
};

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly string[];
}

/** Result of a lookup: a match, a path known under other methods, or nothing. */
export type RouteMatch =
  | { readonly kind: 'match'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly HttpMethod[] }
  | { readonly kind: 'none' };

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

/**
 * Routes in registration order; the first pattern that matches wins.
 *
 * @example
 * const router = new Router([{ method: 'GET', path: '/services/data', auth: false, handle: () => json(200, []) }]);
 * router.match('GET', '/services/data/'); // { kind: 'match', ... }
 */
export class Router {
  readonly #routes: CompiledRoute[] = [];

  constructor(routes: readonly Route[] = []) {
    this.add(...routes);
  }

  add(...routes: readonly Route[]): void {
    for (const route of routes) {
      this.#routes.push({ route, segments: splitPath(route.path) });
    }
  }

  match(method: string, pathname: string): RouteMatch {
    let segments: string[];
    try {
      segments = splitPath(pathname).map((segment) => decodeURIComponent(segment));
    } catch {
      return { kind: 'none' };
    }
    // The most specific patterns win: `/sobjects/:type/describe` over
    // `/sobjects/:type/:id`, whatever the method, as the platform answers 405
    // for `DELETE …/describe`.
    let best = -1;
    let matches: { route: Route; params: Record<string, string> }[] = [];
    for (const compiled of this.#routes) {
      const params = matchSegments(compiled.segments, segments);
      if (!params) continue;
      const literals = compiled.segments.filter((segment) => !segment.startsWith(':')).length;
      if (literals > best) {
        best = literals;
        matches = [];
      }
      if (literals === best) matches.push({ route: compiled.route, params });
    }
    const found = matches.find((m) => m.route.method === method);
    if (found) return { kind: 'match', route: found.route, params: found.params };
    const allowed = [...new Set(matches.map((m) => m.route.method))];
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'none' };
  }

  /**
   * Answers one HTTP request, counted against the daily API allocation; never
   * throws for a request (a bug answers 500 `UNKNOWN_EXCEPTION`).
   */
  async dispatch(request: EmulatorRequest, state: EmulatorState): Promise<EmulatorResponse> {
    try {
      return await this.#answer(request, state, true);
    } catch (error) {
      return errorReply(error);
    }
  }

  /** `dispatch` for a route that answers synchronously (every data route); others answer 400. */
  dispatchNow(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
    try {
      const reply = this.#answer(request, state, false);
      if (reply instanceof Promise) {
        void reply.catch(() => undefined);
        return sfError(
          400,
          'INVALID_INPUT',
          `${request.method} ${request.path} cannot be a sub-request`,
        );
      }
      return reply;
    } catch (error) {
      return errorReply(error);
    }
  }

  #answer(
    request: EmulatorRequest,
    state: EmulatorState,
    metered: boolean,
  ): EmulatorResponse | Promise<EmulatorResponse> {
    const found = this.match(request.method, request.path);
    if (found.kind === 'none') return notFound();
    if (found.kind === 'method-not-allowed') {
      return sfError(
        405,
        'METHOD_NOT_ALLOWED',
        `HTTP Method '${request.method}' not allowed. Allowed are ${found.allowed.join(',')}`,
      );
    }
    const version = found.params.version;
    if (version !== undefined && !state.isServedVersion(version)) return notFound();
    if (found.route.auth) {
      const token = bearerToken(request.headers);
      if (!token || !state.isValidToken(token)) return invalidSession();
    }
    const context: RouteContext = {
      request,
      params: found.params,
      state,
      dispatchNow: (inner) => this.dispatchNow(inner, state),
    };
    // Only the versioned data API counts: not login, identity, or the versions list.
    if (!metered || version === undefined || !found.route.auth) return found.route.handle(context);
    const usage = state.apiUsage;
    if (!usage.take()) {
      return withLimitInfo(
        sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
        usage.header(),
      );
    }
    const header = usage.header();
    let reply: EmulatorResponse | Promise<EmulatorResponse>;
    try {
      reply = found.route.handle(context);
    } catch (error) {
      reply = errorReply(error);
    }
    return reply instanceof Promise
      ? reply.then(
          (answer) => withLimitInfo(answer, header),
          (error: unknown) => withLimitInfo(errorReply(error), header),
        )
      : withLimitInfo(reply, header);
  }
}

/** The reply with its `Sforce-Limit-Info` header. */
function withLimitInfo(reply: EmulatorResponse, header: string): EmulatorResponse {
  return { ...reply, headers: { ...reply.headers, 'sforce-limit-info': header } };
}

/** The platform's reply for an error a route threw. */
function errorReply(error: unknown): EmulatorResponse {
  if (error instanceof ReplyError) return error.reply;
  if (error instanceof OrgWriteError) {
    if (error.httpStatus === 300) {
      return json(
        300,
        error.matches.map((id) => `/services/data/sobjects/${id}`),
      );
    }
    return sfError(
      error.httpStatus,
      error.errorCode,
      error.message,
      error.fields.length > 0 ? error.fields : undefined,
    );
  }
  if (error instanceof SoqlError) return sfError(400, error.errorCode, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return sfError(500, 'UNKNOWN_EXCEPTION', `emulator: ${message}`);
}

function matchSegments(
  pattern: readonly string[],
  actual: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < pattern.length; index += 1) {
    const expected = pattern[index] as string;
    const segment = actual[index] as string;
    if (expected.startsWith(':')) {
      const name = expected.slice(1);
      const constraint = PARAM_PATTERNS[name];
      if (constraint && !constraint.test(segment)) return undefined;
      params[name] = segment;
    } else if (expected !== segment) {
      return undefined;
    }
  }
  return params;
}
