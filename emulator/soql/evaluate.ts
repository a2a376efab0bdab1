/**
 * Runs a parsed SOQL query against the org's records: field and relationship
 * paths checked against the describes, WHERE with SOQL's semantics (string
 * comparisons ignore case, `!=` keeps nulls, date literals), ORDER BY with
 * nulls placement, LIMIT/OFFSET, child sub-queries and semi-joins. Returns
 * records in the REST shape (`attributes`, nested parents, sub-query results).
 */
import { parseDateTime } from '../org/clock.js';
import { isWellFormedId, toId18 } from '../org/ids.js';
import type { OrgData, OrgRecord } from '../org/records.js';
import { type FieldSchema, recordAttributes, type TypeSchema } from '../org/schema.js';
import type { Condition, Literal, OrderItem, SoqlQuery } from './ast.js';
import { SoqlError } from './ast.js';

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

const DAY = 24 * 60 * 60 * 1000;

/** Runs the query; throws `SoqlError` for unknown types and fields. */
export function evaluateSoql(query: SoqlQuery, options: EvaluateOptions): QueryResult {
  return new Evaluator(options).run(query);
}

class Evaluator {
  constructor(readonly options: EvaluateOptions) {}

  run(query: SoqlQuery): QueryResult {
    const type = this.type(query.from);
    this.checkQuery(type, query);
    const rows = this.select(type, query, this.source(type));
    if (query.select.some((item) => item.kind === 'count')) {
      return { totalSize: rows.length, records: [] };
    }
    return { totalSize: rows.length, records: rows.map((row) => this.shape(type, row, query)) };
  }

  source(type: TypeSchema): OrgRecord[] {
    const { org, includeDeleted } = this.options;
    return includeDeleted
      ? [...org.all(type.name), ...org.recycleBin(type.name)]
      : org.all(type.name);
  }

  /** Filters, orders and pages records of `type` by the query's clauses. */
  select(type: TypeSchema, query: SoqlQuery, records: OrgRecord[]): OrgRecord[] {
    const where = query.where;
    let rows = where === undefined ? records : records.filter((r) => this.test(type, r, where));
    if (query.orderBy.length > 0) rows = this.order(type, rows, query.orderBy);
    const offset = query.offset ?? 0;
    const end = query.limit === undefined ? undefined : offset + query.limit;
    return offset === 0 && end === undefined ? rows : rows.slice(offset, end);
  }

