/**
 * The real `soupkit` process (bin/soupkit.js through tsx), end to end: the few
 * things the in-process tests cannot show, namely the shim, the exit code of
 * the process, a user mistake without a stack trace, and files written by a
 * child process.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';
import { BIN, removeAll, spawnCli, tempProject } from './run-cli.js';

const HIDE_TSX = fileURLToPath(new URL('./fixtures/hide-tsx.mjs', import.meta.url));

vi.setConfig({ testTimeout: 60_000 });
const dirs: string[] = [];
afterAll(() => removeAll(dirs));

describe('the soupkit process', () => {
  it('prints its version and exits 0', async () => {
    const run = await spawnCli(['--version'], { cwd: process.cwd() });
    expect([run.code, run.stdout.trim(), run.stderr]).toEqual([0, '0.1.0', '']);
  });

  it('ends a config mistake with one line on stderr and exit code 2, no stack trace', async () => {
    const dir = await tempProject({ 'soupkit.config.json': '{ "outdir": "x" }' });
    dirs.push(dir);
    const run = await spawnCli(['generate'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/unknown key \(did you mean "outDir"\?\)/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('generates into the project folder from describe files', async () => {
    const dir = await tempProject({
      'soupkit.config.json': JSON.stringify({ describes: SAMPLE_DESCRIBES, objects: ['Account'] }),
    });
    dirs.push(dir);
    const run = await spawnCli(['generate', '--quiet'], { cwd: dir });
    expect([run.code, run.stdout, run.stderr]).toEqual([0, '', '']);
    expect(await readFile(join(dir, 'src', 'generated', 'soups', 'Account.ts'), 'utf8')).toContain(
      'export function bindAccountSoup',
    );
  });

  it('says to install tsx when a soupkit.config.ts needs it and it is missing', async () => {
    const dir = await tempProject({
      'soupkit.config.ts': `export default ${JSON.stringify({ describes: SAMPLE_DESCRIBES, objects: ['Account'] })};\n`,
    });
    dirs.push(dir);
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', HIDE_TSX, BIN, 'generate', '--quiet'],
        { cwd: dir },
        (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr: String(stderr) }),
      );
    });
    expect(run).toEqual({
      code: 2,
      stderr:
        'soupkit: this command needs tsx, to load a TypeScript config (soupkit.config.ts): npm install -D tsx\n',
    });
  });
});
