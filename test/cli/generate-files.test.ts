/**
 * `soupkit` in a child process against temporary projects, with describes from files.
 */
import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { RECORDED_DESCRIBES as FIXTURES, REPO_ROOT as REPO } from '../helpers/paths.js';
import { removeAll, runCli, tempProject } from './run-cli.js';

// Child processes (tsx, ts-morph) are slow on a loaded machine; give them room.
vi.setConfig({ testTimeout: 120_000 });

const dirs: string[] = [];
afterAll(() => removeAll(dirs));

async function project(config: unknown, extra: Record<string, string> = {}): Promise<string> {
  const dir = await tempProject({
    'soupkit.config.json': JSON.stringify(config, null, 2),
    ...extra,
  });
  dirs.push(dir);
  return dir;
}

const CONFIG = { describes: FIXTURES, outDir: 'src/generated', objects: ['Account', 'Contact'] };

describe('soupkit --help / --version', () => {
  it('prints the version from package.json', async () => {
    const { version } = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as {
      version: string;
    };
    const run = await runCli(['--version'], { cwd: REPO });
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints the main help and the generate help', async () => {
    const main = await runCli(['--help'], { cwd: REPO });
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('soupkit generate [--config FILE]');
    const generate = await runCli(['generate', '--help'], { cwd: REPO });
    expect(generate.code).toBe(0);
    expect(generate.stdout).toContain('--access-token TOKEN');
  });

  it('shows the help and exits 2 without a command', async () => {
    const run = await runCli([], { cwd: REPO });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Usage:');
  });

  it('rejects an unknown flag in one line naming it, exit 2', async () => {
    const run = await runCli(['generate', '--outdir', 'x'], { cwd: REPO });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'soupkit: unknown flag --outdir (did you mean --out?); run "soupkit generate --help"\n',
    );
  });

  it('rejects --describes together with --org', async () => {
    const run = await runCli(['generate', '--describes', 'd', '--org', 'dev'], { cwd: REPO });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('soupkit: --describes cannot be combined with --org\n');
  });
});

