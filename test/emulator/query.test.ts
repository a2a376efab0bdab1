/**
 * SOQL against the emulated org through real jsforce: fields, parent paths,
 * child sub-queries, WHERE, ORDER BY, LIMIT/OFFSET, COUNT(), paging with
 * batchSize and snapshot cursors, queryAll, and the platform's errors.
 */
import { describe, expect, it } from 'vitest';
import { rejectionOf, useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({
  describes: SAMPLE_DESCRIBES,
  records: {
    Account: [
      { '@ref': 'acme', Name: 'Acme', Industry: 'Energy', NumberOfEmployees: 500 },
      { '@ref': 'globex', Name: 'Globex', Industry: 'Media', NumberOfEmployees: 45 },
      { '@ref': 'initech', Name: 'initech', NumberOfEmployees: 120 },
      { Name: 'Umbrella', Industry: 'Energy' },
    ],
    Contact: [
      { LastName: 'Doe', FirstName: 'Jane', AccountId: '@acme' },
      { LastName: 'Roe', AccountId: '@acme' },
      { LastName: 'Smith', AccountId: '@globex' },
    ],
  },
});

type Row = Record<string, unknown>;

async function query(soql: string): Promise<{ totalSize: number; done: boolean; records: Row[] }> {
  return (await org.connect().query(soql, { autoFetch: false })) as never;
}

const failure = (soql: string) => rejectionOf(query(soql));

describe('SELECT', () => {
  it('returns records with attributes and the selected fields', async () => {
    const result = await query("SELECT Id, Name FROM Account WHERE Name = 'acme'");
    expect(result.totalSize).toBe(1);
    expect(result.done).toBe(true);
    const [acme] = result.records;
    expect(acme?.attributes).toEqual({
      type: 'Account',
      url: `/services/data/v${org.emulator.apiVersion}/sobjects/Account/${org.emulator.seedIds.get('acme')}`,
    });
    expect(Object.keys(acme ?? {})).toEqual(['attributes', 'Id', 'Name']);
  });

  it('follows parent relationship paths, null when there is no parent', async () => {
    const result = await query(
      'SELECT LastName, Account.Name, Account.Industry FROM Contact ORDER BY LastName',
    );
    expect(
      result.records.map((r) => [r.LastName, (r.Account as Row | null)?.Name ?? null]),
    ).toEqual([
      ['Doe', 'Acme'],
      ['Roe', 'Acme'],
      ['Smith', 'Globex'],
    ]);
    expect(((result.records[0] as Row).Account as Row).attributes).toMatchObject({
      type: 'Account',
    });
    const orphan = org.emulator.org.insert('Contact', [{ LastName: 'Orphan' }])[0] as string;
    const none = await query(`SELECT Account.Name FROM Contact WHERE Id = '${orphan}'`);
    expect(none.records[0]?.Account).toBeNull();
    org.emulator.org.delete('Contact', orphan);
  });

  it('runs child sub-queries, null when there are no children', async () => {
    const result = await query(
      "SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName DESC) FROM Account WHERE Name IN ('Acme', 'Umbrella') ORDER BY Name",
    );
    const [acme, umbrella] = result.records;
    expect(acme?.Contacts).toMatchObject({ totalSize: 2, done: true });
    expect(((acme as Row).Contacts as { records: Row[] }).records.map((r) => r.LastName)).toEqual([
      'Roe',
      'Doe',
    ]);
    expect(umbrella?.Contacts).toBeNull();
  });

  it('COUNT() answers the count and no records', async () => {
    const result = await query("SELECT COUNT() FROM Account WHERE Industry = 'Energy'");
    expect(result).toMatchObject({ totalSize: 2, records: [] });
  });
});

describe('WHERE', () => {
  it.each([
    ["Industry = 'Energy' OR Industry = 'Media' AND NumberOfEmployees > 100", ['Acme', 'Umbrella']],
    ["(Industry = 'Energy' OR Industry = 'Media') AND NumberOfEmployees > 100", ['Acme']],
    ["NOT Industry = 'Energy'", ['Globex', 'initech']],
    ['Industry != null', ['Acme', 'Globex', 'Umbrella']],
    ['Industry = null', ['initech']],
    ["Industry != 'Energy'", ['Globex', 'initech']],
    ["Industry NOT IN ('Energy')", ['Globex', 'initech']],
    ["Name LIKE 'IN%'", ['initech']],
    ["Name LIKE '_lobe%'", ['Globex']],
    ['NumberOfEmployees >= 120 AND NumberOfEmployees <= 500', ['Acme', 'initech']],
    ['Id IN (SELECT AccountId FROM Contact)', ['Acme', 'Globex']],
    [
      "Id NOT IN (SELECT AccountId FROM Contact WHERE LastName = 'Smith')",
      ['Acme', 'initech', 'Umbrella'],
    ],
    ['CreatedDate > 2000-01-01T00:00:00Z', ['Acme', 'Globex', 'initech', 'Umbrella']],
    ['CreatedDate < 2000-01-01T00:00:00.000+0000', []],
    [
      'CreatedDate > 2000-01-01T00:00:00+01:00 AND CreatedDate = LAST_N_DAYS:2',
      ['Acme', 'Globex', 'initech', 'Umbrella'],
    ],
  ])('%s', async (where, names) => {
    const result = await query(`SELECT Name FROM Account WHERE ${where} ORDER BY Name`);
    expect(
      result.records
        .map((r) => r.Name)
        .filter((n) => ['Acme', 'Globex', 'initech', 'Umbrella'].includes(n as string)),
    ).toEqual(names);
  });

  it('filters on a parent path', async () => {
    const result = await query("SELECT LastName FROM Contact WHERE Account.Name = 'Globex'");
    expect(result.records.map((r) => r.LastName)).toEqual(['Smith']);
  });

  it('INCLUDES / EXCLUDES on a multi-select picklist, also as jsforce $includes / $excludes', async () => {
    const ids = org.emulator.org.insert('Account', [
      { Name: 'Multi 1', Segments__c: 'SMB;Enterprise' },
      { Name: 'Multi 2', Segments__c: 'Enterprise' },
      { Name: 'Multi 3' },
    ]);
    try {
      const names = async (where: string) =>
        (
          await query(
            `SELECT Name FROM Account WHERE Name LIKE 'Multi%' AND ${where} ORDER BY Name`,
          )
        ).records.map((r) => r.Name);
      expect(await names("Segments__c INCLUDES ('enterprise')")).toEqual(['Multi 1', 'Multi 2']);
      expect(await names("Segments__c INCLUDES ('SMB;Enterprise', 'Public Sector')")).toEqual([
        'Multi 1',
      ]);
      expect(await names("Segments__c EXCLUDES ('SMB')")).toEqual(['Multi 2', 'Multi 3']);
      const accounts = org.connect().sobject('Account');
      const found = await accounts.find({ Segments__c: { $includes: ['SMB'] } }, 'Name');
      expect(found.map((r) => r.Name)).toEqual(['Multi 1']);
      expect(
        await accounts.count({
          Name: { $like: 'Multi%' },
          Segments__c: { $excludes: ['Enterprise'] },
        }),
      ).toBe(1);
      const error = await failure("SELECT Id FROM Account WHERE Name INCLUDES ('Acme')");
      expect(error.errorCode).toBe('INVALID_QUERY_FILTER_OPERATOR');
    } finally {
      for (const id of ids) org.emulator.org.delete('Account', id);
    }
  });
});

describe('ORDER BY, LIMIT, OFFSET', () => {
  it('orders by several keys, ignoring case, nulls first ascending and last descending by default', async () => {
    const names = async (order: string) =>
      (
        await query(
          `SELECT Name FROM Account WHERE Name IN ('Acme','Globex','initech','Umbrella') ORDER BY ${order}`,
        )
      ).records.map((r) => r.Name);
    expect(await names('Name')).toEqual(['Acme', 'Globex', 'initech', 'Umbrella']);
    expect(await names('Industry, Name DESC')).toEqual(['initech', 'Umbrella', 'Acme', 'Globex']);
    expect(await names('Industry DESC')).toEqual(['Globex', 'Acme', 'Umbrella', 'initech']);
    expect(await names('Industry NULLS LAST, Name')).toEqual([
      'Acme',
      'Umbrella',
      'Globex',
      'initech',
    ]);
    expect(await names('Name LIMIT 2 OFFSET 1')).toEqual(['Globex', 'initech']);
  });
});

describe('paging', () => {
  it('pages of 2000 by default and of batchSize when asked, with a stable cursor while records change', async () => {
    const { emulator } = org;
    const ids = emulator.org.insert(
      'Invoice__c',
      Array.from({ length: 450 }, (_, i) => ({
        Account__c: emulator.seedIds.get('acme'),
        Amount__c: i,
        Due_Date__c: '2026-12-31',
      })),
    );
    const conn = org.connect();
    const soql = 'SELECT Id, Amount__c FROM Invoice__c ORDER BY Amount__c';
    const whole = (await conn.query(soql, { autoFetch: false })) as {
      totalSize: number;
      done: boolean;
      records: Row[];
    };
    expect(whole).toMatchObject({ totalSize: 450, done: true });
    expect(whole.records).toHaveLength(450);

    const first = (await conn.query(soql, {
      autoFetch: false,
      headers: { 'Sforce-Query-Options': 'batchSize=200' },
    })) as { totalSize: number; done: boolean; nextRecordsUrl: string; records: Row[] };
    expect(first).toMatchObject({ totalSize: 450, done: false });
    expect(first.records).toHaveLength(200);
    expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v[\d.]+\/query\/01g[0-9A-Za-z]+-200$/);
    expect(emulator.requests.at(-1)?.headers).toEqual({ 'sforce-query-options': 'batchSize=200' });
    // Changes between page requests do not shift the pages of this cursor.
    emulator.org.delete('Invoice__c', ids[0] as string);
    emulator.org.insert('Invoice__c', [
      { Account__c: emulator.seedIds.get('acme'), Amount__c: -1, Due_Date__c: '2026-12-31' },
    ]);
    const second = (await conn.queryMore(first.nextRecordsUrl)) as never as {
      done: boolean;
      nextRecordsUrl: string;
      records: Row[];
    };
    const third = (await conn.queryMore(second.nextRecordsUrl)) as never as {
      done: boolean;
      records: Row[];
    };
    expect(third.done).toBe(true);
    const amounts = [...first.records, ...second.records, ...third.records].map((r) => r.Amount__c);
    expect(amounts).toEqual(Array.from({ length: 450 }, (_, i) => i));
    // batchSize is held to the platform's 200..2000.
    const small = (await conn.query(soql, {
      autoFetch: false,
      headers: { 'Sforce-Query-Options': 'batchSize=10' },
    })) as { records: Row[] };
    expect(small.records).toHaveLength(200);
    // jsforce's autoFetch walks every page.
    const all = await conn
      .query(soql, { headers: { 'Sforce-Query-Options': 'batchSize=200' } })
      .run({ autoFetch: true, maxFetch: 10_000 });
    expect((all as { records: Row[] }).records).toHaveLength(450);
  });

  it('answers INVALID_QUERY_LOCATOR for an unknown or expired locator', async () => {
    const conn = org.connect();
    await expect(conn.queryMore('01gEM9999999999AAA-200')).rejects.toMatchObject({
      errorCode: 'INVALID_QUERY_LOCATOR',
    });
    const page = (await conn.query('SELECT Id FROM Invoice__c', {
      autoFetch: false,
      headers: { 'Sforce-Query-Options': 'batchSize=200' },
    })) as { nextRecordsUrl: string };
    org.emulator.clock.advance(16 * 60 * 1000);
    await expect(conn.queryMore(page.nextRecordsUrl)).rejects.toMatchObject({
      errorCode: 'INVALID_QUERY_LOCATOR',
    });
    org.emulator.clock.advance(-16 * 60 * 1000);
  });
});

