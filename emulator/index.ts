/**
 * `soupkit/emulator`: a Salesforce REST API emulator on loopback, for offline development
 * and CI. It serves sObject describes (describeGlobal and per-object describe), checks
 * bearer tokens like the platform, and answers the login calls jsforce makes.
 * See docs/emulator.md.
 */
import type { Server } from 'node:http';
import { DescribeCatalog, type DescribesInput } from './describes.js';
import { EmulatorError } from './errors.js';
import { Router } from './router.js';
import { authRoutes } from './routes/auth.js';
import { sobjectRoutes } from './routes/sobjects.js';
import { versionRoutes } from './routes/versions.js';
import { listen } from './server.js';
import {
  type EmulatorOAuthClient,
  type EmulatorRequestLogEntry,
  EmulatorState,
  type EmulatorUser,
  randomAccessToken,
} from './state.js';

export type { DescribesInput } from './describes.js';
export { EmulatorError, type EmulatorErrorCode } from './errors.js';
export type { EmulatorOAuthClient, EmulatorRequestLogEntry, EmulatorUser } from './state.js';

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** A session token accepted from the start; random when omitted (read it from the handle). */
  readonly accessToken?: string;
  /** API versions listed by `GET /services/data`, oldest first. @default 58.0 to 66.0 */
  readonly apiVersions?: readonly string[];
  /** A directory of `<Name>.describe.json` files, or describe objects. @default no describes */
  readonly describes?: DescribesInput;
  /** Delay added to every routed request, to make concurrency observable. @default 0 */
  readonly latencyMs?: number;
  /** Connected apps for the OAuth password grant; empty accepts any client. @default [] */
  readonly oauthClients?: readonly EmulatorOAuthClient[];
  /** TCP port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Users who may log in with username and password. @default [] */
  readonly users?: readonly EmulatorUser[];
  /** How many of the newest requests `requests` keeps (a ring); 0 keeps none. @default 1000 */
  readonly requestLogSize?: number;
}

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:<port>`: the instance URL and the login URL at once. */
  readonly url: string;
  /** Same as `url`; what jsforce calls `instanceUrl`. */
  readonly instanceUrl: string;
  /** Same as `url`; what jsforce calls `loginUrl`. */
  readonly loginUrl: string;
  /** The token accepted from the start. */
  readonly accessToken: string;
  /** The newest API version served, e.g. `66.0`. */
  readonly apiVersion: string;
  /** The newest requests answered (at most `requestLogSize`), oldest first. */
  readonly requests: readonly EmulatorRequestLogEntry[];
  /** How many requests were answered in all, including those the log no longer keeps. */
  readonly requestCount: number;
  /** The kept requests answered after the first `count` (pass an earlier `requestCount`). */
  requestsSince(count: number): EmulatorRequestLogEntry[];
  /** The most requests ever handled at the same time. */
  readonly maxConcurrentRequests: number;
  /** Accepts one more token (e.g. to simulate a session obtained elsewhere). */
  addAccessToken(token?: string): string;
  /** Stops accepting a token, so later requests with it get 401 `INVALID_SESSION_ID`. */
  revokeAccessToken(token: string): void;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

const DEFAULT_REQUEST_LOG_SIZE = 1000;

const DEFAULT_API_VERSIONS = [
  '58.0',
  '59.0',
  '60.0',
  '61.0',
  '62.0',
  '63.0',
  '64.0',
  '65.0',
  '66.0',
];

function validate(options: EmulatorOptions): void {
  const { port, apiVersions, latencyMs, accessToken, requestLogSize } = options;
  if (
    requestLogSize !== undefined &&
    (!Number.isSafeInteger(requestLogSize) || requestLogSize < 0)
  ) {
    throw new EmulatorError(
      'EMULATOR_BAD_OPTION',
      `requestLogSize must be a whole number >= 0, got ${requestLogSize}`,
    );
  }
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new EmulatorError('EMULATOR_BAD_OPTION', `port must be an integer 0..65535, got ${port}`);
  }
  if (apiVersions !== undefined) {
    if (apiVersions.length === 0) {
      throw new EmulatorError('EMULATOR_BAD_OPTION', 'apiVersions must list at least one version');
    }
    const bad = apiVersions.find((version) => !/^\d{2,3}\.\d$/.test(version));
    if (bad !== undefined) {
      throw new EmulatorError('EMULATOR_BAD_OPTION', `apiVersions: "${bad}" is not like "62.0"`);
    }
  }
  if (latencyMs !== undefined && !(latencyMs >= 0)) {
    throw new EmulatorError('EMULATOR_BAD_OPTION', `latencyMs must be >= 0, got ${latencyMs}`);
  }
  if (accessToken !== undefined && !/^\S+$/.test(accessToken)) {
    throw new EmulatorError('EMULATOR_BAD_OPTION', 'accessToken must be non-empty with no spaces');
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/**
 * Starts the emulator on 127.0.0.1 and resolves once it listens.
 *
 * @example
 * const emulator = await startEmulator({
 *   describes: 'samples/describes',
 *   users: [{ username: 'dev@example.com', password: 'secret' }],
 * });
 * const conn = new jsforce.Connection({
 *   instanceUrl: emulator.instanceUrl,
 *   accessToken: emulator.accessToken,
 *   version: emulator.apiVersion,
 * });
 * const account = await conn.describe('Account');
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  validate(options);
  const accessToken = options.accessToken ?? randomAccessToken();
  const apiVersions = options.apiVersions ?? DEFAULT_API_VERSIONS;
  const state = new EmulatorState({
    describes: await DescribeCatalog.load(options.describes ?? []),
    users: options.users ?? [],
    oauthClients: options.oauthClients ?? [],
    apiVersions,
    latencyMs: options.latencyMs ?? 0,
    accessToken,
    requestLogSize: options.requestLogSize ?? DEFAULT_REQUEST_LOG_SIZE,
  });
  const router = new Router([...versionRoutes, ...sobjectRoutes, ...authRoutes]);
  const { server, baseUrl } = await listen(router, state, options.port ?? 0);
  state.baseUrl = baseUrl;
  let closed: Promise<void> | undefined;
  return {
    url: baseUrl,
    instanceUrl: baseUrl,
    loginUrl: baseUrl,
    accessToken,
    apiVersion: state.newestApiVersion,
    get requests() {
      return state.requests.entries();
    },
    get requestCount() {
      return state.requests.total;
    },
    requestsSince: (count) => state.requests.since(count),
    get maxConcurrentRequests() {
      return state.maxInFlight;
    },
    addAccessToken: (token) => state.addToken(token ?? randomAccessToken()),
    revokeAccessToken: (token) => {
      state.revokeToken(token);
    },
    close: () => {
      closed ??= closeServer(server);
      return closed;
    },
  };
}
