/**
 * `soupkit status` on a store made with examples/offline-sync's code against
 * the emulator (synced down, edited offline, a record refused, a sync FAILED):
 * the text and `--json` reports in process, the exit codes, one-line errors,
 * and the real bin once.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonResult } from '../../cli/json-output.js';
import type { StoreReport } from '../../cli/store-report.js';
import { SmartStore } from '../../runtime/store/smart-store.js';
import { useEmulator } from '../helpers/emulator.js';
import { REPO_ROOT, SAMPLE_DESCRIBES } from '../helpers/paths.js';
import { leaveTroubleInStore, TROUBLE } from '../helpers/troubled-store.js';
import { capture } from './capture.js';
import { spawnCli } from './run-cli.js';

const KEY = 'status test key';
const org = useEmulator({
  describes: SAMPLE_DESCRIBES,
  records: join(REPO_ROOT, 'samples', 'records.json'),
});
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'soupkit-status-'));
  await leaveTroubleInStore(join(dir, 'store.db'), KEY, org.emulator);
  // Owner-only, as a key file should be (a readable one draws a warning, as ssh does).
  await writeFile(join(dir, 'store.key'), `${KEY}\n`, { mode: 0o600 });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The text report with its times (ISO 8601) replaced by T. */
function withoutTimes(text: string): string {
  return text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, 'T');
}

describe('soupkit status', () => {
  it('prints soups with their dirty counts, syncs with their states, and exits 1 for a FAILED sync', async () => {
    const run = await capture(['status', '--store', 'store.db', '--key-file', 'store.key'], {
      cwd: dir,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const lines = withoutTimes(run.stdout).split('\n');
    expect(lines.slice(0, 8)).toEqual([
      'store store.db',
      '',
      '  soup                    entries  bytes  dirty  created  updated  deleted  errors',
      expect.stringMatching(/^ {2}Account {23}6 +\d+ {6}2 {8}1 {8}1 {8}0 {7}0$/),
      expect.stringMatching(/^ {2}Contact {23}8 +\d+ {6}2 {8}1 {8}0 {8}1 {7}1$/),
      expect.stringMatching(/^ {2}soupkit_pending_writes {8}0 +0 +0/),
      expect.stringMatching(/^ {2}syncs_soup {20}6 /),
      '',
    ]);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {3}5 {2}syncDownContact +syncDown {2}Contact {2}FAILED {2}0% +T +T$/,
      ),
    );
    expect(lines).toContain('    error: MALFORMED_QUERY: refused by the test');
    expect(lines).toContain('  syncDownAccountWithContacts: parent_children: Account with Contact');
    expect(lines.at(-2)).toBe('1 sync FAILED, 1 record with __last_error__');
    expect(run.stdout).not.toContain(KEY);
  });

  it('prints a stable --json report: soups, dirty counts, syncs with ISO times', async () => {
    const run = await capture(['status', '--store', 'store.db', '--json'], {
      cwd: dir,
      env: { SOUPKIT_STORE_KEY: KEY },
    });
    expect(run.code).toBe(1);
    const document = JSON.parse(run.stdout) as JsonResult<StoreReport>;
    // sf's envelope: status is the exit code, the report is the result (its version 2: the envelope is new).
    expect(Object.keys(document)).toEqual(['status', 'result', 'warnings']);
    expect(document).toMatchObject({ status: 1, warnings: [] });
    const report = document.result;
    expect(Object.keys(report)).toEqual([
      'version',
      'soups',
      'syncs',
      'failedSyncs',
      'recordErrors',
    ]);
    expect(report).toMatchObject({ version: 2, failedSyncs: 1, recordErrors: 1 });
    expect(report.soups.find((soup) => soup.name === 'Contact')).toEqual({
      name: 'Contact',
      entries: 8,
      bytes: expect.any(Number),
      dirty: { total: 2, created: 1, updated: 0, deleted: 1, errors: 1 },
    });
    const failed = report.syncs.find((sync) => sync.name === TROUBLE.failedSync);
    expect(failed).toEqual({
      id: 5,
      name: 'syncDownContact',
      type: 'syncDown',
      soupName: 'Contact',
      target: expect.stringMatching(/^soql: select Id, AccountId/),
      status: 'FAILED',
      progress: 0,
      totalSize: -1,
      maxTimeStamp: null,
      startTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      endTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      error: `[{"errorCode":"MALFORMED_QUERY","message":"${TROUBLE.failedMessage}"}]`,
    });
    const done = report.syncs.find((sync) => sync.name === 'syncDownAccountWithContacts');
    expect([done?.status, done?.progress, done?.totalSize]).toEqual(['DONE', 100, 5]);
    expect(done?.maxTimeStamp).toMatch(/Z$/);
  });

  it('exits 0 on a store whose syncs did not fail, and 1 with --fail-on-errors when a record carries an error', async () => {
    const clean = join(dir, 'clean.db');
    const store = SmartStore.open({ path: clean, key: KEY });
    store.registerSoup('Account', [{ path: 'Id', type: 'string' }]);
    store.upsert('Account', [
      {
        Id: '001A',
        __local__: true,
        __locally_updated__: true,
        __last_error__: '[{"errorCode":"X"}]',
      },
    ]);
    store.close();
    const env = { SOUPKIT_STORE_KEY: KEY };
    const plain = await capture(['status', '--store', 'clean.db'], { cwd: dir, env });
    expect([plain.code, plain.stdout.split('\n').at(-2)]).toEqual([
      0,
      '0 syncs FAILED, 1 record with __last_error__',
    ]);
    expect(plain.stdout).toContain('no syncs');
    const strict = await capture(['status', '--store', 'clean.db', '--fail-on-errors'], {
      cwd: dir,
      env,
    });
    expect(strict.code).toBe(1);
  });

  it('says in one line what is wrong: no store, no key, a wrong key', async () => {
    const missing = await capture(['status', '--store', 'nope.db'], {
      cwd: dir,
      env: { SOUPKIT_STORE_KEY: KEY },
    });
    expect([missing.code, missing.stderr]).toEqual([
      2,
      'soupkit: no store at nope.db: give it with --store FILE (soupkit sync makes .soupkit/store.db)\n',
    ]);
    const noKey = await capture(['status', '--store', 'store.db'], { cwd: dir });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/^soupkit: the store is encrypted: give its key with --key-file/);
    const wrong = await capture(['status', '--store', 'store.db'], {
      cwd: dir,
      env: { SOUPKIT_STORE_KEY: 'not the key' },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^soupkit: error: Cannot open store .*the key is wrong.*\n$/);
    expect(wrong.stderr.split('\n')).toHaveLength(2);
  });

  it('runs as the real command (bin/soupkit.js) with --json', async () => {
    const run = await spawnCli(
      ['status', '--store', 'store.db', '--key-file', 'store.key', '--json'],
      {
        cwd: dir,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as JsonResult<StoreReport>).result.failedSyncs).toBe(1);
  });
});
