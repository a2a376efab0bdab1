/**
 * The daily API allocation through real jsforce: `conn.limits()`, the
 * `Sforce-Limit-Info` header on every data API answer (and only there), one
 * count per HTTP request (a composite call once), `REQUEST_LIMIT_EXCEEDED`
 * past the limit with nothing applied, and the rolling 24 hours of the org's
 * clock.
 */
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const LIMIT = 100;

const org = useEmulator({
  describes: SAMPLE_DESCRIBES,
  dailyApiLimit: LIMIT,
  users: [{ username: 'dev@example.com', password: 'secret' }],
  records: { Account: [{ Name: 'Acme' }, { Name: 'Globex' }] },
});

async function raw(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${org.emulator.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${org.emulator.accessToken}`, ...init.headers },
  });
}

describe('GET …/limits (conn.limits())', () => {
  it("answers the org's limits, the daily API requests counted live", async () => {
    org.emulator.apiUsage.set(10);
    const limits = await org.connect().limits();
    // The limits call counts like any other: 10 before it, 11 with it.
    expect(limits.DailyApiRequests).toEqual({ Max: LIMIT, Remaining: LIMIT - 11 });
    expect(limits.DataStorageMB).toEqual({ Max: 5, Remaining: 4 });
    expect(limits.FileStorageMB?.Max).toBeGreaterThan(0);
    expect(limits.FileStorageMB?.Remaining).toBe(limits.FileStorageMB?.Max);
    for (const limit of Object.values(limits)) {
      expect(Object.keys(limit)).toEqual(['Max', 'Remaining']);
    }
  });

  it('defaults to the allocation of a Developer Edition org', async () => {
    const emulator = await startEmulator({ describes: SAMPLE_DESCRIBES });
    try {
      const response = await fetch(`${emulator.url}/services/data/v62.0/limits`, {
        headers: { authorization: `Bearer ${emulator.accessToken}` },
      });
      const limits = (await response.json()) as Record<string, { Max: number }>;
      expect(limits.DailyApiRequests?.Max).toBe(15_000);
      expect(response.headers.get('sforce-limit-info')).toBe('api-usage=1/15000');
    } finally {
      await emulator.close();
    }
  });

  it('reports no data storage left, never a negative figure, once seeded past 5 MB', async () => {
    const emulator = await startEmulator({
      describes: SAMPLE_DESCRIBES,
      records: { Account: Array.from({ length: 3000 }, (_, i) => ({ Name: `A${i}` })) },
    });
    try {
      const response = await fetch(`${emulator.url}/services/data/v62.0/limits`, {
        headers: { authorization: `Bearer ${emulator.accessToken}` },
      });
      const limits = (await response.json()) as Record<string, { Max: number; Remaining: number }>;
      expect(limits.DataStorageMB).toEqual({ Max: 5, Remaining: 0 });
    } finally {
      await emulator.close();
    }
  });
});

describe('Sforce-Limit-Info', () => {
  it('is on every data API answer, errors included, one count per request', async () => {
    org.emulator.apiUsage.reset();
    const describe = await raw('/services/data/v62.0/sobjects/Account/describe');
    expect(describe.headers.get('sforce-limit-info')).toBe(`api-usage=1/${LIMIT}`);
    const missing = await raw('/services/data/v62.0/sobjects/Account/001000000000000AAA');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('sforce-limit-info')).toBe(`api-usage=2/${LIMIT}`);
    const badQuery = await raw('/services/data/v62.0/query?q=SELECT+Nope+FROM+Account');
    expect(badQuery.status).toBe(400);
    expect(badQuery.headers.get('sforce-limit-info')).toBe(`api-usage=3/${LIMIT}`);
    expect(org.emulator.apiUsage.used).toBe(3);
  });

  it('is not on the versions list, login, identity, or a refused session, which do not count', async () => {
    org.emulator.apiUsage.reset();
    const versions = await fetch(`${org.emulator.url}/services/data`);
    expect(versions.headers.get('sforce-limit-info')).toBeNull();
    const identity = await raw('/id/00D000000000001AAA/005000000000001AAA');
    expect(identity.status).toBe(200);
    expect(identity.headers.get('sforce-limit-info')).toBeNull();
    const token = await fetch(`${org.emulator.url}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&client_id=a&client_secret=b&username=dev%40example.com&password=secret',
    });
    expect(token.status).toBe(200);
    expect(token.headers.get('sforce-limit-info')).toBeNull();
    const refused = await fetch(`${org.emulator.url}/services/data/v62.0/sobjects`, {
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('sforce-limit-info')).toBeNull();
    expect(org.emulator.apiUsage.used).toBe(0);
  });

  it('counts a composite call once, whatever its sub-requests', async () => {
    org.emulator.apiUsage.reset();
    const conn = org.connect();
    const base = `/services/data/v${org.emulator.apiVersion}`;
    const answer = await conn.requestPost<{ compositeResponse: { httpStatusCode: number }[] }>(
      '/composite',
      {
        compositeRequest: [
          { method: 'GET', url: `${base}/sobjects/Account/describe`, referenceId: 'd' },
          { method: 'GET', url: `${base}/query?q=SELECT+Id+FROM+Account`, referenceId: 'q' },
          { method: 'GET', url: `${base}/limits`, referenceId: 'l' },
        ],
      },
    );
    expect(answer.compositeResponse.map((r) => r.httpStatusCode)).toEqual([200, 200, 200]);
    expect(org.emulator.apiUsage.used).toBe(1);
    expect(conn.limitInfo.apiUsage).toEqual({ used: 1, limit: LIMIT });
  });

  it('counts each sub-request of a composite batch, refusing those past the limit', async () => {
    org.emulator.apiUsage.reset();
    const conn = org.connect();
    const batch = {
      batchRequests: [
        { method: 'GET', url: `v${org.emulator.apiVersion}/limits` },
        { method: 'GET', url: `v${org.emulator.apiVersion}/sobjects/Account/describe` },
        { method: 'GET', url: `v${org.emulator.apiVersion}/limits` },
      ],
    };
    await conn.requestPost('/composite/batch', batch);
    expect(org.emulator.apiUsage.used).toBe(3);
    org.emulator.apiUsage.set(LIMIT - 2);
    const answer = await conn.requestPost<{ results: { statusCode: number }[] }>(
      '/composite/batch',
      batch,
    );
    expect(answer.results.map((r) => r.statusCode)).toEqual([200, 200, 403]);
    expect(org.emulator.apiUsage.used).toBe(LIMIT);
  });
});

