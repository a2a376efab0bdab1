/**
 * The inspector's HTTP server on 127.0.0.1: the guard (Host, token), then the
 * page's files and the JSON API. Only `GET`, and `POST` for the Smart SQL
 * console; every answer forbids caching, framing and referrers (the token is
 * in the path).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError } from '../cli-error.js';
import type { StoreView } from '../store-view.js';
import { type ConsoleLimits, InspectorApi } from './inspector-api.js';
import { loadPageAssets } from './page-assets.js';
import { guardRequest } from './request-guard.js';

/** Options of `startInspector`. */
export interface InspectorOptions {
  readonly store: StoreView;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** The URL token; random (32 bytes, base64url) unless given (tests only). */
  readonly token?: string;
  readonly limits?: Partial<ConsoleLimits>;
}

/** A running inspector. */
export interface Inspector {
  /** `http://127.0.0.1:<port>/<token>/`: the only URL that opens the page. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
} as const;

/** Bytes of a console request body read at most. */
const MAX_BODY = 64 * 1024;

/**
 * Serves the inspector for `store` on 127.0.0.1.
 *
 * @example
 * const inspector = await startInspector({ store });
 * console.log(inspector.url);
 * await inspector.close();
 */
export async function startInspector(options: InspectorOptions): Promise<Inspector> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const api = new InspectorApi(options.store, {
    timeoutMs: options.limits?.timeoutMs ?? 10_000,
    maxRows: options.limits?.maxRows ?? 500,
  });
  const assets = loadPageAssets();
  let port = 0;
  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      send(response, 500, 'text/plain; charset=utf-8', `internal error: ${String(error)}`);
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://inspector.invalid');
    const decision = guardRequest(
      { host: request.headers.host, path: url.pathname },
      { port, token },
    );
    if (decision.kind === 'refuse') {
      request.resume();
      send(response, decision.status, 'text/plain; charset=utf-8', `${decision.message}\n`);
      return;
    }
    const route = decision.rest;
    const method = request.method ?? 'GET';
    const isQuery = route === 'api/query';
    // Only the console reads a body; any other is drained, unread.
    if (!isQuery || request.method !== 'POST') request.resume();
    const allowed = isQuery ? ['POST'] : ['GET', 'HEAD'];
    if (!allowed.includes(method)) {
      response.setHeader('Allow', allowed.join(', '));
      send(response, 405, 'text/plain; charset=utf-8', 'the inspector is read-only\n');
      return;
    }
    if (route.startsWith('api/')) {
      const body = isQuery ? await readJson(request) : undefined;
      const reply = await api.handle(route.slice(4), url.searchParams, body);
      send(response, reply.status, 'application/json; charset=utf-8', JSON.stringify(reply.body));
      return;
    }
    const asset = assets.get(route === '' ? 'index.html' : route);
    if (asset === undefined) {
      send(response, 404, 'text/plain; charset=utf-8', 'not found\n');
      return;
    }
    send(response, 200, asset.contentType, asset.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new CliError(
          'CLI_PORT_IN_USE',
          `cannot listen on 127.0.0.1:${options.port ?? 0}: ${error.code ?? error.message}`,
          { cause: error },
        ),
      ),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/${token}/`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
): void {
  response.writeHead(status, { ...HEADERS, 'Content-Type': contentType });
  response.end(body);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
