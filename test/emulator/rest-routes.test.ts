import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { RECORDED_DESCRIBES as FIXTURES } from '../helpers/paths.js';

const org = useEmulator({ describes: FIXTURES, accessToken: 'test-token' });

/** GET with the emulator's token, another token, or none (`null`). */
function get(path: string, token: string | null = org.emulator.accessToken) {
  return fetch(`${org.emulator.url}${path}`, {
    headers: token === null ? {} : { Authorization: `Bearer ${token}` },
  });
}

describe('startEmulator()', () => {
  it('listens on 127.0.0.1 on an ephemeral port', () => {
    expect(org.emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(org.emulator.instanceUrl).toBe(org.emulator.url);
    expect(org.emulator.accessToken).toBe('test-token');
    expect(org.emulator.apiVersion).toBe('66.0');
  });
});

describe('GET /services/data', () => {
  it('lists the versions with release labels, without a session', async () => {
    const response = await get('/services/data', null);
    expect(response.status).toBe(200);
    const versions = (await response.json()) as { label: string; url: string; version: string }[];
    expect(versions).toContainEqual({
      label: "Winter '24",
      url: '/services/data/v59.0',
      version: '59.0',
    });
    expect(versions).toContainEqual({
      label: "Spring '26",
      url: '/services/data/v66.0',
      version: '66.0',
    });
  });

  it('lists the resources of one version', async () => {
    const response = await get('/services/data/v62.0/');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      composite: '/services/data/v62.0/composite',
      connect: '/services/data/v62.0/connect',
      identity: `${org.emulator.url}/id/00D000000000001AAA/005000000000001AAA`,
      limits: '/services/data/v62.0/limits',
      query: '/services/data/v62.0/query',
      queryAll: '/services/data/v62.0/queryAll',
      recent: '/services/data/v62.0/recent',
      search: '/services/data/v62.0/search',
      sobjects: '/services/data/v62.0/sobjects',
      tabs: '/services/data/v62.0/tabs',
      theme: '/services/data/v62.0/theme',
      'ui-api': '/services/data/v62.0/ui-api',
    });
  });

  it('answers 404 NOT_FOUND for a version newer than it serves', async () => {
    const response = await get('/services/data/v99.0/sobjects');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual([
      { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
    ]);
  });
});

describe('GET …/sobjects (describeGlobal)', () => {
  it('lists exactly the served describes, with urls of the requested version', async () => {
    const response = await get('/services/data/v62.0/sobjects');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      encoding: string;
      maxBatchSize: number;
      sobjects: { name: string; keyPrefix: string | null; urls: Record<string, string> }[];
    };
    expect(body.encoding).toBe('UTF-8');
    expect(body.maxBatchSize).toBe(200);
    expect(body.sobjects.map((entry) => entry.name)).toEqual([
      'Account',
      'Case',
      'Contact',
      'Custom__c',
      'Event',
      'Lead',
      'Opportunity',
      'OpportunityContactRole',
      // No User among the loaded describes: the emulator's own, for the running user.
      'User',
    ]);
    const account = body.sobjects[0];
    expect(account?.keyPrefix).toBe('001');
    expect(account?.urls.describe).toBe('/services/data/v62.0/sobjects/Account/describe');
    expect(account).not.toHaveProperty('fields');
  });
});

describe('GET …/sobjects/{T}/describe', () => {
  it('serves the describe JSON as loaded', async () => {
    const response = await get('/services/data/v62.0/sobjects/Contact/describe');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as { name: string; fields: { name: string }[] };
    expect(body.name).toBe('Contact');
    expect(body.fields.length).toBe(59);
  });

  it('matches the type name case-insensitively and accepts a trailing slash', async () => {
    const response = await get('/services/data/v62.0/sobjects/contact/describe/');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { name: string }).name).toBe('Contact');
  });

  it('answers 404 NOT_FOUND with a JSON array body for an unknown type', async () => {
    const response = await get('/services/data/v62.0/sobjects/Nope__c/describe');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual([
      { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
    ]);
  });

  it('serves basic info at /sobjects/{T}', async () => {
    const response = await get('/services/data/v62.0/sobjects/Lead');
    const body = (await response.json()) as {
      objectDescribe: { name: string };
      recentItems: unknown[];
    };
    expect(body.objectDescribe.name).toBe('Lead');
    expect(body.recentItems).toEqual([]);
  });
});

