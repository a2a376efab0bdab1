/**
 * `com.salesforce.util.promiser`: `promiser(object, methodName)` calls
 * `object[methodName](…args, resolve, reject)` as a method and returns the
 * Promise.
 */

/**
 * The promise form of a plugin method.
 *
 * @example
 * const soupExists = promiser(smartstorePlugin, 'soupExists');
 * await soupExists(false, 'accounts');
 */
export function promiser(
  object: Record<string, unknown>,
  methodName: string,
): (...args: unknown[]) => Promise<unknown> {
  return (...args: unknown[]) =>
    new Promise((resolve, reject) => {
      (object[methodName] as (...all: unknown[]) => unknown).apply(object, [
        ...args,
        resolve,
        reject,
      ]);
    });
}