  type(name: string): TypeSchema {
    const type = this.options.org.schema.type(name);
    if (type === undefined) {
      throw new SoqlError(
        'INVALID_TYPE',
        `\n${this.options.text}\nERROR at Row:1:Column:1\nsObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    return type;
  }

  checkQuery(type: TypeSchema, query: SoqlQuery): void {
    for (const item of query.select) {
      if (item.kind === 'field') this.resolvePath(type, item.path);
      else if (item.kind === 'subquery') {
        const relationship = type.childRelationship(item.query.from);
        if (relationship === undefined) {
          this.invalidField(
            `Didn't understand relationship '${item.query.from}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
          );
        }
        this.checkQuery(this.type(relationship.childType), item.query);
      }
    }
    for (const item of query.orderBy) this.resolvePath(type, item.path);
    if (query.where !== undefined) this.checkCondition(type, query.where);
  }

  checkCondition(type: TypeSchema, condition: Condition): void {
    switch (condition.kind) {
      case 'and':
      case 'or':
        for (const item of condition.items) this.checkCondition(type, item);
        return;
      case 'not':
        this.checkCondition(type, condition.item);
        return;
      case 'semiJoin': {
        this.resolvePath(type, condition.path);
        const inner = this.type(condition.query.from);
        this.checkQuery(inner, condition.query);
        return;
      }
      default:
        this.resolvePath(type, condition.path);
    }
  }

  /** The field a path ends on (undefined past a polymorphic or unserved parent). */
  resolvePath(type: TypeSchema, path: readonly string[]): FieldSchema | undefined {
    let current = type;
    for (let i = 0; i < path.length; i++) {
      const part = path[i] as string;
      if (i === path.length - 1) {
        const field = current.field(part);
        if (field === undefined) {
          this.invalidField(
            `No such column '${part}' on entity '${current.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
          );
        }
        return field;
      }
      const reference = current.parentRelationship(part);
      if (reference === undefined) {
        this.invalidField(
          `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        );
      }
      const targets = reference.referenceTo.map((t) => this.options.org.schema.type(t));
      if (targets.length !== 1 || targets[0] === undefined) return undefined;
      current = targets[0];
    }
    return undefined;
  }

  invalidField(message: string): never {
    throw new SoqlError(
      'INVALID_FIELD',
      `\n${this.options.text}\nERROR at Row:1:Column:1\n${message}`,
    );
  }

  /** The value at a path, following references to parent records. */
  valueAt(type: TypeSchema, record: OrgRecord, path: readonly string[]): unknown {
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

  test(type: TypeSchema, record: OrgRecord, condition: Condition): boolean {
    switch (condition.kind) {
      case 'and':
        return condition.items.every((item) => this.test(type, record, item));
      case 'or':
        return condition.items.some((item) => this.test(type, record, item));
      case 'not':
        return !this.test(type, record, condition.item);
      case 'compare': {
        const field = this.resolvePath(type, condition.path);
        return compare(
          field,
          this.valueAt(type, record, condition.path),
          condition.operator,
          condition.value,
          this.options.now,
        );
      }
      case 'in': {
        const field = this.resolvePath(type, condition.path);
        const value = this.valueAt(type, record, condition.path);
        const found = condition.values.some((literal) =>
          compare(field, value, '=', literal, this.options.now),
        );
        return condition.negated ? !found : found;
      }
      case 'semiJoin': {
        const value = this.valueAt(type, record, condition.path);
        const found = typeof value === 'string' && this.semiJoinValues(condition.query).has(value);
        return condition.negated ? !found : found;
      }
      default:
        return false;
    }
  }

  readonly #semiJoins = new Map<SoqlQuery, Set<string>>();

  semiJoinValues(query: SoqlQuery): Set<string> {
    let values = this.#semiJoins.get(query);
    if (values === undefined) {
      const type = this.type(query.from);
      const [item] = query.select;
      if (item?.kind !== 'field' || query.select.length !== 1) {
        throw new SoqlError(
          'MALFORMED_QUERY',
          `\n${this.options.text}\nERROR at Row:1:Column:1\na semi-join sub-select must select one field`,
        );
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

  order(type: TypeSchema, rows: OrgRecord[], orderBy: readonly OrderItem[]): OrgRecord[] {
    const keyed = rows.map((row) => ({
      row,
      keys: orderBy.map((item) => this.valueAt(type, row, item.path)),
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

  /** A record in the REST shape: attributes, then the selected fields in select order. */
  shape(type: TypeSchema, record: OrgRecord, query: SoqlQuery): Record<string, unknown> {
    const out: Record<string, unknown> = { attributes: this.attributes(type, record) };
    for (const item of query.select) {
      if (item.kind === 'field') this.place(out, type, record, item.path);
      else if (item.kind === 'subquery') {
        const relationship = type.childRelationship(item.query.from);
        if (relationship === undefined) continue;
        const childType = this.type(relationship.childType);
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

function compareValues(x: unknown, y: unknown): number {
  if (typeof x === 'string' && typeof y === 'string') {
    const a = x.toLowerCase();
    const b = y.toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'boolean' && typeof y === 'boolean') return Number(x) - Number(y);
  return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
}

function compare(
  field: FieldSchema | undefined,
  value: unknown,
  operator: string,
  literal: Literal,
  now: number,
): boolean {
  if (literal.kind === 'null') {
    if (operator === '=') return value === null || value === undefined;
    if (operator === '!=') return value !== null && value !== undefined;
    return false;
  }
  if (value === null || value === undefined) return operator === '!=';
  if (literal.kind === 'dateLiteral')
    return compareRange(value, operator, dateRange(literal.name, literal.n, now));
  const type = field?.type;
  if (literal.kind === 'datetime' || (literal.kind === 'date' && type === 'datetime')) {
    const ms = parseDateTime(String(value));
    const target =
      literal.kind === 'datetime' ? literal.ms : (parseDateTime(literal.value) as number);
    return ms !== undefined && ordered(ms - target, operator);
  }
  if (literal.kind === 'date')
    return ordered(compareValues(String(value), literal.value), operator);
  if (literal.kind === 'number')
    return typeof value === 'number' && ordered(value - literal.value, operator);
  if (literal.kind === 'boolean')
    return ordered(Number(value === true) - Number(literal.value), operator);
  let text = literal.value;
  if ((type === 'id' || type === 'reference') && text.length === 15 && isWellFormedId(text))
    text = toId18(text);
  if (operator === 'LIKE') return likePattern(text).test(String(value));
  return ordered(compareValues(String(value), text), operator);
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

/** [start, end) in ms of a SOQL date literal, in UTC. */
function dateRange(name: string, n: number | undefined, now: number): [number, number] {
  const today = Math.floor(now / DAY) * DAY;
  const count = n ?? 0;
  switch (name) {
    case 'TODAY':
      return [today, today + DAY];
    case 'YESTERDAY':
      return [today - DAY, today];
    case 'TOMORROW':
      return [today + DAY, today + 2 * DAY];
    case 'LAST_N_DAYS':
      return [today - count * DAY, today + DAY];
    case 'NEXT_N_DAYS':
      return [today, today + (count + 1) * DAY];
    case 'N_DAYS_AGO':
      return [today - count * DAY, today - (count - 1) * DAY];
    default:
      throw new SoqlError(
        'MALFORMED_QUERY',
        `the soupkit emulator does not support the date literal ${name}`,
      );
  }
}

function compareRange(value: unknown, operator: string, [start, end]: [number, number]): boolean {
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
