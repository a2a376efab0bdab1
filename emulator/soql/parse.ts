/**
 * SOQL text to the emulator's AST, through `@jetstreamapp/soql-parser-js` (the
 * only module that imports it). The parser's WHERE is a flat chain with
 * parenthesis counts; it is rebuilt here as a tree with SOQL's precedence.
 */
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { parseDateTime } from '../org/clock.js';
import {
  AGGREGATE_FUNCTIONS,
  type AggregateFunction,
  type Condition,
  DATE_FUNCTIONS,
  type DateFunction,
  type Expression,
  type GroupBy,
  type Literal,
  type OrderItem,
  queryError,
  type RowExpression,
  type SelectItem,
  type SoqlQuery,
} from './ast.js';

type Json = Record<string, unknown>;

/**
 * Parses one SOQL query, or throws `SoqlError` (`MALFORMED_QUERY`).
 *
 * @example
 * parseSoql('SELECT Id FROM Account WHERE Name = \'Acme\'').from; // 'Account'
 */
export function parseSoql(text: string): SoqlQuery {
  let parsed: Json;
  try {
    parsed = parseQuery(text) as unknown as Json;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw queryError('MALFORMED_QUERY', text, String(detail));
  }
  return toQuery(parsed, text, 'sObject');
}

/** Clauses the parser knows that the emulator does not evaluate (see the docs' table). */
const UNSUPPORTED_CLAUSES: Readonly<Record<string, string>> = {
  usingScope: 'USING SCOPE',
  withDataCategory: 'WITH DATA CATEGORY',
  update: 'UPDATE TRACKING / UPDATE VIEWSTAT',
};

function toQuery(json: Json, text: string, fromKey: 'sObject' | 'relationshipName'): SoqlQuery {
  const from = json[fromKey];
  if (typeof from !== 'string') malformed(text, 'a query needs FROM');
  for (const [key, clause] of Object.entries(UNSUPPORTED_CLAUSES)) {
    if (json[key] !== undefined) unsupported(text, clause);
  }
  return {
    from,
    select: ((json.fields as Json[] | undefined) ?? []).map((field) => toSelectItem(field, text)),
    where: json.where === undefined ? undefined : toCondition(json.where as Json, text),
    groupBy: json.groupBy === undefined ? undefined : toGroupBy(json.groupBy as Json[], text),
    having: json.having === undefined ? undefined : toCondition(json.having as Json, text),
    orderBy: ((json.orderBy as Json[] | undefined) ?? []).map((item) => toOrder(item, text)),
    limit: typeof json.limit === 'number' ? json.limit : undefined,
    offset: typeof json.offset === 'number' ? json.offset : undefined,
    forClause: toFor(json.for, text),
  };
}

function toFor(value: unknown, text: string): 'VIEW' | 'REFERENCE' | undefined {
  if (value === undefined) return undefined;
  const clause = String(value).toUpperCase();
  if (clause === 'VIEW' || clause === 'REFERENCE') return clause;
  return unsupported(text, `FOR ${clause}`);
}

function alias(field: Json): { alias?: string } {
  return typeof field.alias === 'string' ? { alias: field.alias } : {};
}

function toSelectItem(field: Json, text: string): SelectItem {
  switch (field.type) {
    case 'Field':
      return { kind: 'field', path: [String(field.field)], ...alias(field) };
    case 'FieldRelationship':
      return {
        kind: 'field',
        path: [...(field.relationships as string[]), String(field.field)],
        ...alias(field),
      };
    case 'FieldSubquery':
      return { kind: 'subquery', query: toQuery(field.subquery as Json, text, 'relationshipName') };
    case 'FieldFunctionExpression': {
      const name = String(field.functionName).toUpperCase();
      const parameters = (field.parameters as unknown[] | undefined) ?? [];
      if (name === 'COUNT' && parameters.length === 0) return { kind: 'count' };
      if (name === 'FIELDS') {
        const group = String(parameters[0]).toUpperCase();
        if (group !== 'STANDARD' && group !== 'CUSTOM' && group !== 'ALL') {
          return malformed(text, `FIELDS(${String(parameters[0])}) is not a field group`);
        }
        return { kind: 'fields', group };
      }
      const expression = toExpression(field, text);
      if (expression.kind === 'field')
        return { kind: 'field', path: expression.path, ...alias(field) };
      return { kind: 'expression', expression, ...alias(field) };
    }
    case 'FieldTypeof':
      return unsupported(text, 'TYPEOF');
    default:
      return unsupported(text, String(field.rawValue ?? field.type));
  }
}

