/**
 * `com.salesforce.plugin.network` against the emulator: the plugin has one
 * call, `sendRequest`, and force.js makes every REST call through it. Each
 * test sends the request force.js (and, for the collections, react-native-force's
 * `net`) would send: endPoint `/services/data`, path `/v66.0/…`, the payload as
 * query parameters for GET/DELETE and as the JSON body otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCordova } from '../../../compat/cordova/index.js';
import type { SoupkitEmulator } from '../../../compat/index.js';
import { useSoupkitEmulator } from '../../../compat/index.js';

type Payload = Record<string, unknown> | null;
type SendRequest = (
  endPoint: string | null,
  path: string,
  successCB: (value: unknown) => void,
  errorCB: (error: unknown) => void,
  method?: string,
  payload?: Payload,
  headerParams?: Payload,
  fileParams?: Payload,
  returnBinary?: boolean,
  doesNotRequireAuthentication?: boolean,
) => void;

const network = createCordova().require('com.salesforce.plugin.network') as {
  sendRequest: SendRequest;
};

/** A data-API request as force.js sends it, its callbacks turned into a promise. */
function data(path: string, method = 'GET', payload: Payload = null): Promise<unknown> {
  return new Promise((resolve, reject) =>
    network.sendRequest('/services/data', `/v66.0${path}`, resolve, reject, method, payload),
  );
}

/** The error a failed request calls back with, serialised as hybrid code would log it. */
async function failure(request: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  const error = await request.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (e: unknown) => e,
  );
  return JSON.parse(JSON.stringify(error));
}

let org: SoupkitEmulator;
beforeAll(async () => {
  org = await useSoupkitEmulator();
});
afterAll(() => org.close());

describe('metadata calls', () => {
  it('answers versions, resources, describeGlobal, metadata, describe and describeLayout', async () => {
    // force.js: versions() is GET /services/data/, split into endPoint /services/data and path /.
    const versions = await new Promise<unknown>((resolve, reject) =>
      network.sendRequest('/services/data', '/', resolve, reject, 'GET'),
    );
    expect(versions).toContainEqual(
      expect.objectContaining({ version: '66.0', url: '/services/data/v66.0' }),
    );
    expect(await data('')).toHaveProperty('sobjects', '/services/data/v66.0/sobjects');
    const global = (await data('/sobjects')) as { sobjects: { name: string }[] };
    expect(global.sobjects.map((s) => s.name)).toContain('Account');
    expect(await data('/sobjects/contact')).toMatchObject({ objectDescribe: { name: 'Contact' } });
    const described = (await data('/sobjects/contact/describe')) as { name: string };
    expect(described.name).toBe('Contact');
    const layouts = (await data('/sobjects/contact/describe/layouts/')) as { layouts: unknown[] };
    expect(layouts.layouts.length).toBeGreaterThan(0);
  });
});

describe('record calls', () => {
  it('creates, retrieves with fields, updates, upserts and deletes with lowercase names', async () => {
    const created = (await data('/sobjects/contact/', 'POST', {
      FirstName: 'Grace',
      LastName: 'Hopper',
    })) as { id: string; success: boolean };
    expect(created.success).toBe(true);
    expect(org.emulator.org.get('Contact', created.id)?.LastName).toBe('Hopper');

    const got = (await data(`/sobjects/contact/${created.id}`, 'GET', {
      fields: 'FirstName,LastName',
    })) as Record<string, unknown>;
    expect(got).toMatchObject({ Id: created.id, FirstName: 'Grace', LastName: 'Hopper' });

    expect(await data(`/sobjects/contact/${created.id}`, 'PATCH', { LastName: 'Murray' })).toBe('');
    expect(org.emulator.org.get('Contact', created.id)?.LastName).toBe('Murray');

    // upsert(objectName, 'Id', id, fields): PATCH on the id; without an id, POST on …/Id/.
    await data(`/sobjects/contact/Id/${created.id}`, 'PATCH', { LastName: 'Hopper' });
    expect(org.emulator.org.get('Contact', created.id)?.LastName).toBe('Hopper');
    const inserted = (await data('/sobjects/contact/Id/', 'POST', { LastName: 'New' })) as {
      id: string;
      created: boolean;
    };
    expect(org.emulator.org.get('Contact', inserted.id)?.LastName).toBe('New');

    expect(await data(`/sobjects/contact/${created.id}`, 'DELETE')).toBe('');
    const gone = await failure(data(`/sobjects/contact/${created.id}`));
    expect(gone.status).toBe(404);
    expect((gone.body as { errorCode: string }[])[0]?.errorCode).toBe('NOT_FOUND');
  });
});

