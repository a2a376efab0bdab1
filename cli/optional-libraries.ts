/**
 * soupkit's optional peer dependencies, and how to tell that a command failed
 * because one of them is not installed (so the CLI says "install it", not a stack).
 */

/** An optional library a command found missing. */
export interface MissingLibrary {
  /** The package, e.g. `jsforce`. */
  readonly name: string;
  /** What `npm install` takes. */
  readonly install: string;
  /** Why soupkit does not install it itself. */
  readonly why: string;
}

const OPTIONAL_LIBRARIES: readonly MissingLibrary[] = [
  { name: 'ts-morph', install: 'ts-morph', why: 'an optional dependency of soupkit' },
  { name: 'jsforce', install: 'jsforce', why: 'an optional dependency of soupkit' },
  {
    name: '@jetstreamapp/soql-parser-js',
    install: '@jetstreamapp/soql-parser-js',
    why: 'an optional dependency of soupkit',
  },
  // Loaded at run time only for a soupkit.config.ts (or .mts).
  { name: 'tsx', install: '-D tsx', why: 'to load a TypeScript config (soupkit.config.ts)' },
];

/**
 * The optional library whose absence `error` reports (Node's `ERR_MODULE_NOT_FOUND`
 * for that package or a subpath of it), else undefined.
 *
 * @example
 * try {
 *   await runCommand();
 * } catch (error) {
 *   const library = missingLibrary(error); // e.g. { name: 'jsforce', install: 'jsforce', … }
 * }
 */
export function missingLibrary(error: unknown): MissingLibrary | undefined {
  if ((error as { code?: unknown } | null)?.code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  const missing = /Cannot find (?:package|module) '([^']+)'/.exec(
    error instanceof Error ? error.message : '',
  )?.[1];
  if (missing === undefined) return undefined;
  return OPTIONAL_LIBRARIES.find(
    (library) => missing === library.name || missing.startsWith(`${library.name}/`),
  );
}
