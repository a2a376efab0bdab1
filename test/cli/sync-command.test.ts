/**
 * `soupkit sync` in process against the emulator: the project's generated
 * configs run into an encrypted store file, one summary line per sync, `--json`
 * states, exit 1 when a sync does not end DONE, and one-line errors for a
 * missing key, org or generated config.
 */
import { chmod, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JsonResult } from '../../cli/json-output.js';
import { buildAllQuerySpec } from '../../runtime/store/query-spec.js';
import { SmartStore } from '../../runtime/store/smart-store.js';
import { useEmulator } from '../helpers/emulator.js';
import { REPO_ROOT, SAMPLE_DESCRIBES } from '../helpers/paths.js';
import { capture } from './capture.js';
import { syncProject } from './sync-project.js';

const org = useEmulator({
  describes: SAMPLE_DESCRIBES,
  records: join(REPO_ROOT, 'samples', 'records.json'),
});
let project: string;

beforeAll(async () => {
  project = await syncProject('soupkit-sync-cli-');
});
afterAll(() => rm(project, { recursive: true, force: true }));

const orgFlags = () => [
  '--instance-url',
  org.emulator.instanceUrl,
  '--access-token',
  org.emulator.accessToken,
];

describe('soupkit sync', () => {
  it('runs every generated sync into the encrypted store, a line each, and exits 0 when all are DONE', async () => {
    const run = await capture(['sync', ...orgFlags(), '--key-file', 'store.key'], { cwd: project });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.map((line) => line.replace(/\d+\.\d s$/, 'T s').trimEnd())).toEqual([
      '  syncDownAccount              DONE     5 records      T s',
      '  syncUpAccount                DONE     0 records      T s',
      '  syncDownAccountWithContacts  DONE     5 records      T s',
      '  syncUpAccountWithContacts    DONE     0 records      T s',
      '  syncDownContact              DONE     8 records      T s',
      '  syncUpContact                DONE     0 records      T s',
      `6 of 6 syncs DONE into .soupkit/store.db (org at ${org.emulator.instanceUrl})`,
    ]);
    expect(run.stdout).not.toContain('a key in a file');
    const file = join(project, '.soupkit', 'store.db');
    expect((await readFile(file)).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    const store = SmartStore.open({ path: file, key: 'a key in a file' });
    try {
      expect(store.count(buildAllQuerySpec({ soupName: 'Contact' }))).toBe(8);
    } finally {
      store.close();
    }
  });

  it('runs only the syncs named, prints the final states with --json, and exits 1 when one fails', async () => {
    const json = await capture(
      [
        'sync',
        ...orgFlags(),
        '--sync',
        'syncDownAccount',
        '--sync',
        'syncDownContact',
        '--json',
        '--store',
        'other.db',
      ],
      { cwd: project, env: { SOUPKIT_STORE_KEY: 'from the environment' } },
    );
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout) as JsonResult<{ name: string; status: string }[]>;
    expect(document).toMatchObject({ status: 0, warnings: [] });
    const states = document.result;
    expect(states.map((s) => [s.name, s.status])).toEqual([
      ['syncDownAccount', 'DONE'],
      ['syncDownContact', 'DONE'],
    ]);
    const fault = org.emulator.faults.add({
      path: '/query',
      times: Number.POSITIVE_INFINITY,
      respond: { status: 400, body: [{ errorCode: 'MALFORMED_QUERY', message: 'refused here' }] },
    });
    const failed = await capture(
      ['sync', ...orgFlags(), '--sync', 'syncDownAccount', '--store', 'other.db'],
      {
        cwd: project,
        env: { SOUPKIT_STORE_KEY: 'from the environment' },
      },
    );
    fault.remove();
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /syncDownAccount {2}FAILED .* {2}MALFORMED_QUERY: refused here\n/,
    );
  });

  it('keeps each sync on one line whatever the server says: line breaks, control characters, no URL-encoded SOQL', async () => {
    const fault = org.emulator.faults.add({
      path: '/query',
      times: Number.POSITIVE_INFINITY,
      respond: {
        status: 400,
        body: [
          {
            errorCode: 'MALFORMED_QUERY',
            message: 'first line\nsecond line\r\nthird\rfourth\u2028fifth\u001b[2Jsixth',
          },
        ],
      },
    });
    const run = await capture(
      ['sync', ...orgFlags(), '--key-file', 'store.key', '--store', 'lines.db'],
      { cwd: project },
    );
    fault.remove();
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(
      /^ {2}syncDownAccount +FAILED +\d+\.\d s {2}MALFORMED_QUERY: first line second line third fourth fifth \[2Jsixth$/,
    );
    for (const character of ['\r', '\u2028', '\u001b']) expect(run.stdout).not.toContain(character);
    expect(run.stdout).not.toContain('%20');
  });

  it('names the line and column of a JSON mistake in usersyncs.json', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'soupkit-sync-broken-'));
    try {
      await cp(project, broken, {
        recursive: true,
        filter: (source) => !source.includes('.soupkit') && !source.endsWith('.db'),
      });
      const file = join(broken, 'src', 'generated', 'usersyncs.json');
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace('"syncName"', '"syncName",'));
      const run = await capture(['sync', ...orgFlags(), '--key-file', 'store.key'], {
        cwd: broken,
      });
      const line = text.slice(0, text.indexOf('"syncName"')).split('\n').length;
      expect(run.stderr).toMatch(
        new RegExp(`^soupkit: error: \\S*usersyncs\\.json:${line}:\\d+: invalid JSON: [^\\n]+\\n$`),
      );
      expect(run.code).toBe(2);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });

  it('runs a usersyncs.json that starts with a byte order mark and holds an entry the SDK skips', async () => {
    const edited = await mkdtemp(join(tmpdir(), 'soupkit-sync-bom-'));
    try {
      await cp(project, edited, {
        recursive: true,
        filter: (source) => !source.includes('.soupkit') && !source.endsWith('.db'),
      });
      const file = join(edited, 'src', 'generated', 'usersyncs.json');
      const config = JSON.parse(await readFile(file, 'utf8')) as { syncs: unknown[] };
      await writeFile(file, `\uFEFF${JSON.stringify({ syncs: [null, ...config.syncs] })}`);
      const run = await capture(
        ['sync', ...orgFlags(), '--key-file', 'store.key', '--sync', 'syncDownAccount'],
        { cwd: edited },
      );
      expect(run.stdout).toMatch(/syncDownAccount\s+DONE/);
      expect(run.stderr).toMatch(/^soupkit: warning: /);
      expect(run.stderr).not.toMatch(/internal error/);
      expect(run.code).toBe(0);
    } finally {
      await rm(edited, { recursive: true, force: true });
    }
  });

  it('says in one line what is missing: the key, the org, the generated configs, a sync name', async () => {
    const noKey = await capture(['sync', ...orgFlags()], { cwd: project });
    expect([noKey.code, noKey.stderr]).toEqual([
      2,
      'soupkit: the store is encrypted: give its key with --key-file FILE or the SOUPKIT_STORE_KEY environment variable\n',
    ]);
    const noOrg = await capture(['sync', '--key-file', 'store.key'], { cwd: project });
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toMatch(/^soupkit: soupkit sync needs an org: --org ALIAS/);
    const badName = await capture(
      ['sync', ...orgFlags(), '--key-file', 'store.key', '--sync', 'syncDownAcount'],
      {
        cwd: project,
      },
    );
    expect(badName.stderr).toContain(
      '--sync syncDownAcount: usersyncs.json has no such sync (did you mean syncDownAccount?)',
    );
    const empty = await mkdtemp(join(tmpdir(), 'soupkit-sync-empty-'));
    try {
      const notGenerated = await capture(
        ['sync', ...orgFlags(), '--key-file', join(project, 'store.key')],
        { cwd: empty },
      );
      expect(notGenerated.stderr).toMatch(
        /userstore\.json does not exist: run "soupkit generate" first/,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('says a file in the way of --store in one line, before the org is asked', async () => {
    const before = org.emulator.requestCount;
    const run = await capture(
      ['sync', ...orgFlags(), '--key-file', 'store.key', '--store', 'store.key/s.db'],
      { cwd: project },
    );
    expect([run.code, run.stderr, run.stdout]).toEqual([
      2,
      'soupkit: --store store.key/s.db: store.key is a file; the store file needs a folder\n',
      '',
    ]);
    expect(org.emulator.requestCount).toBe(before);
    const json = await capture(
      ['sync', ...orgFlags(), '--key-file', 'store.key', '--store', 'store.key/s.db', '--json'],
      { cwd: project },
    );
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 2, name: 'CLI_BAD_STORE_PATH' });
  });

  it('--json: an error keeps the warnings said before it', async () => {
    await writeFile(join(project, 'loose.key'), 'a key in a file\n');
    await chmod(join(project, 'loose.key'), 0o644);
    // A warning (the key file's mode), then an error (no org).
    const run = await capture(['sync', '--key-file', 'loose.key', '--json'], { cwd: project });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 2,
      name: 'CLI_NO_ORG',
      warnings: ['key file loose.key is readable by group or others; chmod 600 loose.key'],
    });
    expect(run.stderr).toBe('');
  });

  it('--json prints one document even when closing the store fails after the run', async () => {
    const close = SmartStore.prototype.close;
    const failing = vi.spyOn(SmartStore.prototype, 'close').mockImplementationOnce(function (
      this: SmartStore,
    ) {
      close.call(this);
      throw new Error('close failed');
    });
    try {
      const run = await capture(
        [
          'sync',
          ...orgFlags(),
          '--key-file',
          'store.key',
          '--store',
          'close.db',
          '--sync',
          'syncDownAccount',
          '--json',
        ],
        { cwd: project },
      );
      expect(failing).toHaveBeenCalledTimes(1);
      expect(JSON.parse(run.stdout)).toMatchObject({
        status: 2,
        name: 'INTERNAL',
        message: 'close failed',
      });
      expect(run.code).toBe(2);
    } finally {
      failing.mockRestore();
    }
  });
});
