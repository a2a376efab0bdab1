/**
 * `--json` on every command: one JSON document on stdout in the sf CLI's
 * envelope, errors included (usage, config, store; the org error is in
 * generate-org.test.ts), and nothing else there.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { JsonError, JsonResult } from '../../cli/json-output.js';
import { RECORDED_DESCRIBES } from '../helpers/paths.js';
import { removeAll, runCli, tempProject } from './run-cli.js';

// ts-morph generation on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

const dirs: string[] = [];
afterAll(() => removeAll(dirs));

async function project(files: Record<string, string> = {}): Promise<string> {
  const dir = await tempProject(files);
  dirs.push(dir);
  return dir;
}

const CONFIG = JSON.stringify({ describes: RECORDED_DESCRIBES, objects: ['Account'] });

/** Runs `soupkit <args>`, expecting one JSON document on stdout. */
async function json<T>(args: readonly string[], cwd: string) {
  const run = await runCli(args, { cwd });
  return { code: run.code, stderr: run.stderr, document: JSON.parse(run.stdout) as T };
}

describe('--json errors', () => {
  it('prints a usage error as sf does, exit 2, nothing on stderr', async () => {
    const dir = await project();
    for (const command of ['generate', 'sync', 'init', 'emulator', 'status', 'inspect']) {
      const run = await json<JsonError>([command, '--zzzzzz', '--json'], dir);
      expect([run.code, run.stderr]).toEqual([2, '']);
      expect(run.document).toEqual({
        status: 2,
        name: 'CLI_UNKNOWN_FLAG',
        message: `unknown flag --zzzzzz; run "soupkit ${command} --help"`,
        exitCode: 2,
        warnings: [],
      });
    }
  });

  it('prints a config error and a store error with their stable codes', async () => {
    const dir = await project({ 'soupkit.config.json': '{ "outdir": "x" }' });
    const config = await json<JsonError>(['generate', '--json'], dir);
    expect(config.code).toBe(2);
    expect(config.document).toMatchObject({ status: 2, exitCode: 2, name: 'CONFIG_UNKNOWN_KEY' });
    expect(config.document.message).toContain('did you mean "outDir"?');
    const store = await json<JsonError>(['status', '--store', 'nope.db', '--json'], dir);
    expect(store.document).toMatchObject({ status: 2, name: 'CLI_NO_STORE' });
  });

  it('keeps in the error document the warnings said before the error', async () => {
    // No config (a notice), then no describes folder (the error).
    const dir = await project();
    const run = await json<JsonError>(['generate', '--json'], dir);
    expect(run.code).toBe(2);
    expect(run.document.warnings).toEqual([
      expect.stringMatching(/^no soupkit\.config\.json \(or \.ts\) in .*; using the defaults/),
    ]);
  });
});

describe('--json results', () => {
  it('generate prints the files it wrote and the warnings it would have printed', async () => {
    const dir = await project({ 'describes/.keep': '' });
    const run = await json<JsonResult<{ objects: string[]; files: { status: string }[] }>>(
      ['generate', '--describes', RECORDED_DESCRIBES, '--json'],
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.document.status).toBe(0);
    expect(run.document.warnings).toEqual([
      `no soupkit.config.json (or .ts) in ${dir}; using the defaults (describes/ → src/generated/)`,
    ]);
    expect(run.document.result.files.length).toBeGreaterThan(0);
    expect(run.document.result.files.every((file) => file.status === 'created')).toBe(true);
  });

  it('generate --check --json reports stale files with status 1', async () => {
    const dir = await project({ 'soupkit.config.json': CONFIG });
    const run = await json<JsonResult<{ ok: boolean }>>(['generate', '--check', '--json'], dir);
    expect([run.code, run.document.status, run.document.result.ok]).toEqual([1, 1, false]);
    expect(run.document.warnings).toEqual([]);
  });
});
