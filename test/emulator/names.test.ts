/**
 * sObject and field names in any case, as the platform takes them, through
 * real jsforce: Collections update (jsforce 3 sends a lowercase `id`), create
 * with `attributes.type` in lower case, `sobject('contact')` for every row
 * call, body keys and `?fields=` in any case; answers always name things
 * canonically, and unknown names still fail with `INVALID_FIELD`.
 */
import { describe, expect, it } from 'vitest';
import { rejectionOf, useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

type Row = Record<string, unknown>;

function okIds(results: { success: boolean; id?: string }[]): string[] {
  for (const result of results) expect(result).toMatchObject({ success: true });
  return results.map((r) => r.id as string);
}

describe('Collections through jsforce', () => {
  it('updates several records by the lowercase id jsforce 3 sends, and they change', async () => {
    const conn = org.connect();
    const ids = okIds(
      await conn.sobject('Account').create([{ Name: 'Case A' }, { Name: 'Case B' }]),
    );
    const results = await conn.sobject('Account').update([
      { Id: ids[0] as string, Name: 'Case A2' },
      { Id: ids[1] as string, Name: 'Case B2' },
    ]);
    expect(org.emulator.requests.at(-1)?.body).toMatchObject({
      records: [{ id: ids[0] }, { id: ids[1] }],
    });
    expect(results).toEqual([
      { id: ids[0], success: true, errors: [] },
      { id: ids[1], success: true, errors: [] },
    ]);
    const back = (await conn.sobject('Account').retrieve(ids as string[])) as Row[];
    expect(back.map((r) => r.Name)).toEqual(['Case A2', 'Case B2']);
  });

  it('creates with attributes.type in lower case and answers the canonical type', async () => {
    const conn = org.connect();
    const [account] = okIds(await conn.sobject('Account').create([{ Name: 'Lower Co' }]));
    const created = (await conn.request({
      method: 'POST',
      url: `/services/data/v${org.emulator.apiVersion}/composite/sobjects`,
      body: JSON.stringify({
        allOrNone: true,
        records: [{ attributes: { type: 'contact' }, lastname: 'Lowercase', accountid: account }],
      }),
      headers: { 'content-type': 'application/json' },
    })) as { id: string; success: boolean }[];
    const [id] = okIds(created);
    const contact = (await conn.sobject('Contact').retrieve(id as string)) as Row;
    expect(contact.attributes).toMatchObject({ type: 'Contact' });
    expect(contact).toMatchObject({ LastName: 'Lowercase', AccountId: account });
    expect(contact).not.toHaveProperty('lastname');
  });

  it('upserts by an external id field named in lower case', async () => {
    const conn = org.connect();
    const results = await conn.sobject('account').upsert(
      [
        { Name: 'Ext One', external_key__c: 'names-1' },
        { Name: 'Ext Two', external_key__c: 'names-2' },
      ],
      'external_key__c',
    );
    expect(results.map((r) => [r.success, r.created])).toEqual([
      [true, true],
      [true, true],
    ]);
    // jsforce names the field the same in the URL and the body; another client may not.
    const again = (await conn.request({
      method: 'PATCH',
      url: `/services/data/v${org.emulator.apiVersion}/composite/sobjects/Account/External_Key__c`,
      body: JSON.stringify({
        records: [
          { attributes: { type: 'ACCOUNT' }, name: 'Ext One+', EXTERNAL_KEY__C: 'names-1' },
        ],
      }),
      headers: { 'content-type': 'application/json' },
    })) as { success: boolean; created: boolean; id: string }[];
    expect(again[0]).toMatchObject({ success: true, created: false, id: results[0]?.id });
    const record = (await conn.sobject('Account').retrieve(results[0]?.id as string)) as Row;
    expect(record).toMatchObject({ Name: 'Ext One+', External_Key__c: 'names-1' });
  });
});

describe('sObject rows in any case', () => {
  it('creates, retrieves, updates, upserts and destroys through sobject("contact")', async () => {
    const conn = org.connect();
    const contacts = conn.sobject('contact');
    const created = await contacts.create({ lastname: 'Rowcase', FIRSTNAME: 'Ann' });
    if (!created.success) throw new Error('create failed');
    const location = org.emulator.requests.at(-1);
    expect(location).toMatchObject({ method: 'POST', path: expect.stringContaining('/contact') });
    const record = (await contacts.retrieve(created.id, { fields: ['name', 'lastname'] })) as Row;
    expect(record).toEqual({
      attributes: {
        type: 'Contact',
        url: `/services/data/v${org.emulator.apiVersion}/sobjects/Contact/${created.id}`,
      },
      Name: 'Ann Rowcase',
      LastName: 'Rowcase',
      Id: created.id,
    });
    const updated = await contacts.update({ Id: created.id, title: 'Boss' });
    expect(updated).toMatchObject({ success: true });
    expect(org.emulator.org.get('Contact', created.id)).toMatchObject({ Title: 'Boss' });
    const upserted = await contacts.upsert({ email: 'row@example.com', lastname: 'Up' }, 'email');
    expect(upserted).toMatchObject({ success: true, created: true });
    await contacts.destroy(created.id);
    expect(org.emulator.org.get('Contact', created.id)).toBeUndefined();
  });

  it('answers the canonical Location for a create at /sobjects/contact', async () => {
    const response = await fetch(
      `${org.emulator.url}/services/data/v${org.emulator.apiVersion}/sobjects/contact`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${org.emulator.accessToken}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ LastName: 'Located' }),
      },
    );
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(response.headers.get('location')).toBe(
      `/services/data/v${org.emulator.apiVersion}/sobjects/Contact/${id}`,
    );
  });

  it('refuses unknown body fields and unknown ?fields= with INVALID_FIELD', async () => {
    const conn = org.connect();
    const write = await rejectionOf(conn.sobject('Account').create({ Name: 'x', Nope__c: 1 }));
    expect(write).toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(write.message).toContain("No such column 'Nope__c' on sobject of type Account");
    const created = await conn.sobject('Account').create({ Name: 'Fields Co' });
    if (!created.success) throw new Error('create failed');
    const read = await rejectionOf(
      conn.sobject('Account').retrieve(created.id, { fields: ['Name', 'Nope__c'] }),
    );
    expect(read).toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(read.message).toContain("No such column 'Nope__c' on entity 'Account'");
  });
});
