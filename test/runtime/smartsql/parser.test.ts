import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Expression, SelectStatementNode } from '../../../runtime/smartsql/ast.js';
import { parseSmartSql } from '../../../runtime/smartsql/index.js';
import { lexSmartSql } from '../../../runtime/smartsql/lexer.js';
import { generateCstTypings } from '../../../runtime/smartsql/parser.js';

function statement(text: string): SelectStatementNode {
  const parsed = parseSmartSql(text);
  if (!parsed.ok) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  return parsed.statement;
}

function where(condition: string): Expression {
  const w = statement(`select 1 from {s} where ${condition}`).first.where;
  if (w === undefined) throw new Error('no WHERE');
  return w;
}

/** A fully parenthesised rendering of an expression tree, to check precedence. */
function shape(e: Expression): string {
  switch (e.kind) {
    case 'binary':
      return `(${shape(e.left)} ${e.operator} ${shape(e.right)})`;
    case 'unary':
      return `(${e.operator} ${shape(e.operand)})`;
    case 'column':
      return e.name.text;
    case 'literal':
      return e.raw;
    case 'parameter':
      return `?${e.index}`;
    case 'soupPath':
      return `{${e.soupName}:${e.path}}`;
    case 'between':
      return `(${shape(e.operand)}${e.not ? ' NOT' : ''} BETWEEN ${shape(e.low)} AND ${shape(e.high)})`;
    case 'pattern':
      return `(${shape(e.left)}${e.not ? ' NOT' : ''} ${e.operator} ${shape(e.right)}${e.escape ? ` ESCAPE ${shape(e.escape)}` : ''})`;
    case 'in':
      return `(${shape(e.operand)}${e.not ? ' NOT' : ''} IN ${'kind' in e.target ? 'select' : `[${e.target.map(shape).join(', ')}]`})`;
    case 'nullTest':
      return `(${shape(e.operand)} ${e.spelling})`;
    case 'paren':
      return `[${e.items.map(shape).join(', ')}]`;
    case 'collate':
      return `(${shape(e.operand)} COLLATE ${e.collation.text})`;
    case 'functionCall':
      return `${e.name.text}(${e.args === '*' ? '*' : e.args.map(shape).join(', ')})`;
    default:
      return e.kind;
  }
}

describe('lexer', () => {
  it('tokenizes references, keywords in any case, literals and operators', () => {
    const { tokens, problems } = lexSmartSql(
      "SeLeCt {s:a.b}, {s}_fts, {s}, x'00', 1.5e3, .5, 'it''s', \"q\" FROM x WHERE a <> b || c ->> d -- c\n",
    );
    expect(problems).toEqual([]);
    expect(tokens.map((t) => t.tokenType.name)).toEqual([
      'Select',
      'SoupPathRef',
      'Comma',
      'FtsTableRef',
      'Comma',
      'SoupRef',
      'Comma',
      'BlobLiteral',
      'Comma',
      'NumberLiteral',
      'Comma',
      'NumberLiteral',
      'Comma',
      'StringLiteral',
      'Comma',
      'QuotedIdentifier',
      'From',
      'PlainIdentifier',
      'Where',
      'PlainIdentifier',
      'NotEq',
      'PlainIdentifier',
      'Concat',
      'PlainIdentifier',
      'JsonArrow2',
      'PlainIdentifier',
    ]);
  });

  it('keeps identifiers that start with a keyword whole', () => {
    const names = lexSmartSql('selected orders notnull_x isnullable intersection').tokens.map(
      (t) => t.tokenType.name,
    );
    expect(names).toEqual(Array(5).fill('PlainIdentifier'));
  });

  it('reports characters that start no token, with offsets', () => {
    expect(lexSmartSql('select # from §').problems.map((p) => p.offset)).toEqual([7, 14]);
  });
});

