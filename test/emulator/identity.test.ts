/**
 * The version index and identity through real jsforce: `GET /services/data/vXX.X`
 * lists every resource the emulator serves and the identity URL, so that
 * `conn.identity()` works from a bare access token (no login, so jsforce must
 * find the identity URL in the index), and `conn.limitInfo` is filled from
 * `Sforce-Limit-Info`.
 */
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

const ORG_ID = '00D000000000001AAA';
const USER_ID = '005000000000001AAA';

describe('GET /services/data/vXX.X', () => {
  it('lists every resource it serves under the version, and the identity URL', async () => {
    const conn = org.connect({ version: '62.0' });
    const index = await conn.request<Record<string, string>>('/services/data/v62.0');
    // The full list is asserted in rest-routes.test.ts; here, the absolute identity URL.
    expect(index.identity).toBe(`${org.emulator.url}/id/${ORG_ID}/${USER_ID}`);
    expect(index.limits).toBe('/services/data/v62.0/limits');
  });

  it('lets jsforce find the limits it lists', async () => {
    const conn = org.connect();
    const index = await conn.request<Record<string, string>>(
      `/services/data/v${org.emulator.apiVersion}`,
    );
    const limits = await conn.request<Record<string, unknown>>(index.limits as string);
    expect(limits).toHaveProperty('DailyApiRequests');
  });
});

describe('conn.identity()', () => {
  it('reads the identity URL from the version index, then the identity itself', async () => {
    const conn = org.connect();
    const before = org.emulator.requestCount;
    const identity = await conn.identity();
    expect(identity.user_id).toBe(USER_ID);
    expect(identity.organization_id).toBe(ORG_ID);
    expect(identity.id).toBe(`${org.emulator.url}/id/${ORG_ID}/${USER_ID}`);
    const paths = org.emulator.requestsSince(before).map((entry) => entry.path.split('?')[0]);
    expect(paths).toEqual([
      `/services/data/v${org.emulator.apiVersion}`,
      `/id/${ORG_ID}/${USER_ID}`,
    ]);
    expect(conn.userInfo).toMatchObject({ id: USER_ID, organizationId: ORG_ID });
  });
});

describe('conn.limitInfo', () => {
  it('holds the API usage of the latest answer', async () => {
    const conn = org.connect();
    await conn.describeGlobal();
    const first = conn.limitInfo.apiUsage;
    expect(first).toEqual({ used: org.emulator.apiUsage.used, limit: 15_000 });
    await conn.query('SELECT Id FROM Account');
    expect(conn.limitInfo.apiUsage?.used).toBe((first?.used ?? 0) + 1);
  });
});
