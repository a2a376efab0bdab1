/**
 * Compiled Smart SQL run on a real SmartStore (in-memory SQLCipher database):
 * the SDK's Smart SQL result cases plus joins, aggregates, MATCH, parameters,
 * paging and count.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  compileSmartSql,
  SmartSqlCompiler,
  type SmartSqlError,
} from '../../../runtime/smartsql/index.js';
import { buildExactQuerySpec, buildSmartQuerySpec } from '../../../runtime/store/query-spec.js';
import { SmartStore } from '../../../runtime/store/smart-store.js';
import { SDK_SOUPS } from './fixtures.js';

let store: SmartStore;

function createEmployee(
  firstName: string,
  lastName: string,
  deptCode: string,
  employeeId: string,
  managerId: string | null,
  salary: number,
  isManager: boolean,
): void {
  store.upsert('employees', [
    { firstName, lastName, deptCode, employeeId, managerId, salary, isManager },
  ]);
}

// The SDK's test data: 7 employees in 2 departments.
function loadData(): void {
  createEmployee('Christine', 'Haas', 'A00', '00010', null, 200000, true);
  createEmployee('Michael', 'Thompson', 'A00', '00020', '00010', 120000, false);
  createEmployee('Sally', 'Kwan', 'A00', '00310', '00010', 100000, false);
  createEmployee('John', 'Geyer', 'B00', '00040', null, 102000, true);
  createEmployee('Irving', 'Stern', 'B00', '00050', '00040', 100000, true);
  createEmployee('Eva', 'Pulaski', 'B00', '00060', '00050', 80000, false);
  createEmployee('Eileen', 'Henderson', 'B00', '00070', '00050', 70000, false);
  store.upsert('departments', [
    { deptCode: 'A00', name: 'Sales', budget: 1000000 },
    { deptCode: 'B00', name: 'R&D', budget: 2000000 },
  ]);
}

function smart(
  smartSql: string,
  pageSize = 10,
  pageIndex = 0,
  args?: readonly (string | number | null)[],
) {
  return store.query(buildSmartQuerySpec({ smartSql, pageSize }), pageIndex, args);
}

beforeEach(() => {
  store = SmartStore.open({ path: ':memory:' });
  for (const [soupName, specs] of SDK_SOUPS) store.registerSoup(soupName, specs);
});

afterEach(() => {
  store.close();
});

describe('SDK result cases on a real store', () => {
  beforeEach(loadData);

  it('count(*)', () => {
    expect(smart('select count(*) from {employees}', 1)).toEqual([[7]]);
  });

  it('sum() of an integer index', () => {
    expect(smart('select sum({departments:budget}) from {departments}', 1)).toEqual([[3000000]]);
  });

  it('one row with one integer', () => {
    expect(
      smart("select {employees:salary} from {employees} where {employees:lastName} = 'Haas'", 1),
    ).toEqual([[200000]]);
  });

  it('self join returning two integers', () => {
    expect(
      smart(
        "select mgr.{employees:salary}, e.{employees:salary} from {employees} as mgr, {employees} as e where e.{employees:lastName} = 'Thompson' and mgr.{employees:employeeId} = e.{employees:managerId}",
        1,
      ),
    ).toEqual([[200000, 120000]]);
  });

  it('two rows ordered', () => {
    expect(
      smart(
        "select {employees:salary} from {employees} where {employees:managerId} = '00010' order by {employees:firstName}",
        2,
      ),
    ).toEqual([[120000], [100000]]);
  });

  it('_soup comes back as the parsed entry, beside plain columns', () => {
    const [christine] = store.query(
      buildExactQuerySpec({ soupName: 'employees', indexPath: 'employeeId', matchKey: '00010' }),
    );
    const rows = smart(
      "select {employees:_soup}, {employees:firstName}, {employees:salary} from {employees} where {employees:lastName} = 'Haas'",
      1,
    );
    expect(rows).toEqual([[christine, 'Christine', 200000]]);
  });

  it('metadata paths', () => {
    const rows = smart(
      "select {employees:_soup}, {employees:_soupEntryId}, {employees:_soupLastModifiedDate}, {employees:_soupCreatedDate} from {employees} where {employees:lastName} = 'Haas'",
      1,
    ) as unknown[][];
    const [entry, id, lastModified, created] = rows[0] ?? [];
    const soup = entry as Record<string, unknown>;
    expect(id).toBe(soup._soupEntryId);
    expect(lastModified).toBe(soup._soupLastModifiedDate);
    expect(typeof created).toBe('number');
    expect(soup).not.toHaveProperty('_soupCreatedDate');
  });

  it('paging a smart spec page by page, and count', () => {
    const spec = buildSmartQuerySpec({
      smartSql: 'select {employees:firstName} from {employees} order by {employees:firstName}',
      pageSize: 1,
    });
    expect(store.count(spec)).toBe(7);
    const names = ['Christine', 'Eileen', 'Eva', 'Irving', 'John', 'Michael', 'Sally'];
    names.forEach((name, page) => {
      expect(store.query(spec, page)).toEqual([[name]]);
    });
    expect(store.query(spec, 7)).toEqual([]);
  });

  it('json1 booleans compare as 1/0', () => {
    expect(
      smart(
        'select {employees:employeeId} from {employees} where {employees:isManager} = 1 order by {employees:employeeId}',
      ),
    ).toEqual([['00010'], ['00040'], ['00050']]);
  });

  it('join across soups with || and ORDER BY', () => {
    const rows = smart(
      "select {departments:name}, {employees:firstName} || ' ' || {employees:lastName} from {employees}, {departments} where {departments:deptCode} = {employees:deptCode} order by {departments:name}, {employees:lastName}",
      3,
    );
    expect(rows).toEqual([
      ['R&D', 'John Geyer'],
      ['R&D', 'Eileen Henderson'],
      ['R&D', 'Eva Pulaski'],
    ]);
  });

  it('aggregates with GROUP BY and HAVING', () => {
    expect(
      smart(
        'select {employees:deptCode}, count(*), max({employees:salary}) from {employees} group by {employees:deptCode} having count(*) > 3 order by 1',
      ),
    ).toEqual([['B00', 4, 102000]]);
  });

  it('json1 paths in a join run (the SDK fails with "ambiguous column name: soup")', () => {
    store.upsert('departments', [{ deptCode: 'C00', name: 'Ops', budget: 5, building: 'HQ' }]);
    createEmployee('Ann', 'Lee', 'C00', '00900', null, 1, false);
    const rows = smart(
      'select e.{employees:lastName}, {departments:building} from {employees} as e, {departments} where e.{employees:deptCode} = {departments:deptCode} and {departments:building} is not null',
    );
    expect(rows).toEqual([['Lee', 'HQ']]);
  });

  it('window function ranking within each department', () => {
    expect(
      smart(
        'select {employees:lastName}, rank() over (partition by {employees:deptCode} order by {employees:salary} desc) as r from {employees} order by {employees:deptCode}, r',
      ),
    ).toEqual([
      ['Haas', 1],
      ['Thompson', 2],
      ['Kwan', 3],
      ['Geyer', 1],
      ['Stern', 2],
      ['Pulaski', 3],
      ['Henderson', 4],
    ]);
  });

  it('aggregate FILTER with a parameter', () => {
    expect(
      smart(
        'select count(*), count(*) filter (where {employees:salary} >= ?) from {employees}',
        1,
        0,
        [100000],
      ),
    ).toEqual([[7, 5]]);
  });

  it('json_each reads arrays inside entries', () => {
    store.upsert('employees', [
      { employeeId: '201', lastName: 'Ng', skills: ['sql', 'ts'] },
      { employeeId: '202', lastName: 'Ode', skills: ['go'] },
    ]);
    expect(
      smart(
        "select e.{employees:lastName}, s.value from {employees} e, json_each(e.{employees:_soup}, '$.skills') s where s.value <> ? order by 1, 2",
        10,
        0,
        ['go'],
      ),
    ).toEqual([
      ['Ng', 'sql'],
      ['Ng', 'ts'],
    ]);
  });

  it('* over json_each counts its 8 columns', () => {
    const rows = smart(
      "select *, {departments:_soup} from {departments}, json_each('[1]') where {departments:deptCode} = 'A00'",
    ) as unknown[][];
    const row = rows[0] ?? [];
    // departments: 4 + 3 columns, json_each: 8, then the explicit _soup at 15
    expect(row).toHaveLength(16);
    expect(row[15]).toMatchObject({ name: 'Sales' });
  });

  it('correlated sub-select', () => {
    expect(
      smart(
        'select {departments:name}, (select count(*) from {employees} where {employees:deptCode} = {departments:deptCode}) from {departments} order by 1',
      ),
    ).toEqual([
      ['R&D', 4],
      ['Sales', 3],
    ]);
  });

  it('parameters bind positionally (whereArgs), including LIMIT', () => {
    const sql =
      'select {employees:lastName} from {employees} where {employees:deptCode} = ? and {employees:salary} >= ? order by {employees:lastName} limit ?';
    expect(smart(sql, 10, 0, ['A00', 100000, 2])).toEqual([['Haas'], ['Kwan']]);
    expect(smart(sql, 10, 0, ['B00', 90000, 5])).toEqual([['Geyer'], ['Stern']]);
  });

  it('a wrong number of arguments is a typed error', () => {
    expect(() =>
      smart('select 1 from {employees} where {employees:lastName} = ?', 10, 0, []),
    ).toThrow(expect.objectContaining({ code: 'SMARTSQL_ARG_COUNT' }) as SmartSqlError);
  });

  it('non-indexed paths work through json_extract', () => {
    store.upsert('employees', [
      { employeeId: '101', address: { city: 'San Francisco', zipcode: 94105 } },
      { employeeId: '102', address: { city: 'New York City', zipcode: 10004 } },
    ]);
    expect(
      smart(
        'select {employees:employeeId}, {employees:address.zipcode} from {employees} where {employees:address.city} = ? order by {employees:employeeId}',
        10,
        0,
        ['San Francisco'],
      ),
    ).toEqual([['101', 94105]]);
  });

  it('"" compares as an empty string (SQLite quirk the SDK relies on)', () => {
    store.upsert('employees', [{ employeeId: '003', deptCode: '' }]);
    expect(
      smart('select {employees:employeeId} from {employees} where {employees:deptCode} = ""'),
    ).toEqual([['003']]);
  });
});

describe('full-text MATCH', () => {
  beforeEach(() => {
    store.upsert('notes', [
      { title: 'Shopping list', body: "milk, eggs, baker's bread", kind: 'todo' },
      { title: 'Trip', body: 'pack the bread knife', kind: 'plan' },
      { title: 'Bread recipe', body: 'flour and water', kind: 'recipe' },
    ]);
  });

  it('SDK style: rowid sub-select on {soup}_fts with a ? key', () => {
    expect(
      smart(
        'select {notes:title} from {notes} where {notes:_soupEntryId} in (select rowid from {notes}_fts where {notes}_fts match ?) order by {notes:title}',
        10,
        0,
        ['bread'],
      ),
    ).toEqual([['Bread recipe'], ['Shopping list'], ['Trip']]);
  });

  it('SDK style literal key with {soup:path} column filter, bound not pasted', () => {
    const smartSql =
      "select {notes:title} from {notes} where {notes:_soupEntryId} in (select rowid from {notes}_fts where {notes}_fts match '{notes:title}:bread') order by {notes:title}";
    expect(compileSmartSql(smartSql, store.catalog).parameters).toEqual([
      { kind: 'value', value: 'TABLE_3_0:bread' },
    ]);
    expect(smart(smartSql)).toEqual([['Bread recipe']]);
  });

  it("a ' in a literal key does not break the statement (it does in the SDK)", () => {
    expect(
      smart(
        "select {notes:title} from {notes} where {notes:_soupEntryId} in (select rowid from {notes}_fts where {notes}_fts match '\"baker''s\"')",
      ),
    ).toEqual([['Shopping list']]);
  });

  it('MATCH directly on a full_text path', () => {
    expect(
      smart(
        'select {notes:_soup} from {notes} where {notes:body} match ? order by {notes:kind}',
        10,
        0,
        ['bread'],
      ).map((row) => ((row as unknown[])[0] as { title: string }).title),
    ).toEqual(['Trip', 'Shopping list']);
  });

  it('NOT MATCH on a full_text path', () => {
    expect(
      smart(
        "select {notes:kind} from {notes} where {notes:title} not match 'bread' order by {notes:kind}",
      ),
    ).toEqual([['plan'], ['todo']]);
  });

  it('count works on a MATCH smart spec', () => {
    expect(
      store.count(
        buildSmartQuerySpec({
          smartSql:
            'select {notes:_soup} from {notes} where {notes:_soupEntryId} in (select rowid from {notes}_fts where {notes}_fts match ?)',
        }),
        ['bread'],
      ),
    ).toBe(3);
  });
});

describe('_soup selection and the result shape', () => {
  beforeEach(loadData);

  it('alias.* returns the entry at the soup column', () => {
    const rows = smart(
      "select d.* from {departments} d where d.{departments:deptCode} = 'A00'",
    ) as unknown[][];
    const row = rows[0] ?? [];
    expect(row[1]).toMatchObject({ deptCode: 'A00', name: 'Sales' });
    expect(row[0]).toBe((row[1] as { _soupEntryId: number })._soupEntryId);
  });

  it("* over a join reports each soup column, at the store's real column positions", () => {
    const query = compileSmartSql(
      "select d.*, e.*, e.{employees:_soup} from {departments} d join {employees} e on e.{employees:deptCode} = d.{departments:deptCode} where e.{employees:lastName} = 'Haas'",
      store.catalog,
    );
    // departments: id, soup, created, lastModified + 3 index columns; employees: 4 + 6.
    expect(query.jsonColumns).toEqual([1, 8, 17]);
    const rows = smart(query.smartSql) as unknown[][];
    expect(rows).toHaveLength(1);
    const row = rows[0] ?? [];
    expect(row).toHaveLength(18);
    expect(row[1]).toMatchObject({ name: 'Sales' });
    expect(row[8]).toMatchObject({ lastName: 'Haas' });
    expect(row[17]).toEqual(row[8]);
  });

  it('column positions still hold after alterSoup', () => {
    store.alterSoup(
      'departments',
      [
        { path: 'budget', type: 'integer' },
        { path: 'name', type: 'string' },
        { path: 'building', type: 'json1' },
        { path: 'floor', type: 'integer' },
      ],
      true,
    );
    const query = compileSmartSql(
      "select *, {departments:_soup} from {departments} where {departments:name} = 'R&D'",
      store.catalog,
    );
    expect(query.jsonColumns).toEqual([1, 7]);
    const row = (smart(query.smartSql) as unknown[][])[0] ?? [];
    expect(row).toHaveLength(8);
    expect(row[1]).toMatchObject({ name: 'R&D' });
    expect(row[7]).toEqual(row[1]);
  });

  it('an aliased _soup stays raw JSON text', () => {
    const rows = smart(
      "select {departments:_soup} as raw from {departments} where {departments:deptCode} = 'B00'",
    ) as unknown[][];
    expect(typeof rows[0]?.[0]).toBe('string');
    expect(JSON.parse(rows[0]?.[0] as string)).toMatchObject({ name: 'R&D' });
  });
});

describe('compile cache against the store catalog', () => {
  it('recompiles after a soup change (schemaVersion)', () => {
    const compiler = new SmartSqlCompiler(store.catalog);
    const text = 'select {extra:a} from {extra}';
    expect(() => compiler.compile(text)).toThrow(/Unknown soup "extra"/);
    store.registerSoup('extra', [{ path: 'a', type: 'string' }]);
    const first = compiler.compile(text);
    expect(first.sql).toBe('SELECT TABLE_4_0 FROM TABLE_4');
    expect(compiler.compile(text)).toBe(first);
    store.dropSoup('extra');
    expect(() => compiler.compile(text)).toThrow(/Unknown soup "extra"/);
  });
});

describe('long literals', () => {
  it('compile and run a string literal and a quoted name of ten million characters', () => {
    loadData();
    const long = 'x'.repeat(10_000_000);
    const [[value]] = smart(`select '${long}' from {employees} limit 1`) as [[string]];
    expect(value.length).toBe(10_000_000);
    const escaped = `it''s ${'y'.repeat(10_000_000)}`;
    const [[quoted]] = smart(`select '${escaped}' from {employees} limit 1`) as [[string]];
    expect(quoted.startsWith("it's yyy")).toBe(true);
    const [[aliased]] = smart(`select 1 as "${long}" from {employees} limit 1`) as [[number]];
    expect(aliased).toBe(1);
  });
});
