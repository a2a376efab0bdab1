/**
 * `soupkit sync` against an org it cannot use, through the real command: the
 * org is asked once (one request, no retries) before any store is made or
 * sync runs, and the run ends with exit 2 and one line naming the URL; an
 * expired token gets generate's hint. An org lost in the middle of a run
 * never lets a later sync say DONE.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SmartStore } from '../../runtime/store/smart-store.js';
import { SESSION_HINT } from '../../runtime/sync/adapters/jsforce-connect.js';
import { createLocally } from '../../runtime/sync/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';
import { spawnCli } from './run-cli.js';
import { KEY, syncProject } from './sync-project.js';

vi.setConfig({ testTimeout: 120_000 });
const org = useEmulator({ describes: SAMPLE_DESCRIBES });
let project: string;

beforeAll(async () => {
  project = await syncProject('soupkit-sync-org-');
});
afterAll(() => rm(project, { recursive: true, force: true }));

const sync = (instanceUrl: string, accessToken: string, ...more: string[]) =>
  spawnCli(
    [
      'sync',
      '--instance-url',
      instanceUrl,
      '--access-token',
      accessToken,
      '--key-file',
      'store.key',
      ...more,
    ],
    { cwd: project },
  );

/** A loopback port this test listened on and closed: nothing answers there. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  return port;
}

describe('soupkit sync and an org it cannot use', () => {
  it('ends an unreachable host with exit 2 and one line naming the URL, making no store', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const run = await sync(url, 'any-token', '--store', 'unreachable.db');
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `soupkit: error: cannot reach the org at ${url} (connect ECONNREFUSED 127.0.0.1:${port})\n`,
    );
    expect(run.code).toBe(2);
    expect(existsSync(join(project, 'unreachable.db'))).toBe(false);
  });

  it('asks the org once, without retries, before the first sync', async () => {
    // Every try is dropped: a retry would show as a second hit.
    const drop = org.emulator.faults.add({
      method: 'GET',
      path: '/services/data/v62.0',
      drop: true,
      times: Number.POSITIVE_INFINITY,
    });
    const run = await sync(
      org.emulator.instanceUrl,
      org.emulator.accessToken,
      '--store',
      'dropped.db',
    );
    drop.remove();
    expect(drop.hits).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^soupkit: error: cannot reach the org at ${org.emulator.instanceUrl} \\([^\\n]*\\)\\n$`,
      ),
    );
    expect([run.code, run.stdout]).toEqual([2, '']);
  });

  it('ends an expired or revoked token with exit 2 and the hint generate gives', async () => {
    const token = org.emulator.addAccessToken();
    org.emulator.revokeAccessToken(token);
    const before = org.emulator.requestCount;
    const run = await sync(org.emulator.instanceUrl, token, '--store', 'revoked.db');
    const url = `${org.emulator.instanceUrl}/services/data/v62.0`;
    expect(run.stderr).toBe(
      `soupkit: error: the org at ${org.emulator.instanceUrl}: session expired or invalid (401 INVALID_SESSION_ID from GET ${url}); ${SESSION_HINT}\n`,
    );
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(org.emulator.requestsSince(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /services/data/v62.0',
    ]);
    expect(existsSync(join(project, 'revoked.db'))).toBe(false);
  });

  it('runs no sync after the org stops answering, so none after it says DONE', async () => {
    const synced = await sync(
      org.emulator.instanceUrl,
      org.emulator.accessToken,
      '--store',
      'lost.db',
    );
    expect(synced.code).toBe(0);
    const store = SmartStore.open({ path: join(project, 'lost.db'), key: KEY });
    try {
      createLocally(store, 'Account', { Name: 'Lost 1' }, { sobjectType: 'Account' });
    } finally {
      store.close();
    }
    // The org answers the check, then drops every write: a sync up gets no answer.
    const drop = org.emulator.faults.add({
      method: 'POST',
      path: '/composite/sobjects',
      drop: true,
      times: Number.POSITIVE_INFINITY,
    });
    const run = await sync(
      org.emulator.instanceUrl,
      org.emulator.accessToken,
      '--store',
      'lost.db',
      '--sync',
      'syncUpAccount',
      '--sync',
      'syncUpContact',
    );
    drop.remove();
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ {2}syncUpAccount {2}FAILED /);
    expect(lines[0]).not.toContain('?');
    expect(lines.slice(1)).toEqual([
      '  syncUpContact  not run (the org stopped answering)',
      `0 of 2 syncs DONE into lost.db (org at ${org.emulator.instanceUrl})`,
    ]);
    expect(run.stderr).toBe(
      `soupkit: error: the org at ${org.emulator.instanceUrl} stopped answering; 1 sync was not run: syncUpContact\n`,
    );
    expect(run.code).toBe(2);
    // With --json: one document, the not-run syncs and the reason in its warnings.
    const again = org.emulator.faults.add({
      method: 'POST',
      path: '/composite/sobjects',
      drop: true,
      times: Number.POSITIVE_INFINITY,
    });
    const json = await sync(
      org.emulator.instanceUrl,
      org.emulator.accessToken,
      '--store',
      'lost.db',
      '--sync',
      'syncUpAccount',
      '--sync',
      'syncUpContact',
      '--json',
    );
    again.remove();
    const document = JSON.parse(json.stdout) as {
      status: number;
      result: { name: string; status: string }[];
      warnings: string[];
    };
    expect(document.status).toBe(2);
    expect(document.result.map((state) => `${state.name} ${state.status}`)).toEqual([
      'syncUpAccount FAILED',
    ]);
    expect(document.warnings).toEqual([
      `the org at ${org.emulator.instanceUrl} stopped answering; 1 sync was not run: syncUpContact`,
    ]);
    expect([json.code, json.stderr]).toEqual([2, '']);
  });

  it('runs no sync after the token expires mid-run, and gives the session hint once, exit 2', async () => {
    // A token of this test's own, revoked while the second sync's first request is held.
    const token = org.emulator.addAccessToken();
    const hold = org.emulator.faults.add({
      method: 'GET',
      path: /\/query\?q=.*Contact/,
      hold: true,
    });
    const running = sync(
      org.emulator.instanceUrl,
      token,
      '--store',
      'session.db',
      '--sync',
      'syncDownAccount',
      '--sync',
      'syncDownContact',
      '--sync',
      'syncUpContact',
    );
    await hold.reached();
    org.emulator.revokeAccessToken(token);
    hold.remove();
    const run = await running;
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ {2}syncDownAccount {2}DONE /);
    expect(lines[1]).toMatch(/^ {2}syncDownContact {2}FAILED .*INVALID_SESSION_ID/);
    expect(lines.slice(2)).toEqual([
      '  syncUpContact    not run (the session expired)',
      `1 of 3 syncs DONE into session.db (org at ${org.emulator.instanceUrl})`,
    ]);
    expect(run.stderr).toBe(
      `soupkit: error: the org at ${org.emulator.instanceUrl} refused the session (401 INVALID_SESSION_ID); ${SESSION_HINT}; 1 sync was not run: syncUpContact\n`,
    );
    expect(run.stdout).not.toContain(SESSION_HINT);
    expect(run.code).toBe(2);
  });
});
