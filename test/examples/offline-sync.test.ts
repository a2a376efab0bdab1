/**
 * examples/offline-sync end to end: the app made by `soupkit init` runs in a
 * child process against the emulator of this test (as `npm start` runs it),
 * and prints each step of the offline loop.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { OFFLINE_LOOP_STEPS } from '../helpers/offline-loop.js';
import { REPO_ROOT, SAMPLE_DESCRIBES } from '../helpers/paths.js';

vi.setConfig({ testTimeout: 120_000 });

const org = useEmulator({
  describes: SAMPLE_DESCRIBES,
  records: join(REPO_ROOT, 'samples', 'records.json'),
});

function runExample(
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'examples/offline-sync/src/main.ts'],
      { cwd: REPO_ROOT, timeout: 90_000, env: { ...process.env, ...env } },
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : Number(error.code ?? -1),
          stdout: String(stdout),
          stderr: String(stderr),
        }),
    );
  });
}

describe('examples/offline-sync', () => {
  it('syncs down, edits offline, meets a conflict and a refused record, syncs up, merges field by field, resolves a conflict, and says so', async () => {
    const run = await runExample({
      SF_INSTANCE_URL: org.emulator.instanceUrl,
      SF_ACCESS_TOKEN: org.emulator.accessToken,
      SOUPKIT_STORE_KEY: 'test key',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      `org: the org at ${org.emulator.instanceUrl}`,
      ...OFFLINE_LOOP_STEPS,
    ]);
    const server = org.emulator.org.all('Account').map((a) => a.Name);
    expect(server).toContain('Wayne Enterprises');
    expect(server).toContain('Globex Corporation');
    expect(org.emulator.org.all('Contact').map((c) => c.LastName)).toEqual(
      expect.arrayContaining(['Wayne', 'Lumbergh']),
    );
    // MERGE_FIELDS: both sides' edits of Acme, and the resolved name of Initech, on the server.
    const accounts = org.emulator.org.all('Account');
    expect(accounts.find((a) => a.Name === 'Acme Corporation')).toMatchObject({
      NumberOfEmployees: 1250,
      BillingCity: 'Shelbyville',
    });
    expect(accounts.map((a) => a.Name)).toContain('Initech Ltd');
  });

  it('runs on its own too: without an org it starts the emulator with its records', async () => {
    const run = await runExample({});
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      'org: the local Salesforce REST emulator (sample records)',
    );
    expect(run.stdout).toContain('6. sync down again: DONE; 6 accounts and 8 contacts');
  });
});
