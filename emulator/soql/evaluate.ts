/**
 * Runs a parsed SOQL query against the org's records: field and relationship
 * paths checked against the describes (names in any case, answered in the
 * describe's case), WHERE with SOQL's semantics (see `compare.ts`), ORDER BY
 * with nulls placement, LIMIT/OFFSET, child sub-queries, semi-joins, FIELDS(),
 * and aggregate queries (see `aggregate.ts`). Returns records in the REST shape
 * (`attributes`, nested parents, sub-query results, `AggregateResult` rows).
 */
import type { OrgData, OrgRecord } from '../org/records.js';
import { type FieldSchema, recordAttributes, type TypeSchema } from '../org/schema.js';
import { aggregate, expressionKey, type Group, groupRecords } from './aggregate.js';
import type {
  Condition,
  Expression,
  OrderItem,
  RowExpression,
  SelectItem,
  SoqlQuery,
} from './ast.js';
import { isAggregateQuery, QueryChecker } from './check-query.js';
import { compareValues, literalMatcher, stringSetMatcher } from './compare.js';
import { applyDateFunction } from './date-functions.js';
import { expandFields } from './fields-function.js';

export interface QueryResult {
  readonly totalSize: number;
  readonly records: Record<string, unknown>[];
}

export interface EvaluateOptions {
  readonly org: OrgData;
  /** The API version for record URLs, e.g. `v62.0`. */
  readonly version: string;
  /** The org's current time, for date literals. */
  readonly now: number;
  /** `queryAll`: recycle-bin records too. */
  readonly includeDeleted: boolean;
  /** The query text, for error messages. */
  readonly text: string;
}

/** The rows one answer of an aggregate query may have (one batch). */
const MAX_AGGREGATE_ROWS = 2000;

/** Runs the query; throws `SoqlError` for unknown types and fields and refused queries. */
export function evaluateSoql(query: SoqlQuery, options: EvaluateOptions): QueryResult {
  return new Evaluator(options).run(query);
}

/** Reads one expression of a row: of a record (WHERE) or of a group (HAVING). */
type Reader<T> = (expression: Expression) => {
  field: FieldSchema | undefined;
  get: (row: T) => unknown;
};

class Evaluator {
  readonly checker: QueryChecker;

  constructor(readonly options: EvaluateOptions) {
    this.checker = new QueryChecker(options.org.schema, options.text);
  }

  run(parsed: SoqlQuery): QueryResult {
    const type = this.checker.type(parsed.from);
    const query = this.prepare(type, parsed);
    if (isAggregateQuery(query)) return this.runAggregate(type, query);
    const rows = this.select(type, query, this.source(type));
    if (query.select.some((item) => item.kind === 'count')) {
      return { totalSize: rows.length, records: [] };
    }
    const records = rows.map((row) => this.shape(type, row, query));
    this.markRecent(type, query, rows);
    return { totalSize: rows.length, records };
  }

