/**
 * The emulated org's data: ids, stamps, write validation, cascade delete, the
 * recycle bin, the control API and seed records, through real jsforce.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmulatorError, startEmulator } from '../../emulator/index.js';
import { idSuffix, isWellFormedId } from '../../emulator/org/ids.js';
import { rejectionOf, useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';
import { tempDir } from '../helpers/store-helpers.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

describe('record ids', () => {
  it('are 18 characters with the type key prefix and a valid checksum', async () => {
    const conn = org.connect();
    const result = await conn.sobject('Account').create({ Name: 'Id Co' });
    if (!result.success) throw new Error('create failed');
    expect(result.id).toMatch(/^001[0-9A-Za-z]{12}[A-Z0-5]{3}$/);
    expect(result.id.slice(15)).toBe(idSuffix(result.id.slice(0, 15)));
    expect(isWellFormedId(result.id)).toBe(true);
    // The platform's own example: 001A0000006Vm9r → 001A0000006Vm9rIAC.
    expect(idSuffix('001A0000006Vm9r')).toBe('IAC');
    // A 15-character id reads the same record.
    const record = await conn.sobject('Account').retrieve(result.id.slice(0, 15));
    expect(record.Id).toBe(result.id);
  });
});

describe('stamps', () => {
  it('every write stamps CreatedDate, LastModifiedDate and SystemModstamp, strictly increasing', async () => {
    const conn = org.connect();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await conn.sobject('Account').create({ Name: `Stamp ${i}` });
      if (result.success) ids.push(result.id);
    }
    const records = await conn
      .sobject('Account')
      .retrieve(ids, { fields: ['CreatedDate', 'LastModifiedDate', 'SystemModstamp'] });
    const stamps = records.map((r) => String(r?.SystemModstamp));
    for (const stamp of stamps)
      expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(5);
    await conn.sobject('Account').update({ Id: ids[0] as string, Name: 'Stamp changed' });
    const [changed] = await conn
      .sobject('Account')
      .retrieve([ids[0] as string], { fields: ['CreatedDate', 'SystemModstamp'] });
    expect(String(changed?.SystemModstamp) > (stamps.at(-1) as string)).toBe(true);
    expect(changed?.CreatedDate).toBe(records[0]?.CreatedDate);
  });

  it('follow the emulator clock', async () => {
    const { emulator } = org;
    emulator.clock.set(Date.UTC(2030, 0, 2, 3, 4, 5, 6));
    const [id] = emulator.org.insert('Account', [{ Name: 'Future' }]);
    // The clock keeps running after set(): allow the milliseconds the insert took.
    const created = Date.parse(
      String(emulator.org.get('Account', id as string)?.CreatedDate).replace('+0000', 'Z'),
    );
    expect(created - Date.UTC(2030, 0, 2, 3, 4, 5, 6)).toBeGreaterThanOrEqual(0);
    expect(created - Date.UTC(2030, 0, 2, 3, 4, 5, 6)).toBeLessThan(5_000);
    expect(String(emulator.org.get('Account', id as string)?.CreatedDate)).toMatch(/\+0000$/);
    emulator.clock.advance(60_000);
    expect(emulator.clock.now()).toBeGreaterThanOrEqual(Date.UTC(2030, 0, 2, 3, 5, 5, 6));
    emulator.clock.set(Date.now());
  });
});

describe('write validation from the describe', () => {
  it.each([
    [
      'an unknown field',
      { Name: 'X', Nope__c: 1 },
      'INVALID_FIELD',
      /No such column 'Nope__c' on sobject of type Account/,
    ],
    [
      'a required field missing',
      { Industry: 'Energy' },
      'REQUIRED_FIELD_MISSING',
      /^Required fields are missing: \[Name\]$/,
    ],
    ['a required field empty', { Name: '' }, 'REQUIRED_FIELD_MISSING', /\[Name\]/],
    [
      'a string over its length',
      { Name: 'x'.repeat(256) },
      'STRING_TOO_LONG',
      /^Account Name: data value too large: x+\.\.\. \(max length=255\)$/,
    ],
    [
      'a field that is not createable',
      { Name: 'X', CreatedDate: '2020-01-01T00:00:00Z' },
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      /Unable to create\/update fields: CreatedDate/,
    ],
    [
      'a value of the wrong type',
      { Name: 'X', NumberOfEmployees: 'many' },
      'JSON_PARSER_ERROR',
      /Cannot deserialize instance of int/,
    ],
    [
      'a reference to a missing record',
      { Name: 'X', ParentId: `001EM0000000zzz${idSuffix('001EM0000000zzz')}` },
      'INVALID_CROSS_REFERENCE_KEY',
      /invalid cross reference id/,
    ],
    [
      'a malformed reference',
      { Name: 'X', ParentId: 'not-an-id' },
      'MALFORMED_ID',
      /id value of incorrect type/,
    ],
    [
      'a bad value for a restricted picklist',
      { Name: 'X', Rating: 'Lukewarm' },
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      /bad value for restricted picklist field: Lukewarm/,
    ],
  ])('refuses %s', async (_, fields, errorCode, message) => {
    const error = await rejectionOf(org.connect().sobject('Account').create(fields));
    expect(error.errorCode).toBe(errorCode);
    expect(error.message).toMatch(message);
  });

  it('refuses a duplicate unique external id with DUPLICATE_VALUE, naming the other record', async () => {
    const conn = org.connect();
    const first = await conn
      .sobject('Account')
      .create({ Name: 'Unique', External_Key__c: 'EXT-DUP' });
    if (!first.success) throw new Error('create failed');
    const error = await rejectionOf(
      conn.sobject('Account').create({ Name: 'Again', External_Key__c: 'ext-dup' }),
    );
    expect(error.errorCode).toBe('DUPLICATE_VALUE');
    expect(error.message).toBe(
      `duplicate value found: External_Key__c duplicates value on record with id: ${first.id}`,
    );
  });

  it('refuses non-updateable fields and empty required fields on update', async () => {
    const conn = org.connect();
    const created = await conn.sobject('Contact').create({ LastName: 'Doe' });
    if (!created.success) throw new Error('create failed');
    expect(
      (await rejectionOf(conn.sobject('Contact').update({ Id: created.id, LastName: '' })))
        .errorCode,
    ).toBe('REQUIRED_FIELD_MISSING');
    expect(
      (
        await rejectionOf(
          conn.sobject('Contact').update({ Id: created.id, CreatedDate: '2020-01-01T00:00:00Z' }),
        )
      ).errorCode,
    ).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    const contact = await conn.sobject('Contact').retrieve(created.id);
    expect(contact.LastName).toBe('Doe');
    expect(contact.Name).toBe('Doe');
  });
});

describe('delete, cascade and the recycle bin', () => {
  it('deleting an Account deletes its Contacts and Opportunities (cascadeDelete), not unrelated records', async () => {
    const { emulator } = org;
    const conn = org.connect();
    const [account, other] = emulator.org.insert('Account', [
      { Name: 'Parent' },
      { Name: 'Other' },
    ]) as [string, string];
    const [contact] = emulator.org.insert('Contact', [
      { LastName: 'Child', AccountId: account },
    ]) as [string];
    const [kept] = emulator.org.insert('Contact', [{ LastName: 'Kept', AccountId: other }]) as [
      string,
    ];
    const [opportunity] = emulator.org.insert('Opportunity', [
      { Name: 'Deal', StageName: 'Prospecting', CloseDate: '2026-12-31', AccountId: account },
    ]) as [string];
    await conn.sobject('Account').destroy(account);
    expect(emulator.org.get('Contact', contact)).toBeUndefined();
    expect(emulator.org.get('Opportunity', opportunity)).toBeUndefined();
    expect(emulator.org.get('Contact', kept)).toBeDefined();
    expect(emulator.org.deleted('Contact').map((r) => r.Id)).toContain(contact);
    const gone = await rejectionOf(conn.sobject('Contact').retrieve(contact));
    expect(gone.errorCode).toBe('NOT_FOUND');
    expect((await rejectionOf(conn.sobject('Account').destroy(account))).errorCode).toBe(
      'ENTITY_IS_DELETED',
    );
    expect(
      (await rejectionOf(conn.sobject('Account').retrieve('001EM0000000000zzz'))).errorCode,
    ).toBe('NOT_FOUND');
  });
});

describe('the control API', () => {
  it('inserts, updates, reads, deletes and marks records recently viewed', async () => {
    const { emulator } = org;
    const ids = emulator.org.insert('Account', [{ Name: 'Ctl A' }, { Name: 'Ctl B' }]);
    expect(ids).toHaveLength(2);
    emulator.org.update('Account', ids[0] as string, { Industry: 'Energy' });
    expect(emulator.org.get('Account', ids[0] as string)).toMatchObject({
      Name: 'Ctl A',
      Industry: 'Energy',
    });
    expect(emulator.org.all('Account').map((r) => r.Name)).toEqual(
      expect.arrayContaining(['Ctl A', 'Ctl B']),
    );
    emulator.org.markRecentlyViewed('Account', [ids[1] as string, ids[0] as string]);
    const basic = (await org
      .connect()
      .request(`/services/data/v${emulator.apiVersion}/sobjects/Account`)) as {
      recentItems: { Id: string; Name: string; attributes: { type: string } }[];
    };
    expect(basic.recentItems.slice(0, 2).map((r) => r.Name)).toEqual(['Ctl A', 'Ctl B']);
    expect(basic.recentItems[0]?.attributes.type).toBe('Account');
    emulator.org.delete('Account', ids[1] as string);
    expect(emulator.org.get('Account', ids[1] as string)).toBeUndefined();
    expect(() => emulator.org.insert('Account', [{ Name: 'ok' }, {}])).toThrow(
      expect.objectContaining({
        code: 'EMULATOR_WRITE_REFUSED',
        platformCode: 'REQUIRED_FIELD_MISSING',
      }),
    );
    expect(emulator.org.all('Account').some((r) => r.Name === 'ok')).toBe(false);
  });
});

describe('seed records', () => {
  it('start an org with data, children pointing at parents by @ref', async () => {
    const file = join(tempDir(), 'seed.json');
    await writeFile(
      file,
      JSON.stringify({
        Account: [{ '@ref': 'acme', Name: 'Acme' }],
        Contact: [{ LastName: 'Doe', AccountId: '@acme' }],
      }),
    );
    const seeded = await startEmulator({ describes: SAMPLE_DESCRIBES, records: file });
    try {
      const acme = seeded.seedIds.get('acme') as string;
      expect(seeded.org.all('Contact')[0]?.AccountId).toBe(acme);
    } finally {
      await seeded.close();
    }
    await writeFile(file, JSON.stringify({ Contact: [{ LastName: 'Doe', AccountId: '@nobody' }] }));
    await expect(startEmulator({ describes: SAMPLE_DESCRIBES, records: file })).rejects.toThrow(
      EmulatorError,
    );
    await writeFile(file, JSON.stringify({ Account: [{}] }));
    await expect(startEmulator({ describes: SAMPLE_DESCRIBES, records: file })).rejects.toThrow(
      /Account\[0\]: REQUIRED_FIELD_MISSING/,
    );
  });
});