describe('REQUEST_LIMIT_EXCEEDED', () => {
  it('refuses every data API call past the limit, applying nothing', async () => {
    org.emulator.apiUsage.set(LIMIT - 1);
    const conn = org.connect();
    await conn.sobject('Account').describe();
    expect(conn.limitInfo.apiUsage).toEqual({ used: LIMIT, limit: LIMIT });
    const before = org.emulator.org.all('Account').length;
    await expect(conn.sobject('Account').create({ Name: 'Too many' })).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    expect(org.emulator.org.all('Account')).toHaveLength(before);
    const refused = await raw('/services/data/v62.0/limits');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('sforce-limit-info')).toBe(`api-usage=${LIMIT}/${LIMIT}`);
    expect(await refused.json()).toEqual([
      { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    ]);
    expect(org.emulator.apiUsage.used).toBe(LIMIT);
    org.emulator.apiUsage.reset();
    await expect(conn.sobject('Account').create({ Name: 'Room again' })).resolves.toMatchObject({
      success: true,
    });
  });

  it('gives the allocation back as the 24 hours roll by on the org clock', async () => {
    const { clock, apiUsage } = org.emulator;
    // Half past an hour two days on, so that no hour boundary falls between the steps below.
    const hour = 3_600_000;
    clock.set((Math.floor(clock.now() / hour) + 48) * hour + hour / 2);
    apiUsage.set(LIMIT);
    const conn = org.connect();
    await expect(conn.query('SELECT Id FROM Account')).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
    clock.advance(23 * hour);
    await expect(conn.query('SELECT Id FROM Account')).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
    clock.advance(hour);
    await conn.query('SELECT Id FROM Account');
    expect(apiUsage.used).toBe(1);
    expect(conn.limitInfo.apiUsage).toEqual({ used: 1, limit: LIMIT });
  });

  it('refuses a bad dailyApiLimit option', async () => {
    await expect(startEmulator({ dailyApiLimit: 0 })).rejects.toMatchObject({
      code: 'EMULATOR_BAD_OPTION',
    });
  });
});
