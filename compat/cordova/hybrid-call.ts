/**
 * The hybrid plugins' calling form: the store config first and optional (an
 * object with `isGlobalStore`, a bare boolean, or absent: then the arguments
 * do not shift), callbacks last.
 */
import { isStoreConfig, type StoreRef, toStoreRef } from '../store-config.js';

/** Splits hybrid arguments into the store, the parameters and the callbacks. */
export function splitHybridArgs(
  args: readonly unknown[],
  withStore: boolean,
): { ref: StoreRef; params: unknown[]; successCB: unknown; errorCB: unknown } {
  let rest = [...args];
  let ref = toStoreRef(undefined);
  if (withStore && (isStoreConfig(rest[0]) || typeof rest[0] === 'boolean')) {
    ref = toStoreRef(rest[0]);
    rest = rest.slice(1);
  }
  const first = rest.findIndex((arg) => typeof arg === 'function');
  return first < 0
    ? { ref, params: rest, successCB: undefined, errorCB: undefined }
    : { ref, params: rest.slice(0, first), successCB: rest[first], errorCB: rest[first + 1] };
}

/** Calls back with a run's outcome (exactly one callback, never synchronously). */
export function answer<T>(run: () => Promise<T>, successCB: unknown, errorCB: unknown): void {
  new Promise<T>((resolve) => resolve(run())).then(
    (value) => {
      if (typeof successCB === 'function') successCB(value);
    },
    (error: unknown) => {
      if (typeof errorCB === 'function') errorCB(error);
    },
  );
}

// biome-ignore lint/suspicious/noExplicitAny: plugin functions take the SDK's loose arguments
export type HybridFunction = (...args: any[]) => void;

/** A plugin function over `run`, the store config optional when `withStore`. */
export function hybridFunction(
  withStore: boolean,
  run: (ref: StoreRef, ...params: unknown[]) => Promise<unknown>,
): HybridFunction {
  return (...args: unknown[]) => {
    const { ref, params, successCB, errorCB } = splitHybridArgs(args, withStore);
    answer(() => run(ref, ...params), successCB, errorCB);
  };
}
