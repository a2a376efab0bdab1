/**
 * Eager checks of names, paths and index specs. Soup names never reach SQL
 * text (tables are `TABLE_n`), but paths do (inside `json_extract(soup, '$.…')`
 * and Smart SQL), so a path is a strict dotted identifier.
 */
import { INDEX_TYPES, type IndexType } from '../smartsql/catalog.js';
import { METADATA_PATHS } from '../smartsql/soup-layout.js';
import type { IndexSpec } from './specs.js';
import { StoreError } from './store-error.js';

const PATH_SEGMENT = /^[\p{L}\p{N}_$-]+$/u;
// `{`, `}` and `:` would break Smart SQL references; quotes and backslashes are
// refused so a name can be pasted into any Smart SQL text without escaping.
const BAD_NAME_CHARACTER = /[{}:'"\\\p{Cc}]/u;

// Names and paths seen valid before; queries re-validate the same few strings
// on every call, so this keeps validation off the hot path.
const KNOWN_GOOD_NAMES = new Set<string>();
const KNOWN_GOOD_PATHS = new Set<string>();
const KNOWN_GOOD_LIMIT = 10_000;

function remember(set: Set<string>, value: string): void {
  if (set.size >= KNOWN_GOOD_LIMIT) set.clear();
  set.add(value);
}

/**
 * Throws `STORE_BAD_SOUP_NAME` unless `name` can name a soup.
 *
 * @internal
 */
export function validateSoupName(name: unknown): asserts name is string {
  if (typeof name === 'string' && KNOWN_GOOD_NAMES.has(name)) return;
  if (typeof name !== 'string') {
    throw new StoreError('STORE_BAD_SOUP_NAME', `Bogus soup name: ${String(name)} (not a string)`);
  }
  if (name.trim() === '' || name !== name.trim()) {
    throw new StoreError(
      'STORE_BAD_SOUP_NAME',
      `Bogus soup name: "${name}" (empty, or with leading/trailing spaces)`,
    );
  }
  if (BAD_NAME_CHARACTER.test(name) || name.length > 255) {
    throw new StoreError(
      'STORE_BAD_SOUP_NAME',
      `Bogus soup name: ${JSON.stringify(name)} (no { } : ' " \\ or control characters, at most 255 characters)`,
    );
  }
  remember(KNOWN_GOOD_NAMES, name);
}

/**
 * Throws `STORE_BAD_PATH` unless `path` is a dotted path such as `Owner.Name`.
 *
 * @internal
 */
export function validatePath(path: unknown, what: string): asserts path is string {
  if (typeof path !== 'string' || !isValidPath(path)) {
    throw new StoreError(
      'STORE_BAD_PATH',
      `Bad ${what}: ${JSON.stringify(path)} (expected dotted names of letters, digits, _ $ -, e.g. "Owner.Name")`,
    );
  }
}

/**
 * Whether `path` is dotted names of letters, digits, `_ $ -`.
 *
 * @internal
 */
export function isValidPath(path: string): boolean {
  if (KNOWN_GOOD_PATHS.has(path)) return true;
  if (path === '' || path.length > 1000) return false;
  for (const segment of path.split('.')) {
    if (!PATH_SEGMENT.test(segment)) return false;
  }
  remember(KNOWN_GOOD_PATHS, path);
  return true;
}

/**
 * Checks and copies index specs (dropping any `columnName` given on input).
 *
 * @internal
 */
export function validateIndexSpecs(soupName: string, specs: unknown): IndexSpec[] {
  if (!Array.isArray(specs) || specs.length === 0) {
    throw new StoreError('STORE_BAD_INDEX_SPEC', `No indexSpecs specified for soup: ${soupName}`);
  }
  const seen = new Set<string>();
  return specs.map((spec: unknown, position) => {
    if (typeof spec !== 'object' || spec === null) {
      throw new StoreError(
        'STORE_BAD_INDEX_SPEC',
        `Index spec ${position} of soup ${soupName} is not an object { path, type }`,
      );
    }
    const { path, type } = spec as { path?: unknown; type?: unknown };
    if (typeof path !== 'string' || !isValidPath(path)) {
      throw new StoreError(
        'STORE_BAD_INDEX_SPEC',
        `Index spec ${position} of soup ${soupName} has a bad path ${JSON.stringify(path)}`,
      );
    }
    if ((METADATA_PATHS as readonly string[]).includes(path)) {
      throw new StoreError(
        'STORE_BAD_INDEX_SPEC',
        `Soup ${soupName} cannot index ${path}: it is a metadata path every soup already has`,
      );
    }
    if (!INDEX_TYPES.includes(type as IndexType)) {
      throw new StoreError(
        'STORE_BAD_INDEX_SPEC',
        `Index spec on ${path} of soup ${soupName} has unknown type ${JSON.stringify(type)} (expected ${INDEX_TYPES.join(', ')})`,
      );
    }
    if (seen.has(path)) {
      throw new StoreError(
        'STORE_BAD_INDEX_SPEC',
        `Soup ${soupName} has more than one index spec on ${path}`,
      );
    }
    seen.add(path);
    return { path, type: type as IndexType };
  });
}

/**
 * Throws `STORE_BAD_ARGUMENT` unless `ids` is an array of integers.
 *
 * @internal
 */
export function checkIds(ids: unknown, what: string): asserts ids is readonly number[] {
  if (!Array.isArray(ids) || ids.some((id) => !Number.isSafeInteger(id))) {
    throw new StoreError('STORE_BAD_ARGUMENT', `${what}: ids must be an array of integers`);
  }
}

/**
 * Throws `STORE_BAD_ARGUMENT` unless `pageIndex` is a non-negative integer.
 *
 * @internal
 */
export function checkPageIndex(pageIndex: number, what: string): void {
  if (!Number.isSafeInteger(pageIndex) || pageIndex < 0) {
    throw new StoreError(
      'STORE_BAD_ARGUMENT',
      `${what}: pageIndex must be a non-negative integer, got ${String(pageIndex)}`,
    );
  }
}
