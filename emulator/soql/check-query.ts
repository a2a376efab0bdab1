/**
 * What the platform checks before a SOQL query runs: types, fields and
 * relationships resolve against the describes (in any case), aggregates,
 * grouping and HAVING are used as SOQL allows (and as the describe's
 * `groupable` / `aggregatable` allow), and id filters hold well-formed ids.
 * Each refusal throws the platform's error (`queryError`).
 */
import { isWellFormedId } from '../org/ids.js';
import type { FieldSchema, OrgSchema, TypeSchema } from '../org/schema.js';
import { expressionKey } from './aggregate.js';
import type { Condition, Expression, Literal, RowExpression, SoqlQuery } from './ast.js';
import { queryError } from './ast.js';

const NUMERIC_TYPES = new Set(['int', 'double', 'currency', 'percent', 'long']);

/** @internal Checks queries against one org's schema; `text` is the query, for error messages. */
export class QueryChecker {
  constructor(
    readonly schema: OrgSchema,
    readonly text: string,
  ) {}

  type(name: string): TypeSchema {
    const type = this.schema.type(name);
    if (type === undefined) {
      throw queryError(
        'INVALID_TYPE',
        this.text,
        `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    return type;
  }

  checkQuery(type: TypeSchema, query: SoqlQuery): void {
    const aggregated = isAggregateQuery(query);
    for (const item of query.select) {
      if ((item.kind === 'field' || item.kind === 'expression') && !aggregated) {
        if (item.alias !== undefined)
          this.malformed('Only aggregate expressions use field aliasing');
        if (item.kind === 'expression') this.malformed('date functions in SELECT need GROUP BY');
      }
      if (item.kind === 'field') this.resolvePath(type, item.path);
      else if (item.kind === 'expression') this.checkExpression(type, item.expression, aggregated);
    }
    for (const item of query.groupBy?.items ?? []) this.checkExpression(type, item, true);
    for (const item of query.orderBy) this.checkExpression(type, item.expression, aggregated);
    if (query.where !== undefined) this.checkCondition(type, query.where, false);
    if (query.having !== undefined) this.checkCondition(type, query.having, true);
    if (aggregated) this.checkGrouping(type, query);
  }

  checkExpression(type: TypeSchema, expression: Expression, aggregated: boolean): void {
    switch (expression.kind) {
      case 'field':
        this.resolvePath(type, expression.path);
        return;
      case 'date': {
        const field = this.resolvePath(type, expression.path);
        if (field !== undefined && field.type !== 'date' && field.type !== 'datetime') {
          this.malformed(`${expression.fn}() takes a date or date-time field: ${field.name}`);
        }
        if (expression.fn === 'DAY_ONLY' && field?.type === 'date') {
          this.malformed(`DAY_ONLY() takes a date-time field: ${field.name}`);
        }
        return;
      }
      case 'aggregate': {
        if (!aggregated)
          this.malformed('aggregate functions are allowed only in aggregate queries');
        this.checkExpression(type, expression.arg, aggregated);
        const field =
          expression.arg.kind === 'field' ? this.resolvePath(type, expression.arg.path) : undefined;
        // COUNT() of any field is allowed; other aggregates need an aggregatable field.
        if (
          field !== undefined &&
          !field.aggregatable &&
          expression.fn !== 'COUNT' &&
          expression.fn !== 'COUNT_DISTINCT'
        ) {
          this.malformed(
            `field ${field.name} does not support aggregate operator ${expression.fn}`,
          );
        }
        if (
          (expression.fn === 'SUM' || expression.fn === 'AVG') &&
          (expression.arg.kind !== 'field' ||
            (field !== undefined && !NUMERIC_TYPES.has(field.type)))
        ) {
          this.malformed(
            `field ${field?.name ?? expressionKey(expression.arg)} does not support aggregate operator ${expression.fn}`,
          );
        }
        return;
      }
      case 'grouping':
        if (!aggregated) this.malformed('GROUPING() is allowed only with GROUP BY');
        this.resolvePath(type, expression.path);
        return;
    }
  }

  /** In an aggregate query, plain fields and date functions must be grouped. */
  checkGrouping(type: TypeSchema, query: SoqlQuery): void {
    const grouped = new Set((query.groupBy?.items ?? []).map(expressionKey));
    const name = (expression: RowExpression) =>
      this.resolvePath(type, expression.path)?.name ??
      (expression.path[expression.path.length - 1] as string);
    for (const item of query.select) {
      if (item.kind === 'subquery') {
        this.malformed('child sub-queries are not allowed in aggregate queries');
      }
      const expression =
        item.kind === 'field'
          ? { kind: 'field' as const, path: item.path }
          : item.kind === 'expression'
            ? item.expression
            : undefined;
      if (
        expression !== undefined &&
        (expression.kind === 'field' || expression.kind === 'date') &&
        !grouped.has(expressionKey(expression))
      ) {
        this.malformed(`Field must be grouped or aggregated: ${name(expression)}`);
      }
      if (
        expression?.kind === 'grouping' &&
        !grouped.has(expressionKey({ kind: 'field', path: expression.path }))
      ) {
        this.malformed(
          `GROUPING() takes a field of GROUP BY ROLLUP or CUBE: ${expression.path.join('.')}`,
        );
      }
    }
    for (const item of query.orderBy) {
      const expression = item.expression;
      if (
        (expression.kind === 'field' || expression.kind === 'date') &&
        !grouped.has(expressionKey(expression))
      ) {
        this.malformed(`Ordered field must be grouped or aggregated: ${name(expression)}`);
      }
    }
    for (const expression of conditionExpressions(query.having)) {
      if (
        (expression.kind === 'field' || expression.kind === 'date') &&
        !grouped.has(expressionKey(expression))
      ) {
        this.malformed(`Field must be grouped or aggregated: ${name(expression)}`);
      }
    }
    for (const item of query.groupBy?.items ?? []) {
      const field = item.kind === 'field' ? this.resolvePath(type, item.path) : undefined;
      if (field !== undefined && !field.groupable) {
        this.malformed(`field '${field.name}' can not be grouped in a query call`);
      }
    }
  }

  checkCondition(type: TypeSchema, condition: Condition, having: boolean): void {
    switch (condition.kind) {
      case 'and':
      case 'or':
        for (const item of condition.items) this.checkCondition(type, item, having);
        return;
      case 'not':
        this.checkCondition(type, condition.item, having);
        return;
      case 'includes': {
        const field = this.resolvePath(type, condition.path);
        if (field !== undefined && field.type !== 'multipicklist') {
          throw queryError(
            'INVALID_QUERY_FILTER_OPERATOR',
            this.text,
            'includes or excludes operator only valid on multipicklist field',
          );
        }
        return;
      }
      case 'semiJoin': {
        this.resolvePath(type, condition.path);
        const inner = this.type(condition.query.from);
        this.checkQuery(inner, condition.query);
        return;
      }
      case 'compare':
      case 'in': {
        const expression = condition.expression;
        if (!having && (expression.kind === 'aggregate' || expression.kind === 'grouping')) {
          this.malformed('aggregate functions are not allowed in WHERE; use HAVING');
        }
        this.checkExpression(type, expression, having);
        if (expression.kind !== 'field') return;
        const field = this.resolvePath(type, expression.path);
        const values = condition.kind === 'in' ? condition.values : [condition.value];
        const equality =
          condition.kind === 'in' || condition.operator === '=' || condition.operator === '!=';
        if (equality && (field?.type === 'id' || field?.type === 'reference')) {
          for (const literal of values) this.checkId(literal);
        }
      }
    }
  }

  /** An id filter must hold well-formed ids, as the platform checks before running. */
  checkId(literal: Literal): void {
    // An empty id matches nothing, as on the platform (the SDK's own queries send `Id IN ('')`).
    if (literal.kind === 'string' && literal.value !== '' && !isWellFormedId(literal.value)) {
      throw queryError(
        'INVALID_QUERY_FILTER_OPERATOR',
        this.text,
        `invalid ID field: ${literal.value}`,
      );
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
      const targets = reference.referenceTo.map((t) => this.schema.type(t));
      if (targets.length !== 1 || targets[0] === undefined) return undefined;
      current = targets[0];
    }
    return undefined;
  }

  invalidField(message: string): never {
    throw queryError('INVALID_FIELD', this.text, message);
  }

  malformed(message: string): never {
    throw queryError('MALFORMED_QUERY', this.text, message);
  }
}

/** The expressions a condition tests (HAVING's fields and aggregates), sub-queries left out. */
function conditionExpressions(condition: Condition | undefined): Expression[] {
  if (condition === undefined) return [];
  switch (condition.kind) {
    case 'and':
    case 'or':
      return condition.items.flatMap(conditionExpressions);
    case 'not':
      return conditionExpressions(condition.item);
    case 'compare':
    case 'in':
      return [condition.expression];
    case 'includes':
      return [{ kind: 'field', path: condition.path }];
    case 'semiJoin':
      return [];
  }
}

/** Aggregate functions, GROUP BY or HAVING make a query answer `AggregateResult` rows. */
export function isAggregateQuery(query: SoqlQuery): boolean {
  return (
    query.groupBy !== undefined ||
    query.having !== undefined ||
    query.select.some((item) => item.kind === 'expression' && item.expression.kind === 'aggregate')
  );
}
