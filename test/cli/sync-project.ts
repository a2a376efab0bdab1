/**
 * A project for the `soupkit sync` tests: examples/offline-sync's config,
 * describes and generated files in a temporary folder, with `store.key`
 * holding `KEY` on one line, readable by its owner only (as a key file should);
 * and the real `soupkit sync` started in it as a child process, watched as it runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { chmod, cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';
import { BIN, cleanEnv } from './run-cli.js';

export const KEY = 'a key in a file';

/** A new project folder (remove it after the tests). */
export async function syncProject(prefix = 'soupkit-sync-'): Promise<string> {
  const project = await mkdtemp(join(tmpdir(), prefix));
  const example = join(REPO_ROOT, 'examples', 'offline-sync');
  await cp(join(example, 'soupkit.config.json'), join(project, 'soupkit.config.json'));
  await cp(join(example, 'describes'), join(project, 'describes'), { recursive: true });
  await cp(join(example, 'src', 'generated'), join(project, 'src', 'generated'), {
    recursive: true,
  });
  await writeFile(join(project, 'store.key'), `${KEY}\n`);
  await chmod(join(project, 'store.key'), 0o600);
  return project;
}

/** The org a sync runs against. */
export interface SyncOrg {
  readonly instanceUrl: string;
  readonly accessToken: string;
}

/** A running `soupkit sync` child process and what it has printed so far. */
export interface RunningSync {
  readonly child: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  /** Resolves once stderr matches `pattern`; rejects if the process ends first. */
  stderrMatches(pattern: RegExp): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `soupkit sync --instance-url … --access-token … --key-file store.key --store STORE …more`
 * as a child process in `project` (bin/soupkit.js, without the caller's org variables).
 */
export function startSync(
  org: SyncOrg,
  project: string,
  store: string,
  ...more: string[]
): RunningSync {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'sync',
      '--instance-url',
      org.instanceUrl,
      '--access-token',
      org.accessToken,
      '--key-file',
      'store.key',
      '--store',
      store,
      ...more,
    ],
    { cwd: project, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = { stdout: '', stderr: '' };
  const events = new EventEmitter();
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
    events.emit('stderr');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output,
    exited,
    stderrMatches: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output.stderr)) return;
          events.off('stderr', check);
          resolve();
        };
        events.on('stderr', check);
        child.on('close', () =>
          reject(new Error(`exited before stderr matched ${pattern}: ${output.stderr}`)),
        );
        check();
      }),
  };
}