/** A function call of the parser (`{ functionName, parameters }`) as an expression. */
function toExpression(fn: Json, text: string): Expression {
  const name = String(fn.functionName).toUpperCase();
  const parameters = (fn.parameters as unknown[] | undefined) ?? [];
  if ((AGGREGATE_FUNCTIONS as readonly string[]).includes(name)) {
    if (parameters.length !== 1) malformed(text, `${name}() takes one field`);
    return {
      kind: 'aggregate',
      fn: name as AggregateFunction,
      arg: toRowExpression(parameters[0], text),
    };
  }
  if (name === 'GROUPING') {
    const arg = toRowExpression(parameters[0], text);
    if (arg.kind !== 'field') return malformed(text, 'GROUPING() takes a grouped field');
    return { kind: 'grouping', path: arg.path };
  }
  if ((DATE_FUNCTIONS as readonly string[]).includes(name)) {
    const arg = toRowExpression(parameters[0], text);
    if (arg.kind !== 'field') return malformed(text, `${name}() takes a date or date-time field`);
    return { kind: 'date', fn: name as DateFunction, path: arg.path };
  }
  // All times are UTC in the emulator, so converting to the user's zone is the identity.
  if (name === 'CONVERTTIMEZONE') return toRowExpression(parameters[0], text);
  return unsupported(text, `the ${String(fn.functionName)}() function`);
}

function toRowExpression(parameter: unknown, text: string): RowExpression {
  if (typeof parameter === 'string') return { kind: 'field', path: parameter.split('.') };
  if (typeof parameter === 'object' && parameter !== null) {
    const expression = toExpression(parameter as Json, text);
    if (expression.kind === 'field' || expression.kind === 'date') return expression;
  }
  return malformed(text, 'a function here takes a field');
}

function toGroupBy(items: readonly Json[], text: string): GroupBy {
  const [first] = items;
  const fn = first?.fn as Json | undefined;
  const name = fn === undefined ? '' : String(fn.functionName).toUpperCase();
  if (fn !== undefined && (name === 'ROLLUP' || name === 'CUBE')) {
    if (items.length !== 1) {
      malformed(text, `all grouped fields must be within the parentheses of ${name}`);
    }
    const parameters = (fn.parameters as unknown[] | undefined) ?? [];
    if (parameters.length > 3) malformed(text, `${name} takes at most three fields`);
    return {
      kind: name === 'ROLLUP' ? 'rollup' : 'cube',
      items: parameters.map((p) => toRowExpression(p, text)),
    };
  }
  return {
    kind: 'plain',
    items: items.map((item) =>
      typeof item.field === 'string'
        ? { kind: 'field', path: item.field.split('.') }
        : toRowExpression(item.fn, text),
    ),
  };
}

function toOrder(item: Json, text: string): OrderItem {
  const expression: Expression =
    typeof item.field === 'string'
      ? { kind: 'field', path: item.field.split('.') }
      : toExpression(item.fn as Json, text);
  const descending = String(item.order ?? 'ASC').toUpperCase() === 'DESC';
  const nulls = item.nulls === undefined ? undefined : String(item.nulls).toUpperCase();
  // SOQL's default: nulls first ascending, last descending.
  return {
    expression,
    descending,
    nullsLast: nulls === undefined ? descending : nulls === 'LAST',
  };
}

type Token =
  | { kind: 'cond'; condition: Condition }
  | { kind: 'op'; op: 'AND' | 'OR' | 'NOT' | '(' | ')' };

function toCondition(where: Json, text: string): Condition {
  const tokens: Token[] = [];
  let node: Json | undefined = where;
  while (node !== undefined && node !== null) {
    const operator = typeof node.operator === 'string' ? node.operator.toUpperCase() : undefined;
    if (node.left === null && operator === 'NOT') {
      tokens.push({ kind: 'op', op: 'NOT' });
      node = node.right as Json | undefined;
      continue;
    }
    const left = node.left as Json;
    for (let i = 0; i < Number(left.openParen ?? 0); i++) tokens.push({ kind: 'op', op: '(' });
    tokens.push({ kind: 'cond', condition: toLeaf(left, text) });
    for (let i = 0; i < Number(left.closeParen ?? 0); i++) tokens.push({ kind: 'op', op: ')' });
    if (operator === 'AND' || operator === 'OR') tokens.push({ kind: 'op', op: operator });
    node = node.right as Json | undefined;
  }
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const isOp = (op: string) => {
    const token = peek();
    return token?.kind === 'op' && token.op === op;
  };
  const or = (): Condition => {
    const items = [and()];
    while (isOp('OR')) {
      position++;
      items.push(and());
    }
    return items.length === 1 ? (items[0] as Condition) : { kind: 'or', items };
  };
  const and = (): Condition => {
    const items = [not()];
    while (isOp('AND')) {
      position++;
      items.push(not());
    }
    return items.length === 1 ? (items[0] as Condition) : { kind: 'and', items };
  };
  const not = (): Condition => {
    if (isOp('NOT')) {
      position++;
      return { kind: 'not', item: not() };
    }
    return primary();
  };
  const primary = (): Condition => {
    const token = tokens[position++];
    if (token?.kind === 'cond') return token.condition;
    if (token?.kind === 'op' && token.op === '(') {
      const inner = or();
      if (!isOp(')')) malformed(text, 'unbalanced parentheses');
      position++;
      return inner;
    }
    return malformed(text, 'unexpected token in WHERE');
  };
  const condition = or();
  if (position !== tokens.length) malformed(text, 'unbalanced parentheses');
  return condition;
}

