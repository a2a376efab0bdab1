/**
 * The key file of `soupkit sync` (and of `status` and `inspect`, which read it
 * the same way): one line, its line end not part of the key; whitespace
 * after the key, a second line, a folder, a device or a file over 4 KiB is
 * refused in one line before anything else happens (a device is never read);
 * a key file others may read is used with ssh's warning.
 */
import { chmod, mkdir, open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture } from './capture.js';
import { syncProject } from './sync-project.js';

let project: string;

beforeAll(async () => {
  project = await syncProject('soupkit-sync-key-file-');
});
afterAll(() => rm(project, { recursive: true, force: true }));

const WHITESPACE =
  'ends in whitespace, and soupkit before this check read it as part of the key; if the store was made with that key, give it by SOUPKIT_STORE_KEY instead, else remove the whitespace (or rekey the store)';
const BOM =
  'starts with a UTF-8 byte order mark (BOM), which would be read as part of the key; save it without a BOM (e.g. as "UTF-8", not "UTF-8 with BOM")';

/** `soupkit sync` without an org: past the key, it stops at CLI_NO_ORG. */
const NO_ORG = /^soupkit: soupkit sync needs an org: /m;

async function syncWithKeyFile(name: string, content?: string, mode = 0o600) {
  if (content !== undefined) {
    await writeFile(join(project, name), content);
    // After writing: writeFile's mode goes through the umask (077 would make any mode 0600).
    await chmod(join(project, name), mode);
  }
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
    ['a space after the key', 'the key \n', WHITESPACE],
    ['a tab after the key', 'the key\t', WHITESPACE],
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
    ['a UTF-8 byte order mark before the key', '\ufeffthe key\n', BOM],
  ])('refuses a key file with %s in one line', async (_, content, why) => {
    const run = await syncWithKeyFile('bad.key', content);
    expect([run.code, run.stderr, run.stdout]).toEqual([
      2,
      `soupkit: the key file bad.key ${why}\n`,
      '',
    ]);
  });

  it.each([
    ['others', 0o604],
    ['the group', 0o640],
    ['everyone', 0o644],
  ])('warns, as ssh does, when %s may read the key file, and still uses it', async (_, mode) => {
    const run = await syncWithKeyFile('loose.key', 'the key\n', mode);
    const [warning, ...rest] = run.stderr.split('\n');
    expect(warning).toBe(
      'soupkit: warning: key file loose.key is readable by group or others; chmod 600 loose.key',
    );
    expect(rest.join('\n')).toMatch(NO_ORG);
  });

  it('does not warn about a key file only its owner may read, and refuses a bad one without warning', async () => {
    const tight = await syncWithKeyFile('tight.key', 'the key\n', 0o600);
    expect(tight.stderr).not.toContain('warning');
    // A key file refused anyway gets the refusal alone.
    const both = await syncWithKeyFile('loose-bad.key', 'the key \n', 0o644);
    expect(both.stderr).toBe(`soupkit: the key file loose-bad.key ${WHITESPACE}\n`);
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
