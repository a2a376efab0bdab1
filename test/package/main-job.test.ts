/**
 * The main job (`npm start`): the emulator as the org with the sample records,
 * `soupkit generate` for examples/offline-sync through it, then the example
 * app's offline loop against it, every step printed.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { OFFLINE_LOOP_STEPS } from '../helpers/offline-loop.js';
import { REPO_ROOT as ROOT } from '../helpers/paths.js';

vi.setConfig({ testTimeout: 120_000 });

async function mainJob(...args: string[]): Promise<{ lines: string[]; stderr: string }> {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'scripts/main-job.ts', ...args],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const port = /127\.0\.0\.1:(\d+)/.exec(stdout)?.[1] ?? 'none';
  return {
    lines: stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.replaceAll(port, 'PORT')),
    stderr,
  };
}

describe('the main job (npm start)', () => {
  it('generates through the emulator as the org, then runs the offline loop against it', async () => {
    const { lines, stderr } = await mainJob();
    expect(stderr).toBe('');
    expect(lines[0]).toBe(
      'soupkit: the local Salesforce REST emulator is the org, at http://127.0.0.1:PORT (sample describes and records)',
    );
    expect(lines[1]).toBe(
      'soupkit: 2 objects (Account, Contact) from org at http://127.0.0.1:PORT (API 62.0)',
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^11 files in examples\/offline-sync\/src\/generated: 0 created, 0 updated, 11 unchanged, 0 removed \(\d+\.\d s\)$/,
      ),
    );
    const loop = lines.slice(
      lines.indexOf('soupkit: running examples/offline-sync against the emulator'),
    );
    expect(loop).toEqual([
      'soupkit: running examples/offline-sync against the emulator',
      'org: the org at http://127.0.0.1:PORT',
      ...OFFLINE_LOOP_STEPS,
    ]);
  });

  it('with --check compares the generated code and runs nothing else', async () => {
    const { lines } = await mainJob('--check');
    expect(lines.slice(1)).toEqual([
      'soupkit: 11 generated files in examples/offline-sync/src/generated up to date (2 objects)',
    ]);
  });
});
