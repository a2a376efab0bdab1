/**
 * The one error base of soupkit. Every error the toolkit throws on purpose is a
 * `SoupkitError` (or a subclass per area) with a stable string `code` that callers
 * may switch on; the message is for people and may change between versions.
 *
 * @example
 * try {
 *   store.upsert('accounts', [entry]);
 * } catch (error) {
 *   if (error instanceof SoupkitError && error.code === 'STORE_UNKNOWN_SOUP') {
 *     // register the soup first
 *   }
 * }
 */
export class SoupkitError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, 'name', {
      value: new.target.name,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }
}

/**
 * Marks a switch as exhaustive: TypeScript reports a compile error when a new
 * member of the union is not handled, and at run time it throws.
 *
 * @example
 * switch (spec.type) {
 *   case 'string': ...
 *   default: assertNever(spec.type, 'index type');
 * }
 */
export function assertNever(value: never, what = 'value'): never {
  throw new SoupkitError('INTERNAL', `Unexpected ${what}: ${JSON.stringify(value)}`);
}
