/**
 * The grouping half of aggregate SOQL: records into groups by the GROUP BY
 * expressions (plus the subtotal groups of ROLLUP and CUBE), in a stable
 * order, and the aggregate functions over a group's records.
 */
import type { OrgRecord } from '../org/records.js';
import type { AggregateFunction, Expression, GroupBy } from './ast.js';
import { compareValues } from './compare.js';

type Getter = (record: OrgRecord) => unknown;

/** One row of an aggregate result: its grouping values and the records it covers. */
export interface Group {
  /** The value of each GROUP BY expression (null where this row is a subtotal over it). */
  readonly keys: readonly unknown[];
  /** Whether each GROUP BY expression groups this row (false: a subtotal over it). */
  readonly active: readonly boolean[];
  readonly records: OrgRecord[];
}

/** A canonical text of an expression, to match SELECT / ORDER BY / HAVING items to GROUP BY. */
export function expressionKey(expression: Expression): string {
  switch (expression.kind) {
    case 'field':
      return expression.path.join('.').toLowerCase();
    case 'date':
      return `${expression.fn}(${expression.path.join('.').toLowerCase()})`;
    case 'aggregate':
      return `${expression.fn}(${expressionKey(expression.arg)})`;
    case 'grouping':
      return `GROUPING(${expression.path.join('.').toLowerCase()})`;
  }
}

/** The sets of GROUP BY positions each kind groups by: all; then ROLLUP's prefixes; or CUBE's subsets. */
function groupingSets(groupBy: GroupBy | undefined): boolean[][] {
  const width = groupBy?.items.length ?? 0;
  switch (groupBy?.kind) {
    case undefined:
      return [[]];
    case 'plain':
      return [Array.from({ length: width }, () => true)];
    case 'rollup':
      return Array.from({ length: width + 1 }, (_, size) =>
        Array.from({ length: width }, (_, i) => i < width - size),
      );
    case 'cube':
      return Array.from({ length: 2 ** width }, (_, mask) =>
        Array.from({ length: width }, (_, i) => (mask & (1 << (width - 1 - i))) === 0),
      );
  }
}

function keyText(value: unknown): string {
  if (value === null || value === undefined) return '\u0000';
  // Text groups ignore case, as the platform's collation does.
  return typeof value === 'string' ? `s${value.toLowerCase()}` : `v${String(value)}`;
}

/**
 * The groups of `records`, ordered by their grouping values (nulls first),
 * each subtotal after the rows it sums up and the grand total last. Without
 * GROUP BY there is exactly one group, even over no records.
 */
export function groupRecords(
  records: readonly OrgRecord[],
  groupBy: GroupBy | undefined,
  getters: readonly Getter[],
): Group[] {
  const sets = groupingSets(groupBy);
  const groups: Group[] = [];
  for (const active of sets) {
    const byKey = new Map<string, Group>();
    const activeGetters = getters.filter((_, i) => active[i]);
    for (const record of records) {
      let text = '';
      for (const get of activeGetters) text += `${keyText(get(record))}\u0001`;
      let group = byKey.get(text);
      if (group === undefined) {
        let next = 0;
        const keys = active.map((on) =>
          on ? ((activeGetters[next++] as Getter)(record) ?? null) : null,
        );
        group = { keys, active, records: [] };
        byKey.set(text, group);
      }
      group.records.push(record);
    }
    // A total row exists even when no record matched (COUNT(Id) = 0); empty subtotal sets vanish.
    if (byKey.size === 0 && active.every((on) => !on)) {
      byKey.set('', { keys: active.map(() => null), active, records: [] });
    }
    // One push per group: spreading them all as arguments overflows the stack past ~120k groups.
    for (const group of byKey.values()) groups.push(group);
  }
  return groups.sort(compareGroups);
}

function compareGroups(a: Group, b: Group): number {
  for (let i = 0; i < a.keys.length; i++) {
    if (a.active[i] !== b.active[i]) return a.active[i] ? -1 : 1;
    if (!a.active[i]) continue;
    const x = a.keys[i];
    const y = b.keys[i];
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    const c = compareValues(x, y);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * An aggregate function over a group's records; `get` reads its argument.
 *
 * @example
 * aggregate('SUM', records, (r) => r.NumberOfEmployees); // 665, or null without values
 */
export function aggregate(
  fn: AggregateFunction,
  records: readonly OrgRecord[],
  get: (record: OrgRecord) => unknown,
): unknown {
  switch (fn) {
    case 'COUNT': {
      let count = 0;
      for (const record of records) if (get(record) != null) count++;
      return count;
    }
    case 'COUNT_DISTINCT': {
      const seen = new Set<string>();
      for (const record of records) {
        const value = get(record);
        if (value != null) seen.add(keyText(value));
      }
      return seen.size;
    }
    case 'SUM':
    case 'AVG': {
      let sum = 0;
      let count = 0;
      for (const record of records) {
        const value = get(record);
        if (typeof value === 'number') {
          sum += value;
          count++;
        }
      }
      if (count === 0) return null;
      return fn === 'SUM' ? sum : sum / count;
    }
    case 'MIN':
    case 'MAX': {
      let best: unknown = null;
      for (const record of records) {
        const value = get(record);
        if (value == null) continue;
        const c = best === null ? 0 : compareValues(value, best);
        if (best === null || (fn === 'MIN' ? c < 0 : c > 0)) best = value;
      }
      return best;
    }
  }
}
