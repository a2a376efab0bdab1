import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT as ROOT } from '../helpers/paths.js';

describe('the main job (npm start)', () => {
  it('generates from the bundled samples through the local emulator as the org', async () => {
    // --check: the same run as `npm start`, comparing instead of writing.
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/main-job.ts', '--check'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(stderr).toBe('');
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^soupkit: the local Salesforce REST emulator is the org, at http:\/\/127\.0\.0\.1:\d+$/,
    );
    expect(lines[1]).toBe(
      'soupkit: 17 generated files in examples/basic/src/generated up to date (4 objects)',
    );
  });
});
