import { describe, expect, it } from 'vitest';
import {
  compileSmartSql,
  type ParameterSlot,
  tryCompileSmartSql,
} from '../../../runtime/smartsql/index.js';
import { normalizeSql, sdkCatalog } from './fixtures.js';

const catalog = sdkCatalog();

interface SdkCase {
  readonly name: string;
  readonly smartSql: string;
  /** The SDK's asserted translation (facts from its SmartSqlTest). */
  readonly sdk: string;
  /** Our exact output. */
  readonly sql: string;
}

// The Mobile SDK's published translation cases. Our printer is canonical
// (upper-case keywords, one space), so `sql` is asserted exactly and `sdk` is
// asserted equal after normalising case and whitespace.
const sdkCases: SdkCase[] = [
  {
    name: 'simple select with order by',
    smartSql:
      'select {employees:firstName}, {employees:lastName} from {employees} order by {employees:lastName}',
    sdk: 'select TABLE_1_0, TABLE_1_1 from TABLE_1 order by TABLE_1_1',
    sql: 'SELECT TABLE_1_0, TABLE_1_1 FROM TABLE_1 ORDER BY TABLE_1_1',
  },
  {
    name: 'simple select on a second soup',
    smartSql: 'select {departments:name} from {departments} order by {departments:deptCode}',
    sdk: 'select TABLE_2_1 from TABLE_2 order by TABLE_2_0',
    sql: 'SELECT TABLE_2_1 FROM TABLE_2 ORDER BY TABLE_2_0',
  },
  {
    name: 'join with || concatenation',
    smartSql:
      "select {departments:name}, {employees:firstName} || ' ' || {employees:lastName} from {employees}, {departments} where {departments:deptCode} = {employees:deptCode} order by {departments:name}, {employees:lastName}",
    sdk: "select TABLE_2_1, TABLE_1_0 || ' ' || TABLE_1_1 from TABLE_1, TABLE_2 where TABLE_2_0 = TABLE_1_2 order by TABLE_2_1, TABLE_1_1",
    sql: "SELECT TABLE_2_1, TABLE_1_0 || ' ' || TABLE_1_1 FROM TABLE_1, TABLE_2 WHERE TABLE_2_0 = TABLE_1_2 ORDER BY TABLE_2_1, TABLE_1_1",
  },
  {
    name: 'self join with aliases',
    smartSql:
      'select mgr.{employees:lastName}, e.{employees:lastName} from {employees} as mgr, {employees} as e where mgr.{employees:employeeId} = e.{employees:managerId}',
    sdk: 'select mgr.TABLE_1_1, e.TABLE_1_1 from TABLE_1 as mgr, TABLE_1 as e where mgr.TABLE_1_3 = e.TABLE_1_4',
    sql: 'SELECT mgr.TABLE_1_1, e.TABLE_1_1 FROM TABLE_1 AS mgr, TABLE_1 AS e WHERE mgr.TABLE_1_3 = e.TABLE_1_4',
  },
  {
    name: 'self join on json1 paths',
    smartSql:
      'select mgr.{employees:education}, e.{employees:education} from {employees} as mgr, {employees} as e where mgr.{employees:education} = e.{employees:education}',
    sdk: "select json_extract(mgr.soup, '$.education'), json_extract(e.soup, '$.education') from TABLE_1 as mgr, TABLE_1 as e where json_extract(mgr.soup, '$.education') = json_extract(e.soup, '$.education')",
    sql: "SELECT json_extract(mgr.soup, '$.education'), json_extract(e.soup, '$.education') FROM TABLE_1 AS mgr, TABLE_1 AS e WHERE json_extract(mgr.soup, '$.education') = json_extract(e.soup, '$.education')",
  },
  {
    name: 'self join on json1 paths without spaces, with NOT (…)',
    smartSql:
      'select mgr.{employees:education},e.{employees:education} from {employees} as mgr, {employees} as e where not (mgr.{employees:education}=e.{employees:education})',
    sdk: "select json_extract(mgr.soup, '$.education'),json_extract(e.soup, '$.education') from TABLE_1 as mgr, TABLE_1 as e where not (json_extract(mgr.soup, '$.education')=json_extract(e.soup, '$.education'))",
    sql: "SELECT json_extract(mgr.soup, '$.education'), json_extract(e.soup, '$.education') FROM TABLE_1 AS mgr, TABLE_1 AS e WHERE NOT (json_extract(mgr.soup, '$.education') = json_extract(e.soup, '$.education'))",
  },
  {
    name: 'metadata paths and _soup',
    smartSql:
      'select {employees:_soupEntryId}, {employees:_soupCreatedDate}, {employees:_soupLastModifiedDate}, {employees:_soup} from {employees}',
    sdk: 'select TABLE_1.id, TABLE_1.created, TABLE_1.lastModified, TABLE_1.soup from TABLE_1',
    sql: 'SELECT TABLE_1.id, TABLE_1.created, TABLE_1.lastModified, TABLE_1.soup FROM TABLE_1',
  },
  {
    name: 'metadata paths in a join',
    smartSql:
      'select {employees:_soupEntryId}, {departments:_soupEntryId} from {employees}, {departments}',
    sdk: 'select TABLE_1.id, TABLE_2.id from TABLE_1, TABLE_2',
    sql: 'SELECT TABLE_1.id, TABLE_2.id FROM TABLE_1, TABLE_2',
  },
  {
    name: 'metadata paths in a self join',
    smartSql:
      'select mgr.{employees:_soupEntryId}, e.{employees:_soupEntryId} from {employees} as mgr, {employees} as e',
    sdk: 'select mgr.id, e.id from TABLE_1 as mgr, TABLE_1 as e',
    sql: 'SELECT mgr.id, e.id FROM TABLE_1 AS mgr, TABLE_1 AS e',
  },
  {
    name: 'json1 path in select and where',
    smartSql:
      "select {employees:lastName}, {employees:education} from {employees} where {employees:education} = 'MIT'",
    sdk: "select TABLE_1_1, json_extract(soup, '$.education') from TABLE_1 where json_extract(soup, '$.education') = 'MIT'",
    sql: "SELECT TABLE_1_1, json_extract(soup, '$.education') FROM TABLE_1 WHERE json_extract(soup, '$.education') = 'MIT'",
  },
  {
    name: 'json1 path qualified by {soup}',
    smartSql:
      'select {employees}.{employees:education} from {employees} order by {employees}.{employees:education}',
    sdk: "select json_extract(TABLE_1.soup, '$.education') from TABLE_1 order by json_extract(TABLE_1.soup, '$.education')",
    sql: "SELECT json_extract(TABLE_1.soup, '$.education') FROM TABLE_1 ORDER BY json_extract(TABLE_1.soup, '$.education')",
  },
  {
    name: 'non-indexed paths fall back to json_extract',
    smartSql:
      "select {employees:education}, {employees:address.zipcode} from {employees} where {employees:address.city} = 'San Francisco'",
    sdk: "select json_extract(soup, '$.education'), json_extract(soup, '$.address.zipcode') from TABLE_1 where json_extract(soup, '$.address.city') = 'San Francisco'",
    sql: "SELECT json_extract(soup, '$.education'), json_extract(soup, '$.address.zipcode') FROM TABLE_1 WHERE json_extract(soup, '$.address.city') = 'San Francisco'",
  },
  {
    name: 'curly braces inside a string literal are left alone',
    smartSql:
      'select {employees:education} from {employees} where {employees:education} like \'Account(where: {Name: {eq: "Jason"}})\'',
    sdk: "select json_extract(soup, '$.education') from TABLE_1 where json_extract(soup, '$.education') like 'Account(where: {Name: {eq: \"Jason\"}})'",
    sql: "SELECT json_extract(soup, '$.education') FROM TABLE_1 WHERE json_extract(soup, '$.education') LIKE 'Account(where: {Name: {eq: \"Jason\"}})'",
  },
  {
    name: 'several literals with braces, OR and LIKE',
    smartSql:
      "select {employees:education}, '{a:b}', {employees:firstName} from {employees} where {employees:address} = '{\"city\": \"San Francisco\"}' or {employees:lastName} like 'B%'",
    sdk: "select json_extract(soup, '$.education'), '{a:b}', TABLE_1_0 from TABLE_1 where json_extract(soup, '$.address') = '{\"city\": \"San Francisco\"}' or TABLE_1_1 like 'B%'",
    sql: "SELECT json_extract(soup, '$.education'), '{a:b}', TABLE_1_0 FROM TABLE_1 WHERE json_extract(soup, '$.address') = '{\"city\": \"San Francisco\"}' OR TABLE_1_1 LIKE 'B%'",
  },
  {
    name: 'unbalanced braces inside a literal',
    smartSql:
      "select {employees:education} from {employees} where {employees:education} like ' { { { } } '",
    sdk: "select json_extract(soup, '$.education') from TABLE_1 where json_extract(soup, '$.education') like ' { { { } } '",
    sql: "SELECT json_extract(soup, '$.education') FROM TABLE_1 WHERE json_extract(soup, '$.education') LIKE ' { { { } } '",
  },
];

