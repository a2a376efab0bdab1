/**
 * Who may talk to the inspector: requests whose `Host` is the loopback
 * address it listens on (a DNS-rebound name is refused) and whose path starts
 * with the secret token. Checked before anything else is read.
 */
import { timingSafeEqual } from 'node:crypto';

/** What the guard decided: go on with the path after the token, or refuse. */
export type GuardDecision =
  | { readonly kind: 'pass'; readonly rest: string }
  | { readonly kind: 'refuse'; readonly status: 401 | 403; readonly message: string };

/**
 * Checks a request's `Host` header and token prefix (`/<token>/…`).
 *
 * @example
 * guardRequest({ host: '127.0.0.1:8080', path: '/abc/api/soups' }, { port: 8080, token: 'abc' });
 * // → { kind: 'pass', rest: 'api/soups' }
 */
export function guardRequest(
  request: { readonly host: string | undefined; readonly path: string },
  server: { readonly port: number; readonly token: string },
): GuardDecision {
  const allowed = [`127.0.0.1:${server.port}`, `localhost:${server.port}`];
  if (request.host === undefined || !allowed.includes(request.host.toLowerCase())) {
    return {
      kind: 'refuse',
      status: 403,
      message: `Host must be ${allowed.join(' or ')}`,
    };
  }
  const match = /^\/([^/]+)\/(.*)$/.exec(request.path);
  if (match === null || !sameSecret(match[1] ?? '', server.token)) {
    return {
      kind: 'refuse',
      status: 401,
      message: 'open the URL soupkit inspect printed (it carries the token)',
    };
  }
  return { kind: 'pass', rest: match[2] ?? '' };
}

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