describe('queryAll', () => {
  it('includes recycle-bin records with IsDeleted true; query does not', async () => {
    const { emulator } = org;
    const [id] = emulator.org.insert('Account', [{ Name: 'Binned' }]) as [string];
    emulator.org.delete('Account', id);
    const conn = org.connect();
    expect((await query("SELECT Id FROM Account WHERE Name = 'Binned'")).totalSize).toBe(0);
    const all = (await conn.request(
      `/services/data/v${emulator.apiVersion}/queryAll?q=${encodeURIComponent("SELECT Id, IsDeleted FROM Account WHERE Name = 'Binned'")}`,
    )) as { records: Row[] };
    expect(all.records).toMatchObject([{ Id: id, IsDeleted: true }]);
  });
});

describe('errors', () => {
  it('refuses aliases and functions in SELECT outside aggregate queries', async () => {
    const alias = await failure('SELECT Name n FROM Account');
    expect(alias.errorCode).toBe('MALFORMED_QUERY');
    expect(alias.message).toMatch(/Only aggregate expressions use field aliasing$/);
    expect((await failure('SELECT CALENDAR_YEAR(CreatedDate) FROM Account')).errorCode).toBe(
      'MALFORMED_QUERY',
    );
  });

  it('MALFORMED_QUERY, INVALID_FIELD and INVALID_TYPE with the platform message shape', async () => {
    const malformed = await failure('SELECT FROM Account');
    expect(malformed.errorCode).toBe('MALFORMED_QUERY');
    expect(malformed.message).toContain('ERROR at Row:1:Column:');
    const field = await failure('SELECT Id, Nope__c FROM Account');
    expect(field.errorCode).toBe('INVALID_FIELD');
    expect(field.message).toContain("No such column 'Nope__c' on entity 'Account'");
    const relationship = await failure('SELECT Nope__r.Name FROM Account');
    expect(relationship.errorCode).toBe('INVALID_FIELD');
    expect(relationship.message).toContain("Didn't understand relationship 'Nope__r'");
    const type = await failure('SELECT Id FROM Nope__c');
    expect(type.errorCode).toBe('INVALID_TYPE');
    expect(type.message).toContain("sObject type 'Nope__c' is not supported");
  });
});

describe('?explain= (Query#explain)', () => {
  it('answers the query plan: the matching count and the table size, as a table scan', async () => {
    const plan = (await org
      .connect()
      .query("SELECT Id FROM account WHERE Industry = 'Energy'")
      .explain()) as unknown as { plans: Record<string, unknown>[]; sourceQuery: string };
    expect(plan.plans).toEqual([
      {
        cardinality: 2,
        fields: [],
        leadingOperationType: 'TableScan',
        notes: [],
        relativeCost: 0.5,
        sobjectCardinality: 4,
        sobjectType: 'Account',
      },
    ]);
    expect(plan.sourceQuery).toContain('FROM account');
  });

  it('answers the platform error for a query it cannot parse', async () => {
    await expect(org.connect().query('SELECT FROM').explain()).rejects.toMatchObject({
      errorCode: 'MALFORMED_QUERY',
    });
  });
});
