/**
 * SOQL comparisons of one value with a literal: strings ignore case, `!=`
 * keeps nulls, date literals are ranges, 15-character ids match their
 * 18-character form, LIKE with `%` and `_`.
 */
import { parseDateTime } from '../org/clock.js';
import { isWellFormedId, toId18 } from '../org/ids.js';
import type { FieldSchema } from '../org/schema.js';
import type { Literal } from './ast.js';
import { dateLiteralRange } from './date-literals.js';

/** Orders two non-null values as SOQL does (text ignoring case). */
export function compareValues(x: unknown, y: unknown): number {
  if (typeof x === 'string' && typeof y === 'string') {
    const a = x.toLowerCase();
    const b = y.toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'boolean' && typeof y === 'boolean') return Number(x) - Number(y);
  return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
}

/**
 * A test of values (of `field`, when known) against `operator literal`, with
 * the literal's work done once: a date literal's range, a date-time, a
 * 15-character id's long form, a LIKE pattern.
 *
 * @example
 * literalMatcher(undefined, 'LIKE', { kind: 'string', value: 'ac%' }, now, text)('Acme'); // true
 */
export function literalMatcher(
  field: FieldSchema | undefined,
  operator: string,
  literal: Literal,
  now: number,
  text: string,
): (value: unknown) => boolean {
  const isNull = (value: unknown) => value === null || value === undefined;
  if (literal.kind === 'null') {
    if (operator === '=') return isNull;
    if (operator === '!=') return (value) => !isNull(value);
    return () => false;
  }
  const onValue = (test: (value: unknown) => boolean) => (value: unknown) =>
    isNull(value) ? operator === '!=' : test(value);
  if (literal.kind === 'dateLiteral') {
    const range = dateLiteralRange(literal.name, literal.n, now, text);
    return onValue((value) => inRange(value, operator, range));
  }
  const type = field?.type;
  if (literal.kind === 'datetime' || (literal.kind === 'date' && type === 'datetime')) {
    const target =
      literal.kind === 'datetime' ? literal.ms : (parseDateTime(literal.value) as number);
    return onValue((value) => {
      const ms = parseDateTime(String(value));
      return ms !== undefined && ordered(ms - target, operator);
    });
  }
  if (literal.kind === 'date') {
    return onValue((value) => ordered(compareValues(String(value), literal.value), operator));
  }
  if (literal.kind === 'number') {
    return onValue(
      (value) => typeof value === 'number' && ordered(value - literal.value, operator),
    );
  }
  if (literal.kind === 'boolean') {
    return onValue((value) => ordered(Number(value === true) - Number(literal.value), operator));
  }
  let expected = literal.value;
  if (
    (type === 'id' || type === 'reference') &&
    expected.length === 15 &&
    isWellFormedId(expected)
  ) {
    expected = toId18(expected);
  }
  if (operator === 'LIKE') {
    const pattern = likePattern(expected);
    return onValue((value) => pattern.test(String(value)));
  }
  const lower = expected.toLowerCase();
  if (operator === '=') {
    return onValue((value) =>
      typeof value === 'string'
        ? value.toLowerCase() === lower
        : compareValues(String(value), expected) === 0,
    );
  }
  return onValue((value) => ordered(compareValues(String(value), expected), operator));
}

/**
 * A test of values against `IN (…)` when every literal is a string: one set
 * lookup per value, however long the list (a refresh sync sends 500 ids at a
 * time). Undefined when a literal of another kind needs its own comparison.
 *
 * @example
 * stringSetMatcher(undefined, [{ kind: 'string', value: 'Acme' }])?.('ACME'); // true
 */
export function stringSetMatcher(
  field: FieldSchema | undefined,
  literals: readonly Literal[],
): ((value: unknown) => boolean) | undefined {
  const idLike = field?.type === 'id' || field?.type === 'reference';
  const keys = new Set<string>();
  for (const literal of literals) {
    if (literal.kind !== 'string') return undefined;
    const long =
      idLike && literal.value.length === 15 && isWellFormedId(literal.value)
        ? toId18(literal.value)
        : literal.value;
    keys.add(long.toLowerCase());
  }
  return (value) => value !== null && value !== undefined && keys.has(String(value).toLowerCase());
}

function ordered(difference: number, operator: string): boolean {
  switch (operator) {
    case '=':
      return difference === 0;
    case '!=':
      return difference !== 0;
    case '<':
      return difference < 0;
    case '<=':
      return difference <= 0;
    case '>':
      return difference > 0;
    case '>=':
      return difference >= 0;
    default:
      return false;
  }
}

function likePattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i] as string);
    else if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`, 'i');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A date / date-time against a literal's `[start, end)`: `=` inside, `<` before, `>` after. */
function inRange(value: unknown, operator: string, [start, end]: [number, number]): boolean {
  const ms = parseDateTime(String(value));
  if (ms === undefined) return false;
  switch (operator) {
    case '=':
      return ms >= start && ms < end;
    case '!=':
      return ms < start || ms >= end;
    case '<':
      return ms < start;
    case '<=':
      return ms < end;
    case '>':
      return ms >= end;
    case '>=':
      return ms >= start;
    default:
      return false;
  }
}
