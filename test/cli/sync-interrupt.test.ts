/**
 * Ctrl-C in `soupkit sync`: the real command in a child process, stopped by
 * SIGINT while the emulator holds its next page (so the sync is surely
 * running), says which sync stopped where and which did not run, and exits
 * 130; the store is left STOPPED and the next run resumes it. A second Ctrl-C
 * quits at once, with the page still held. In process, with a signal source
 * of its own, the progress bar is cleared before anything is said.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SignalHost } from '../../cli/signals.js';
import { runSync } from '../../cli/sync-command.js';
import { buildAllQuerySpec } from '../../runtime/store/query-spec.js';
import { SmartStore } from '../../runtime/store/smart-store.js';
import { useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';
import { KEY, startSync as startProcess, syncProject } from './sync-project.js';

vi.setConfig({ testTimeout: 120_000 });
const org = useEmulator({ describes: SAMPLE_DESCRIBES });
let project: string;
/** The second page of a sync down of Account (the first is 2,000 records). */
const NEXT_PAGE = { method: 'GET', path: /\/query\/[^/?]+$/, hold: true } as const;

beforeAll(async () => {
  project = await syncProject('soupkit-sync-interrupt-');
  org.emulator.org.insert(
    'Account',
    Array.from({ length: 4500 }, (_, i) => ({ Name: `Interrupted ${i}` })),
  );
});
afterAll(() => rm(project, { recursive: true, force: true }));

const startSync = (store: string, ...more: string[]) =>
  startProcess(org.emulator, project, store, ...more);

const STOPPING =
  /soupkit: stopping: the current page or batch ends first \(Ctrl-C again quits at once\)\n/;

describe('Ctrl-C in soupkit sync (the real command)', () => {
  it('stops the running sync at its page, says what is left, exits 130, and the next run resumes', async () => {
    const hold = org.emulator.faults.add(NEXT_PAGE);
    const run = startSync('stopped.db', '--sync', 'syncDownAccount', '--sync', 'syncUpAccount');
    await hold.reached();
    run.child.kill('SIGINT');
    await run.stderrMatches(STOPPING);
    hold.remove();
    const { code } = await run.exited;
    expect(run.output.stderr).toMatch(new RegExp(`^${STOPPING.source}$`));
    expect(run.output.stdout.split('\n')).toEqual([
      expect.stringMatching(
        /^ {2}syncDownAccount {2}STOPPED at \d{1,2}% of 4,500 records; run soupkit sync again to resume$/,
      ),
      '  syncUpAccount    not run (stopped)',
      `0 of 2 syncs DONE into stopped.db (org at ${org.emulator.instanceUrl})`,
      '',
    ]);
    expect(code).toBe(130);
    const store = SmartStore.open({ path: join(project, 'stopped.db'), key: KEY });
    try {
      const [sync] = store.query({
        queryType: 'exact',
        soupName: 'syncs_soup',
        indexPath: 'name',
        matchKey: 'syncDownAccount',
        pageSize: 10,
      } as never) as unknown as { status: string }[];
      expect(sync?.status).toBe('STOPPED');
    } finally {
      store.close();
    }
    const again = startSync('stopped.db', '--sync', 'syncDownAccount');
    expect((await again.exited).code).toBe(0);
    // Resumed, not started over: only what the stopped run had not saved is fetched.
    expect(again.output.stdout).toMatch(/^ {2}syncDownAccount {2}DONE {5}(\d+) records/);
    const fetched = Number(/DONE {5}(\d+) records/.exec(again.output.stdout)?.[1]);
    expect(fetched).toBeLessThan(4500);
    const reopened = SmartStore.open({ path: join(project, 'stopped.db'), key: KEY });
    try {
      expect(reopened.count(buildAllQuerySpec({ soupName: 'Account' }))).toBe(4500);
    } finally {
      reopened.close();
    }
  });

  it('quits at once on a second Ctrl-C, with the page still held', async () => {
    const hold = org.emulator.faults.add(NEXT_PAGE);
    try {
      const run = startSync('quit.db', '--sync', 'syncDownAccount');
      await hold.reached();
      run.child.kill('SIGINT');
      await run.stderrMatches(STOPPING);
      run.child.kill('SIGINT');
      expect(await run.exited).toEqual({ code: 130, signal: null });
      expect(hold.hits).toBe(1);
    } finally {
      hold.remove();
    }
  });

  it('with --json, quitting at once still prints the one document (CLI_INTERRUPTED, 130)', async () => {
    const hold = org.emulator.faults.add(NEXT_PAGE);
    try {
      const run = startSync('quit-json.db', '--sync', 'syncDownAccount', '--json');
      await hold.reached();
      run.child.kill('SIGINT');
      await run.stderrMatches(STOPPING);
      run.child.kill('SIGINT');
      expect(await run.exited).toEqual({ code: 130, signal: null });
      expect(JSON.parse(run.output.stdout)).toEqual({
        status: 130,
        name: 'CLI_INTERRUPTED',
        message: 'interrupted twice: quit at once',
        exitCode: 130,
        warnings: [],
      });
    } finally {
      hold.remove();
    }
  });

  it('stops before the first sync when Ctrl-C comes while the org is checked', async () => {
    const check = { method: 'GET', path: '/services/data/v62.0', hold: true } as const;
    const early = /^soupkit: stopping before the first sync \(Ctrl-C again quits at once\)\n/;
    const hold = org.emulator.faults.add(check);
    const run = startSync('early.db');
    await hold.reached();
    run.child.kill('SIGINT');
    await run.stderrMatches(early);
    hold.remove();
    expect(await run.exited).toEqual({ code: 130, signal: null });
    expect(run.output.stderr).toMatch(
      new RegExp(`${early.source}soupkit: stopped before any sync ran\n$`),
    );
    expect(run.output.stdout).toBe('');
    expect(existsSync(join(project, 'early.db'))).toBe(false);
    // With --json: that one line is the error document.
    const holdJson = org.emulator.faults.add(check);
    const json = startSync('early.db', '--json');
    await holdJson.reached();
    json.child.kill('SIGTERM');
    await json.stderrMatches(early);
    holdJson.remove();
    expect(await json.exited).toEqual({ code: 130, signal: null });
    expect(JSON.parse(json.output.stdout)).toMatchObject({
      status: 130,
      name: 'CLI_INTERRUPTED',
      message: 'stopped before any sync ran',
    });
  });
});

