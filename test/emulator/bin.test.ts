/** The runnable emulator script: starts, prints where it listens, stops on SIGINT. */
import { spawn } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import {
  RECORDED_DESCRIBES as FIXTURES,
  REPO_ROOT as REPO,
  SAMPLE_DESCRIBES,
  SAMPLE_RECORDS,
} from '../helpers/paths.js';

// Child processes (tsx, ts-morph) are slow on a loaded machine; give them room.
vi.setConfig({ testTimeout: 120_000 });

describe('emulator/bin.ts', () => {
  it('serves the describes until interrupted', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'emulator/bin.ts',
        '--describes',
        FIXTURES,
        '--access-token',
        'cli-token',
      ],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (found) resolve(found[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    expect(output).toContain('SF_ACCESS_TOKEN=cli-token');
    const response = await fetch(`${url}/services/data/v62.0/sobjects/Lead/describe`, {
      headers: { Authorization: 'Bearer cli-token' },
    });
    expect(response.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('serves a seed file with --records (what npm run emulator does)', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'emulator/bin.ts',
        '--describes',
        SAMPLE_DESCRIBES,
        '--records',
        SAMPLE_RECORDS,
      ],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const [url, token] = await new Promise<[string, string]>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found =
          /listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*SF_ACCESS_TOKEN=(\S+)[\s\S]*Ctrl\+C/.exec(
            output,
          );
        if (found) resolve([found[1] as string, found[2] as string]);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    expect(output).toContain(`seed records from ${SAMPLE_RECORDS}`);
    const response = await fetch(
      `${url}/services/data/v62.0/query?q=${encodeURIComponent('SELECT COUNT() FROM Account')}`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(await response.json()).toMatchObject({ totalSize: 5 });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/bin.ts', '--nope'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("soupkit-emulator: Unknown option '--nope'");
  });
});