describe('SDK translation cases', () => {
  it.each(sdkCases)('$name', ({ smartSql, sdk, sql }) => {
    const query = compileSmartSql(smartSql, catalog);
    expect(query.sql).toBe(sql);
    expect(normalizeSql(query.sql)).toBe(normalizeSql(sdk));
    expect(query.parameters).toEqual([]);
    expect(query.argCount).toBe(0);
  });

  it('differs from the SDK where the SDK output is ambiguous: json1 path of an unaliased soup in a join', () => {
    // SDK: json_extract(soup, '$.building') — fails at run time with "ambiguous column name: soup".
    const query = compileSmartSql(
      'select e.{employees:education}, {departments:building} from {employees} as e, {departments}',
      catalog,
    );
    expect(query.sql).toBe(
      "SELECT json_extract(e.soup, '$.education'), json_extract(TABLE_2.soup, '$.building') FROM TABLE_1 AS e, TABLE_2",
    );
  });
});

interface Case {
  readonly name: string;
  readonly smartSql: string;
  readonly sql: string;
  readonly parameters?: readonly ParameterSlot[];
  readonly jsonColumns?: readonly number[];
  readonly warnings?: readonly string[];
}

const arg = (index: number): ParameterSlot => ({ kind: 'arg', index });
const value = (v: string): ParameterSlot => ({ kind: 'value', value: v });

