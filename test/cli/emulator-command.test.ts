/**
 * `soupkit emulator`: the emulator from the package, the bundled samples by
 * default; it answers over loopback until stopped.
 */
import { describe, expect, it } from 'vitest';
import { runEmulator } from '../../cli/emulator-command.js';
import { REPO_ROOT } from '../helpers/paths.js';

describe('soupkit emulator', () => {
  it('serves the bundled sample describes and records, and prints how to reach it', async () => {
    let output = '';
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const running = runEmulator(
      new Map(),
      {
        stdout: { write: (text: string) => (output += text) },
        stderr: { write: () => true },
        env: {},
        cwd: REPO_ROOT,
      },
      stopped,
    );
    while (!output.includes('SF_ACCESS_TOKEN')) await new Promise((r) => setTimeout(r, 5));
    const url = /SF_INSTANCE_URL=(\S+)/.exec(output)?.[1];
    const token = /SF_ACCESS_TOKEN=(\S+)/.exec(output)?.[1];
    expect(output).toMatch(
      /^soupkit emulator listening on http:\/\/127\.0\.0\.1:\d+ \(API \d+\.0\)\n/,
    );
    expect(output).toContain('records.json');
    const answer = await fetch(
      `${url}/services/data/v62.0/query?q=${encodeURIComponent('SELECT Name FROM Account')}`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(((await answer.json()) as { totalSize: number }).totalSize).toBe(5);
    stop();
    expect(await running).toBe(0);
    await expect(fetch(`${url}/services/data`)).rejects.toThrow();
  });
});
