/**
 * `soupkit inspect` as a command, in process: the URL with its token printed
 * once (the key never), the page answering at it, and one-line errors for a
 * missing store, a wrong key and a bad or busy port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInspect } from '../../../cli/inspect/inspect-command.js';
import type { JsonResult } from '../../../cli/json-output.js';
import { SmartStore } from '../../../runtime/store/smart-store.js';
import { capture } from '../capture.js';

const KEY = 'inspect command key';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soupkit-inspect-cli-'));
  const store = SmartStore.open({ path: join(dir, 'store.db'), key: KEY });
  store.registerSoup('Account', [{ path: 'Id', type: 'string' }]);
  store.upsert('Account', [{ Id: '001A', Name: 'Acme' }]);
  store.close();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('soupkit inspect', () => {
  it('prints the URL with its token once, serves the page there, and stops when told', async () => {
    let printed = '';
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let ready: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const stream = {
      isTTY: false,
      write: (chunk: string) => {
        printed += chunk;
        if (printed.includes('Ctrl+C')) ready();
        return true;
      },
    };
    const running = runInspect(
      new Map([['store', 'store.db']]),
      { stdout: stream, stderr: stream, env: { SOUPKIT_STORE_KEY: KEY }, cwd: dir },
      stopped,
    );
    await Promise.race([started, running]);
    const urls = printed.match(/http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}\//g) ?? [];
    expect(urls).toHaveLength(1);
    expect(printed).toContain('Inspecting store.db (read-only)');
    expect(printed).not.toContain(KEY);
    const url = urls[0] as string;
    const soups = await fetch(`${url}api/soups`);
    expect(soups.status).toBe(200);
    const body = await soups.text();
    expect(body).toContain('"name":"Account"');
    expect(body).not.toContain(KEY);
    expect((await fetch(new URL(url).origin)).status).toBe(401);
    stop();
    expect(await running).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('--json prints the URL and the store as one JSON document', async () => {
    let printed = '';
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let ready: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const running = runInspect(
      new Map<string, string | true>([
        ['store', 'store.db'],
        ['json', true],
      ]),
      {
        stdout: {
          write: (chunk: string) => {
            printed += chunk;
            if (printed.endsWith('}\n')) ready();
            return true;
          },
        },
        stderr: { write: () => true },
        env: { SOUPKIT_STORE_KEY: KEY },
        cwd: dir,
      },
      stopped,
    );
    await Promise.race([started, running]);
    const document = JSON.parse(printed) as JsonResult<{ url: string; store: string }>;
    expect(document).toEqual({
      status: 0,
      result: {
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}\/$/),
        store: join(dir, 'store.db'),
      },
      warnings: [],
    });
    expect(printed).not.toContain(KEY);
    expect((await fetch(`${document.result.url}api/soups`)).status).toBe(200);
    stop();
    expect(await running).toBe(0);
  });

  it('says in one line what is wrong: no store, a wrong key, a bad port, a busy port', async () => {
    const env = { SOUPKIT_STORE_KEY: KEY };
    // runCli is public: a failed start must leave an embedding process its own Ctrl-C.
    const listeners = () => process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
    const before = listeners();
    const missing = await capture(['inspect', '--store', 'nope.db'], { cwd: dir, env });
    expect([missing.code, missing.stderr]).toEqual([
      2,
      'soupkit: no store at nope.db: give it with --store FILE (soupkit sync makes .soupkit/store.db)\n',
    ]);
    const wrong = await capture(['inspect', '--store', 'store.db'], {
      cwd: dir,
      env: { SOUPKIT_STORE_KEY: 'wrong' },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^soupkit: error: Cannot open store .*the key is wrong[^\n]*\n$/);
    expect(listeners()).toBe(before);
    const badPort = await capture(['inspect', '--store', 'store.db', '--port', '70000'], {
      cwd: dir,
      env,
    });
    expect([badPort.code, badPort.stderr]).toEqual([
      2,
      'soupkit: --port must be an integer from 1 to 65535, got "70000"\n',
    ]);
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const taken = await capture(['inspect', '--store', 'store.db', '--port', String(port)], {
        cwd: dir,
        env,
      });
      expect([taken.code, taken.stderr]).toEqual([
        2,
        `soupkit: cannot listen on 127.0.0.1:${port}: EADDRINUSE\n`,
      ]);
      expect(listeners()).toBe(before);
    } finally {
      busy.close();
    }
  });
});