function toLeaf(left: Json, text: string): Condition {
  const expression: Expression =
    typeof left.field === 'string'
      ? { kind: 'field', path: left.field.split('.') }
      : toExpression(left.fn as Json, text);
  const operator = String(left.operator).toUpperCase();
  const types = Array.isArray(left.literalType) ? left.literalType : [left.literalType];
  const variables = Array.isArray(left.dateLiteralVariable)
    ? left.dateLiteralVariable
    : [left.dateLiteralVariable];
  if (operator === 'IN' || operator === 'NOT IN') {
    const negated = operator === 'NOT IN';
    if (types[0] === 'SUBQUERY') {
      if (expression.kind !== 'field') return unsupported(text, 'a semi-join on a function');
      return {
        kind: 'semiJoin',
        path: expression.path,
        negated,
        query: toQuery(left.valueQuery as Json, text, 'sObject'),
      };
    }
    const raw = Array.isArray(left.value) ? left.value : [left.value];
    const values = raw.map((v: unknown, i: number) =>
      toLiteral(String(types[i] ?? types[0]), String(v), variables[i] ?? variables[0], text),
    );
    return { kind: 'in', expression, negated, values };
  }
  if (operator === 'INCLUDES' || operator === 'EXCLUDES') {
    if (expression.kind !== 'field') return unsupported(text, `${operator} on a function`);
    const raw = Array.isArray(left.value) ? left.value : [left.value];
    return {
      kind: 'includes',
      path: expression.path,
      negated: operator === 'EXCLUDES',
      values: raw.map((v: unknown) =>
        unquote(String(v))
          .split(';')
          .map((pick) => pick.trim()),
      ),
    };
  }
  if (!['=', '!=', '<>', '<', '<=', '>', '>=', 'LIKE'].includes(operator)) {
    return unsupported(text, `the ${operator} operator`);
  }
  return {
    kind: 'compare',
    expression,
    operator: (operator === '<>' ? '!=' : operator) as '=',
    value: toLiteral(String(types[0] ?? ''), String(left.value), variables[0], text),
  };
}

function toLiteral(type: string, raw: string, variable: unknown, text: string): Literal {
  switch (type) {
    case 'STRING':
      return { kind: 'string', value: unquote(raw) };
    case 'INTEGER':
    case 'DECIMAL':
    case 'INTEGER_WITH_CURRENCY_PREFIX':
    case 'DECIMAL_WITH_CURRENCY_PREFIX':
      return { kind: 'number', value: Number(raw.replace(/^[A-Z]{3}/, '')) };
    case 'BOOLEAN':
      return { kind: 'boolean', value: raw.toUpperCase() === 'TRUE' };
    case 'NULL':
      return { kind: 'null' };
    case 'DATETIME': {
      const ms = parseDateTime(raw);
      if (ms === undefined) return malformed(text, `invalid date-time ${raw}`);
      return { kind: 'datetime', ms };
    }
    case 'DATE':
      return { kind: 'date', value: raw };
    case 'DATE_LITERAL':
      return { kind: 'dateLiteral', name: raw.toUpperCase(), n: undefined };
    case 'DATE_N_LITERAL':
      return {
        kind: 'dateLiteral',
        name: raw.split(':')[0]?.toUpperCase() ?? raw,
        n: Number(variable ?? raw.split(':')[1]),
      };
    default:
      return unsupported(text, `${type} values`);
  }
}

function unquote(raw: string): string {
  const inner = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
  return inner.replace(/\\(.)/g, (_, ch: string) =>
    ch === 'n' ? '\n' : ch === 't' ? '\t' : ch === 'r' ? '\r' : ch,
  );
}

function malformed(text: string, detail: string): never {
  throw queryError('MALFORMED_QUERY', text, detail);
}

function unsupported(text: string, what: string): never {
  throw queryError('MALFORMED_QUERY', text, `the soupkit emulator does not support ${what}`);
}
