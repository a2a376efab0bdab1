/**
 * Runs the `soupkit` command for the CLI tests: `runCli` in this process
 * through the CLI's I/O seam (fast: no process, no tsx), `spawnCli` as the real
 * command (bin/soupkit.js in a child process, asynchronously so that an
 * emulator running in the test process keeps answering) for the few tests
 * that are about the process itself.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../helpers/paths.js';
import { capture } from './capture.js';

export const BIN = join(REPO_ROOT, 'bin', 'soupkit.js');
export const FAKE_SF = fileURLToPath(new URL('./fixtures/fake-sf.mjs', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment without the org variables of whoever runs the tests. */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(SF_|SFDX_|SOUPKIT_)/.test(name)) env[name] = value;
  }
  return env;
}

/** `soupkit <args>` in this process, with the environment of `spawnCli` (without the caller's org). */
export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliRun> {
  return capture(args, { cwd: options.cwd, env: { ...cleanEnv(), ...options.env } });
}

/** `soupkit <args>` as a child process: bin/soupkit.js, tsx, exit code and all. */
export function spawnCli(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd, env: { ...cleanEnv(), ...options.env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** A temporary project folder with the given files (paths relative to it). */
export async function tempProject(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'soupkit-cli-'));
  for (const [name, text] of Object.entries(files)) {
    const target = join(dir, name);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
  }
  return dir;
}

export async function removeAll(dirs: string[]): Promise<void> {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
