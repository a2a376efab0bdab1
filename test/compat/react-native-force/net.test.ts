/**
 * `soupkit/react-native-force` net and oauth against the emulator (started by
 * `useSoupkitEmulator`), with the SDK's lowercase sObject names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetError, type SoupkitEmulator, useSoupkitEmulator } from '../../../compat/index.js';
import { net, oauth } from '../../../compat/react-native-force/index.js';

let org: SoupkitEmulator;
beforeAll(async () => {
  org = await useSoupkitEmulator();
});
afterAll(() => org.close());

describe('net', () => {
  it('calls the API version v66.0 by default', () => {
    expect(net.getApiVersion()).toBe('v66.0');
  });

  it('answers versions, resources, describeGlobal, metadata, describe and describeLayout as the API does', async () => {
    const versions = (await net.versions()) as { version: string; url: string }[];
    expect(versions).toContainEqual(
      expect.objectContaining({ version: '66.0', url: '/services/data/v66.0' }),
    );
    expect(((await net.resources()) as { sobjects: string }).sobjects).toBe(
      '/services/data/v66.0/sobjects',
    );
    const global = (await net.describeGlobal()) as { sobjects: { name: string }[] };
    expect(global.sobjects.map((s) => s.name)).toContain('Contact');
    expect(await net.metadata('account')).toMatchObject({ objectDescribe: { name: 'Account' } });
    const describe = (await net.describe('contact')) as { name: string; fields: unknown[] };
    expect(describe.name).toBe('Contact');
    expect(describe.fields.length).toBeGreaterThan(0);
    // Without a record type id: the layouts list (the sample describes have no record types).
    const layouts = (await net.describeLayout('contact', null)) as {
      layouts: { relatedLists: unknown[] }[];
    };
    expect(Array.isArray(layouts.layouts[0]?.relatedLists)).toBe(true);
  });

  it('creates, retrieves, updates, upserts and deletes with lowercase names; a 404 carries the body', async () => {
    const created = (await net.create('contact', { FirstName: 'Ada', LastName: 'Lovelace' })) as {
      id: string;
      success: boolean;
    };
    expect(created.success).toBe(true);
    expect(org.emulator.org.get('Contact', created.id)?.LastName).toBe('Lovelace');
    const got = await net.retrieve('contact', created.id, 'firstName,lastName');
    expect(got).toMatchObject({ FirstName: 'Ada', LastName: 'Lovelace' });
    expect(await net.update('contact', created.id, { LastName: 'King' })).toBe('');
    expect(org.emulator.org.get('Contact', created.id)?.LastName).toBe('King');
    await net.upsert('contact', 'Id', created.id, { LastName: 'Byron' });
    expect(org.emulator.org.get('Contact', created.id)?.LastName).toBe('Byron');
    await net.del('contact', created.id);
    const error = await net.retrieve('contact', created.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetError);
    expect((error as NetError).status).toBe(404);
    const body = (error as NetError).body as { message: string; errorCode: string }[];
    expect(body[0]?.errorCode).toMatch(/^(NOT_FOUND|ENTITY_IS_DELETED)$/);
    expect(JSON.parse(JSON.stringify(error))).toEqual({ status: 404, body });
  });

  it('queries, pages with queryMore and searches', async () => {
    org.emulator.org.insert(
      'Account',
      Array.from({ length: 5 }, (_, i) => ({ Name: `Paged ${i}` })),
    );
    const first = (await net.sendRequest(
      '/services/data',
      '/v66.0/query',
      null,
      null,
      'GET',
      { q: "SELECT Id FROM Account WHERE Name LIKE 'Paged%'" },
      { 'Sforce-Query-Options': 'batchSize=200' },
    )) as { totalSize: number };
    expect(first.totalSize).toBe(5);
    const all = (await net.query("SELECT Name FROM Account WHERE Name LIKE 'Paged%'")) as {
      records: unknown[];
      done: boolean;
      nextRecordsUrl?: string;
    };
    expect(all.records).toHaveLength(5);
    const big = org.emulator.org.insert(
      'Account',
      Array.from({ length: 2100 }, (_, i) => ({ Name: `Many ${i}` })),
    );
    expect(big).toHaveLength(2100);
    const page = (await net.query("SELECT Id FROM Account WHERE Name LIKE 'Many%'")) as {
      records: unknown[];
      done: boolean;
      nextRecordsUrl: string;
    };
    expect(page.done).toBe(false);
    const more = (await net.queryMore(page.nextRecordsUrl)) as { records: unknown[] };
    expect(page.records.length + more.records.length).toBe(2100);
    const found = await net.search('FIND {Paged} IN NAME FIELDS RETURNING Account(Name)');
    expect(found).toHaveProperty('searchRecords');
  });

  it('calls the collection resources', async () => {
    const created = (await net.collectionCreate(true, [
      { attributes: { type: 'contact' }, LastName: 'One' },
      { attributes: { type: 'contact' }, LastName: 'Two' },
    ])) as { id: string; success: boolean }[];
    expect(created.map((r) => r.success)).toEqual([true, true]);
    const ids = created.map((r) => r.id);
    const updated = (await net.collectionUpdate(true, [
      { attributes: { type: 'contact' }, Id: ids[0], LastName: 'Uno' },
    ])) as { success: boolean }[];
    expect(updated[0]?.success).toBe(true);
    const upserted = (await net.collectionUpsert(true, 'contact', 'Id', [
      { attributes: { type: 'contact' }, Id: ids[1], LastName: 'Dos' },
    ])) as { success: boolean }[];
    expect(upserted[0]?.success).toBe(true);
    const deleted = (await net.collectionDelete(true, [ids[0] ?? ''])) as { success: boolean }[];
    expect(deleted[0]?.success).toBe(true);
    const retrieved = await net.collectionRetrieve('contact', ids, ['LastName']);
    expect(retrieved).toMatchObject([null, { LastName: 'Dos' }]);
  });

  it('sends any request with callbacks third and fourth; unauthenticated calls carry no token', async () => {
    const limits = await new Promise((resolve, reject) =>
      net.sendRequest('/services/data', '/v66.0/limits', resolve, reject),
    );
    expect(limits).toHaveProperty('DailyApiRequests');
    const refused = await new Promise((resolve) =>
      net.sendRequest(
        '',
        `${org.emulator.instanceUrl}/services/data/v66.0/limits`,
        () => resolve('resolved'),
        resolve,
        'GET',
        null,
        null,
        null,
        false,
        true,
      ),
    );
    expect((refused as NetError).status).toBe(401);
    const offline = await net
      .sendRequest(
        null,
        'http://127.0.0.1:9/nothing',
        null,
        null,
        'GET',
        null,
        null,
        null,
        false,
        true,
      )
      ?.catch((e: unknown) => e);
    expect(JSON.stringify(offline)).toContain('The requested resource failed');
  });

  it('rejects with the Salesforce error body for a bad query', async () => {
    const error = (await net
      .query('SELECT Nope FROM Account')
      .catch((e: unknown) => e)) as NetError;
    expect(error.status).toBe(400);
    expect(JSON.parse(JSON.stringify(error)).body[0]).toMatchObject({ errorCode: 'INVALID_FIELD' });
  });

  it('follows setApiVersion', async () => {
    net.setApiVersion('v62.0');
    try {
      expect((await net.resources()) as object).toHaveProperty(
        'sobjects',
        '/services/data/v62.0/sobjects',
      );
    } finally {
      net.setApiVersion('v66.0');
    }
  });
});

describe('oauth', () => {
  it('gives every credential key, user and org ids asked from the org', async () => {
    const credentials = await oauth.getAuthCredentials();
    expect(Object.keys(credentials).sort()).toEqual([
      'accessToken',
      'clientId',
      'communityId',
      'communityUrl',
      'instanceUrl',
      'loginUrl',
      'orgId',
      'refreshToken',
      'userAgent',
      'userId',
    ]);
    expect(credentials).toMatchObject({
      accessToken: org.emulator.accessToken,
      instanceUrl: org.emulator.instanceUrl,
      loginUrl: org.emulator.loginUrl,
    });
    expect(credentials.orgId).toMatch(/^00D/);
    expect(credentials.userId).toMatch(/^005/);
    const viaCallback = await new Promise((resolve, reject) => oauth.authenticate(resolve, reject));
    expect(viaCallback).toEqual(credentials);
    await expect(oauth.logout()).resolves.toBeUndefined();
  });
});