describe('soupkit generate from describe files', () => {
  it('writes the generated files and prints what it wrote', async () => {
    const dir = await project(CONFIG);
    const run = await runCli(['generate'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      `soupkit: 2 objects (Account, Contact) from describes in ${FIXTURES.replace(/\/$/, '')}`,
    );
    expect(lines).toContain('  created    src/generated/sobjects/Account.ts');
    expect(lines.at(-1)).toMatch(
      /^\d+ files in src\/generated: \d+ created, 0 updated, 0 unchanged, 0 removed \(\d+\.\d s\)$/,
    );
    expect(await readFile(join(dir, 'src/generated/sobjects/Contact.ts'), 'utf8')).toContain(
      'Contact',
    );

    const again = await runCli(['generate'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('  unchanged  src/generated/sobjects/Account.ts');
    expect(again.stdout).toMatch(/: 0 created, 0 updated, \d+ unchanged, 0 removed/);
  });

  it('--check exits 0 when up to date and 1 listing stale, missing and extra files', async () => {
    const dir = await project(CONFIG);
    expect((await runCli(['generate', '--quiet'], { cwd: dir })).stdout).toBe('');
    const ok = await runCli(['generate', '--check'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /^soupkit: \d+ generated files in src\/generated up to date \(2 objects\)\n$/,
    );

    // The soup module: adding Case changes Account's record type (its Cases), not this.
    const account = join(dir, 'src/generated/soups/Account.ts');
    await writeFile(account, `${await readFile(account, 'utf8')}// edited by hand\n`);
    await rm(join(dir, 'src/generated/sobjects/Contact.ts'));
    await writeFile(
      join(dir, 'soupkit.config.json'),
      JSON.stringify({ ...CONFIG, objects: ['Account', 'Contact', 'Case'] }),
    );
    const stale = await runCli(['generate', '--check'], { cwd: dir });
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe('');
    expect(stale.stderr).toMatch(
      /^soupkit: generated files in src\/generated are out of date \(\d+ stale, \d+ missing\):/,
    );
    expect(stale.stderr).toContain('  stale    src/generated/soups/Account.ts');
    expect(stale.stderr).toContain('      - // edited by hand');
    expect(stale.stderr).toContain('  missing  src/generated/sobjects/Contact.ts');
    expect(stale.stderr).toContain('  missing  src/generated/sobjects/Case.ts');
    expect(stale.stderr.trim().split('\n').at(-1)).toBe('run "soupkit generate" to update them');

    await writeFile(
      join(dir, 'soupkit.config.json'),
      JSON.stringify({ ...CONFIG, objects: ['Account'] }),
    );
    await runCli(['generate', '--config', 'soupkit.config.json'], { cwd: dir });
    await writeFile(join(dir, 'soupkit.config.json'), JSON.stringify(CONFIG));
    await runCli(['generate'], { cwd: dir });
    await writeFile(
      join(dir, 'soupkit.config.json'),
      JSON.stringify({ ...CONFIG, objects: ['Account'] }),
    );
    const extra = await runCli(['generate', '--check'], { cwd: dir });
    expect(extra.code).toBe(1);
    expect(extra.stderr).toContain(
      '  extra    src/generated/sobjects/Contact.ts (no longer generated)',
    );
  });

  it('--out and --describes override the config', async () => {
    const dir = await project({ objects: ['Custom__c'] });
    const run = await runCli(['generate', '--describes', FIXTURES, '--out', 'elsewhere'], {
      cwd: dir,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  created    elsewhere/sobjects/Custom__c.ts');
  });

  it('reports a malformed describe file in one line with file, line and column', async () => {
    const dir = await project(
      { describes: 'describes', outDir: 'out', objects: ['Broken__c'] },
      { 'describes/Broken__c.describe.json': '{\n  "name": "Broken__c",\n  "fields": [,]\n}\n' },
    );
    const run = await runCli(['generate'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^soupkit: error: .*describes\/Broken__c\.describe\.json:3:\d+: invalid JSON/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('writes nothing when a file cannot be written, and says which and why in one line', async () => {
    const dir = await project(CONFIG, { 'src/generated/soups': 'a file where a folder goes\n' });
    const run = await runCli(['generate'], { cwd: dir });
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^soupkit: error: cannot write soups\/Account\.ts .*: a part of the path is a file, not a folder; nothing was changed/,
    );
    expect(run.stderr).not.toContain('internal error');
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(join(dir, 'src/generated'))).toEqual(['soups']);
  });

  it('fails in one line for an output folder that cannot be made (--out /proc/x)', async () => {
    const dir = await project(CONFIG);
    const run = await runCli(['generate', '--out', '/proc/soupkit-x'], { cwd: dir });
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^soupkit: error: cannot write .*\/proc\/soupkit-x/);
  });

  it('reports a describe missing from the folder, naming the object', async () => {
    const dir = await project({ describes: FIXTURES, outDir: 'out', objects: ['Nope__c'] });
    const run = await runCli(['generate'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"objects[0]": no describe for "Nope__c"');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports a config mistake naming the file and the key', async () => {
    const dir = await project({ describes: FIXTURES, outdir: 'x' });
    const run = await runCli(['generate'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^soupkit: error: .*soupkit\.config\.json: "outdir": unknown key \(did you mean "outDir"\?\)/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('says when no config file is found and the defaults apply', async () => {
    const dir = await tempProject({});
    dirs.push(dir);
    const run = await runCli(['generate'], { cwd: dir });
    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n');
    expect(lines[0]).toBe(
      `soupkit: no soupkit.config.json (or .ts) in ${dir}; using the defaults (describes/ → src/generated/)`,
    );
    expect(lines[1]).toContain(`describes folder not found: ${join(dir, 'describes')}`);
    expect(lines.slice(2)).toEqual(['']);
  });

  it('reports a missing config file given with --config', async () => {
    const dir = await project({});
    const run = await runCli(['generate', '--config', 'nope.json'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `soupkit: error: ${join(dir, 'nope.json')}: config file not found: ${join(dir, 'nope.json')}\n`,
    );
  });
});

describe('soupkit generate into something that is not a folder', () => {
  it('refuses --out /dev/null in one line naming it, before describing anything', async () => {
    const dir = await project(CONFIG);
    const run = await runCli(['generate', '--out', '/dev/null'], { cwd: dir });
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toBe(
      'soupkit: --out /dev/null is not a folder: the generated files need a folder\n',
    );
  });

  it("refuses the config's outDir when it is a file, or lies under one", async () => {
    const file = await project({ ...CONFIG, outDir: 'notes.txt' }, { 'notes.txt': 'mine\n' });
    const run = await runCli(['generate'], { cwd: file });
    expect([run.code, run.stderr]).toEqual([
      2,
      'soupkit: outDir notes.txt is a file: the generated files need a folder\n',
    ]);
    expect(await readFile(join(file, 'notes.txt'), 'utf8')).toBe('mine\n');
    const under = await project({ ...CONFIG, outDir: 'notes.txt/gen' }, { 'notes.txt': '' });
    const nested = await runCli(['generate', '--check', '--json'], { cwd: under });
    expect(nested.code).toBe(2);
    expect(JSON.parse(nested.stdout)).toMatchObject({
      name: 'CLI_BAD_OUT_DIR',
      message:
        'outDir notes.txt is a file (in the way of notes.txt/gen): the generated files need a folder',
    });
  });

  it('says a file-system error on the way (a symbolic link loop) in one line, not as a bug', async () => {
    const dir = await project(CONFIG);
    await symlink('loop', join(dir, 'loop'));
    const run = await runCli(['generate', '--out', 'loop/gen'], { cwd: dir });
    expect([run.code, run.stdout, run.stderr]).toEqual([
      2,
      '',
      'soupkit: error: cannot stat loop/gen: too many symbolic links (ELOOP)\n',
    ]);
    const json = await runCli(['generate', '--out', 'loop/gen', '--json'], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 2, name: 'FS_ELOOP' });
  });
});
