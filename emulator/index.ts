/**
 * `soupkit/emulator`: a Salesforce REST API emulator on loopback, for offline development
 * and CI. It serves sObject describes (describeGlobal and per-object describe), checks
 * bearer tokens like the platform, and answers the login calls jsforce makes.
 * See docs/emulator.md.
 */
import type { Server } from 'node:http';
import type { EmulatorApiUsage } from './api-usage.js';
import { DescribeCatalog, type DescribesInput } from './describes.js';
import { EmulatorError } from './errors.js';
import type { EmulatorFaults } from './faults.js';
import type { EmulatorClock } from './org/clock.js';
import { type OrgData, OrgWriteError } from './org/records.js';
import { Router } from './router.js';
import { ALL_ROUTES } from './routes/index.js';
import { type SeedRecordsInput, seedRecords } from './seed.js';
import { listen } from './server.js';
import {
  type EmulatorBriefcaseRule,
  type EmulatorOAuthClient,
  type EmulatorRequestLogEntry,
  EmulatorState,
  type EmulatorUser,
  randomAccessToken,
} from './state.js';

export type { EmulatorApiUsage } from './api-usage.js';
export type { DescribesInput } from './describes.js';
export { EmulatorError, type EmulatorErrorCode } from './errors.js';
export type { EmulatorFaults, FaultAnswer, FaultHandle, FaultSpec } from './faults.js';
export type { EmulatorClock } from './org/clock.js';
export type { SeedRecordsInput } from './seed.js';
export type {
  EmulatorBriefcaseRule,
  EmulatorOAuthClient,
  EmulatorRequestLogEntry,
  EmulatorUser,
} from './state.js';

/** The org's records, for tests and demos: writes go through the REST API's validation. */
export interface EmulatorOrg {
  /** Creates records of one type; returns their ids in order. */
  insert(type: string, records: readonly Record<string, unknown>[]): string[];
  update(type: string, id: string, fields: Record<string, unknown>): void;
  /** Moves a record (and its cascade-delete children) to the recycle bin. */
  delete(type: string, id: string): void;
  /** A copy of a live record, or undefined (also for recycle-bin records). */
  get(type: string, id: string): Record<string, unknown> | undefined;
  /** Copies of every live record of a type, in creation order. */
  all(type: string): Record<string, unknown>[];
  /** Copies of the records of a type in the recycle bin. */
  deleted(type: string): Record<string, unknown>[];
  /** Lists records in `GET /sobjects/{T}`'s `recentItems`, newest first. */
  markRecentlyViewed(type: string, ids: readonly string[]): void;
}

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
  /** Records the org starts with: a seed file path or its content (see `emulator/seed.ts`). */
  readonly records?: SeedRecordsInput;
  /** The rules `/connect/briefcase/priming-records` serves. @default [] */
  readonly briefcaseRules?: readonly EmulatorBriefcaseRule[];
  /**
   * API calls allowed per rolling 24 hours of the org's clock; past it, data
   * API calls answer 403 `REQUEST_LIMIT_EXCEEDED`. @default 15000 (a Developer Edition org)
   */
  readonly dailyApiLimit?: number;
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
  /** The org's records. */
  readonly org: EmulatorOrg;
  /** The org's clock: every write is stamped from it. */
  readonly clock: EmulatorClock;
  /** Faults to inject into whole HTTP requests. */
  readonly faults: EmulatorFaults;
  /** The daily API allocation: read or set the usage `Sforce-Limit-Info` reports. */
  readonly apiUsage: EmulatorApiUsage;
  /** The ids of the seed records that named themselves with `"@ref"`. */
  readonly seedIds: ReadonlyMap<string, string>;
  /**
   * A refresh token for a user (what a web or JWT OAuth flow would have given
   * the app); jsforce trades it for a new session on a 401 through the
   * `refresh_token` grant of `/services/oauth2/token`.
   */
  issueRefreshToken(username?: string): string;
  /** Revokes a refresh token: a later refresh fails with `invalid_grant`. */
  revokeRefreshToken(token: string): void;
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
  const { port, apiVersions, latencyMs, accessToken, requestLogSize, dailyApiLimit } = options;
  if (dailyApiLimit !== undefined && (!Number.isSafeInteger(dailyApiLimit) || dailyApiLimit < 1)) {
    throw new EmulatorError(
      'EMULATOR_BAD_OPTION',
      `dailyApiLimit must be a whole number >= 1, got ${dailyApiLimit}`,
    );
  }
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

function refused(error: unknown): never {
  if (error instanceof OrgWriteError) {
    throw Object.assign(
      new EmulatorError('EMULATOR_WRITE_REFUSED', `${error.errorCode}: ${error.message}`, {
        cause: error,
      }),
      { platformCode: error.errorCode },
    );
  }
  throw error;
}

function controlApi(org: OrgData): EmulatorOrg {
  const guarded =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return fn(...args);
      } catch (error) {
        return refused(error);
      }
    };
  return {
    insert: guarded((type, records) =>
      org.transaction(() => records.map((r) => org.insert(type, r))),
    ),
    update: guarded((type, id, fields) => org.update(type, id, fields)),
    delete: guarded((type, id) => org.delete(type, id)),
    get: guarded((type, id) => {
      const record = org.get(type, id);
      return record === undefined ? undefined : { ...record };
    }),
    all: guarded((type) => org.all(type).map((r) => ({ ...r }))),
    deleted: guarded((type) => org.recycleBin(type).map((r) => ({ ...r }))),
    markRecentlyViewed: guarded((type, ids) => org.markRecentlyViewed(type, ids)),
  };
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
 * import { fileURLToPath } from 'node:url';
 * import { Connection } from 'jsforce';
 *
 * // The sample describes soupkit ships, found through its exported package.json.
 * const samples = new URL('samples/describes', import.meta.resolve('soupkit/package.json'));
 * const emulator = await startEmulator({
 *   describes: fileURLToPath(samples),
 *   users: [{ username: 'dev@example.com', password: 'secret' }],
 * });
 * const conn = new Connection({
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
    ...(options.briefcaseRules === undefined ? {} : { briefcaseRules: options.briefcaseRules }),
    ...(options.dailyApiLimit === undefined ? {} : { dailyApiLimit: options.dailyApiLimit }),
  });
  const seedIds =
    options.records === undefined
      ? new Map<string, string>()
      : await seedRecords(state.org, options.records);
  const router = new Router(ALL_ROUTES);
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
    org: controlApi(state.org),
    clock: state.clock,
    faults: state.faults,
    apiUsage: state.apiUsage,
    seedIds,
    issueRefreshToken: (username = 'emulator@soupkit.invalid') => state.issueRefreshToken(username),
    revokeRefreshToken: (token) => {
      state.revokeRefreshToken(token);
    },
    addAccessToken: (token) => state.addToken(token ?? randomAccessToken()),
    revokeAccessToken: (token) => {
      state.revokeToken(token);
    },
    close: () => {
      state.faults.clear();
      closed ??= closeServer(server);
      return closed;
    },
  };
}
