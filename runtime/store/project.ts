/**
 * Path projection with the Mobile SDK's rules, and the conversion of projected
 * values into what an index column stores.
 */
import { assertNever } from '../errors.js';
import type { IndexType, SqlValue } from '../smartsql/catalog.js';

/**
 * Reads a dotted path out of a JSON value, as SmartStore does: an empty path is
 * the whole value; a missing key or JSON `null` gives `null`; when an array is
 * met with path left, the rest of the path is applied to every element, `null`
 * results are dropped and an empty result becomes `null`.
 *
 * The value is read as `JSON.stringify` writes it, so that an index holds what
 * the stored JSON holds: `toJSON` is applied (a `Date` is its ISO text), only
 * own properties count (`__proto__` or `constructor` is not a path into the
 * prototype), and what JSON cannot hold (`undefined`, functions, `NaN`) is `null`.
 *
 * @example
 * project({ d: [{ dd: [{ ddd: 'x' }, { ddd: 'y' }] }, { dd: [{ ddd3: 'z' }] }] }, 'd.dd.ddd');
 * // => [['x', 'y']]
 * project({ when: new Date(0) }, 'when'); // => '1970-01-01T00:00:00.000Z'
 */
export function project(value: unknown, path: string | null | undefined): unknown {
  if (path === null || path === undefined || path === '') return asJson(value, '') ?? null;
  return projectParts(asJson(value, ''), path.split('.'), 0);
}

function projectParts(node: unknown, parts: readonly string[], from: number): unknown {
  let current = node;
  for (let i = from; i < parts.length; i++) {
    if (current === null || current === undefined) return null;
    if (Array.isArray(current)) {
      const results: unknown[] = [];
      for (let index = 0; index < current.length; index++) {
        const result = projectParts(asJson(current[index], String(index)), parts, i);
        if (result !== null) results.push(result);
      }
      return results.length === 0 ? null : results;
    }
    if (typeof current !== 'object') return null;
    const key = parts[i] as string;
    current = Object.hasOwn(current, key)
      ? asJson((current as Record<string, unknown>)[key], key)
      : undefined;
  }
  return current ?? null;
}

/** A value as JSON.stringify sees it (undefined where JSON has nothing or `null`). */
function asJson(value: unknown, key: string): unknown {
  let current = value;
  if (typeof current === 'object' && current !== null) {
    const toJSON = (current as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') current = toJSON.call(current, key);
    if (current instanceof Number || current instanceof String || current instanceof Boolean) {
      current = current.valueOf();
    }
  }
  switch (typeof current) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'number':
      return Number.isFinite(current) ? current : undefined;
    default:
      return current;
  }
}

/**
 * The value an index column holds for a projected value (Android's rules):
 * integer truncates numbers, floating keeps them, anything else numeric-less is
 * NULL; string and full_text hold the text form (JSON text for arrays and
 * objects); json1 has no column, so this gives what `json_extract` would return.
 *
 * @example
 * columnValue('integer', 3.7); // => 3
 * columnValue('string', ['black', 'grey']); // => '["black","grey"]'
 */
export function columnValue(type: IndexType, value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : null;
    case 'floating':
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    case 'string':
    case 'full_text':
      return textOf(value);
    case 'json1':
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'number' || typeof value === 'string') return value;
      return JSON.stringify(value);
    default:
      return assertNever(type, 'index type');
  }
}

function textOf(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return JSON.stringify(value);
  }
}
