/**
 * The key file of `soupkit sync` (and of `status` and `inspect`, which read it
 * the same way): one line, its line end not part of the key; whitespace
 * after the key, a second line, a folder, a device or a file over 4 KiB is
 * refused in one line before anything else happens (a device is never read);
 * a key file others may read is used with ssh's warning.
 */
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture } from './capture.js';
import { syncProject } from './sync-project.js';

let project: string;

beforeAll(async () => {
  project = await syncProject('soupkit-sync-key-file-');
});
afterAll(() => rm(project, { recursive: true, force: true }));

/** `soupkit sync` without an org: past the key, it stops at CLI_NO_ORG. */
const NO_ORG = /^soupkit: soupkit sync needs an org: /m;

async function syncWithKeyFile(name: string, content?: string, mode = 0o600) {
  if (content !== undefined) await writeFile(join(project, name), content, { mode });
  return capture(['sync', '--key-file', name], { cwd: project });
}

describe('soupkit sync --key-file', () => {
  it.each([
    ['a line end', 'the key\n'],
    ['a Windows line end', 'the key\r\n'],
    ['no line end', 'the key'],
  ])('takes a key with %s', async (_, content) => {
    const run = await syncWithKeyFile('good.key', content);
    expect(run.stderr).toMatch(NO_ORG);
    expect(run.stderr.split('\n')).toHaveLength(2);
  });

  it.each([
    [
      'a space after the key',
      'the key \n',
      'has whitespace after the key; remove it (the key is used exactly as written)',
    ],
    [
      'a tab after the key',
      'the key\t',
      'has whitespace after the key; remove it (the key is used exactly as written)',
    ],
    [
      'a blank line after the key',
      'the key\n\n',
      'has more than one line; it must hold the key alone, on one line',
    ],
    [
      'a second line',
      'the key\nanother\n',
      'has more than one line; it must hold the key alone, on one line',
    ],
    ['nothing but a line end', '\n', 'is empty'],
  ])('refuses a key file with %s in one line', async (_, content, why) => {
    const run = await syncWithKeyFile('bad.key', content);
    expect([run.code, run.stderr, run.stdout]).toEqual([
      2,
      `soupkit: the key file bad.key ${why}\n`,
      '',
    ]);
  });

  it('warns, as ssh does, when others may read the key file, and still uses it', async () => {
    const run = await syncWithKeyFile('loose.key', 'the key\n', 0o644);
    const [warning, ...rest] = run.stderr.split('\n');
    expect(warning).toBe(
      'soupkit: warning: key file loose.key is readable by others; chmod 600 loose.key',
    );
    expect(rest.join('\n')).toMatch(NO_ORG);
    const tight = await syncWithKeyFile('tight.key', 'the key\n', 0o600);
    expect(tight.stderr).not.toContain('warning');
    // A key file refused anyway gets the refusal alone.
    const both = await syncWithKeyFile('loose-bad.key', 'the key \n', 0o644);
    expect(both.stderr).toBe(
      'soupkit: the key file loose-bad.key has whitespace after the key; remove it (the key is used exactly as written)\n',
    );
  });

  it('refuses a device, a folder and a huge file at once, without reading them', async () => {
    const zero = await syncWithKeyFile('/dev/zero');
    expect([zero.code, zero.stderr]).toEqual([
      2,
      'soupkit: the key file /dev/zero is not a regular file (a device or a socket)\n',
    ]);
    await mkdir(join(project, 'folder.key'));
    const folder = await syncWithKeyFile('folder.key');
    expect(folder.stderr).toBe('soupkit: the key file folder.key is a folder, not a file\n');
    // 4 GiB, sparse: reading it would take long and fail; its size refuses it.
    const huge = await open(join(project, 'huge.key'), 'w', 0o600);
    await huge.truncate(2 ** 32);
    await huge.close();
    const big = await syncWithKeyFile('huge.key');
    expect(big.stderr).toBe(
      'soupkit: the key file huge.key is 4294967296 bytes; a key file holds the key alone, on one line\n',
    );
    const missing = await syncWithKeyFile('absent.key');
    expect(missing.stderr).toBe('soupkit: the key file absent.key cannot be read: ENOENT\n');
  });
});
