/**
 * Mutable state of one emulator instance: the describes it serves, the sessions it
 * accepts, the users who may log in, and a log of requests (tests assert on it).
 */
import { randomBytes } from 'node:crypto';
import { ApiUsage, DEFAULT_DAILY_API_LIMIT } from './api-usage.js';
import type { DescribeCatalog } from './describes.js';
import { FaultList } from './faults.js';
import { OrgClock } from './org/clock.js';
import { EMULATED_USER_ID, OrgData } from './org/records.js';
import { OrgSchema } from './org/schema.js';

/** A user who may log in with username and password (SOAP or OAuth password grant). */
export interface EmulatorUser {
  readonly username: string;
  readonly password: string;
}

/** An OAuth connected app accepted by the password grant. */
export interface EmulatorOAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** One request as the emulator saw it. */
export interface EmulatorRequestLogEntry {
  readonly method: string;
  /** Path and query, e.g. `/services/data/v62.0/sobjects/Account/describe`. */
  readonly path: string;
  /** The query parameters. */
  readonly query: Readonly<Record<string, string>>;
  /** The headers that change an answer: `sforce-query-options`, `if-unmodified-since` (when sent). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body: parsed JSON, else its text; absent without a body. */
  readonly body?: unknown;
  /** The status answered; 0 when a fault dropped the connection instead. */
  readonly status: number;
}

/** A briefcase rule the emulator serves through `/connect/briefcase/priming-records`. */
export interface EmulatorBriefcaseRule {
  /** The sObject type, e.g. `Account`. */
  readonly type: string;
  /** A SOQL WHERE clause choosing its records (all when absent). */
  readonly where?: string;
}

/** A query cursor: the whole result, taken when the query ran (later writes do not change it). */
export interface QueryCursor {
  readonly records: readonly Record<string, unknown>[];
  readonly pageSize: number;
  readonly version: string;
  readonly resource: 'query' | 'queryAll';
  readonly createdAt: number;
}

/**
 * The newest requests, at most `capacity` of them (a ring: the oldest go
 * first), and the count of every request ever answered.
 */
export class RequestLog {
  #entries: EmulatorRequestLogEntry[] = [];
  #start = 0;
  #total = 0;

  constructor(readonly capacity: number) {}

  add(entry: EmulatorRequestLogEntry): void {
    this.#total += 1;
    if (this.capacity === 0) return;
    if (this.#entries.length < this.capacity) {
      this.#entries.push(entry);
      return;
    }
    this.#entries[this.#start] = entry;
    this.#start = (this.#start + 1) % this.capacity;
  }

  /** The entries kept, oldest first. */
  entries(): EmulatorRequestLogEntry[] {
    return [...this.#entries.slice(this.#start), ...this.#entries.slice(0, this.#start)];
  }

  /** The kept entries answered after the first `count` requests. */
  since(count: number): EmulatorRequestLogEntry[] {
    const kept = this.entries();
    const firstNumber = this.#total - kept.length;
    return kept.slice(Math.max(0, count - firstNumber));
  }

  /** How many requests were answered in all, kept or not. */
  get total(): number {
    return this.#total;
  }
}

const MAX_OPEN_CURSORS = 100;

/** @internal Fixed ids of the emulated org and its one user (the org's `User` record). */
export const ORG_ID = '00D000000000001AAA';
export const USER_ID = EMULATED_USER_ID;

/** @internal */
export class EmulatorState {
  readonly describes: DescribeCatalog;
  readonly users: readonly EmulatorUser[];
  /** Empty means any client id and secret are accepted. */
  readonly oauthClients: readonly EmulatorOAuthClient[];
  readonly apiVersions: readonly string[];
  /** The newest of `apiVersions`, e.g. `66.0`. */
  readonly newestApiVersion: string;
  readonly latencyMs: number;
  readonly requests: RequestLog;
  readonly clock = new OrgClock();
  readonly org: OrgData;
  readonly faults = new FaultList();
  /** The daily API request allocation and its use, counted by the router. */
  readonly apiUsage: ApiUsage;
  readonly briefcaseRules: readonly EmulatorBriefcaseRule[];
  /** Open query cursors by locator id, oldest first. */
  readonly cursors = new Map<string, QueryCursor>();
  #cursorSerial = 0;
  /** Refresh tokens and the user each was issued to. */
  readonly #refreshTokens = new Map<string, string>();
  /** Requests being handled right now, and the most ever handled at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** Set by the server once listening: `http://127.0.0.1:<port>`. */
  baseUrl = '';
  /** Accepted session tokens and the user each was issued to (none for the fixed token). */
  readonly #tokens = new Map<string, string | undefined>();

