/**
 * Faults on whole HTTP requests (respond, drop, dropAfterCommit, delay, hold,
 * holdAnswer, rewrite, times, reached), the session refresh jsforce does on a
 * 401, and the other endpoints the sync targets call (search, layout,
 * briefcase), through real jsforce and fetch.
 */
import { describe, expect, it, vi } from 'vitest';
import { rejectionOf, useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({
  describes: SAMPLE_DESCRIBES,
  oauthClients: [{ clientId: 'soupkit-tests', clientSecret: 'secret' }],
  records: {
    Account: [
      { '@ref': 'acme', Name: 'Acme Widgets', Industry: 'Energy' },
      { Name: 'Globex Media', Industry: 'Media', Description: 'widgets and more' },
    ],
    Contact: [{ LastName: 'Widgetson', AccountId: '@acme', Email: 'w@example.com' }],
  },
  briefcaseRules: [{ type: 'Account', where: "Industry = 'Energy'" }, { type: 'Contact' }],
});

function base(): string {
  return `/services/data/v${org.emulator.apiVersion}`;
}

/** A request with the emulator's token; a JSON body is sent as such. */
function call(path: string, method = 'GET', body?: unknown): Promise<Response> {
  return fetch(`${org.emulator.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${org.emulator.accessToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Whether a promise has settled, after letting pending I/O run for a while. */
async function settled(promise: Promise<unknown>, waitMs = 100): Promise<boolean> {
  let done = false;
  void promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  return done;
}

describe('faults', () => {
  it('respond: answers with the given status and body instead of the route, `times` times', async () => {
    const { emulator } = org;
    const fault = emulator.faults.add({
      method: 'GET',
      path: '/query',
      times: 2,
      respond: {
        status: 400,
        body: [
          { errorCode: 'QUERY_TIMEOUT', message: 'Your query request was running for too long.' },
        ],
      },
    });
    const conn = org.connect();
    for (let i = 0; i < 2; i++) {
      expect((await rejectionOf(conn.query('SELECT Id FROM Account'))).errorCode).toBe(
        'QUERY_TIMEOUT',
      );
    }
    expect(
      ((await conn.query('SELECT Id FROM Account')) as { totalSize: number }).totalSize,
    ).toBeGreaterThan(0);
    expect(fault.hits).toBe(2);
  });

  it('after: lets that many matching requests pass before acting, to hit the n-th call', async () => {
    const { emulator } = org;
    const fault = emulator.faults.add({
      method: 'GET',
      path: '/query',
      after: 2,
      respond: { status: 400, body: [{ errorCode: 'THIRD', message: 'the third query' }] },
    });
    const conn = org.connect();
    await conn.query('SELECT Id FROM Account');
    await conn.query('SELECT Id FROM Account');
    expect(fault.hits).toBe(0);
    expect((await rejectionOf(conn.query('SELECT Id FROM Account'))).errorCode).toBe('THIRD');
    await conn.query('SELECT Id FROM Account');
    expect(fault.hits).toBe(1);
  });

  it('drop: the connection closes before anything is applied', async () => {
    const { emulator } = org;
    const before = emulator.org.all('Account').length;
    emulator.faults.add({ method: 'POST', path: '/sobjects/Account', drop: true });
    await rejectionOf(org.connect().sobject('Account').create({ Name: 'Dropped' }));
    expect(emulator.org.all('Account').length).toBe(before);
    expect(emulator.requests.at(-1)).toMatchObject({ method: 'POST', status: 0 });
  });

  it('dropAfterCommit: the write is applied, the client never learns it (collections too)', async () => {
    const { emulator } = org;
    emulator.faults.add({ method: 'POST', path: '/composite/sobjects', dropAfterCommit: true });
    const error = await rejectionOf(
      org.connect().requestPost(`${base()}/composite/sobjects`, {
        records: [{ attributes: { type: 'Account' }, Name: 'Committed unseen' }],
      }),
    );
    expect(error).toBeInstanceOf(Error);
    expect(emulator.org.all('Account').some((r) => r.Name === 'Committed unseen')).toBe(true);
  });

  it('delayMs and hold: a held request waits for release()', async () => {
    const { emulator } = org;
    const held = emulator.faults.add({
      path: /\/sobjects\/Account\/describe$/,
      hold: true,
      delayMs: 20,
    });
    let answered = false;
    const pending = org
      .connect()
      .describe('Account')
      .then((d) => {
        answered = true;
        return d;
      });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(answered).toBe(false);
    held.release();
    expect((await pending).name).toBe('Account');
    held.remove();
  });

  it('act on composite calls as whole requests', async () => {
    const { emulator } = org;
    emulator.faults.add({
      path: '/composite',
      respond: { status: 500, body: [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'boom' }] },
    });
    const error = await rejectionOf(
      org.connect().requestPost(`${base()}/composite`, {
        compositeRequest: [
          { method: 'GET', url: `${base()}/sobjects/Account/describe`, referenceId: 'd' },
        ],
      }),
    );
    expect(error.errorCode).toBe('UNKNOWN_EXCEPTION');
  });
});

describe('holdAnswer', () => {
  it('applies the request at once and holds its answer until release()', async () => {
    const { emulator } = org;
    const fault = emulator.faults.add({
      method: 'POST',
      path: '/composite/sobjects',
      holdAnswer: true,
    });
    const mark = emulator.requestCount;
    const answer = call(`${base()}/composite/sobjects`, 'POST', {
      records: [{ attributes: { type: 'Account' }, Name: 'Committed, unanswered' }],
    });
    await fault.reached();
    await vi.waitFor(() =>
      expect(emulator.org.all('Account').map((r) => r.Name)).toContain('Committed, unanswered'),
    );
    expect(await settled(answer)).toBe(false);
    emulator.org.update(
      'Account',
      emulator.org.all('Account').find((r) => r.Name === 'Committed, unanswered')?.Id as string,
      { Description: 'edited while the answer was held' },
    );
    expect(emulator.requestsSince(mark)).toEqual([]);
    fault.release();
    const response = await answer;
    expect(response.status).toBe(200);
    const [result] = (await response.json()) as { id: string; success: boolean }[];
    expect(result?.success).toBe(true);
    expect(emulator.org.get('Account', result?.id as string)?.Description).toBe(
      'edited while the answer was held',
    );
    expect(emulator.requestsSince(mark).map((r) => r.status)).toEqual([200]);
  });

  it('remove() and faults.clear() let held answers go too', async () => {
    const { emulator } = org;
    for (const end of ['remove', 'clear'] as const) {
      const fault = emulator.faults.add({ path: '/sobjects/Account', holdAnswer: true });
      const answer = org
        .connect()
        .sobject('Account')
        .create({ Name: `Held until ${end}` });
      await fault.reached();
      expect(await settled(answer)).toBe(false);
      if (end === 'remove') fault.remove();
      else emulator.faults.clear();
      expect(await answer).toMatchObject({ success: true });
    }
  });

  it('holds a respond fault answer too', async () => {
    const { emulator } = org;
    const fault = emulator.faults.add({
      path: '/query',
      holdAnswer: true,
      respond: { status: 400, body: [{ errorCode: 'HELD', message: 'held, then refused' }] },
    });
    const answer = rejectionOf(org.connect().query('SELECT Id FROM Account'));
    await fault.reached();
    expect(await settled(answer)).toBe(false);
    fault.release();
    expect((await answer).errorCode).toBe('HELD');
  });
});

describe('rewrite', () => {
  it('applies the request, then answers what the function makes of the routed answer (jsforce)', async () => {
    const { emulator } = org;
    const seen: { status: number; body: unknown }[] = [];
    emulator.faults.add({
      method: 'POST',
      path: '/composite/sobjects',
      rewrite: (answer) => {
        seen.push(answer);
        const results = answer.body as Record<string, unknown>[];
        return { status: answer.status, body: results.map(({ id: _id, ...rest }) => rest) };
      },
    });
    const results = (await org.connect().requestPost(`${base()}/composite/sobjects`, {
      records: [
        { attributes: { type: 'Account' }, Name: 'Rewritten one' },
        { attributes: { type: 'Account' }, Name: 'Rewritten two' },
      ],
    })) as Record<string, unknown>[];
    expect(results).toEqual([
      { success: true, errors: [] },
      { success: true, errors: [] },
    ]);
    const created = emulator.org.all('Account').filter((r) => /^Rewritten/.test(String(r.Name)));
    expect(created).toHaveLength(2);
    expect(seen).toEqual([
      {
        status: 200,
        body: created.map((r) => ({ id: r.Id, success: true, errors: [] })),
      },
    ]);
  });

  it('can change the status, totals and paging of a query, e.g. nextRecordsUrl to another host', async () => {
    const { emulator } = org;
    emulator.faults.add({
      path: '/query',
      rewrite: ({ body }) => ({
        status: 200,
        body: {
          ...(body as object),
          totalSize: 999,
          done: false,
          nextRecordsUrl: 'https://evil.example.com/services/data/v62.0/query/01gX-2000',
        },
      }),
    });
    const response = await call(
      `${base()}/query?q=${encodeURIComponent('SELECT Id FROM Account')}`,
    );
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const page = (await response.json()) as Record<string, unknown>;
    expect(page).toMatchObject({
      totalSize: 999,
      done: false,
      nextRecordsUrl: 'https://evil.example.com/services/data/v62.0/query/01gX-2000',
    });
    expect((page.records as unknown[]).length).toBe(emulator.org.all('Account').length);
  });

  it('sees an undefined body when the answer has none, and may send none', async () => {
    const { emulator } = org;
    const [id] = emulator.org.insert('Account', [{ Name: 'Patched quietly' }]);
    const seen: unknown[] = [];
    emulator.faults.add({
      method: 'PATCH',
      path: /\/sobjects\/Account\/\w{18}$/,
      rewrite: (answer) => {
        seen.push(answer);
        return { status: 200, body: { id, success: true } };
      },
    });
    const patched = await call(`${base()}/sobjects/Account/${id}`, 'PATCH', { Industry: 'Media' });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toEqual({ id, success: true });
    expect(seen).toEqual([{ status: 204, body: undefined }]);
    expect(emulator.org.get('Account', id as string)?.Industry).toBe('Media');

    emulator.faults.add({
      method: 'POST',
      path: '/sobjects/Account',
      rewrite: () => ({ status: 201, body: undefined }),
    });
    const created = await call(`${base()}/sobjects/Account`, 'POST', { Name: 'Created, no body' });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBeNull();
    expect(created.headers.get('location')).toMatch(/\/sobjects\/Account\/001/);
    expect(await created.text()).toBe('');
  });
});

describe('reached', () => {
  it('resolves once the fault matched a request, before its hold is released', async () => {
    const { emulator } = org;
    const fault = emulator.faults.add({ path: '/composite/sobjects', hold: true });
    const before = emulator.org.all('Account').length;
    const run = org.connect().requestPost(`${base()}/composite/sobjects`, {
      records: [{ attributes: { type: 'Account' }, Name: 'Held before routing' }],
    });
    await fault.reached();
    expect(fault.hits).toBe(1);
    expect(await settled(run)).toBe(false);
    expect(emulator.org.all('Account').length).toBe(before);
    fault.release();
    await run;
    expect(emulator.org.all('Account').length).toBe(before + 1);
    await fault.reached();
  });

  it('counts requests as they arrive, before a delay, and skips those let through by `after`', async () => {
    const { emulator } = org;
    const fault = emulator.faults.add({
      method: 'GET',
      path: '/query',
      after: 1,
      times: 2,
      delayMs: 1_000,
    });
    const conn = org.connect();
    await conn.query('SELECT Id FROM Account');
    expect(await settled(fault.reached(), 0)).toBe(false);
    // A jsforce query runs only once awaited: Promise.resolve starts it now.
    const first = Promise.resolve(conn.query('SELECT Id FROM Account'));
    const second = Promise.resolve(conn.query('SELECT Id FROM Account'));
    await fault.reached(2);
    expect(await settled(Promise.all([first, second]), 0)).toBe(false);
    await Promise.all([first, second]);
    await fault.reached(1);
    await expect(fault.reached(0)).rejects.toThrow(RangeError);
  });
});

describe('session refresh', () => {
  it('jsforce trades the refresh token for a new session on a 401, once; a revoked one fails with invalid_grant', async () => {
    const { emulator } = org;
    const refreshToken = emulator.issueRefreshToken('dev@example.com');
    const expired = emulator.addAccessToken('00D000000000001AAA!expired');
    emulator.revokeAccessToken(expired);
    const conn = org.connect({ accessToken: expired, refreshToken });
    const refreshed: string[] = [];
    conn.on('refresh', (token: string) => refreshed.push(token));
    const mark = emulator.requestCount;
    const result = (await conn.query('SELECT Id FROM Account')) as { totalSize: number };
    expect(result.totalSize).toBeGreaterThan(0);
    expect(refreshed).toHaveLength(1);
    expect(conn.accessToken).toBe(refreshed[0]);
    expect(emulator.requestsSince(mark).map((r) => [r.path.split('?')[0], r.status])).toEqual([
      [`${base()}/query`, 401],
      ['/services/oauth2/token', 200],
      [`${base()}/query`, 200],
    ]);
    emulator.revokeRefreshToken(refreshToken);
    emulator.revokeAccessToken(conn.accessToken as string);
    const error = await rejectionOf(conn.query('SELECT Id FROM Account'));
    expect(String(error.message)).toMatch(/invalid_grant|expired/);
  });
});

describe('search, layout and briefcase', () => {
  it('SOSL FIND … RETURNING answers searchRecords', async () => {
    const conn = org.connect();
    const result = (await conn.search(
      'FIND {widget*} IN NAME FIELDS RETURNING Account(Id, Name), Contact(LastName)',
    )) as {
      searchRecords: Record<string, unknown>[];
    };
    expect(
      result.searchRecords.map((r) => [
        (r.attributes as { type: string }).type,
        r.Name ?? r.LastName,
      ]),
    ).toEqual([
      ['Account', 'Acme Widgets'],
      ['Contact', 'Widgetson'],
    ]);
    const all = (await conn.search('FIND {widgets} IN ALL FIELDS RETURNING Account(Name)')) as {
      searchRecords: { Name: string }[];
    };
    expect(all.searchRecords.map((r) => r.Name).sort()).toEqual(['Acme Widgets', 'Globex Media']);
  });

  it('ui-api layout is built from the describe', async () => {
    const layout = (await org
      .connect()
      .request(
        `${base()}/ui-api/layout/Account?formFactor=Large&layoutType=Compact&mode=Edit`,
      )) as {
      layoutType: string;
      mode: string;
      sections: { layoutRows: { layoutItems: { layoutComponents: { apiName: string }[] }[] }[] }[];
    };
    expect(layout).toMatchObject({ layoutType: 'Compact', mode: 'Edit' });
    const fields = layout.sections[0]?.layoutRows.flatMap((row) =>
      row.layoutItems.map((i) => i.layoutComponents[0]?.apiName),
    );
    expect(fields).toContain('Name');
    expect(fields).not.toContain('CreatedDate');
  });

  it('briefcase priming records follow the rules given to the emulator', async () => {
    const { emulator } = org;
    const result = (await org.connect().request(`${base()}/connect/briefcase/priming-records`)) as {
      primingRecords: Record<string, Record<string, { id: string; systemModstamp: string }[]>>;
      relayToken: string | null;
      stats: { recordCountTotal: number };
    };
    const accounts = Object.values(result.primingRecords.Account ?? {}).flat();
    expect(accounts.map((r) => r.id)).toEqual([emulator.seedIds.get('acme')]);
    expect(accounts[0]?.systemModstamp).toMatch(/Z$/);
    expect(Object.values(result.primingRecords.Contact ?? {}).flat()).toHaveLength(1);
    expect(result.relayToken).toBeNull();
    const later = (await org
      .connect()
      .request(
        `${base()}/connect/briefcase/priming-records?changedAfterTimestamp=${encodeURIComponent(new Date(emulator.clock.now() + 60_000).toISOString())}`,
      )) as { stats: { recordCountTotal: number } };
    expect(later.stats.recordCountTotal).toBe(0);
  });
});
