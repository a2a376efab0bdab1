/**
 * `soupkit emulator`: the emulator from the package, the bundled samples by
 * default; it answers over loopback until stopped. In process through the CLI's
 * flag table, and once as the real process (what `npm run emulator` runs).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Connection } from 'jsforce';
import { describe, expect, it, vi } from 'vitest';
import type { EmulatorJson } from '../../cli/emulator-command.js';
import { runEmulator } from '../../cli/emulator-command.js';
import type { JsonResult } from '../../cli/json-output.js';
import { parseArgs } from '../../cli/parse-args.js';
import {
  RECORDED_DESCRIBES,
  REPO_ROOT,
  SAMPLE_DESCRIBES,
  SAMPLE_RECORDS,
} from '../helpers/paths.js';
import { capture } from './capture.js';
import { BIN } from './run-cli.js';

// The process test starts tsx and the emulator: slow on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

/** `soupkit emulator <args>` in process: resolves `ready` with stdout once `until` matches it. */
function startInProcess(args: readonly string[], until: RegExp) {
  let output = '';
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  let announce = (_text: string) => {};
  const ready = new Promise<string>((resolve) => {
    announce = resolve;
  });
  const { command, flags } = parseArgs(['emulator', ...args]);
  expect(command).toBe('emulator');
  const running = runEmulator(
    flags,
    {
      stdout: {
        write: (text: string) => {
          output += text;
          if (until.test(output)) announce(output);
          return true;
        },
      },
      stderr: { write: () => true },
      env: {},
      cwd: REPO_ROOT,
    },
    stopped,
  );
  return { ready, running, stop };
}

async function countAccounts(instanceUrl: string, token: string): Promise<number> {
  const answer = await fetch(
    `${instanceUrl}/services/data/v62.0/query?q=${encodeURIComponent('SELECT COUNT() FROM Account')}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  return ((await answer.json()) as { totalSize: number }).totalSize;
}

describe('soupkit emulator', () => {
  it('serves the bundled sample describes and records, and prints how to reach it', async () => {
    const emulator = startInProcess([], /Ctrl\+C stops it\n$/);
    const output = await emulator.ready;
    const url = /SF_INSTANCE_URL=(\S+)/.exec(output)?.[1] as string;
    const token = /SF_ACCESS_TOKEN=(\S+)/.exec(output)?.[1] as string;
    expect(output).toMatch(
      /^soupkit emulator listening on http:\/\/127\.0\.0\.1:\d+ \(API \d+\.0\)\n/,
    );
    expect(output).toContain(`records ${SAMPLE_RECORDS}`);
    expect(await countAccounts(url, token)).toBe(5);
    emulator.stop();
    expect(await emulator.running).toBe(0);
    await expect(fetch(`${url}/services/data`)).rejects.toThrow();
  });

  it('--json prints one document with the URL, token and API version; --access-token and --user are honoured', async () => {
    const emulator = startInProcess(
      [
        '--describes',
        RECORDED_DESCRIBES,
        '--access-token',
        'cli-token',
        '--user',
        'dev@example.com:se,cr:et',
        '--user',
        'ops@example.com:other',
        '--json',
      ],
      /\}\n$/,
    );
    const document = JSON.parse(await emulator.ready) as JsonResult<EmulatorJson>;
    expect(Object.keys(document)).toEqual(['status', 'result', 'warnings']);
    expect(document.status).toBe(0);
    const result = document.result;
    expect(result).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      instanceUrl: result.url,
      accessToken: 'cli-token',
      apiVersion: expect.stringMatching(/^\d+\.0$/),
      describes: RECORDED_DESCRIBES,
      records: null,
      users: ['dev@example.com', 'ops@example.com'],
    });
    const lead = await fetch(`${result.url}/services/data/v62.0/sobjects/Lead/describe`, {
      headers: { Authorization: 'Bearer cli-token' },
    });
    expect(lead.status).toBe(200);
    // The password keeps its comma and colon; jsforce logs in as against an org.
    const conn = new Connection({ loginUrl: result.url, version: '62.0' });
    await conn.login('dev@example.com', 'se,cr:et');
    expect(conn.instanceUrl).toBe(result.url);
    await expect(
      new Connection({ loginUrl: result.url, version: '62.0' }).login('dev@example.com', 'se'),
    ).rejects.toThrow('INVALID_LOGIN');
    emulator.stop();
    expect(await emulator.running).toBe(0);
  });

  it('--latency delays every answer by at least that many milliseconds', async () => {
    const emulator = startInProcess(['--latency', '300', '--json'], /\}\n$/);
    const { result } = JSON.parse(await emulator.ready) as JsonResult<EmulatorJson>;
    const started = performance.now();
    expect(await countAccounts(result.instanceUrl, result.accessToken)).toBe(5);
    // A lower bound only: a busy machine makes it slower, never faster.
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    emulator.stop();
    expect(await emulator.running).toBe(0);
  });

  it('runs as the real command until SIGINT (what npm run emulator does), exit 0', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'emulator', '--describes', SAMPLE_DESCRIBES, '--records', SAMPLE_RECORDS, '--json'],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    const document = await new Promise<JsonResult<EmulatorJson>>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.endsWith('}\n')) resolve(JSON.parse(output) as JsonResult<EmulatorJson>);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}${errors}`)));
    });
    expect(document.result.records).toBe(SAMPLE_RECORDS);
    expect(await countAccounts(document.result.instanceUrl, document.result.accessToken)).toBe(5);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(errors).toBe('');
  });

  it('rejects an unknown flag in one line, exit 2, naming the command', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--nope'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toBe('soupkit: unknown flag --nope; run "soupkit emulator --help"\n');
  });

  it('leaves no signal listener behind when it cannot start (runCli is public API)', async () => {
    const listeners = () => process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
    const before = listeners();
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const run = await capture(['emulator', '--port', String(port)], { cwd: REPO_ROOT });
      expect(run.code).toBe(2);
      expect(run.stderr.split('\n')).toHaveLength(2);
      expect(listeners()).toBe(before);
    } finally {
      busy.close();
    }
  });
});