describe('expression precedence follows SQLite', () => {
  it.each([
    ['a = 1 or b = 2 and c = 3', '((a = 1) OR ((b = 2) AND (c = 3)))'],
    ['not a = 1 and b', '((NOT (a = 1)) AND b)'],
    ['a + b * c - d', '((a + (b * c)) - d)'],
    ['a || b = c', '((a || b) = c)'],
    ['-a * b', '((- a) * b)'],
    ['a < b = c', '((a < b) = c)'],
    ['a & b + 1 > 2', '((a & (b + 1)) > 2)'],
    ['a between 1 + 1 and 5 and b', '((a BETWEEN (1 + 1) AND 5) AND b)'],
    ['a not between 1 and 2', '(a NOT BETWEEN 1 AND 2)'],
    ["a like 'x' || '%' escape '!' or b", "((a LIKE ('x' || '%') ESCAPE '!') OR b)"],
    ['a not in (1, 2) and b in (select 1)', '((a NOT IN [1, 2]) AND (b IN select))'],
    ['a is not null or b isnull', '((a IS NOT NULL) OR (b ISNULL))'],
    ['a not null and b notnull', '((a NOT NULL) AND (b NOTNULL))'],
    ['(a or b) and c', '([(a OR b)] AND c)'],
    ['a collate nocase = b', '((a COLLATE nocase) = b)'],
    ['{s:x} = ? and ? < {s:y}', '(({s:x} = ?0) AND (?1 < {s:y}))'],
    ['f(a, b + 1) > count(*)', '(f(a, (b + 1)) > count(*))'],
  ])('%s', (text, expected) => {
    expect(shape(where(text))).toBe(expected);
  });
});

describe('AST', () => {
  it('numbers parameters in source order everywhere', () => {
    const s = statement(
      'select ?, (select ? from {s}) from (select ? from {s}) as x where ? and case ? when ? then ? when ? then ? else ? end order by ? limit ? offset ?',
    );
    const found: { start: number; index: number }[] = [];
    JSON.stringify(s, (key, value: unknown) => {
      if (
        key === '' ||
        typeof value !== 'object' ||
        value === null ||
        (value as { kind?: string }).kind !== 'parameter'
      ) {
        return value;
      }
      found.push(value as { start: number; index: number });
      return value;
    });
    const bySource = found.sort((a, b) => a.start - b.start).map((p) => p.index);
    expect(bySource).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const parsed = parseSmartSql('select ?, ?');
    expect(parsed.ok && parsed.parameterCount).toBe(2);
  });

  it('records sources, joins, aliases and compound selects', () => {
    const s = statement(
      'select distinct e.{s:a} as x, * from {s} e left join {t} on 1 union all select 1, 2 from {t}_fts order by 1 desc nulls last limit 1, 2',
    );
    expect(s.first.quantifier).toBe('DISTINCT');
    expect(s.first.columns.map((c) => c.kind)).toEqual(['expressionColumn', 'starColumn']);
    const from = s.first.from;
    expect(from?.first).toMatchObject({ kind: 'soupSource', alias: 'e', table: { soupName: 's' } });
    expect(from?.joins[0]).toMatchObject({ operator: 'LEFT JOIN', source: { kind: 'soupSource' } });
    expect(s.compounds[0]?.operator).toBe('UNION ALL');
    expect(s.compounds[0]?.core.from?.first).toMatchObject({ table: { fts: true, soupName: 't' } });
    expect(s.orderBy[0]).toMatchObject({ direction: 'DESC', nulls: 'LAST' });
    expect(s.limit).toMatchObject({ comma: true });
  });

  it('spans point back into the text', () => {
    const text = 'select mgr.{employees:lastName} from {employees} mgr';
    const column = statement(text).first.columns[0];
    expect(column && text.slice(column.start, column.end)).toBe('mgr.{employees:lastName}');
  });

  it('parseSmartSql reports syntax problems without a catalog', () => {
    const parsed = parseSmartSql('select from');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.diagnostics[0]?.code).toBe('SMARTSQL_SYNTAX_ERROR');
  });
});

describe('CST typings', () => {
  it('cst.d.ts matches the grammar (regenerate with generateCstTypings() if this fails)', () => {
    const path = fileURLToPath(new URL('../../../runtime/smartsql/cst.d.ts', import.meta.url));
    const normalize = (text: string) => text.replace(/["';,()\s]/g, '');
    expect(normalize(readFileSync(path, 'utf8'))).toBe(normalize(generateCstTypings()));
  });
});
