/**
 * SOQL names in any case, through real jsforce: types, fields, parent paths,
 * child relationships and ORDER BY written in lower case answer with the
 * describe's names in record keys and `attributes.type`, as an org does; and
 * malformed ids in an id filter are refused as the platform refuses them.
 */
import { describe, expect, it } from 'vitest';
import { rejectionOf, useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({
  describes: SAMPLE_DESCRIBES,
  records: {
    Account: [
      { '@ref': 'acme', Name: 'Acme', Industry: 'Energy' },
      { '@ref': 'globex', Name: 'Globex', Industry: 'Media' },
      { Name: 'Beta', Industry: 'Energy' },
    ],
    Contact: [
      { LastName: 'Doe', AccountId: '@acme' },
      { LastName: 'Roe', AccountId: '@acme' },
      { LastName: 'Smith', AccountId: '@globex' },
    ],
  },
});

type Row = Record<string, unknown>;

async function query(soql: string): Promise<{ totalSize: number; records: Row[] }> {
  return (await org.connect().query(soql)) as never;
}

const failure = (soql: string) => rejectionOf(query(soql));

describe('names in any case', () => {
  it('select name, id from account answers with the API names', async () => {
    const result = await query(
      "select name, id from account where industry = 'energy' order by name",
    );
    expect(result.records.map((r) => Object.keys(r))).toEqual([
      ['attributes', 'Name', 'Id'],
      ['attributes', 'Name', 'Id'],
    ]);
    expect(result.records.map((r) => r.Name)).toEqual(['Acme', 'Beta']);
    expect(result.records[0]?.attributes).toMatchObject({
      type: 'Account',
      url: expect.stringMatching(/\/sobjects\/Account\/001/),
    });
  });

  it('parent paths and child sub-queries in lower case', async () => {
    const contacts = await query(
      "SELECT lastname, account.name FROM contact WHERE account.industry = 'media'",
    );
    expect(contacts.records).toHaveLength(1);
    const [smith] = contacts.records as [Row];
    expect(smith.LastName).toBe('Smith');
    expect(smith.Account).toMatchObject({ attributes: { type: 'Account' }, Name: 'Globex' });
    const accounts = await query(
      "select name, (select lastname from contacts order by lastname desc) from account where name = 'acme'",
    );
    const [acme] = accounts.records as [Row];
    expect(Object.keys(acme)).toEqual(['attributes', 'Name', 'Contacts']);
    const children = acme.Contacts as { records: Row[] };
    expect(children.records.map((r) => r.LastName)).toEqual(['Roe', 'Doe']);
    expect(children.records[0]?.attributes).toMatchObject({ type: 'Contact' });
  });

  it('owner.name resolves to the running user, answered as Owner.Name', async () => {
    const result = await query("select owner.name from account where name = 'acme'");
    expect(result.records[0]?.Owner).toMatchObject({
      attributes: { type: 'User' },
      Name: expect.any(String),
    });
  });

  it('the query builder on a lower-case type, with conditions and sort', async () => {
    const conn = org.connect();
    const records = (await conn
      .sobject('account')
      .find({ industry: 'Energy' }, 'name, industry')
      .sort('-name')) as Row[];
    expect(records.map((r) => r.Name)).toEqual(['Beta', 'Acme']);
    expect(Object.keys(records[0] ?? {})).toEqual(['attributes', 'Name', 'Industry']);
    expect(await conn.sobject('account').count({ industry: 'Energy' })).toBe(2);
    expect(await conn.sobject('Contact').count()).toBe(3);
  });
});

describe('malformed ids in an id filter', () => {
  it('answers INVALID_QUERY_FILTER_OPERATOR "invalid ID field" for =, != and IN, on Id and references', async () => {
    for (const soql of [
      "SELECT Id FROM Account WHERE Id = 'bad'",
      "SELECT Id FROM Account WHERE Id != 'bad'",
      "SELECT Id FROM Contact WHERE AccountId IN ('001000000000000AAA', 'bad')",
      "SELECT Id FROM Contact WHERE accountid NOT IN ('bad')",
    ]) {
      const error = await failure(soql);
      expect(error.errorCode).toBe('INVALID_QUERY_FILTER_OPERATOR');
      expect(error.message).toMatch(/invalid ID field: bad$/);
    }
  });

  it('accepts 15- and 18-character ids and null', async () => {
    const acme = org.emulator.seedIds.get('acme') as string;
    const by18 = await query(`SELECT Name FROM Account WHERE Id = '${acme}'`);
    const by15 = await query(`SELECT Name FROM Account WHERE Id IN ('${acme.slice(0, 15)}')`);
    expect(by18.records.map((r) => r.Name)).toEqual(['Acme']);
    expect(by15.records.map((r) => r.Name)).toEqual(['Acme']);
    const contacts = await query(
      `SELECT LastName FROM Contact WHERE AccountId = '${acme.slice(0, 15)}' ORDER BY LastName`,
    );
    expect(contacts.records.map((r) => r.LastName)).toEqual(['Doe', 'Roe']);
    expect((await query('SELECT Id FROM Contact WHERE AccountId = null')).totalSize).toBe(0);
    // An empty id matches nothing (the SDK's mobilesync.js sends `Id IN ('')` with no ids).
    expect((await query("SELECT Id FROM Account WHERE Id IN ('')")).totalSize).toBe(0);
  });

  it('through the query builder too', async () => {
    const error = await org
      .connect()
      .sobject('Account')
      .find({ Id: { $in: ['nope'] } })
      .then(
        () => undefined,
        (e: unknown) => e as { errorCode: string },
      );
    expect(error?.errorCode).toBe('INVALID_QUERY_FILTER_OPERATOR');
  });
});