// What the store generates for each query spec type (smartstore.md §6), and more.
const cases: Case[] = [
  {
    name: 'exact spec',
    smartSql:
      'SELECT {employees:_soup} FROM {employees} WHERE {employees:lastName} = ? ORDER BY {employees:firstName} ASC ',
    sql: 'SELECT TABLE_1.soup FROM TABLE_1 WHERE TABLE_1_1 = ? ORDER BY TABLE_1_0 ASC',
    parameters: [arg(0)],
    jsonColumns: [0],
  },
  {
    name: 'range spec with both keys',
    smartSql:
      'SELECT {employees:_soup} FROM {employees} WHERE {employees:salary} >= ? AND {employees:salary} <= ? ORDER BY {employees:salary} DESC ',
    sql: 'SELECT TABLE_1.soup FROM TABLE_1 WHERE TABLE_1_5 >= ? AND TABLE_1_5 <= ? ORDER BY TABLE_1_5 DESC',
    parameters: [arg(0), arg(1)],
    jsonColumns: [0],
  },
  {
    name: 'like spec',
    smartSql: 'SELECT {employees:_soup} FROM {employees} WHERE {employees:lastName} LIKE ? ',
    sql: 'SELECT TABLE_1.soup FROM TABLE_1 WHERE TABLE_1_1 LIKE ?',
    parameters: [arg(0)],
    jsonColumns: [0],
  },
  {
    name: 'match spec with a parameter',
    smartSql:
      'SELECT {notes:_soup} FROM {notes} WHERE {notes:_soupEntryId} IN (SELECT rowid FROM {notes}_fts WHERE {notes}_fts MATCH ?) ORDER BY {notes:kind} ASC ',
    sql: 'SELECT TABLE_3.soup FROM TABLE_3 WHERE TABLE_3.id IN (SELECT rowid FROM TABLE_3_fts WHERE TABLE_3_fts MATCH ?) ORDER BY TABLE_3_2 ASC',
    parameters: [arg(0)],
    jsonColumns: [0],
  },
  {
    name: 'match spec with an SDK-style literal key: bound, columns resolved, quote safe',
    smartSql:
      "SELECT {notes:_soup} FROM {notes} WHERE {notes:_soupEntryId} IN (SELECT rowid FROM {notes}_fts WHERE {notes}_fts MATCH '{notes:title}:it''s AND {notes:body}:x*') ",
    sql: 'SELECT TABLE_3.soup FROM TABLE_3 WHERE TABLE_3.id IN (SELECT rowid FROM TABLE_3_fts WHERE TABLE_3_fts MATCH ?)',
    parameters: [value("TABLE_3_0:it's AND TABLE_3_1:x*")],
    jsonColumns: [0],
  },
  {
    name: 'FTS5 column sets in a literal key are left alone',
    smartSql: "SELECT rowid FROM {notes}_fts WHERE {notes}_fts MATCH '{a b}: term'",
    sql: 'SELECT rowid FROM TABLE_3_fts WHERE TABLE_3_fts MATCH ?',
    parameters: [value('{a b}: term')],
  },
  {
    name: 'MATCH directly on a full_text path goes through the full-text table',
    smartSql: 'SELECT {notes:_soup} FROM {notes} WHERE {notes:title} MATCH ? AND {notes:kind} = ?',
    sql: 'SELECT TABLE_3.soup FROM TABLE_3 WHERE (TABLE_3.id IN (SELECT rowid FROM TABLE_3_fts WHERE TABLE_3_0 MATCH ?)) AND TABLE_3_2 = ?',
    parameters: [arg(0), arg(1)],
    jsonColumns: [0],
  },
  {
    name: 'NOT MATCH on a full_text path with a literal key',
    smartSql: "SELECT {notes:kind} FROM {notes} n WHERE n.{notes:body} NOT MATCH 'x'",
    sql: 'SELECT TABLE_3_2 FROM TABLE_3 AS n WHERE (n.id NOT IN (SELECT rowid FROM TABLE_3_fts WHERE TABLE_3_1 MATCH ?))',
    parameters: [value('x')],
  },
  {
    name: 'count spec',
    smartSql: 'SELECT count(*) FROM {employees} WHERE {employees:lastName} = ? ',
    sql: 'SELECT count(*) FROM TABLE_1 WHERE TABLE_1_1 = ?',
    parameters: [arg(0)],
  },
  {
    name: 'selectPaths spec',
    smartSql: 'SELECT {employees:firstName}, {employees:salary} FROM {employees} ',
    sql: 'SELECT TABLE_1_0, TABLE_1_5 FROM TABLE_1',
  },
  {
    name: 'count over a smart query (store wrapping)',
    smartSql:
      'SELECT count(*) FROM (SELECT {employees:_soup} FROM {employees} WHERE {employees:salary} > ?)',
    sql: 'SELECT count(*) FROM (SELECT TABLE_1.soup FROM TABLE_1 WHERE TABLE_1_5 > ?)',
    parameters: [arg(0)],
  },
  {
    name: 'ids over a smart query (store wrapping)',
    smartSql: 'SELECT id FROM (SELECT {employees:_soupEntryId} AS id FROM {employees})',
    sql: 'SELECT id FROM (SELECT TABLE_1.id AS id FROM TABLE_1)',
  },
  {
    name: 'paging wrapper keeps the inner _soup column as JSON',
    smartSql:
      'SELECT * FROM (SELECT {employees:firstName}, {employees:_soup} FROM {employees}) LIMIT ? OFFSET ?',
    sql: 'SELECT * FROM (SELECT TABLE_1_0, TABLE_1.soup FROM TABLE_1) LIMIT ? OFFSET ?',
    parameters: [arg(0), arg(1)],
    jsonColumns: [1],
  },
  {
    name: 'parameters keep source order across FROM sub-selects',
    smartSql:
      'SELECT ?, x.n FROM (SELECT {employees:lastName} AS n FROM {employees} WHERE {employees:salary} > ?) AS x WHERE x.n <> ?',
    sql: 'SELECT ?, x.n FROM (SELECT TABLE_1_1 AS n FROM TABLE_1 WHERE TABLE_1_5 > ?) AS x WHERE x.n <> ?',
    parameters: [arg(0), arg(1), arg(2)],
  },
  {
    name: 'LIMIT a, b keeps its order',
    smartSql: 'select {employees:lastName} from {employees} limit ?, ?',
    sql: 'SELECT TABLE_1_1 FROM TABLE_1 LIMIT ?, ?',
    parameters: [arg(0), arg(1)],
  },
  {
    name: '* expands to the soup table columns; soup is the second',
    smartSql: 'select * from {employees}',
    sql: 'SELECT * FROM TABLE_1',
    // id, soup, created, lastModified, 6 non-json1 index columns
    jsonColumns: [1],
  },
  {
    name: 'alias.* in a join',
    smartSql:
      'select d.*, e.* from {departments} d join {employees} e on d.{departments:deptCode} = e.{employees:deptCode}',
    sql: 'SELECT d.*, e.* FROM TABLE_2 AS d JOIN TABLE_1 AS e ON d.TABLE_2_0 = e.TABLE_1_2',
    // departments: 4 + 3 columns, so employees' soup is at 7 + 1
    jsonColumns: [1, 8],
  },
  {
    name: 'aliased _soup stays a string (as in the SDK)',
    smartSql: 'select {employees:_soup} as raw, {employees:_soup} from {employees}',
    sql: 'SELECT TABLE_1.soup AS raw, TABLE_1.soup FROM TABLE_1',
    jsonColumns: [1],
  },
  {
    name: 'aggregates, GROUP BY, HAVING',
    smartSql:
      'select {employees:deptCode}, count(*), sum({employees:salary}), avg(distinct {employees:salary}) from {employees} group by {employees:deptCode} having count(*) > 1 order by 2 desc',
    sql: 'SELECT TABLE_1_2, count(*), sum(TABLE_1_5), avg(DISTINCT TABLE_1_5) FROM TABLE_1 GROUP BY TABLE_1_2 HAVING count(*) > 1 ORDER BY 2 DESC',
  },
  {
    name: 'IN list, BETWEEN, IS NOT NULL, NOT LIKE … ESCAPE',
    smartSql:
      "select {employees:lastName} from {employees} where {employees:deptCode} in ('A00', ?) and {employees:salary} not between 1 and 2 * ? and {employees:managerId} is not null and {employees:lastName} not like '%!%%' escape '!'",
    sql: "SELECT TABLE_1_1 FROM TABLE_1 WHERE TABLE_1_2 IN ('A00', ?) AND TABLE_1_5 NOT BETWEEN 1 AND 2 * ? AND TABLE_1_4 IS NOT NULL AND TABLE_1_1 NOT LIKE '%!%%' ESCAPE '!'",
    parameters: [arg(0), arg(1)],
  },
  {
    name: 'ISNULL / NOTNULL / NOT NULL spellings',
    smartSql:
      'select 1 from {employees} where {employees:managerId} isnull or {employees:deptCode} notnull or {employees:lastName} not null',
    sql: 'SELECT 1 FROM TABLE_1 WHERE TABLE_1_4 ISNULL OR TABLE_1_2 NOTNULL OR TABLE_1_1 NOT NULL',
  },
  {
    name: 'correlated sub-select qualifies the outer reference',
    smartSql:
      'select {departments:name}, (select count(*) from {employees} where {employees:deptCode} = {departments:deptCode}) from {departments}',
    sql: 'SELECT TABLE_2_1, (SELECT count(*) FROM TABLE_1 WHERE TABLE_1_2 = TABLE_2.TABLE_2_0) FROM TABLE_2',
  },
  {
    name: 'EXISTS and NOT EXISTS',
    smartSql:
      'select {departments:name} from {departments} d where not exists (select 1 from {employees} e where e.{employees:deptCode} = d.{departments:deptCode})',
    sql: 'SELECT TABLE_2_1 FROM TABLE_2 AS d WHERE NOT EXISTS (SELECT 1 FROM TABLE_1 AS e WHERE e.TABLE_1_2 = d.TABLE_2_0)',
  },
  {
    name: 'LEFT OUTER JOIN … USING is kept',
    smartSql: 'select 1 from {employees} e left outer join {departments} d using (x)',
    sql: 'SELECT 1 FROM TABLE_1 AS e LEFT OUTER JOIN TABLE_2 AS d USING (x)',
  },
  {
    name: 'CASE, CAST, COLLATE, unary minus, json arrows',
    smartSql:
      "select case when {employees:salary} > 100000 then 'high' else 'low' end, cast({employees:salary} as real), {employees:lastName} collate nocase, -{employees:salary}, {employees:_soup} ->> '$.x' from {employees}",
    sql: "SELECT CASE WHEN TABLE_1_5 > 100000 THEN 'high' ELSE 'low' END, CAST(TABLE_1_5 AS real), TABLE_1_1 COLLATE nocase, -TABLE_1_5, TABLE_1.soup ->> '$.x' FROM TABLE_1",
  },
  {
    name: 'UNION ALL with ORDER BY and LIMIT',
    smartSql:
      'select {employees:lastName} from {employees} union all select {departments:name} from {departments} order by 1 limit 3',
    sql: 'SELECT TABLE_1_1 FROM TABLE_1 UNION ALL SELECT TABLE_2_1 FROM TABLE_2 ORDER BY 1 LIMIT 3',
  },
  {
    name: 'comments disappear; keywords are case-insensitive',
    smartSql: 'SeLeCt /* all */ {employees:lastName} -- the name\nFrOm {employees}',
    sql: 'SELECT TABLE_1_1 FROM TABLE_1',
  },
  {
    name: 'a path without index warns (slow path)',
    smartSql: 'select {employees:address.city} from {employees}',
    sql: "SELECT json_extract(soup, '$.address.city') FROM TABLE_1",
    warnings: ['SMARTSQL_UNINDEXED_PATH'],
  },
  {
    name: 'a quote in a non-indexed path is escaped',
    smartSql: "select {employees:it's} from {employees}",
    sql: "SELECT json_extract(soup, '$.it''s') FROM TABLE_1",
    warnings: ['SMARTSQL_UNINDEXED_PATH'],
  },
  {
    name: 'FTS table joined with its soup: indexed columns are qualified',
    smartSql:
      'select {notes:title}, bm25({notes}_fts) from {notes}, {notes}_fts where {notes}_fts.rowid = {notes:_soupEntryId} and {notes}_fts match ? order by bm25({notes}_fts)',
    sql: 'SELECT TABLE_3.TABLE_3_0, bm25(TABLE_3_fts) FROM TABLE_3, TABLE_3_fts WHERE TABLE_3_fts.rowid = TABLE_3.id AND TABLE_3_fts MATCH ? ORDER BY bm25(TABLE_3_fts)',
    parameters: [arg(0)],
  },
  {
    name: 'full_text path read from the FTS table alone',
    smartSql: 'select rowid, {notes:title} from {notes}_fts',
    sql: 'SELECT rowid, TABLE_3_0 FROM TABLE_3_fts',
  },
  {
    name: 'json_each over an array inside each entry',
    smartSql:
      "select e.{employees:lastName}, t.value from {employees} e, json_each(e.{employees:_soup}, '$.skills') as t where t.value = ?",
    sql: "SELECT e.TABLE_1_1, t.value FROM TABLE_1 AS e, json_each(e.soup, '$.skills') AS t WHERE t.value = ?",
    parameters: [arg(0)],
  },
  {
    name: "* over a soup and json_tree counts the function's 8 columns",
    smartSql: 'select *, {employees:_soup} from {employees}, json_tree({employees:_soup})',
    sql: 'SELECT *, TABLE_1.soup FROM TABLE_1, json_tree(TABLE_1.soup)',
    // employees: 4 + 6 columns, json_tree: 8, then the explicit _soup
    jsonColumns: [1, 18],
  },
  {
    name: 'window functions and aggregate FILTER',
    smartSql:
      'select {employees:lastName}, row_number() over (partition by {employees:deptCode} order by {employees:salary} desc), count(*) filter (where {employees:salary} > ?) over () from {employees}',
    sql: 'SELECT TABLE_1_1, row_number() OVER (PARTITION BY TABLE_1_2 ORDER BY TABLE_1_5 DESC), count(*) FILTER (WHERE TABLE_1_5 > ?) OVER () FROM TABLE_1',
    parameters: [arg(0)],
  },
  {
    name: 'filter, over and partition are still usable as names',
    smartSql: 'select filter, over, partition as x from {employees}',
    sql: 'SELECT filter, over, partition AS x FROM TABLE_1',
  },
  {
    name: 'stacked unary minus never prints as a -- comment',
    smartSql: 'select - -1, -+-{employees:salary}, ~ - 2 from {employees}',
    sql: 'SELECT - -1, - + -TABLE_1_5, ~ -2 FROM TABLE_1',
  },
  {
    name: 'select without FROM',
    smartSql: 'select 1 + 2, ?',
    sql: 'SELECT 1 + 2, ?',
    parameters: [arg(0)],
  },
  {
    name: 'trailing semicolons are fine',
    smartSql: 'select {employees:lastName} from {employees};;',
    sql: 'SELECT TABLE_1_1 FROM TABLE_1',
  },
  {
    name: "double-quoted \"\" (the SDK tests' empty string) becomes ''",
    smartSql: 'select {employees:employeeId} from {employees} where {employees:deptCode} = ""',
    sql: "SELECT TABLE_1_3 FROM TABLE_1 WHERE TABLE_1_2 = ''",
  },
];

describe('compile table', () => {
  it.each(cases)('$name', (c) => {
    const result = tryCompileSmartSql(c.smartSql, catalog);
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
    expect(result.query.sql).toBe(c.sql);
    expect(result.query.parameters).toEqual(c.parameters ?? []);
    expect(result.query.argCount).toBe((c.parameters ?? []).filter((p) => p.kind === 'arg').length);
    expect(result.query.jsonColumns).toEqual(c.jsonColumns ?? []);
    expect(result.query.warnings.map((w) => w.code)).toEqual(c.warnings ?? []);
  });
});