describe('Ctrl-C in soupkit sync (in process)', () => {
  it('clears the progress bar before it says it is stopping, and a second signal exits 130', async () => {
    const signals = new EventEmitter();
    const exits: number[] = [];
    const host: SignalHost = {
      on: (event, listener) => signals.on(event, listener),
      off: (event, listener) => signals.off(event, listener),
      exit: (code) => {
        exits.push(code);
      },
    };
    let stderr = '';
    const hold = org.emulator.faults.add(NEXT_PAGE);
    const flags = new Map<string, string | true>([
      ['instance-url', org.emulator.instanceUrl],
      ['access-token', org.emulator.accessToken],
      ['key-file', 'store.key'],
      ['store', 'in-process.db'],
      ['sync', 'syncDownAccount'],
    ]);
    const running = runSync(
      flags,
      {
        stdout: { isTTY: false, write: () => true },
        stderr: {
          isTTY: true,
          columns: 80,
          write: (text: string) => {
            stderr += text;
            return true;
          },
        },
        env: {},
        cwd: project,
      },
      host,
    );
    await hold.reached();
    expect(signals.listenerCount('SIGINT')).toBe(1);
    signals.emit('SIGINT');
    const clear = '\r\u001b[2K';
    expect(stderr).toContain('syncDownAccount [');
    expect(
      stderr.endsWith(
        `${clear}soupkit: stopping: the current page or batch ends first (Ctrl-C again quits at once)\n`,
      ),
    ).toBe(true);
    signals.emit('SIGTERM');
    expect(exits).toEqual([130]);
    hold.remove();
    expect(await running).toBe(130);
    // The sync ended its page after the bar was cleared: the bar stayed cleared.
    expect(
      stderr.endsWith(
        `${clear}soupkit: stopping: the current page or batch ends first (Ctrl-C again quits at once)\n`,
      ),
    ).toBe(true);
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM')).toBe(0);
  });
});
