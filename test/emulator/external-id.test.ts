/**
 * Retrieve by external id (`GET …/sobjects/{T}/{field}/{value}`) through real
 * jsforce, and upsert by external id as jsforce's own tests use it: created,
 * updated, 300 MULTIPLE_CHOICES, and Collections upsert with allOrNone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejectionOf, useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

/** The sample Account with External_Key__c not unique, so an external id can match twice. */
function accountWithSharedKeys(): unknown {
  const account = JSON.parse(
    readFileSync(join(SAMPLE_DESCRIBES, 'Account.describe.json'), 'utf8'),
  ) as { fields: Record<string, unknown>[] };
  for (const field of account.fields) if (field.name === 'External_Key__c') field.unique = false;
  return account;
}

const org = useEmulator(() => ({
  describes: [accountWithSharedKeys()],
  records: {
    Account: [
      { '@ref': 'keyed', Name: 'Keyed', External_Key__c: 'K-1', Industry: 'Energy' },
      { Name: 'Twin A', External_Key__c: 'twin' },
      { Name: 'Twin B', External_Key__c: 'twin' },
    ],
  },
}));

type Row = Record<string, unknown>;

function base(): string {
  return `/services/data/v${org.emulator.apiVersion}`;
}

describe('GET …/sobjects/{T}/{extIdField}/{value}', () => {
  it('returns the record, with ?fields= honoured, field and type in any case', async () => {
    const conn = org.connect();
    const id = org.emulator.seedIds.get('keyed');
    const whole = (await conn.request(`${base()}/sobjects/Account/External_Key__c/K-1`)) as Row;
    expect(whole).toMatchObject({ Id: id, Name: 'Keyed', Industry: 'Energy' });
    expect(whole.attributes).toEqual({
      type: 'Account',
      url: `${base()}/sobjects/Account/${id}`,
    });
    const some = (await conn.request(
      `${base()}/sobjects/account/external_key__c/k-1?fields=name,industry`,
    )) as Row;
    // The platform adds the Id to any field list.
    expect(Object.keys(some)).toEqual(['attributes', 'Name', 'Industry', 'Id']);
  });

  it('answers 300 with the URLs of every match', async () => {
    const error = await rejectionOf(
      org.connect().request(`${base()}/sobjects/Account/External_Key__c/twin`),
    );
    expect(error.name).toBe('MULTIPLE_CHOICES');
    const urls = error.data as string[];
    expect(urls).toHaveLength(2);
    for (const url of urls) expect(url).toMatch(new RegExp(`^${base()}/sobjects/Account/001`));
  });

  it('answers 404 NOT_FOUND when nothing matches', async () => {
    const error = await rejectionOf(
      org.connect().request(`${base()}/sobjects/Account/External_Key__c/none`),
    );
    expect(error).toMatchObject({
      errorCode: 'NOT_FOUND',
      message: 'The requested resource does not exist',
    });
  });

  it('answers 404 (not 405) for a field that is no external id, or no field at all', async () => {
    for (const field of ['NotAField', 'Name']) {
      const response = await fetch(`${org.emulator.url}${base()}/sobjects/Account/${field}/x`, {
        headers: { Authorization: `Bearer ${org.emulator.accessToken}` },
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual([
        {
          errorCode: 'NOT_FOUND',
          message: `Provided external ID field does not exist or is not accessible: ${field}`,
        },
      ]);
    }
  });
});

describe('upsert by external id, as jsforce tests it', () => {
  it('creates, then updates the same record, then answers MULTIPLE_CHOICES', async () => {
    const accounts = org.connect().sobject('Account');
    const created = await accounts.upsert(
      { Name: 'New', External_Key__c: 'up-1' },
      'External_Key__c',
    );
    expect(created).toMatchObject({ success: true, created: true });
    const updated = await accounts.upsert(
      { Name: 'Updated', External_Key__c: 'up-1' },
      'External_Key__c',
    );
    expect(updated).toMatchObject({ success: true, created: false, id: (created as Row).id });
    expect(((await accounts.retrieve((created as Row).id as string)) as Row).Name).toBe('Updated');
    const error = await rejectionOf(
      accounts.upsert({ Name: 'x', External_Key__c: 'twin' }, 'External_Key__c'),
    );
    expect(error.name).toBe('MULTIPLE_CHOICES');
    expect(Array.isArray(error.data)).toBe(true);
  });

  it('rolls a Collections upsert back with allOrNone, each result saying it would have created', async () => {
    const accounts = org.connect().sobject('Account');
    const records = [1, 2, 3].map((n) => ({
      Name: `AllOrNone ${n}`,
      External_Key__c: `aon-${n}`,
      ...(n === 2 ? { OwnerId: 'INVALID_OWNER' } : {}),
    }));
    const results = await accounts.upsert(records, 'External_Key__c', { allOrNone: true });
    // The wire (and jsforce's own test) says statusCode; jsforce's SaveError type says errorCode.
    const statusOf = (r: { errors: unknown[] }) =>
      (r.errors[0] as { statusCode?: string } | undefined)?.statusCode;
    expect(results.map((r) => [r.success, r.created, statusOf(r)])).toEqual([
      [false, true, 'ALL_OR_NONE_OPERATION_ROLLED_BACK'],
      [false, true, 'MALFORMED_ID'],
      [false, true, 'ALL_OR_NONE_OPERATION_ROLLED_BACK'],
    ]);
    const found = await accounts.find({ External_Key__c: { $in: ['aon-1', 'aon-2', 'aon-3'] } });
    expect(found).toEqual([]);
  });
});

describe('upsert with no external id value: a create', () => {
  it("POST …/sobjects/{T}/Id creates the record (the SDK's net.upsert with a blank id)", async () => {
    const conn = org.connect();
    const answer = await conn.requestPost<{ id: string; created: boolean }>(
      `${base()}/sobjects/account/Id`,
      { Name: 'Blank Upsert' },
    );
    expect(answer).toMatchObject({ success: true, created: true, errors: [] });
    expect(org.emulator.org.get('Account', answer.id)).toMatchObject({ Name: 'Blank Upsert' });
    await expect(
      conn.requestPost(`${base()}/sobjects/Account/Name`, { Name: 'x' }),
    ).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
  });

  it('a Collections upsert on Id creates the records that have no Id, and reads back with their Id', async () => {
    const conn = org.connect();
    const results = await conn.requestPatch<{ id: string; success: boolean; created: boolean }[]>(
      `${base()}/composite/sobjects/Account/Id`,
      {
        allOrNone: true,
        records: [
          { attributes: { type: 'Account' }, Name: 'Upsert One' },
          { attributes: { type: 'Account' }, Name: 'Upsert Two' },
        ],
      },
    );
    expect(results.map((r) => [r.success, r.created])).toEqual([
      [true, true],
      [true, true],
    ]);
    const read = await conn.requestPost<Row[]>(`${base()}/composite/sobjects/account`, {
      ids: results.map((r) => r.id),
      fields: ['Name'],
    });
    expect(read.map((r) => [r.Id, r.Name])).toEqual([
      [results[0]?.id, 'Upsert One'],
      [results[1]?.id, 'Upsert Two'],
    ]);
  });
});
