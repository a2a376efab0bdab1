/**
 * examples/basic end to end: the example app runs in a child process (through tsx,
 * importing `soupkit` and its generated code like a user's app) and prints what it
 * stored and queried in an encrypted store.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { removeAll, tempProject } from '../cli/run-cli.js';
import { REPO_ROOT as REPO } from '../helpers/paths.js';

// Child processes (tsx, ts-morph) are slow on a loaded machine; give them room.
vi.setConfig({ testTimeout: 120_000 });

const dirs: string[] = [];

afterAll(() => removeAll(dirs));

function runExample(
  args: string[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'examples/basic/src/main.ts', ...args],
      { cwd: REPO, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : Number(error.code ?? -1),
          stdout: String(stdout),
          stderr: String(stderr),
        }),
    );
  });
}

describe('examples/basic', () => {
  it('stores typed records in an encrypted store and queries them through the generated soups', async () => {
    const run = await runExample();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'soups: Account, Contact, invoices, Opportunity',
      'upserted 2 accounts, 3 contacts',
      'contacts of Acme: Ada Lovelace (CTO), Grace Hopper (no title)',
      'modified since 2024-03-04: Alan Turing, Grace Hopper',
      'full-text "glob*": Globex Energy [Energy]',
      'names like "A%": Ada Lovelace, Alan Turing',
      'updated Alan Turing: title Researcher, entry 3, 3 contacts',
      'store file encrypted: true',
      'wrong key: STORE_BAD_KEY',
      'reopened with the key: Ada Lovelace, CTO',
    ]);
  });

  it('keeps the store file it is given', async () => {
    const dir = await tempProject({});
    dirs.push(dir);
    const file = join(dir, 'app.db');
    const run = await runExample([file]);
    expect(run.code).toBe(0);
    expect(existsSync(file)).toBe(true);
  });
});
