/**
 * Aggregate SOQL through real jsforce: COUNT/COUNT_DISTINCT/SUM/AVG/MIN/MAX,
 * GROUP BY (fields and parent paths), ROLLUP and CUBE subtotal rows with
 * GROUPING(), HAVING, aliases and `exprN` names, ORDER BY and LIMIT on
 * groups, `AggregateResult` rows; FIELDS() with its LIMIT rule; and the
 * platform's errors for misuse.
 */
import { describe, expect, it } from 'vitest';
import { groupRecords } from '../../emulator/soql/aggregate.js';
import { rejectionOf, useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({
  describes: SAMPLE_DESCRIBES,
  records: {
    Account: [
      {
        '@ref': 'acme',
        Name: 'Acme',
        Industry: 'Banking',
        Type: 'Prospect',
        NumberOfEmployees: 500,
      },
      {
        '@ref': 'globex',
        Name: 'Globex',
        Industry: 'Technology',
        Type: 'Prospect',
        NumberOfEmployees: 45,
      },
      { Name: 'Initech', Industry: 'Banking', Type: 'Other', NumberOfEmployees: 120 },
      { Name: 'Umbrella', Industry: 'banking' },
      { Name: 'Hooli', Industry: 'Technology', Type: 'Other', NumberOfEmployees: 300 },
      { Name: 'Nulled', Type: 'Prospect', NumberOfEmployees: 10, Customer_Since__c: '2020-01-02' },
    ],
    Contact: [
      { LastName: 'Doe', AccountId: '@acme' },
      { LastName: 'Roe', AccountId: '@acme' },
      { LastName: 'Smith', AccountId: '@globex' },
      { LastName: 'Solo' },
    ],
  },
});

type Row = Record<string, unknown>;
const AGGREGATE = { type: 'AggregateResult' };

async function query(soql: string): Promise<{ totalSize: number; done: boolean; records: Row[] }> {
  return (await org.connect().query(soql)) as never;
}

const failure = (soql: string) => rejectionOf(query(soql));

describe('aggregate functions', () => {
  it('without GROUP BY: one AggregateResult row named expr0, expr1, …', async () => {
    const result = await query(
      'SELECT COUNT(Id), COUNT(NumberOfEmployees), COUNT_DISTINCT(Industry), SUM(NumberOfEmployees), AVG(NumberOfEmployees), MIN(Name), MAX(NumberOfEmployees) FROM Account',
    );
    expect(result).toMatchObject({ totalSize: 1, done: true });
    expect(result.records).toEqual([
      {
        attributes: AGGREGATE,
        expr0: 6,
        expr1: 5,
        expr2: 2, // Banking and banking are one value
        expr3: 975,
        expr4: 195,
        expr5: 'Acme',
        expr6: 500,
      },
    ]);
  });

  it('over no records: counts are 0, the others null', async () => {
    const result = await query(
      "SELECT COUNT(Id) n, SUM(NumberOfEmployees) s, MAX(Name) m FROM Account WHERE Name = 'none'",
    );
    expect(result.records).toEqual([{ attributes: AGGREGATE, n: 0, s: null, m: null }]);
  });
});

describe('GROUP BY', () => {
  it('groups with aliases and unaliased exprN, ordered by a grouped field', async () => {
    const result = await query(
      'SELECT Industry ind, COUNT(Id) c, SUM(NumberOfEmployees) FROM Account GROUP BY Industry ORDER BY Industry NULLS LAST',
    );
    expect(result.totalSize).toBe(3);
    expect(result.records).toEqual([
      { attributes: AGGREGATE, ind: 'Banking', c: 3, expr0: 620 },
      { attributes: AGGREGATE, ind: 'Technology', c: 2, expr0: 345 },
      { attributes: AGGREGATE, ind: null, c: 1, expr0: 10 },
    ]);
  });

  it('HAVING on an aggregate and on a grouped field; ORDER BY an aggregate; LIMIT', async () => {
    const having = await query(
      'SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING COUNT(Id) > 1 ORDER BY COUNT(Id) DESC',
    );
    expect(having.records.map((r) => [r.Industry, r.expr0])).toEqual([
      ['Banking', 3],
      ['Technology', 2],
    ]);
    const byField = await query(
      "select industry, max(numberofemployees) top from account group by industry having industry = 'technology'",
    );
    expect(byField.records).toEqual([{ attributes: AGGREGATE, Industry: 'Technology', top: 300 }]);
    const limited = await query(
      'SELECT Industry, SUM(NumberOfEmployees) total FROM Account GROUP BY Industry ORDER BY SUM(NumberOfEmployees) ASC LIMIT 2',
    );
    expect(limited.records.map((r) => [r.Industry, r.total])).toEqual([
      [null, 10],
      ['Technology', 345],
    ]);
  });

  it('by several fields and by a parent path (answered under the field name)', async () => {
    const pairs = await query(
      'SELECT Industry, Type, COUNT(Id) n FROM Account WHERE Industry != null GROUP BY Industry, Type ORDER BY Industry, Type NULLS LAST',
    );
    expect(pairs.records.map((r) => [r.Industry, r.Type, r.n])).toEqual([
      ['Banking', 'Other', 1],
      ['Banking', 'Prospect', 1],
      ['banking', null, 1],
      ['Technology', 'Other', 1],
      ['Technology', 'Prospect', 1],
    ]);
    const parents = await query(
      'SELECT Account.Name, COUNT(Id) FROM Contact GROUP BY Account.Name ORDER BY Account.Name',
    );
    expect(parents.records).toEqual([
      { attributes: AGGREGATE, Name: null, expr0: 1 },
      { attributes: AGGREGATE, Name: 'Acme', expr0: 2 },
      { attributes: AGGREGATE, Name: 'Globex', expr0: 1 },
    ]);
  });

  it('COUNT() with GROUP BY answers the number of groups', async () => {
    const result = await query('SELECT COUNT() FROM Account GROUP BY Industry');
    expect(result.totalSize).toBe(3);
    expect(result.records).toEqual([]);
  });

  it('ROLLUP adds a subtotal after each group and a grand total last', async () => {
    const result = await query(
      'SELECT Industry, Type, GROUPING(Industry) gi, GROUPING(Type) gt, COUNT(Id) n FROM Account GROUP BY ROLLUP(Industry, Type)',
    );
    expect(result.records.map((r) => [r.Industry, r.Type, r.gi, r.gt, r.n])).toEqual([
      [null, 'Prospect', 0, 0, 1],
      [null, null, 0, 1, 1],
      ['banking', null, 0, 0, 1],
      ['Banking', 'Other', 0, 0, 1],
      ['Banking', 'Prospect', 0, 0, 1],
      ['Banking', null, 0, 1, 3],
      ['Technology', 'Other', 0, 0, 1],
      ['Technology', 'Prospect', 0, 0, 1],
      ['Technology', null, 0, 1, 2],
      [null, null, 1, 1, 6],
    ]);
  });

  it('CUBE adds subtotals for every combination; ORDER BY GROUPING() sorts them', async () => {
    const result = await query(
      'SELECT Industry, Type, GROUPING(Industry) gi, GROUPING(Type) gt, COUNT(Id) n FROM Account GROUP BY CUBE(Industry, Type) ORDER BY GROUPING(Industry), GROUPING(Type), COUNT(Id) DESC',
    );
    expect(result.totalSize).toBe(13);
    expect(result.records.slice(-4).map((r) => [r.Industry, r.Type, r.gi, r.gt, r.n])).toEqual([
      [null, 'Prospect', 1, 0, 3],
      [null, 'Other', 1, 0, 2],
      [null, null, 1, 0, 1],
      [null, null, 1, 1, 6],
    ]);
  });
});

describe('refused aggregate queries', () => {
  it('a field neither grouped nor aggregated', async () => {
    const error = await failure('select name, count(id) from account');
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toMatch(/Field must be grouped or aggregated: Name$/);
    const grouped = await failure('SELECT Name, Industry FROM Account GROUP BY Industry');
    expect(grouped.message).toMatch(/Field must be grouped or aggregated: Name$/);
    const ordered = await failure(
      'SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry ORDER BY Name',
    );
    expect(ordered.message).toMatch(/Ordered field must be grouped or aggregated: Name$/);
  });

  it('SUM of a text field, an aggregate in WHERE, an unknown field', async () => {
    const sum = await failure('SELECT SUM(Name) FROM Account');
    expect(sum.errorCode).toBe('MALFORMED_QUERY');
    expect(sum.message).toMatch(/does not support aggregate operator SUM/);
    expect((await failure('SELECT Id FROM Account WHERE COUNT(Id) > 1')).errorCode).toBe(
      'MALFORMED_QUERY',
    );
    expect((await failure('SELECT MAX(Nope__c) FROM Account')).errorCode).toBe('INVALID_FIELD');
  });

  it('a HAVING on a field that is not grouped', async () => {
    const error = await failure(
      'SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING Name = null',
    );
    expect(error.message).toMatch(/Field must be grouped or aggregated: Name$/);
  });

  it("fields the describe marks not groupable or not aggregatable (a textarea's Description)", async () => {
    const grouped = await failure('SELECT Description FROM Account GROUP BY Description');
    expect(grouped.errorCode).toBe('MALFORMED_QUERY');
    expect(grouped.message).toMatch(/field 'Description' can not be grouped in a query call$/);
    const max = await failure('SELECT MAX(Description) FROM Account');
    expect(max.message).toMatch(/field Description does not support aggregate operator MAX$/);
    // COUNT takes any field.
    expect((await query('SELECT COUNT(Description) FROM Account')).records).toHaveLength(1);
  });

  it('more groups than one batch: the REST API cannot page aggregate results', async () => {
    const emulator = org.emulator;
    emulator.org.insert(
      'Contact',
      Array.from({ length: 2001 }, (_, i) => ({ LastName: `Group ${i}` })),
    );
    const error = await failure('SELECT LastName, COUNT(Id) FROM Contact GROUP BY LastName');
    expect(error.message).toMatch(/Aggregate query does not support queryMore\(\)/);
    const limited = await query(
      'SELECT LastName, COUNT(Id) FROM Contact GROUP BY LastName LIMIT 2000',
    );
    expect(limited.records).toHaveLength(2000);
  });
});

describe('groupRecords', () => {
  it('groups past 120,000 distinct values (no spread of every group as arguments)', () => {
    const records = Array.from({ length: 130_000 }, (_, i) => ({ Name: `n${i}` }));
    const groups = groupRecords(
      records,
      { kind: 'plain', items: [{ kind: 'field', path: ['Name'] }] },
      [(record) => record.Name],
    );
    expect(groups).toHaveLength(130_000);
  });
});

describe('FIELDS()', () => {
  it('STANDARD selects the standard fields of the describe, with no LIMIT needed', async () => {
    const result = await query("SELECT FIELDS(STANDARD) FROM Account WHERE Name = 'Nulled'");
    const keys = Object.keys(result.records[0] ?? {});
    expect(keys).toContain('Id');
    expect(keys).toContain('Name');
    expect(keys).toContain('NumberOfEmployees');
    expect(keys.some((k) => k.endsWith('__c'))).toBe(false);
  });

  it('CUSTOM and ALL, with a LIMIT of at most 200', async () => {
    const custom = await query(
      "SELECT FIELDS(CUSTOM) FROM Account WHERE Name = 'Nulled' LIMIT 200",
    );
    expect(custom.records[0]).toEqual({
      attributes: expect.objectContaining({ type: 'Account' }),
      Customer_Since__c: '2020-01-02',
      External_Key__c: null,
      Segments__c: null,
    });
    const all = await query('select name, fields(custom), industry from account limit 1');
    expect(Object.keys(all.records[0] ?? {})).toEqual([
      'attributes',
      'Name',
      'Customer_Since__c',
      'External_Key__c',
      'Segments__c',
      'Industry',
    ]);
    for (const soql of [
      'SELECT FIELDS(ALL) FROM Account',
      'SELECT FIELDS(CUSTOM) FROM Account LIMIT 201',
    ]) {
      const error = await failure(soql);
      expect(error.errorCode).toBe('MALFORMED_QUERY');
      expect(error.message).toMatch(/The SOQL FIELDS function must have a LIMIT of at most 200$/);
    }
  });

  it('refuses a field selected twice and FIELDS() with GROUP BY', async () => {
    const twice = await failure('SELECT Id, FIELDS(ALL) FROM Account LIMIT 10');
    expect(twice.errorCode).toBe('INVALID_FIELD');
    expect(twice.message).toMatch(/duplicate field selected: Id$/);
    const grouped = await failure('SELECT FIELDS(STANDARD) FROM Account GROUP BY Industry');
    expect(grouped.errorCode).toBe('MALFORMED_QUERY');
  });
});
