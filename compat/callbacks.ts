/**
 * The two calling forms of the SDK's JS functions: callbacks last
 * (`fn(…args, successCB, errorCB)`, exactly one of them called, never
 * synchronously) or, with no callback given, a Promise.
 */

/** Called with a call's result. */
export type SuccessCallback<T> = (result: T) => void;
/** Called with a call's error. */
// biome-ignore lint/suspicious/noExplicitAny: the SDK's error callbacks take any error shape
export type ErrorCallback = (error: any) => void;

/** The leading parameters of `P` that are not optional. */
type Mandatory<P extends unknown[]> = P extends [infer Head, ...infer Rest]
  ? [Head, ...Mandatory<Rest>]
  : [];

/** A function of the SDK's JS APIs: callbacks last, or a Promise when there are none. */
export interface SdkFunction<P extends unknown[], T> {
  (...args: [...Required<P>, SuccessCallback<T>, ErrorCallback?]): void;
  (...args: [...Mandatory<P>, SuccessCallback<T>, ErrorCallback?]): void;
  (...args: P): Promise<T>;
}

/** Runs `run` and settles through the callbacks (when given) or the returned Promise. */
export function settle<T>(
  run: () => Promise<T>,
  successCB: unknown,
  errorCB: unknown,
): Promise<T> | undefined {
  const result = new Promise<T>((resolve) => resolve(run()));
  if (typeof successCB !== 'function' && typeof errorCB !== 'function') return result;
  result.then(
    (value) => {
      if (typeof successCB === 'function') successCB(value);
    },
    (error: unknown) => {
      if (typeof errorCB === 'function') errorCB(error);
    },
  );
  return undefined;
}

/**
 * An SDK function over `run`: the arguments before the first function are
 * its parameters, that function and the next are the callbacks.
 *
 * @example
 * const soupExists = sdkFunction((config: unknown, soupName: string) => core.soupExists(toStoreRef(config), soupName));
 * soupExists(false, 'accounts', (found) => console.log(found), console.error);
 * await soupExists(false, 'accounts');
 */
export function sdkFunction<P extends unknown[], T>(
  run: (...params: P) => Promise<T>,
): SdkFunction<P, T> {
  const fn = (...args: unknown[]) => {
    const first = args.findIndex((arg) => typeof arg === 'function');
    const params = (first < 0 ? args : args.slice(0, first)) as P;
    return settle(
      () => run(...params),
      first < 0 ? undefined : args[first],
      first < 0 ? undefined : args[first + 1],
    );
  };
  return fn as SdkFunction<P, T>;
}
