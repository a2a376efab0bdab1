/**
 * Faults for the tests that matter most: a fault matches whole HTTP requests
 * (by method and path, on every route, composite and collections included)
 * and delays them, holds them until released, answers them itself, drops the
 * connection before answering, or applies the request and then drops the
 * connection so the client never learns the outcome.
 */
import type { EmulatorRequest } from './http.js';

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
}

/** The handle `emulator.faults.add` returns. */
export interface FaultHandle {
  /** Lets held requests go on (and later ones pass without waiting). */
  release(): void;
  /** Takes the fault away; held requests go on. */
  remove(): void;
  /** How many requests it has acted on. */
  readonly hits: number;
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
  /** Resolves when the request may go on (at once unless held). */
  readonly released: Promise<void>;
}

interface ActiveFault {
  readonly spec: FaultSpec;
  skip: number;
  remaining: number;
  hits: number;
  released: boolean;
  readonly waiters: (() => void)[];
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
    const released =
      fault.spec.hold && !fault.released
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
