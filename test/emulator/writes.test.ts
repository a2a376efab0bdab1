/**
 * Writes through real jsforce: sObject rows (create, retrieve with fields,
 * update with If-Unmodified-Since, upsert by external id, delete), composite
 * (references, allOrNone rollback, PROCESSING_HALTED), composite/batch, and
 * sObject Collections (mixed success, allOrNone, limits, retrieve).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import { rejectionOf, useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

type Row = Record<string, unknown>;

function base(): string {
  return `/services/data/v${org.emulator.apiVersion}`;
}

describe('sObject rows', () => {
  it('creates (201 with Location), retrieves with ?fields=, updates (204) and deletes (204)', async () => {
    const conn = org.connect();
    const created = await conn.sobject('Account').create({ Name: 'Row Co', Industry: 'Energy' });
    if (!created.success) throw new Error('create failed');
    expect(org.emulator.requests.at(-1)).toMatchObject({
      method: 'POST',
      status: 201,
      body: { Name: 'Row Co', Industry: 'Energy' },
    });
    const some = await conn.sobject('Account').retrieve(created.id, { fields: ['Name'] });
    expect(Object.keys(some)).toEqual(['attributes', 'Name', 'Id']);
    await conn.sobject('Account').update({ Id: created.id, Industry: 'Media' });
    expect(org.emulator.requests.at(-1)).toMatchObject({ method: 'PATCH', status: 204 });
    expect((await conn.sobject('Account').retrieve(created.id)).Industry).toBe('Media');
    await conn.sobject('Account').destroy(created.id);
    expect(org.emulator.requests.at(-1)).toMatchObject({ method: 'DELETE', status: 204 });
    // Read, a deleted record is not there; written to, it is deleted (as on the platform).
    expect((await rejectionOf(conn.sobject('Account').retrieve(created.id))).errorCode).toBe(
      'NOT_FOUND',
    );
    expect(
      (await rejectionOf(conn.sobject('Account').update({ Id: created.id, Name: 'x' }))).errorCode,
    ).toBe('ENTITY_IS_DELETED');
  });

  it('answers 412 to a PATCH with If-Unmodified-Since older than the record', async () => {
    const conn = org.connect();
    const created = await conn.sobject('Account').create({ Name: 'Guarded' });
    if (!created.success) throw new Error('create failed');
    const url = `${base()}/sobjects/Account/${created.id}`;
    const past = new Date(Date.now() - 3_600_000).toUTCString();
    const error = await rejectionOf(
      conn.request({
        method: 'PATCH',
        url,
        body: JSON.stringify({ Name: 'Late' }),
        headers: { 'If-Unmodified-Since': past, 'Content-Type': 'application/json' },
      }),
    );
    expect(error.errorCode).toBe('PRECONDITION_FAILED');
    expect(org.emulator.requests.at(-1)).toMatchObject({
      status: 412,
      headers: { 'if-unmodified-since': past },
    });
    const future = new Date(Date.now() + 3_600_000).toUTCString();
    await conn.request({
      method: 'PATCH',
      url,
      body: JSON.stringify({ Name: 'On time' }),
      headers: { 'If-Unmodified-Since': future, 'Content-Type': 'application/json' },
    });
    expect((await conn.sobject('Account').retrieve(created.id)).Name).toBe('On time');
  });

  it('upserts by external id: 201 created, 200 updated, 300 when ambiguous', async () => {
    const conn = org.connect();
    const url = (value: string) => `${base()}/sobjects/Invoice__c/Reference__c/${value}`;
    const [account] = org.emulator.org.insert('Account', [{ Name: 'Upsert parent' }]) as [string];
    const body = JSON.stringify({ Account__c: account, Amount__c: 10, Due_Date__c: '2026-12-31' });
    const created = (await conn.request({
      method: 'PATCH',
      url: url('INV-1'),
      body,
      headers: { 'Content-Type': 'application/json' },
    })) as Row;
    expect(created).toMatchObject({ success: true, created: true, errors: [] });
    expect(org.emulator.requests.at(-1)?.status).toBe(201);
    const updated = (await conn.request({
      method: 'PATCH',
      url: url('INV-1'),
      body: JSON.stringify({ Amount__c: 20 }),
      headers: { 'Content-Type': 'application/json' },
    })) as Row;
    expect(updated).toMatchObject({ id: created.id, success: true, created: false });
    expect(org.emulator.requests.at(-1)?.status).toBe(200);
    expect(org.emulator.org.get('Invoice__c', created.id as string)?.Amount__c).toBe(20);
    // jsforce's own upsert goes the same way.
    const viaSobject = await conn
      .sobject('Invoice__c')
      .upsert(
        { Reference__c: 'INV-2', Account__c: account, Amount__c: 1, Due_Date__c: '2026-12-31' },
        'Reference__c',
      );
    expect(viaSobject).toMatchObject({ success: true });
    // A field that is not an external id cannot key an upsert.
    const notExternal = await rejectionOf(
      conn.request({
        method: 'PATCH',
        url: `${base()}/sobjects/Account/Name/Twin`,
        body: '{}',
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    expect(notExternal.errorCode).toBe('NOT_FOUND');
  });

  it('answers 300 with the matching records when a non-unique external id matches several', async () => {
    const account = JSON.parse(
      await readFile(join(SAMPLE_DESCRIBES, 'Account.describe.json'), 'utf8'),
    ) as { fields: Row[] };
    for (const field of account.fields) if (field.name === 'External_Key__c') field.unique = false;
    const twins = await startEmulator({ describes: [account] });
    try {
      const ids = twins.org.insert('Account', [
        { Name: 'Twin 1', External_Key__c: 'TWIN' },
        { Name: 'Twin 2', External_Key__c: 'TWIN' },
      ]);
      const response = await fetch(
        `${twins.url}/services/data/v${twins.apiVersion}/sobjects/Account/External_Key__c/TWIN`,
        {
          method: 'PATCH',
          headers: {
            Authorization: `Bearer ${twins.accessToken}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ Name: 'Which one?' }),
        },
      );
      expect(response.status).toBe(300);
      expect(await response.json()).toEqual(
        ids.map((id) => `/services/data/v${twins.apiVersion}/sobjects/Account/${id}`),
      );
    } finally {
      await twins.close();
    }
  });
});

describe('POST /composite', () => {
  it('substitutes @{ref.field} in urls and bodies, answering every sub-request in order', async () => {
    const conn = org.connect();
    const result = (await conn.requestPost(`${base()}/composite`, {
      allOrNone: false,
      compositeRequest: [
        {
          method: 'POST',
          url: `${base()}/sobjects/Account`,
          referenceId: 'newAccount',
          body: { Name: 'Composite Co' },
        },
        {
          method: 'POST',
          url: `${base()}/sobjects/Contact`,
          referenceId: 'newContact',
          body: { LastName: 'Doe', AccountId: '@{newAccount.id}' },
        },
        {
          method: 'GET',
          url: `${base()}/sobjects/Account/@{newAccount.id}?fields=Name`,
          referenceId: 'readBack',
        },
        {
          method: 'POST',
          url: `${base()}/sobjects/Contact`,
          referenceId: 'bad',
          body: { FirstName: 'No last name' },
        },
        {
          method: 'POST',
          url: `${base()}/sobjects/Contact`,
          referenceId: 'dependent',
          body: { LastName: 'X', ReportsToId: '@{bad.id}' },
        },
      ],
    })) as {
      compositeResponse: {
        body: unknown;
        httpHeaders: Row;
        httpStatusCode: number;
        referenceId: string;
      }[];
    };
    const [account, contact, readBack, bad, dependent] = result.compositeResponse;
    expect(account).toMatchObject({
      httpStatusCode: 201,
      referenceId: 'newAccount',
      body: { success: true },
    });
    expect(account?.httpHeaders.Location).toMatch(/\/sobjects\/Account\/001/);
    expect(contact?.httpStatusCode).toBe(201);
    expect(
      org.emulator.org.get('Contact', ((contact as Row).body as Row).id as string)?.AccountId,
    ).toBe(((account as Row).body as Row).id);
    expect(readBack).toMatchObject({
      httpStatusCode: 200,
      body: { Name: 'Composite Co' },
      httpHeaders: {},
    });
    expect(bad?.httpStatusCode).toBe(400);
    expect(bad?.body).toEqual([
      {
        message: 'Required fields are missing: [LastName]',
        errorCode: 'REQUIRED_FIELD_MISSING',
        fields: ['LastName'],
      },
    ]);
    expect(dependent?.httpStatusCode).toBe(400);
    expect(((dependent as Row).body as Row[])[0]?.errorCode).toBe('PROCESSING_HALTED');
  });

  it('allOrNone rolls every sub-request back when one fails', async () => {
    const conn = org.connect();
    const before = org.emulator.org.all('Account').length;
    const result = (await conn.requestPost(`${base()}/composite`, {
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: `${base()}/sobjects/Account`,
          referenceId: 'a1',
          body: { Name: 'Rolled back' },
        },
        { method: 'POST', url: `${base()}/sobjects/Account`, referenceId: 'a2', body: {} },
        {
          method: 'POST',
          url: `${base()}/sobjects/Account`,
          referenceId: 'a3',
          body: { Name: 'Never run' },
        },
      ],
    })) as { compositeResponse: { body: Row[]; httpStatusCode: number }[] };
    expect(result.compositeResponse.map((r) => [r.httpStatusCode, r.body[0]?.errorCode])).toEqual([
      [400, 'PROCESSING_HALTED'],
      [400, 'REQUIRED_FIELD_MISSING'],
      [400, 'PROCESSING_HALTED'],
    ]);
    expect(org.emulator.org.all('Account').length).toBe(before);
  });

  it('refuses more than 25 sub-requests', async () => {
    const compositeRequest = Array.from({ length: 26 }, (_, i) => ({
      method: 'GET',
      url: `${base()}/sobjects/Account/describe`,
      referenceId: `r${i}`,
    }));
    const error = await rejectionOf(
      org.connect().requestPost(`${base()}/composite`, { compositeRequest }),
    );
    expect(error.errorCode).toBe('LIMIT_EXCEEDED');
  });
});

describe('POST /composite/batch', () => {
  it('runs independent requests and halts after an error when asked', async () => {
    const version = `v${org.emulator.apiVersion}`;
    const result = (await org.connect().requestPost(`${base()}/composite/batch`, {
      haltOnError: true,
      batchRequests: [
        { method: 'GET', url: `${version}/sobjects/Account/describe` },
        { method: 'POST', url: `${version}/sobjects/Account`, richInput: {} },
        { method: 'GET', url: `${version}/sobjects/Contact/describe` },
      ],
    })) as { hasErrors: boolean; results: { statusCode: number; result: unknown }[] };
    expect(result.hasErrors).toBe(true);
    expect(result.results.map((r) => r.statusCode)).toEqual([200, 400, 412]);
    expect(((result.results[0] as Row).result as Row).name).toBe('Account');
  });
});

describe('sObject Collections', () => {
  it('create answers one result per record in request order, with mixed success', async () => {
    const results = (await org.connect().requestPost(`${base()}/composite/sobjects`, {
      allOrNone: false,
      records: [
        { attributes: { type: 'Account' }, Name: 'Coll A' },
        { attributes: { type: 'Account' } },
        { attributes: { type: 'Contact' }, LastName: 'Coll C' },
        { attributes: { type: 'Nope__c' }, Name: 'x' },
      ],
    })) as {
      id?: string;
      success: boolean;
      errors: { statusCode: string; message: string; fields: string[] }[];
    }[];
    expect(results.map((r) => r.success)).toEqual([true, false, true, false]);
    expect(results[1]?.errors).toEqual([
      {
        statusCode: 'REQUIRED_FIELD_MISSING',
        message: 'Required fields are missing: [Name]',
        fields: ['Name'],
      },
    ]);
    expect(results[3]?.errors[0]?.statusCode).toBe('INVALID_TYPE');
    expect(results[0]?.id).toMatch(/^001/);
    expect(results[2]?.id).toMatch(/^003/);
  });

  it('allOrNone rolls every record back when one fails', async () => {
    const before = org.emulator.org.all('Account').length;
    const results = (await org.connect().requestPost(`${base()}/composite/sobjects`, {
      allOrNone: true,
      records: [
        { attributes: { type: 'Account' }, Name: 'Coll rollback' },
        { attributes: { type: 'Account' } },
      ],
    })) as { success: boolean; errors: { statusCode: string }[] }[];
    expect(results.map((r) => r.errors[0]?.statusCode)).toEqual([
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'REQUIRED_FIELD_MISSING',
    ]);
    expect(org.emulator.org.all('Account').length).toBe(before);
  });

  it('update, upsert, retrieve and delete', async () => {
    const conn = org.connect();
    const [a, b] = org.emulator.org.insert('Account', [{ Name: 'U1' }, { Name: 'U2' }]) as [
      string,
      string,
    ];
    const [gone] = org.emulator.org.insert('Account', [{ Name: 'Gone' }]) as [string];
    org.emulator.org.delete('Account', gone);
    const updated = (await conn.request({
      method: 'PATCH',
      url: `${base()}/composite/sobjects`,
      body: JSON.stringify({
        records: [
          { attributes: { type: 'Account' }, Id: a, Industry: 'Energy' },
          { attributes: { type: 'Account' }, Id: gone, Industry: 'Energy' },
          {
            attributes: { type: 'Account' },
            Id: `001EM0000000zzz${'AAA'}`.slice(0, 15),
            Industry: 'Energy',
          },
        ],
      }),
      headers: { 'Content-Type': 'application/json' },
    })) as { id?: string; success: boolean; errors: { statusCode: string }[] }[];
    expect(updated.map((r) => r.success)).toEqual([true, false, false]);
    expect(updated[1]?.errors[0]?.statusCode).toBe('ENTITY_IS_DELETED');
    expect(updated[2]?.errors[0]?.statusCode).toBe('INVALID_CROSS_REFERENCE_KEY');

    const upserted = (await conn.request({
      method: 'PATCH',
      url: `${base()}/composite/sobjects/Account/External_Key__c`,
      body: JSON.stringify({
        records: [
          { attributes: { type: 'Account' }, External_Key__c: 'COLL-1', Name: 'New by key' },
          { attributes: { type: 'Account' }, External_Key__c: 'COLL-1', Name: 'Same key again' },
        ],
      }),
      headers: { 'Content-Type': 'application/json' },
    })) as { created: boolean; success: boolean }[];
    expect(upserted.map((r) => [r.success, r.created])).toEqual([
      [true, true],
      [true, false],
    ]);

    const retrieved = (await conn.requestPost(`${base()}/composite/sobjects/Account`, {
      ids: [a, gone, b],
      fields: ['Name', 'Industry'],
    })) as (Row | null)[];
    expect(retrieved.map((r) => r?.Name ?? null)).toEqual(['U1', null, 'U2']);
    expect(retrieved[0]?.Industry).toBe('Energy');
    // jsforce's own multi-record calls use these routes.
    expect((await conn.sobject('Account').retrieve([a, b])).map((r) => r?.Name)).toEqual([
      'U1',
      'U2',
    ]);

    const deleted = (await conn.request({
      method: 'DELETE',
      url: `${base()}/composite/sobjects?ids=${a},${gone}&allOrNone=false`,
    })) as { id: string; success: boolean; errors: { statusCode: string }[] }[];
    expect(deleted.map((r) => r.success)).toEqual([true, false]);
    expect(deleted[1]?.errors[0]?.statusCode).toBe('ENTITY_IS_DELETED');
    expect(org.emulator.org.get('Account', a)).toBeUndefined();
  });

  it('refuses more than 200 records, and retrieves up to 2000 ids', async () => {
    const conn = org.connect();
    const records = Array.from({ length: 201 }, (_, i) => ({
      attributes: { type: 'Account' },
      Name: `Too many ${i}`,
    }));
    expect(
      (await rejectionOf(conn.requestPost(`${base()}/composite/sobjects`, { records }))).errorCode,
    ).toBe('EXCEEDED_ID_LIMIT');
    const ids = Array.from({ length: 2001 }, () => '001EM0000000001');
    expect(
      (
        await rejectionOf(
          conn.requestPost(`${base()}/composite/sobjects/Account`, { ids, fields: ['Name'] }),
        )
      ).errorCode,
    ).toBe('EXCEEDED_ID_LIMIT');
    const fine = (await conn.requestPost(`${base()}/composite/sobjects/Account`, {
      ids: ids.slice(0, 2000),
      fields: ['Name'],
    })) as unknown[];
    expect(fine).toHaveLength(2000);
  });
});

describe('references to records in the recycle bin', () => {
  it('answer ENTITY_IS_DELETED naming the field; a never-existing id stays INVALID_CROSS_REFERENCE_KEY', async () => {
    const conn = org.connect();
    const parent = await conn.sobject('Account').create({ Name: 'Binned Parent' });
    const live = await conn.sobject('Account').create({ Name: 'Live Parent' });
    if (!parent.success || !live.success) throw new Error('create failed');
    const child = await conn.sobject('Contact').create({ LastName: 'Child', AccountId: live.id });
    if (!child.success) throw new Error('create failed');
    await conn.sobject('Account').destroy(parent.id);

    const created = await conn
      .sobject('Contact')
      .create([{ LastName: 'Orphan', AccountId: parent.id }]);
    expect(created).toEqual([
      {
        success: false,
        errors: [
          { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: ['AccountId'] },
        ],
      },
    ]);
    const single = await rejectionOf(
      conn.sobject('Contact').update({ Id: child.id, AccountId: parent.id }),
    );
    expect(single).toMatchObject({ errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted' });
    expect(org.emulator.org.get('Contact', child.id)?.AccountId).toBe(live.id);

    const never = await rejectionOf(
      conn.sobject('Contact').create({ LastName: 'Nobody', AccountId: '001000000000099AAA' }),
    );
    expect(never.errorCode).toBe('INVALID_CROSS_REFERENCE_KEY');
    const wrongType = await rejectionOf(
      conn.sobject('Contact').create({ LastName: 'Wrong', AccountId: child.id }),
    );
    expect(wrongType.errorCode).toBe('INVALID_CROSS_REFERENCE_KEY');
  });
});

describe('jsforce multiple-record CRUD, as its own tests use it', () => {
  it('creates, retrieves several ids in order, updates and deletes, checking every result', async () => {
    const accounts = org.connect().sobject('Account');
    const created = await accounts.create([1, 2, 3].map((n) => ({ Name: `Account #${n}` })));
    for (const result of created) expect(result.success).toBe(true);
    const ids = created.map((r) => r.id as string);
    const records = (await accounts.retrieve(ids)) as Row[];
    expect(records.map((r) => [r.Id, r.Name])).toEqual(
      ids.map((id, i) => [id, `Account #${i + 1}`]),
    );
    const updated = await accounts.update(ids.map((Id, i) => ({ Id, Name: `Updated #${i + 1}` })));
    expect(updated.map((r) => r.success)).toEqual([true, true, true]);
    const again = (await accounts.retrieve(ids)) as Row[];
    expect(again.map((r) => r.Name)).toEqual(['Updated #1', 'Updated #2', 'Updated #3']);
    const deleted = await accounts.destroy(ids);
    expect(deleted.map((r) => r.success)).toEqual([true, true, true]);
    expect(await accounts.retrieve(ids)).toEqual([null, null, null]);
  });
});