describe('query calls', () => {
  it('queries, queries all, pages with queryMore and searches', async () => {
    org.emulator.org.insert(
      'Account',
      Array.from({ length: 2050 }, (_, i) => ({ Name: `HyNet ${i}` })),
    );
    const q = "SELECT Id FROM Account WHERE Name LIKE 'HyNet%'";
    const page = (await data('/query', 'GET', { q })) as {
      totalSize: number;
      done: boolean;
      records: unknown[];
      nextRecordsUrl: string;
    };
    expect(page.totalSize).toBe(2050);
    expect(page.done).toBe(false);
    // queryMore(url): force.js splits the url and lets computeEndPointIfMissing find the endPoint.
    const [endPoint, rest] = [
      page.nextRecordsUrl.split('/').slice(0, 3).join('/'),
      `/${page.nextRecordsUrl.split('/').slice(3).join('/')}`,
    ];
    const more = (await new Promise<unknown>((resolve, reject) =>
      network.sendRequest(endPoint, rest, resolve, reject, 'GET'),
    )) as { records: unknown[]; done: boolean };
    expect(more.done).toBe(true);
    expect(page.records.length + more.records.length).toBe(2050);

    const all = (await data('/queryAll', 'GET', { q })) as { totalSize: number };
    expect(all.totalSize).toBe(2050);

    const found = await data('/search', 'GET', {
      q: 'FIND {HyNet} IN NAME FIELDS RETURNING Account(Name)',
    });
    expect(found).toHaveProperty('searchRecords');
  });

  it('calls back the error with the Salesforce body for a bad query', async () => {
    const error = await failure(data('/query', 'GET', { q: 'SELECT Nope FROM Account' }));
    expect(error.status).toBe(400);
    expect((error.body as { errorCode: string }[])[0]).toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
  });
});

describe('collection calls', () => {
  it('creates, updates, upserts, retrieves and deletes through /composite/sobjects', async () => {
    const created = (await data('/composite/sobjects', 'POST', {
      allOrNone: true,
      records: [
        { attributes: { type: 'contact' }, LastName: 'Hy One' },
        { attributes: { type: 'contact' }, LastName: 'Hy Two' },
      ],
    })) as { id: string; success: boolean }[];
    expect(created.map((r) => r.success)).toEqual([true, true]);
    const ids = created.map((r) => r.id);

    const updated = (await data('/composite/sobjects', 'PATCH', {
      allOrNone: true,
      records: [{ attributes: { type: 'contact' }, Id: ids[0], LastName: 'Hy Uno' }],
    })) as { success: boolean }[];
    expect(updated[0]?.success).toBe(true);
    expect(org.emulator.org.get('Contact', ids[0] ?? '')?.LastName).toBe('Hy Uno');

    const upserted = (await data('/composite/sobjects/contact/Id', 'PATCH', {
      allOrNone: true,
      records: [
        { attributes: { type: 'contact' }, Id: ids[1], LastName: 'Hy Dos' },
        { attributes: { type: 'contact' }, LastName: 'Hy Tres' },
      ],
    })) as { id: string; success: boolean; created: boolean }[];
    expect(upserted.map((r) => [r.success, r.created])).toEqual([
      [true, false],
      [true, true],
    ]);
    expect(org.emulator.org.get('Contact', upserted[1]?.id ?? '')?.LastName).toBe('Hy Tres');

    const deleted = (await data(`/composite/sobjects?allOrNone=true&ids=${ids[0]}`, 'DELETE')) as {
      success: boolean;
    }[];
    expect(deleted[0]?.success).toBe(true);

    const retrieved = await data('/composite/sobjects/contact', 'POST', {
      ids,
      fields: ['LastName'],
    });
    expect(retrieved).toMatchObject([null, { LastName: 'Hy Dos' }]);
  });
});

describe('sendRequest options', () => {
  it('sends header params, answers binary, and sends no token when asked not to', async () => {
    const limits = await new Promise((resolve, reject) =>
      network.sendRequest('/services/data', '/v66.0/limits', resolve, reject, 'GET', null, {
        'Sforce-Call-Options': 'client=soupkit-test',
      }),
    );
    expect(limits).toHaveProperty('DailyApiRequests');

    const binary = (await new Promise<unknown>((resolve, reject) =>
      network.sendRequest(
        '/services/data',
        '/v66.0/limits',
        resolve,
        reject,
        'GET',
        null,
        null,
        null,
        true,
      ),
    )) as { encodedBody: string; contentType: string };
    expect(binary.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(Buffer.from(binary.encodedBody, 'base64').toString('utf8'))).toHaveProperty(
      'DailyApiRequests.Max',
      (limits as { DailyApiRequests: { Max: number } }).DailyApiRequests.Max,
    );

    const refused = await failure(
      new Promise((resolve, reject) =>
        network.sendRequest(
          '',
          `${org.emulator.instanceUrl}/services/data/v66.0/limits`,
          resolve,
          reject,
          'GET',
          null,
          null,
          null,
          false,
          true,
        ),
      ),
    );
    expect(refused.status).toBe(401);
  });
});
