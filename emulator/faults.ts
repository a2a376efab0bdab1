/**
 * Faults for the tests that matter most: a fault matches whole HTTP requests
 * (by method and path, on every route, composite and collections included)
 * and delays them, holds them until released, answers them itself, drops the
 * connection before answering, applies the request and then drops the
 * connection so the client never learns the outcome, holds the answer of an
 * applied request, or rewrites that answer as a hostile server would.
 */
import { type EmulatorRequest, type EmulatorResponse, json } from './http.js';

/** A routed answer as a `rewrite` fault sees it: the status and the parsed JSON body. */
export interface FaultAnswer {
  readonly status: number;
  /** The parsed JSON body; undefined when the answer has none (204, or not JSON). */
  readonly body: unknown;
}

/** What `emulator.faults.add` takes. */
export interface FaultSpec {
  /** Only requests with this method (any when absent). */
  readonly method?: string;
  /**
   * The request path: a string matches a path equal to it or ending with it
   * (`/composite/sobjects` matches under any API version); a RegExp is tested
   * against the path with its query string.
   */
  readonly path: string | RegExp;
  /** How many matching requests it acts on; default 1. `Infinity` until removed. */
  readonly times?: number;
  /** How many matching requests pass untouched before it acts (to hit the n-th call); default 0. */
  readonly after?: number;
  /** Answer with this instead of the route (a string body is sent as is, anything else as JSON). */
  readonly respond?: { readonly status: number; readonly body?: unknown };
  /** Destroy the connection before answering; nothing is applied. */
  readonly drop?: true;
  /** Apply the request, then destroy the connection without answering. */
  readonly dropAfterCommit?: true;
  /** Wait this long before handling the request. */
  readonly delayMs?: number;
  /** Wait until `release()` (or `remove()`) before handling the request. */
  readonly hold?: true;
  /**
   * Apply the request at once, then hold its answer until `release()` (or
   * `remove()`, `faults.clear()`): the server has committed, the client has
   * not heard.
   */
  readonly holdAnswer?: true;
  /**
   * Apply the request, then answer with what this returns for the routed
   * answer instead (the body serialised as JSON; an undefined body sends
   * none): a hostile or buggy server.
   *
   * @example
   * emulator.faults.add({
   *   path: '/composite/sobjects',
   *   rewrite: ({ status, body }) => ({ status, body: (body as object[]).map(() => ({})) }),
   * });
   */
  readonly rewrite?: (answer: FaultAnswer) => FaultAnswer;
}

/** The handle `emulator.faults.add` returns. */
export interface FaultHandle {
  /** Lets held requests go on (and later ones pass without waiting). */
  release(): void;
  /** Takes the fault away; held requests go on. */
  remove(): void;
  /** How many requests it has acted on. */
  readonly hits: number;
  /**
   * Resolves once the fault has acted on `count` requests (counted as each
   * request is matched, before any delay, hold or drop); at once if it
   * already has. Stays pending if the fault is removed before.
   *
   * @example
   * const fault = emulator.faults.add({ path: '/composite/sobjects', hold: true });
   * const run = fetch(`${emulator.url}/…`);
   * await fault.reached(); // the request is held now
   * fault.release();
   * await run;
   */
  reached(count?: number): Promise<void>;
}

/** The faults of one emulator, on its handle. */
export interface EmulatorFaults {
  add(spec: FaultSpec): FaultHandle;
  /** Removes every fault. */
  clear(): void;
}

/** @internal A fault as applied to one request. */
export interface AppliedFault {
  readonly spec: FaultSpec;
  /** Resolves when the request (`hold`) or its answer (`holdAnswer`) may go on; at once unless held. */
  readonly released: Promise<void>;
}

interface ActiveFault {
  readonly spec: FaultSpec;
  skip: number;
  remaining: number;
  hits: number;
  released: boolean;
  readonly waiters: (() => void)[];
  /** `reached` calls waiting for `hits` to get to their count. */
  readonly watchers: { readonly count: number; readonly resolve: () => void }[];
}

/** @internal */
export class FaultList implements EmulatorFaults {
  #faults: ActiveFault[] = [];

  add(spec: FaultSpec): FaultHandle {
    const fault: ActiveFault = {
      spec,
      skip: spec.after ?? 0,
      remaining: spec.times ?? 1,
      hits: 0,
      released: false,
      waiters: [],
      watchers: [],
    };
    this.#faults.push(fault);
    const release = () => {
      fault.released = true;
      for (const wake of fault.waiters.splice(0)) wake();
    };
    return {
      release,
      remove: () => {
        release();
        this.#faults = this.#faults.filter((f) => f !== fault);
      },
      get hits() {
        return fault.hits;
      },
      reached: (count = 1) => {
        if (!Number.isSafeInteger(count) || count < 1) {
          return Promise.reject(
            new RangeError(`reached: count must be a whole number >= 1, got ${count}`),
          );
        }
        if (fault.hits >= count) return Promise.resolve();
        return new Promise<void>((resolve) => fault.watchers.push({ count, resolve }));
      },
    };
  }

  clear(): void {
    for (const fault of this.#faults) {
      fault.released = true;
      for (const wake of fault.waiters.splice(0)) wake();
    }
    this.#faults = [];
  }

  /** The first fault that matches, used up by one. */
  take(request: EmulatorRequest): AppliedFault | undefined {
    const fault = this.#faults.find((f) => {
      if (f.remaining <= 0 || !matches(f.spec, request)) return false;
      if (f.skip === 0) return true;
      f.skip -= 1;
      return false;
    });
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    fault.hits += 1;
    for (const watcher of fault.watchers.filter((w) => w.count <= fault.hits)) {
      fault.watchers.splice(fault.watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
    const released =
      (fault.spec.hold || fault.spec.holdAnswer) && !fault.released
        ? new Promise<void>((resolve) => fault.waiters.push(resolve))
        : Promise.resolve();
    return { spec: fault.spec, released };
  }
}

function matches(spec: FaultSpec, request: EmulatorRequest): boolean {
  if (spec.method !== undefined && spec.method.toUpperCase() !== request.method) return false;
  if (typeof spec.path === 'string') {
    return request.path === spec.path || request.path.endsWith(spec.path);
  }
  const search = request.query.toString();
  return spec.path.test(search === '' ? request.path : `${request.path}?${search}`);
}

/** @internal The reply of a `respond` fault: a string body as is, anything else as JSON. */
export function fixedReply(respond: NonNullable<FaultSpec['respond']>): EmulatorResponse {
  const { status, body } = respond;
  if (typeof body === 'string') return { status, body };
  return body === undefined ? { status } : json(status, body);
}

/**
 * @internal A routed reply passed through a `rewrite` fault: its JSON body
 * parsed (undefined when it has none), the result serialised back, the other
 * headers (`Location`, …) kept.
 */
export function rewrittenReply(
  reply: EmulatorResponse,
  rewrite: NonNullable<FaultSpec['rewrite']>,
): EmulatorResponse {
  const { 'content-type': contentType, ...headers } = reply.headers ?? {};
  const text = contentType?.startsWith('application/json') ? reply.body : undefined;
  const answer = rewrite({
    status: reply.status,
    body: text === undefined || text === '' ? undefined : (JSON.parse(text) as unknown),
  });
  if (answer.body === undefined) return { status: answer.status, headers };
  const written = json(answer.status, answer.body);
  return { ...written, headers: { ...headers, ...written.headers } };
}
