/**
 * `forceUtil` of `react-native-force`: `promiser` appends `(resolve, reject)`
 * to a callback-style function's arguments, `timeoutPromiser` resolves later.
 */

// biome-ignore lint/suspicious/noExplicitAny: wraps any callback-style function, as the SDK's does
type AnyFunction = (...args: any[]) => unknown;

/**
 * The promise form of a callback-style function.
 *
 * @example
 * const soupExists = promiser(smartstore.soupExists);
 * await soupExists(false, 'accounts');
 */
export function promiser(func: AnyFunction): (...args: unknown[]) => Promise<unknown> {
  return (...args: unknown[]) =>
    new Promise((resolve, reject) => {
      func(...args, resolve, reject);
    });
}

/** As `promiser`, but failures resolve too (with the error). */
export function promiserNoRejection(func: AnyFunction): (...args: unknown[]) => Promise<unknown> {
  return (...args: unknown[]) =>
    new Promise((resolve) => {
      func(...args, resolve, resolve);
    });
}

/**
 * Resolves after `millis` milliseconds.
 *
 * @example
 * await timeoutPromiser(10);
 */
export function timeoutPromiser(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}
