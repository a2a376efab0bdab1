/**
 * The inspector's security over real HTTP on loopback, without a browser:
 * the token (401), the Host header (403, no DNS rebinding), read-only (no
 * write method reached, non-GET refused, Smart SQL SELECT-only), the store key
 * in no response, and the console's typed errors (diagnostics, budget).
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Inspector, startInspector } from '../../../cli/inspect/inspector-server.js';
import type { StoreView } from '../../../cli/store-view.js';
import { buildAllQuerySpec } from '../../../runtime/store/query-spec.js';
import { SmartStore } from '../../../runtime/store/smart-store.js';

const KEY = 'inspector-secret-key-7f3a';
const READS = new Set([
  'getAllSoupNames',
  'getSoupIndexSpecs',
  'soupExists',
  'query',
  'queryIsolated',
  'count',
  'retrieve',
  'openCursor',
  'moveCursorToPageIndex',
  'closeCursor',
]);

let dir: string;
let store: SmartStore;
let inspector: Inspector;
/** Every store method the server called. */
const called = new Set<string>();
/** Every response body and header text seen, to look for the key in. */
const seen: string[] = [];

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One HTTP request with a chosen Host header (fetch would not let us set it). */
function send(
  path: string,
  options: { method?: string; host?: string; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: inspector.port,
        path,
        method: options.method ?? 'GET',
        agent: false,
        headers: {
          host: options.host ?? `127.0.0.1:${inspector.port}`,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => {
          seen.push(JSON.stringify(res.headers), body);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const api = (path: string) => `/${inspector.token}/api/${path}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soupkit-inspector-'));
  store = SmartStore.open({
    path: join(dir, 'store.db'),
    key: KEY,
    limits: { maxResultBytes: 4000 },
  });
  store.registerSoup('Account', [
    { path: 'Id', type: 'string' },
    { path: 'Name', type: 'string' },
    { path: '__local__', type: 'string' },
  ]);
  store.upsert(
    'Account',
    Array.from({ length: 30 }, (_, index) => ({
      Id: `001${String(index).padStart(3, '0')}`,
      Name: `Account ${String(index).padStart(2, '0')}`,
      Notes: 'x'.repeat(100),
      __local__: index === 3,
      __locally_updated__: index === 3,
      __last_error__:
        index === 3 ? '[{"errorCode":"STRING_TOO_LONG","message":"too long"}]' : undefined,
    })),
  );
  // The server sees the store through a proxy that notes every method it calls.
  const view = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      called.add(String(name));
      return (...args: unknown[]) => value.apply(target, args);
    },
  }) as StoreView;
  inspector = await startInspector({ store: view, limits: { timeoutMs: 20_000 } });
});

afterAll(async () => {
  await inspector?.close();
  store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('soupkit inspect: the server', () => {
  it('listens on 127.0.0.1 only, at a URL with a long random token', () => {
    expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}\/$/);
  });

  it('refuses a request without the token, or with a wrong one, with 401', async () => {
    for (const path of ['/', '/api/soups', '/index.html', `/${'a'.repeat(43)}/api/soups`]) {
      const reply = await send(path);
      expect([path, reply.status]).toEqual([path, 401]);
      expect(reply.body).not.toContain('Account');
    }
    expect((await send(`/${inspector.token}/`)).status).toBe(200);
  });

  it('refuses any Host but 127.0.0.1:<port> or localhost:<port> with 403 (DNS rebinding)', async () => {
    const page = `/${inspector.token}/`;
    for (const host of [
      'evil.example',
      `evil.example:${inspector.port}`,
      `127.0.0.1:${inspector.port + 1}`,
      `127.0.0.1.nip.io:${inspector.port}`,
    ]) {
      const reply = await send(page, { host });
      expect([host, reply.status]).toEqual([host, 403]);
    }
    expect((await send(page, { host: `localhost:${inspector.port}` })).status).toBe(200);
  });

  it('serves the page and its modules from the package, with a strict CSP and no caching', async () => {
    const page = await send(`/${inspector.token}/`);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    const app = await send(`/${inspector.token}/app.js`);
    expect(app.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(app.body).toContain("from './views/soups.js'");
    expect((await send(`/${inspector.token}/package.json`)).status).toBe(404);
    expect((await send(`/${inspector.token}/views/../../package.json`)).status).toBe(401);
  });

  it('is read-only: non-GET is refused, Smart SQL only SELECTs, no write method is called', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const reply = await send(api('soups'), { method, body: '{}' });
      expect([method, reply.status, reply.headers.allow]).toEqual([method, 405, 'GET, HEAD']);
    }
    expect((await send(api('query'))).status).toBe(405);
    for (const smartSql of [
      'delete from {Account}',
      'update {Account} set {Account:Name} = 1',
      'select 1; drop table soup_names',
      'insert into {Account} values (1)',
    ]) {
      const reply = await send(api('query'), {
        method: 'POST',
        body: JSON.stringify({ smartSql }),
      });
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body).error.code).toMatch(/^SMARTSQL_/);
    }
    // A tour of every view's calls.
    await send(api('soups'));
    const cursor = JSON.parse((await send(`${api('cursor')}?soup=Account&pageSize=10`)).body);
    await send(`${api('page')}?cursor=${cursor.cursorId}&page=1`);
    await send(`${api('entry')}?soup=Account&id=1`);
    await send(api('syncs'));
    await send(api('query'), {
      method: 'POST',
      body: JSON.stringify({ smartSql: 'select count(*) from {Account}' }),
    });
    expect([...called].filter((name) => !READS.has(name))).toEqual([]);
    expect(store.count(buildAllQuerySpec({ soupName: 'Account' }))).toBe(30);
  });

  it('pages a soup through a store cursor, with filters built as query specs', async () => {
    const first = JSON.parse((await send(`${api('cursor')}?soup=Account&pageSize=10`)).body);
    expect([first.totalEntries, first.totalPages, first.pageIndex, first.entries.length]).toEqual([
      30, 3, 0, 10,
    ]);
    const third = JSON.parse((await send(`${api('page')}?cursor=${first.cursorId}&page=2`)).body);
    expect(third.entries.map((entry: { Name: string }) => entry.Name)[0]).toBe('Account 20');
    const like = JSON.parse(
      (
        await send(
          `${api('cursor')}?soup=Account&filter=like&path=Name&key=${encodeURIComponent('Account 1%')}&sort=Name&order=descending&pageSize=25`,
        )
      ).body,
    );
    expect(like.entries.map((entry: { Name: string }) => entry.Name).slice(0, 2)).toEqual([
      'Account 19',
      'Account 18',
    ]);
    const range = JSON.parse(
      (
        await send(
          `${api('cursor')}?soup=Account&filter=range&path=Name&begin=${encodeURIComponent('Account 05')}&end=${encodeURIComponent('Account 07')}&pageSize=10`,
        )
      ).body,
    );
    expect(range.totalEntries).toBe(3);
    const bad = await send(`${api('cursor')}?soup=Account&pageSize=7`);
    expect(bad.status).toBe(400);
  });

  it('answers a Smart SQL mistake with its diagnostics (line and column), and a runaway result with the budget error', async () => {
    const mistake = await send(api('query'), {
      method: 'POST',
      body: JSON.stringify({ smartSql: 'select count(*)\nfrom {Acount}' }),
    });
    const error = JSON.parse(mistake.body).error;
    expect(error.code).toBe('SMARTSQL_UNKNOWN_SOUP');
    expect(error.diagnostics[0]).toMatchObject({ line: 2, column: 6 });
    const runaway = await send(api('query'), {
      method: 'POST',
      body: JSON.stringify({ smartSql: 'select {Account:_soup} from {Account}' }),
    });
    expect(runaway.status).toBe(400);
    expect(JSON.parse(runaway.body).error.code).toBe('STORE_QUERY_BUDGET_EXCEEDED');
  });

  it('never sends the store key, in any page, module, answer or error', async () => {
    for (const file of ['', 'app.js', 'api.js', 'dom.js', 'chart.js', 'inspect.css']) {
      await send(`/${inspector.token}/${file}`);
    }
    await send(api('nope'));
    await send(`${api('entry')}?soup=Nope&id=1`);
    expect(seen.length).toBeGreaterThan(40);
    expect(seen.filter((text) => text.includes(KEY))).toEqual([]);
  });
});
