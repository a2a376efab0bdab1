/**
 * The one error base of soupkit. Every error the toolkit throws on purpose is a
 * `SoupkitError` (or a subclass per area) with a stable string `code` that callers
 * may switch on; the message is for people and may change between versions.
 *
 * @example
 * try {
 *   store.upsert('accounts', [{ Name: 'Acme' }]);
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

/** The code of {@link InternalError}. */
export type InternalErrorCode = 'INTERNAL';

/**
 * A broken invariant inside soupkit: a bug, never a mistake of the caller. The
 * CLI prints it as a bug report (with the stack under `SOUPKIT_DEBUG=1`).
 *
 * @example
 * throw new InternalError('Smart SQL CST shape does not match the grammar');
 */
export class InternalError extends SoupkitError {
  declare readonly code: InternalErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super('INTERNAL', message, options);
  }
}

/**
 * Marks a switch as exhaustive: TypeScript reports a compile error when a new
 * member of the union is not handled, and at run time it throws.
 *
 * @example
 * function sqlType(type: IndexType): string {
 *   switch (type) {
 *     case 'integer':
 *       return 'INTEGER';
 *     case 'floating':
 *       return 'REAL';
 *     case 'string':
 *     case 'full_text':
 *     case 'json1':
 *       return 'TEXT';
 *     default:
 *       return assertNever(type, 'index type');
 *   }
 * }
 */
export function assertNever(value: never, what = 'value'): never {
  throw new InternalError(`Unexpected ${what}: ${JSON.stringify(value)}`);
}

const MAX_HINT_NAME_LENGTH = 128;

/**
 * The candidate closest to a misspelled name (case-insensitive edit distance),
 * when it is close enough to be a typo; for "did you mean" hints in messages.
 *
 * @example
 * closestName('employes', ['employees', 'departments']); // 'employees'
 * closestName('xyz', ['employees']); // undefined
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  // Edit distance is quadratic: a hint is for typos, not for hostile megabyte names.
  if (name.length > MAX_HINT_NAME_LENGTH) return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}
