/**
 * SOQL text to the emulator's AST, through `@jetstreamapp/soql-parser-js` (the
 * only module that imports it). The parser's WHERE is a flat chain with
 * parenthesis counts; it is rebuilt here as a tree with SOQL's precedence.
 */
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { parseDateTime } from '../org/clock.js';
import type { Condition, Literal, OrderItem, SelectItem, SoqlQuery } from './ast.js';
import { SoqlError } from './ast.js';

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
    throw new SoqlError('MALFORMED_QUERY', `\n${text}\nERROR at Row:1:Column:1\n${detail}`);
  }
  return toQuery(parsed, text, 'sObject');
}

function toQuery(json: Json, text: string, fromKey: 'sObject' | 'relationshipName'): SoqlQuery {
  const from = json[fromKey];
  if (typeof from !== 'string') malformed(text, 'a query needs FROM');
  return {
    from,
    select: ((json.fields as Json[] | undefined) ?? []).map((field) => toSelectItem(field, text)),
    where: json.where === undefined ? undefined : toCondition(json.where as Json, text),
    orderBy: ((json.orderBy as Json[] | undefined) ?? []).map((item) => toOrder(item, text)),
    limit: typeof json.limit === 'number' ? json.limit : undefined,
    offset: typeof json.offset === 'number' ? json.offset : undefined,
  };
}

function toSelectItem(field: Json, text: string): SelectItem {
  switch (field.type) {
    case 'Field':
      return { kind: 'field', path: [String(field.field)] };
    case 'FieldRelationship':
      return {
        kind: 'field',
        path: [...(field.relationships as string[]), String(field.field)],
      };
    case 'FieldSubquery':
      return { kind: 'subquery', query: toQuery(field.subquery as Json, text, 'relationshipName') };
    case 'FieldFunctionExpression':
      if (
        String(field.functionName).toUpperCase() === 'COUNT' &&
        (field.parameters as unknown[]).length === 0
      ) {
        return { kind: 'count' };
      }
      return unsupported(
        text,
        `${String(field.rawValue ?? field.functionName)} (aggregate functions)`,
      );
    default:
      return unsupported(text, String(field.rawValue ?? field.type));
  }
}

function toOrder(item: Json, text: string): OrderItem {
  if (typeof item.field !== 'string') return unsupported(text, 'ORDER BY on a function');
  const descending = String(item.order ?? 'ASC').toUpperCase() === 'DESC';
  const nulls = item.nulls === undefined ? undefined : String(item.nulls).toUpperCase();
  // SOQL's default: nulls first ascending, last descending.
  return {
    path: item.field.split('.'),
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
  if (typeof left.field !== 'string') return unsupported(text, 'functions in WHERE');
  const path = left.field.split('.');
  const operator = String(left.operator).toUpperCase();
  const literalType = String(left.literalType ?? '');
  if (operator === 'IN' || operator === 'NOT IN') {
    const negated = operator === 'NOT IN';
    if (literalType === 'SUBQUERY') {
      return {
        kind: 'semiJoin',
        path,
        negated,
        query: toQuery(left.valueQuery as Json, text, 'sObject'),
      };
    }
    const values = (Array.isArray(left.value) ? left.value : [left.value]).map((v: unknown) =>
      toLiteral(literalType, String(v), left, text),
    );
    return { kind: 'in', path, negated, values };
  }
  if (!['=', '!=', '<>', '<', '<=', '>', '>=', 'LIKE'].includes(operator)) {
    return unsupported(text, `the ${operator} operator`);
  }
  return {
    kind: 'compare',
    path,
    operator: (operator === '<>' ? '!=' : operator) as '=',
    value: toLiteral(literalType, String(left.value), left, text),
  };
}

function toLiteral(type: string, raw: string, left: Json, text: string): Literal {
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
        n: Number(left.dateLiteralVariable ?? raw.split(':')[1]),
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
  throw new SoqlError('MALFORMED_QUERY', `\n${text}\nERROR at Row:1:Column:1\n${detail}`);
}

function unsupported(text: string, what: string): never {
  throw new SoqlError(
    'MALFORMED_QUERY',
    `\n${text}\nERROR at Row:1:Column:1\nthe soupkit emulator does not support ${what}`,
  );
}
