/**
 * examples/react-native-tests: the app's own vitest suite, run as its
 * `npm test` runs it (its config maps `react-native-force` to
 * `soupkit/react-native-force`), in a child process.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

vi.setConfig({ testTimeout: 120_000 });

describe('examples/react-native-tests', () => {
  it("runs the app's data module on soupkit through the mapped module, and every test passes", async () => {
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
          'run',
          '--config',
          'examples/react-native-tests/vitest.config.ts',
          '--reporter=json',
        ],
        { cwd: REPO_ROOT, timeout: 110_000, env: { ...process.env, NO_COLOR: '1' } },
        (error, stdout, stderr) =>
          resolve({
            code: error === null ? 0 : Number(error.code ?? -1),
            stdout: String(stdout),
            stderr: String(stderr),
          }),
      );
    });
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: { assertionResults: { title: string; status: string }[] }[];
    };
    expect({ code: run.code, failed: report.numFailedTests }, run.stderr).toEqual({
      code: 0,
      failed: 0,
    });
    expect(
      report.testResults.flatMap((file) => file.assertionResults.map((a) => a.status)),
    ).toEqual(['passed', 'passed', 'passed']);
  });
});