  constructor(options: {
    describes: DescribeCatalog;
    users: readonly EmulatorUser[];
    oauthClients: readonly EmulatorOAuthClient[];
    apiVersions: readonly string[];
    latencyMs: number;
    accessToken: string;
    requestLogSize: number;
    briefcaseRules?: readonly EmulatorBriefcaseRule[];
    dailyApiLimit?: number;
  }) {
    this.requests = new RequestLog(options.requestLogSize);
    this.apiUsage = new ApiUsage(options.dailyApiLimit ?? DEFAULT_DAILY_API_LIMIT, () =>
      this.clock.now(),
    );
    // The org's User record is the first user who may log in, so the identity
    // service, the SOAP login and `SELECT Owner.Username` all name the same person.
    const loginUser = options.users[0]?.username;
    this.org = new OrgData(
      new OrgSchema(options.describes),
      this.clock,
      loginUser === undefined ? {} : { username: loginUser },
    );
    this.briefcaseRules = options.briefcaseRules ?? [];
    this.describes = options.describes;
    this.users = options.users;
    this.oauthClients = options.oauthClients;
    this.apiVersions = options.apiVersions;
    this.newestApiVersion = options.apiVersions.reduce((best, version) =>
      Number.parseFloat(version) > Number.parseFloat(best) ? version : best,
    );
    this.latencyMs = options.latencyMs;
    this.#tokens.set(options.accessToken, undefined);
  }

  /** A new session token in the platform's `<orgId>!<opaque>` shape. */
  issueToken(username: string): string {
    const token = randomAccessToken();
    this.#tokens.set(token, username);
    return token;
  }

  /** Accepts a token not obtained through a login. */
  addToken(token: string): string {
    this.#tokens.set(token, undefined);
    return token;
  }

  /** The username a token was issued to, if it came from a login. */
  usernameOf(token: string): string | undefined {
    return this.#tokens.get(token);
  }

  isValidToken(token: string): boolean {
    return this.#tokens.has(token);
  }

  revokeToken(token: string): boolean {
    return this.#tokens.delete(token);
  }

  /** Whether `v62.0` (with the `v`) is a version this emulator answers: 20.0 up to the newest listed. */
  isServedVersion(version: string): boolean {
    const number = Number.parseFloat(version.slice(1));
    return number >= 20 && number <= Number.parseFloat(this.newestApiVersion);
  }

  /** A refresh token for `username` (what an OAuth web or JWT flow would have issued). */
  issueRefreshToken(username: string): string {
    const token = `5Aep${randomBytes(24).toString('base64url')}`;
    this.#refreshTokens.set(token, username);
    return token;
  }

  /** The user of a refresh token that has not been revoked. */
  refreshTokenUser(token: string): string | undefined {
    return this.#refreshTokens.get(token);
  }

  revokeRefreshToken(token: string): boolean {
    return this.#refreshTokens.delete(token);
  }

  /** Keeps a cursor; the oldest go past 100 open ones, as the platform limits them too. */
  openCursor(cursor: QueryCursor): string {
    this.#cursorSerial += 1;
    const id = `01gEM${String(this.#cursorSerial).padStart(10, '0')}AAA`;
    this.cursors.set(id, cursor);
    if (this.cursors.size > MAX_OPEN_CURSORS) {
      const oldest = this.cursors.keys().next().value;
      if (oldest !== undefined) this.cursors.delete(oldest);
    }
    return id;
  }

  findUser(username: string, password: string): EmulatorUser | undefined {
    return this.users.find((user) => user.username === username && user.password === password);
  }

  isKnownClient(clientId: string, clientSecret: string): boolean {
    if (this.oauthClients.length === 0) return true;
    return this.oauthClients.some(
      (client) => client.clientId === clientId && client.clientSecret === clientSecret,
    );
  }
}

/** @internal A random token for `startEmulator()` when none is given. */
export function randomAccessToken(): string {
  return `${ORG_ID}!${randomBytes(24).toString('base64url')}`;
}