describe('bearer-token auth', () => {
  const invalid = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];

  it('answers 401 INVALID_SESSION_ID without a token', async () => {
    const response = await get('/services/data/v62.0/sobjects', null);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(invalid);
  });

  it('answers 401 INVALID_SESSION_ID for an unknown token', async () => {
    const response = await get('/services/data/v62.0/sobjects/Account/describe', 'not-a-session');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(invalid);
  });

  it('accepts added tokens and rejects revoked ones', async () => {
    const token = org.emulator.addAccessToken('extra-token');
    expect((await get('/services/data/v62.0/sobjects', token)).status).toBe(200);
    org.emulator.revokeAccessToken(token);
    expect((await get('/services/data/v62.0/sobjects', token)).status).toBe(401);
  });
});

describe('routing', () => {
  it('answers 404 NOT_FOUND for an unknown path', async () => {
    const response = await get('/services/data/v62.0/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual([
      { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
    ]);
  });

  it('answers 405 METHOD_NOT_ALLOWED for a known path with another method', async () => {
    const response = await fetch(
      `${org.emulator.url}/services/data/v62.0/sobjects/Account/describe`,
      {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${org.emulator.accessToken}` },
      },
    );
    expect(response.status).toBe(405);
    const [error] = (await response.json()) as { errorCode: string; message: string }[];
    expect(error?.errorCode).toBe('METHOD_NOT_ALLOWED');
    expect(error?.message).toContain('Allowed are GET');
  });

  it('answers 404 NOT_FOUND (not 405) for an unknown three-segment GET under /sobjects/{T}', async () => {
    const response = await get('/services/data/v62.0/sobjects/Account/NotAField/x');
    expect(response.status).toBe(404);
    const [error] = (await response.json()) as { errorCode: string }[];
    expect(error?.errorCode).toBe('NOT_FOUND');
  });

  it('logs every request with its status', async () => {
    await get('/services/data/v62.0/sobjects/Case/describe');
    expect(org.emulator.requests.at(-1)).toEqual({
      method: 'GET',
      path: '/services/data/v62.0/sobjects/Case/describe',
      query: {},
      headers: {},
      status: 200,
    });
  });
});

describe('request limits', () => {
  it('answers a body over 10 MB with 413 in the platform error shape, and keeps serving', async () => {
    const response = await fetch(`${org.emulator.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=password&username=${'x'.repeat(11 * 1024 * 1024)}`,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual([
      {
        message: 'The request body is larger than the limit of 10485760 bytes',
        errorCode: 'REQUEST_ENTITY_TOO_LARGE',
      },
    ]);
    expect((await get('/services/data/v62.0/sobjects/Case/describe')).status).toBe(200);
  });

  it('keeps the newest requests only (1000 by default), counting them all', async () => {
    const before = org.emulator.requestCount;
    for (let i = 0; i < 1005; i++) await get(`/services/data/v62.0/nothing-${i}`);
    expect(org.emulator.requestCount).toBe(before + 1005);
    expect(org.emulator.requests).toHaveLength(1000);
    expect(org.emulator.requests.at(-1)?.path).toBe('/services/data/v62.0/nothing-1004');
    expect(org.emulator.requests[0]?.path).toBe('/services/data/v62.0/nothing-5');
    expect(org.emulator.requestsSince(before + 1003).map((entry) => entry.path)).toEqual([
      '/services/data/v62.0/nothing-1003',
      '/services/data/v62.0/nothing-1004',
    ]);
  });

  it('takes a smaller ring, or none', async () => {
    for (const size of [3, 0]) {
      const small = await startEmulator({ requestLogSize: size });
      try {
        for (let i = 0; i < 5; i++) await fetch(`${small.url}/services/data/v62.0/x${i}`);
        expect(small.requestCount).toBe(5);
        expect(small.requests.map((entry) => entry.path)).toEqual(
          ['/services/data/v62.0/x2', '/services/data/v62.0/x3', '/services/data/v62.0/x4'].slice(
            0,
            size,
          ),
        );
      } finally {
        await small.close();
      }
    }
    await expect(startEmulator({ requestLogSize: -1 })).rejects.toMatchObject({
      code: 'EMULATOR_BAD_OPTION',
    });
  });
});