  /** FIELDS() expanded (here and in sub-queries), then every name checked. */
  prepare(type: TypeSchema, parsed: SoqlQuery): SoqlQuery {
    const expanded = expandFields(type, parsed, this.options.text);
    const select = expanded.select.map((item): SelectItem => {
      if (item.kind !== 'subquery') return item;
      const relationship = type.childRelationship(item.query.from);
      if (relationship === undefined) {
        return this.checker.invalidField(
          `Didn't understand relationship '${item.query.from}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        );
      }
      return {
        kind: 'subquery',
        query: this.prepare(this.checker.type(relationship.childType), item.query),
      };
    });
    const query = { ...expanded, select };
    this.checker.checkQuery(type, query);
    return query;
  }

  markRecent(type: TypeSchema, query: SoqlQuery, rows: readonly OrgRecord[]): void {
    if (query.forClause === undefined) return;
    const { org } = this.options;
    const ids = rows
      .map((row) => row.Id)
      .filter((id): id is string => typeof id === 'string' && !org.isDeleted(type.name, id))
      .reverse(); // newest last: the first row ends up most recent
    if (query.forClause === 'VIEW') org.markRecentlyViewed(type.name, ids);
    else org.markRecentlyReferenced(type.name, ids);
  }

  source(type: TypeSchema): OrgRecord[] {
    const { org, includeDeleted } = this.options;
    return includeDeleted
      ? [...org.all(type.name), ...org.recycleBin(type.name)]
      : org.all(type.name);
  }

  /** Filters, orders and pages records of `type` by the query's clauses. */
  select(type: TypeSchema, query: SoqlQuery, records: OrgRecord[]): OrgRecord[] {
    const rows = this.filter(type, query, records);
    const sorted =
      query.orderBy.length === 0
        ? rows
        : sortBy(rows, query.orderBy, (row, expression) => this.rowValue(type, row, expression));
    return page(sorted, query);
  }

  filter(type: TypeSchema, query: SoqlQuery, records: OrgRecord[]): OrgRecord[] {
    if (query.where === undefined) return records;
    return records.filter(this.compile(query.where, this.recordReader(type)));
  }

  /** Reads expressions from records of `type` (WHERE). */
  recordReader(type: TypeSchema): Reader<OrgRecord> {
    return (expression) => ({
      field:
        expression.kind === 'field' ? this.checker.resolvePath(type, expression.path) : undefined,
      get:
        expression.kind === 'field' || expression.kind === 'date'
          ? this.getter(type, expression)
          : () => null,
    });
  }

  /** The value at a path, following references to parent records. */
  valueAt(type: TypeSchema, record: OrgRecord, path: readonly string[]): unknown {
    if (path.length === 1) {
      const field = type.field(path[0] as string);
      return field === undefined ? null : (record[field.name] ?? null);
    }
    let currentType = type;
    let current: OrgRecord | undefined = record;
    for (let i = 0; i < path.length - 1; i++) {
      const reference = currentType.parentRelationship(path[i] as string);
      const parentId: unknown = reference === undefined ? undefined : current?.[reference.name];
      if (typeof parentId !== 'string') return null;
      const parentType = this.options.org.schema.typeOfId(parentId);
      current =
        parentType === undefined ? undefined : this.options.org.get(parentType.name, parentId);
      if (current === undefined || parentType === undefined) return null;
      currentType = parentType;
    }
    const field = currentType.field(path[path.length - 1] as string);
    return field === undefined ? null : (current?.[field.name] ?? null);
  }

  /** A record's value of a field path or date function. */
  rowValue(type: TypeSchema, record: OrgRecord, expression: Expression): unknown {
    switch (expression.kind) {
      case 'field':
        return this.valueAt(type, record, expression.path);
      case 'date':
        return applyDateFunction(expression.fn, this.valueAt(type, record, expression.path));
      default:
        return null;
    }
  }

  /** A condition as a predicate over rows whose values `read` gives; literals prepared once. */
  compile<T>(condition: Condition, read: Reader<T>): (row: T) => boolean {
    const { now, text } = this.options;
    switch (condition.kind) {
      case 'and': {
        const items = condition.items.map((item) => this.compile(item, read));
        return (row) => items.every((test) => test(row));
      }
      case 'or': {
        const items = condition.items.map((item) => this.compile(item, read));
        return (row) => items.some((test) => test(row));
      }
      case 'not': {
        const item = this.compile(condition.item, read);
        return (row) => !item(row);
      }
      case 'compare': {
        const { field, get } = read(condition.expression);
        const matches = literalMatcher(field, condition.operator, condition.value, now, text);
        return (row) => matches(get(row));
      }
      case 'in': {
        const { field, get } = read(condition.expression);
        const strings = stringSetMatcher(field, condition.values);
        const matchers =
          strings === undefined
            ? condition.values.map((v) => literalMatcher(field, '=', v, now, text))
            : [strings];
        const negated = condition.negated;
        return (row) => {
          const value = get(row);
          return matchers.some((matches) => matches(value)) !== negated;
        };
      }
      case 'includes': {
        const { get } = read({ kind: 'field', path: condition.path });
        const { values, negated } = condition;
        return (row) => {
          const value = get(row);
          const picks = new Set(
            typeof value === 'string' ? value.split(';').map((p) => p.trim().toLowerCase()) : [],
          );
          const found = values.some((set) => set.every((pick) => picks.has(pick.toLowerCase())));
          return found !== negated;
        };
      }
      case 'semiJoin': {
        const { get } = read({ kind: 'field', path: condition.path });
        const { query, negated } = condition;
        return (row) => {
          const value = get(row);
          const found = typeof value === 'string' && this.semiJoinValues(query).has(value);
          return found !== negated;
        };
      }
    }
  }

  readonly #semiJoins = new Map<SoqlQuery, Set<string>>();

  semiJoinValues(query: SoqlQuery): Set<string> {
    let values = this.#semiJoins.get(query);
    if (values === undefined) {
      const type = this.checker.type(query.from);
      const [item] = query.select;
      if (item?.kind !== 'field' || query.select.length !== 1) {
        this.checker.malformed('a semi-join sub-select must select one field');
      }
      values = new Set(
        this.select(type, query, this.options.org.all(type.name))
          .map((r) => this.valueAt(type, r, item.path))
          .filter((v): v is string => typeof v === 'string'),
      );
      this.#semiJoins.set(query, values);
    }
    return values;
  }

  /** GROUP BY / aggregate functions: one `AggregateResult` row per group. */
  runAggregate(type: TypeSchema, query: SoqlQuery): QueryResult {
    const records = this.filter(type, query, this.source(type));
    const groupItems = query.groupBy?.items ?? [];
    const getters = groupItems.map((item) => this.getter(type, item));
    const position = new Map(groupItems.map((item, i) => [expressionKey(item), i]));
    let groups = groupRecords(records, query.groupBy, getters);
    const cache = new Map<Group, Map<string, unknown>>();
    const groupValue = (group: Group, expression: Expression): unknown => {
      let values = cache.get(group);
      if (values === undefined) {
        values = new Map();
        cache.set(group, values);
      }
      const key = expressionKey(expression);
      if (values.has(key)) return values.get(key);
      let value: unknown;
      switch (expression.kind) {
        case 'aggregate':
          value = aggregate(expression.fn, group.records, this.getter(type, expression.arg));
          break;
        case 'grouping': {
          const i = position.get(expressionKey({ kind: 'field', path: expression.path })) ?? -1;
          value = group.active[i] === false ? 1 : 0;
          break;
        }
        default: {
          const i = position.get(key);
          value = i === undefined || !group.active[i] ? null : group.keys[i];
        }
      }
      values.set(key, value);
      return value;
    };
    const having = query.having;
    if (having !== undefined) {
      groups = groups.filter(
        this.compile<Group>(having, (expression) => ({
          field: this.fieldOf(type, expression),
          get: (group) => groupValue(group, expression),
        })),
      );
    }
    if (query.orderBy.length > 0) groups = sortBy(groups, query.orderBy, groupValue);
    groups = page(groups, query);
    if (query.select.some((item) => item.kind === 'count')) {
      return { totalSize: groups.length, records: [] };
    }
    // The REST API cannot page aggregate results: more than one batch is refused.
    if (groups.length > MAX_AGGREGATE_ROWS) {
      this.checker.malformed(
        'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch',
      );
    }
    const names = this.columnNames(type, query.select);
    return {
      totalSize: groups.length,
      records: groups.map((group) => {
        const row: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
        query.select.forEach((item, i) => {
          const expression: Expression | undefined =
            item.kind === 'field'
              ? { kind: 'field', path: item.path }
              : item.kind === 'expression'
                ? item.expression
                : undefined;
          if (expression !== undefined) row[names[i] as string] = groupValue(group, expression);
        });
        return row;
      }),
    };
  }

  /** The keys of an aggregate row: the alias, the field's name, or `expr0`, `expr1`, … */
  columnNames(type: TypeSchema, select: readonly SelectItem[]): string[] {
    let unnamed = 0;
    return select.map((item) => {
      if (item.kind === 'field') {
        return (
          item.alias ??
          this.checker.resolvePath(type, item.path)?.name ??
          (item.path.at(-1) as string)
        );
      }
      if (item.kind === 'expression') return item.alias ?? `expr${unnamed++}`;
      return '';
    });
  }

  fieldOf(type: TypeSchema, expression: Expression): FieldSchema | undefined {
    if (expression.kind === 'field') return this.checker.resolvePath(type, expression.path);
    if (expression.kind === 'aggregate' && (expression.fn === 'MIN' || expression.fn === 'MAX')) {
      return this.fieldOf(type, expression.arg);
    }
    return undefined;
  }

  /** A fast reader of one row expression (a plain field reads the record directly). */
  getter(type: TypeSchema, expression: RowExpression): (record: OrgRecord) => unknown {
    if (expression.kind === 'field' && expression.path.length === 1) {
      const name = this.checker.resolvePath(type, expression.path)?.name ?? '';
      return (record) => record[name] ?? null;
    }
    return (record) => this.rowValue(type, record, expression);
  }

  /** A record in the REST shape: attributes, then the selected fields in select order. */
  shape(type: TypeSchema, record: OrgRecord, query: SoqlQuery): Record<string, unknown> {
    const out: Record<string, unknown> = { attributes: this.attributes(type, record) };
    for (const item of query.select) {
      if (item.kind === 'field') this.place(out, type, record, item.path);
      else if (item.kind === 'subquery') {
        const relationship = type.childRelationship(item.query.from);
        if (relationship === undefined) continue;
        const childType = this.checker.type(relationship.childType);
        const children = this.options.org
          .childIds(childType, relationship.field, record.Id as string)
          .map((id) => this.options.org.get(childType.name, id))
          .filter((r): r is OrgRecord => r !== undefined);
        const rows = this.select(childType, item.query, children);
        out[relationship.relationshipName] =
          rows.length === 0
            ? null
            : {
                totalSize: rows.length,
                done: true,
                records: rows.map((row) => this.shape(childType, row, item.query)),
              };
      }
    }
    return out;
  }

  attributes(type: TypeSchema, record: OrgRecord): { type: string; url: string } {
    return recordAttributes(type.name, record.Id, this.options.version);
  }

  /** Writes the value of a path into `out`, nesting parent records as the API does. */
  place(
    out: Record<string, unknown>,
    type: TypeSchema,
    record: OrgRecord,
    path: readonly string[],
  ): void {
    const [head, ...rest] = path as [string, ...string[]];
    if (rest.length === 0) {
      const field = type.field(head);
      if (field !== undefined) out[field.name] = record[field.name] ?? null;
      return;
    }
    const reference = type.parentRelationship(head);
    if (reference === undefined || reference.relationshipName === undefined) return;
    const key = reference.relationshipName;
    const parentId = record[reference.name];
    const parentType =
      typeof parentId === 'string' ? this.options.org.schema.typeOfId(parentId) : undefined;
    const parent =
      parentType === undefined
        ? undefined
        : this.options.org.get(parentType.name, parentId as string);
    if (parent === undefined || parentType === undefined) {
      if (!(key in out)) out[key] = null;
      return;
    }
    let nested = out[key] as Record<string, unknown> | null | undefined;
    if (nested === null || nested === undefined) {
      nested = { attributes: this.attributes(parentType, parent) };
      out[key] = nested;
    }
    this.place(nested, parentType, parent, rest);
  }
}

function page<T>(rows: T[], query: SoqlQuery): T[] {
  const offset = query.offset ?? 0;
  const end = query.limit === undefined ? undefined : offset + query.limit;
  return offset === 0 && end === undefined ? rows : rows.slice(offset, end);
}

/** A stable sort by ORDER BY items, each value read by `read`. */
function sortBy<T>(
  rows: readonly T[],
  orderBy: readonly OrderItem[],
  read: (row: T, expression: Expression) => unknown,
): T[] {
  const keyed = rows.map((row) => ({
    row,
    keys: orderBy.map((item) => read(row, item.expression)),
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < orderBy.length; i++) {
      const item = orderBy[i] as OrderItem;
      const x = a.keys[i];
      const y = b.keys[i];
      if (x === y) continue;
      if (x === null || x === undefined) return item.nullsLast ? 1 : -1;
      if (y === null || y === undefined) return item.nullsLast ? -1 : 1;
      const c = compareValues(x, y);
      if (c !== 0) return item.descending ? -c : c;
    }
    return 0;
  });
  return keyed.map((k) => k.row);
}
