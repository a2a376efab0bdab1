/**
 * A small path router: routes are `METHOD /path/:param` patterns, matched segment by
 * segment. Each resource family (versions, sObjects, auth, and later query, composite)
 * lives in its own module under `routes/` and hands its routes to the server.
 */
import type { IncomingMessage } from 'node:http';
import type { EmulatorResponse } from './http.js';
import type { EmulatorState } from './state.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route handler receives. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly url: URL;
  /** Decoded path parameters, e.g. `{ version: 'v62.0', type: 'Account' }`. */
  readonly params: Readonly<Record<string, string>>;
  readonly state: EmulatorState;
  /** The request body as text (read once, on demand). */
  body(): Promise<string>;
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
    const allowed: HttpMethod[] = [];
    for (const compiled of this.#routes) {
      const params = matchSegments(compiled.segments, segments);
      if (!params) continue;
      if (compiled.route.method === method) return { kind: 'match', route: compiled.route, params };
      if (!allowed.includes(compiled.route.method)) allowed.push(compiled.route.method);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'none' };
  }
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
