/**
 * The HTTP server: binds to 127.0.0.1, turns each HTTP request into a plain
 * `EmulatorRequest`, applies the faults that match it, has the router answer
 * it, logs it, and writes the reply, dated by the org's clock.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { EmulatorError } from './errors.js';
import { fixedReply, rewrittenReply } from './faults.js';
import {
  BodyTooLargeError,
  bodyTooLarge,
  type EmulatorRequest,
  type EmulatorResponse,
  loggedBody,
  readBody,
  sfError,
} from './http.js';
import type { Router } from './router.js';
import type { EmulatorState } from './state.js';

/** Headers the request log keeps: the ones that change an answer. */
const LOGGED_HEADERS = ['sforce-query-options', 'if-unmodified-since'];

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function toRequest(req: IncomingMessage, baseUrl: string): Promise<EmulatorRequest> {
  const url = new URL(req.url ?? '/', baseUrl);
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: headersOf(req),
    bodyText: await readBody(req),
  };
}

/**
 * How long an idle keep-alive connection stays open: longer than any client
 * keeps one (Node's agent keeps them 5 s, and at most the hinted
 * `Keep-Alive: timeout=65` less a second), so the client always closes first
 * and never sends a request, a POST that is never retried, on a socket the
 * server is closing at that very moment (ECONNRESET under load).
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Node requires the headers timeout to be above the keep-alive timeout. */
const HEADERS_TIMEOUT_MS = KEEP_ALIVE_TIMEOUT_MS + 1_000;

/** Writes a reply; its `Date` is the org's time (a test may set it hours off), not the wall clock. */
function write(res: ServerResponse, reply: EmulatorResponse, now: number): void {
  res.statusCode = reply.status;
  res.sendDate = false;
  res.setHeader('date', new Date(now).toUTCString());
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.end(reply.body);
}

/** What a request leads to: a reply to write, or a connection to drop. */
type Outcome = { readonly reply: EmulatorResponse; readonly drop: boolean };

async function handle(
  router: Router,
  state: EmulatorState,
  request: EmulatorRequest,
): Promise<Outcome> {
  const fault = state.faults.take(request);
  const spec = fault?.spec;
  if (spec?.delayMs) await delay(spec.delayMs);
  if (spec?.hold) await fault?.released;
  if (spec?.drop) return { reply: { status: 0 }, drop: true };
  if (spec?.respond) {
    const reply = fixedReply(spec.respond);
    if (spec.holdAnswer) await fault?.released;
    return { reply, drop: false };
  }
  if (state.latencyMs > 0) await delay(state.latencyMs);
  const routed = await router.dispatch(request, state);
  const reply = spec?.rewrite ? rewrittenReply(routed, spec.rewrite) : routed;
  if (spec?.holdAnswer) await fault?.released;
  return { reply, drop: spec?.dropAfterCommit === true };
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
    let request: EmulatorRequest | undefined;
    const finish = ({ reply, drop }: Outcome) => {
      state.inFlight -= 1;
      const headers: Record<string, string> = {};
      for (const name of LOGGED_HEADERS) {
        const value = request?.headers[name];
        if (value !== undefined) headers[name] = value;
      }
      state.requests.add({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        query: Object.fromEntries(request?.query ?? []),
        headers,
        ...(request && request.bodyText !== '' ? { body: loggedBody(request.bodyText) } : {}),
        status: drop ? 0 : reply.status,
      });
      if (drop) res.socket?.destroy();
      else write(res, reply, state.clock.now());
    };
    toRequest(req, state.baseUrl)
      .then((built) => {
        request = built;
        return handle(router, state, built);
      })
      .then(finish, (error: unknown) => {
        if (error instanceof BodyTooLargeError) {
          finish({ reply: bodyTooLarge(error), drop: false });
          return;
        }
        const message = error instanceof Error ? error.message : String(error);
        finish({ reply: sfError(500, 'UNKNOWN_EXCEPTION', `emulator: ${message}`), drop: false });
      });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    const onError = (cause: Error) =>
      reject(
        new EmulatorError(
          'EMULATOR_LISTEN_FAILED',
          `cannot listen on 127.0.0.1:${port}: ${cause.message}`,
          { cause },
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
