/**
 * The HTTP server: binds to 127.0.0.1, routes each request, checks the bearer token of
 * data routes, and turns anything unexpected into a Salesforce-shaped 500.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { EmulatorError } from './errors.js';
import {
  BodyTooLargeError,
  bearerToken,
  bodyTooLarge,
  type EmulatorResponse,
  invalidSession,
  notFound,
  readBody,
  sfError,
} from './http.js';
import type { Router } from './router.js';
import type { EmulatorState } from './state.js';

async function respond(router: Router, state: EmulatorState, req: IncomingMessage) {
  const url = new URL(req.url ?? '/', state.baseUrl);
  const found = router.match(req.method ?? 'GET', url.pathname);
  if (found.kind === 'none') return notFound();
  if (found.kind === 'method-not-allowed') {
    return sfError(
      405,
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${req.method}' not allowed. Allowed are ${found.allowed.join(',')}`,
    );
  }
  if (found.route.auth) {
    const token = bearerToken(req);
    if (!token || !state.isValidToken(token)) return invalidSession();
  }
  if (state.latencyMs > 0) await delay(state.latencyMs);
  let bodyText: Promise<string> | undefined;
  return found.route.handle({
    req,
    url,
    params: found.params,
    state,
    body: () => {
      bodyText ??= readBody(req);
      return bodyText;
    },
  });
}

function write(res: ServerResponse, reply: EmulatorResponse): void {
  res.statusCode = reply.status;
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.end(reply.body);
}

/** @internal Starts listening; resolves with the server and its base URL. */
export async function listen(
  router: Router,
  state: EmulatorState,
  port: number,
): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer((req, res) => {
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const done = (reply: EmulatorResponse) => {
      state.inFlight -= 1;
      state.requests.add({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        status: reply.status,
      });
      write(res, reply);
    };
    respond(router, state, req).then(done, (error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        done(bodyTooLarge(error));
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      done(sfError(500, 'UNKNOWN_EXCEPTION', `emulator: ${message}`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (cause: Error) =>
      reject(
        new EmulatorError(
          'EMULATOR_LISTEN_FAILED',
          `cannot listen on 127.0.0.1:${port}: ${cause.message}`,
          {
            cause,
          },
        ),
      );
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new EmulatorError('EMULATOR_LISTEN_FAILED', 'the server has no TCP address');
  }
  return { server, baseUrl: `http://127.0.0.1:${address.port}` };
}
