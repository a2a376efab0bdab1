/**
 * SQLite's double-quoted-string quirk, which the SDK's Smart SQL relies on: an
 * unqualified `"name"` that names no column in scope is the string `'name'`;
 * one that names a column (an index column, a metadata column, a json_each
 * column, a sub-select's column, a result alias outside the result list) stays
 * an identifier.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  compileSmartSql,
  type ParameterSlot,
  tryCompileSmartSql,
} from '../../../runtime/smartsql/index.js';
import { buildSmartQuerySpec } from '../../../runtime/store/query-spec.js';
import { SmartStore } from '../../../runtime/store/smart-store.js';
import { SDK_SOUPS, sdkCatalog } from './fixtures.js';

const catalog = sdkCatalog();

interface Case {
  readonly name: string;
  readonly smartSql: string;
  readonly sql: string;
  readonly parameters?: ParameterSlot[];
}

const cases: Case[] = [
  {
    name: 'a name no column has is a string (the SDK tests\' `= "Ccc"`)',
    smartSql: 'select {employees:lastName} from {employees} where {employees:lastName} = "Ccc"',
    sql: "SELECT TABLE_1_1 FROM TABLE_1 WHERE TABLE_1_1 = 'Ccc'",
  },
  {
    name: '"" inside is one ", a single quote is doubled',
    smartSql: `select {employees:lastName} from {employees} where {employees:lastName} = "O'Brien ""Jr"""`,
    sql: `SELECT TABLE_1_1 FROM TABLE_1 WHERE TABLE_1_1 = 'O''Brien "Jr"'`,
  },
  {
    name: 'the empty name is the empty string',
    smartSql: 'select {employees:employeeId} from {employees} where {employees:deptCode} = ""',
    sql: "SELECT TABLE_1_3 FROM TABLE_1 WHERE TABLE_1_2 = ''",
  },
  {
    name: 'in lists, function arguments and sub-selects',
    smartSql:
      'select upper("a"), {employees:lastName} from {employees} where {employees:deptCode} in ("A00", "B00") and exists (select 1 from {departments} where {departments:name} = "Sales")',
    sql: "SELECT upper('a'), TABLE_1_1 FROM TABLE_1 WHERE TABLE_1_2 IN ('A00', 'B00') AND EXISTS (SELECT 1 FROM TABLE_2 WHERE TABLE_2_1 = 'Sales')",
  },
  {
    name: 'soup table columns (any case) and rowid stay identifiers',
    smartSql: 'select "id", "SOUP", "table_1_1", "rowid" from {employees}',
    sql: 'SELECT "id", "SOUP", "table_1_1", "rowid" FROM TABLE_1',
  },
  {
    name: 'a json1 index has no column, so its expression name is a string',
    smartSql: 'select "education" from {employees}',
    sql: "SELECT 'education' FROM TABLE_1",
  },
  {
    name: 'a result alias is a column in WHERE and ORDER BY, not in the result list',
    smartSql:
      'select {employees:lastName} as "n", "n" from {employees} where "n" <> "x" order by "n"',
    sql: `SELECT TABLE_1_1 AS "n", 'n' FROM TABLE_1 WHERE "n" <> 'x' ORDER BY "n"`,
  },
  {
    name: "a sub-select's named columns are columns, other names strings",
    smartSql: 'select "n", "m" from (select {employees:lastName} as n from {employees})',
    sql: `SELECT "n", 'm' FROM (SELECT TABLE_1_1 AS n FROM TABLE_1)`,
  },
  {
    name: 'a sub-select with * may have any column: the name stays an identifier',
    smartSql: 'select "n" from (select * from {employees})',
    sql: 'SELECT "n" FROM (SELECT * FROM TABLE_1)',
  },
  {
    name: 'json_each columns stay identifiers',
    smartSql: 'select "value", "v" from {employees} e, json_each(e.{employees:_soup}, "$.tags")',
    sql: `SELECT "value", 'v' FROM TABLE_1 AS e, json_each(e.soup, '$.tags')`,
  },
  {
    name: "an enclosing query's columns are seen by a correlated sub-select",
    smartSql:
      'select {employees:lastName} from {employees} where exists (select 1 from {departments} where "table_1_2" = "A00")',
    sql: `SELECT TABLE_1_1 FROM TABLE_1 WHERE EXISTS (SELECT 1 FROM TABLE_2 WHERE "table_1_2" = 'A00')`,
  },
  {
    name: 'qualified names, aliases and function names are never strings',
    smartSql: 'select e."zz" as "zz" from {employees} as "e"',
    sql: 'SELECT e."zz" AS "zz" FROM TABLE_1 AS "e"',
  },
  {
    name: 'a double-quoted MATCH key is bound, with {soup:path} resolved',
    smartSql: 'select {notes:title} from {notes}_fts where {notes}_fts match "{notes:title}:bread"',
    sql: 'SELECT TABLE_3_0 FROM TABLE_3_fts WHERE TABLE_3_fts MATCH ?',
    parameters: [{ kind: 'value', value: 'TABLE_3_0:bread' }],
  },
];

describe('double-quoted names: compile output', () => {
  it.each(cases)('$name', (c) => {
    const result = tryCompileSmartSql(c.smartSql, catalog);
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
    expect(result.query.sql).toBe(c.sql);
    expect(result.query.parameters).toEqual(c.parameters ?? []);
  });
});

describe('double-quoted names: checks still apply', () => {
  it('an unsafe function with a double-quoted argument is refused', () => {
    const result = tryCompileSmartSql(
      'select {employees:lastName} from {employees}\nwhere load_extension("x")',
      catalog,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics[0]).toMatchObject({
      code: 'SMARTSQL_UNSAFE_FUNCTION',
      line: 2,
      column: 7,
    });
  });

  it('a write is still refused', () => {
    expect(() => compileSmartSql('delete from {employees} where "a" = "a"', catalog)).toThrow(
      expect.objectContaining({ code: 'SMARTSQL_NOT_SELECT' }),
    );
  });

  it('an unterminated double quote is a lex error with its position', () => {
    const result = tryCompileSmartSql(
      'select {employees:lastName} from {employees}\nwhere "x',
      catalog,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics[0]).toMatchObject({ code: 'SMARTSQL_LEX_ERROR', line: 2 });
  });
});

describe('double-quoted names: through the store', () => {
  let store: SmartStore | undefined;
  afterEach(() => store?.close());

  it('returns the rows a device returns for `= "Ccc"`', () => {
    store = SmartStore.open({ path: ':memory:' });
    for (const [soupName, specs] of SDK_SOUPS) store.registerSoup(soupName, specs);
    store.upsert('employees', [
      { lastName: 'Aaa', employeeId: '1' },
      { lastName: 'Ccc', employeeId: '2' },
      { lastName: "O'C", employeeId: '3' },
    ]);
    const rows = (smartSql: string) =>
      store?.query(buildSmartQuerySpec({ smartSql, pageSize: 10 }), 0);
    expect(
      rows('select {employees:employeeId} from {employees} where {employees:lastName} = "Ccc"'),
    ).toEqual([['2']]);
    expect(
      rows(`select {employees:employeeId} from {employees} where {employees:lastName} = "O'C"`),
    ).toEqual([['3']]);
    expect(
      rows(
        'select {employees:lastName} as "n" from {employees} where "n" <> "Aaa" order by "n" desc',
      ),
    ).toEqual([["O'C"], ['Ccc']]);
  });
});
