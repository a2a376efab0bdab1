import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorError, startEmulator } from '../../emulator/index.js';
import { SoupkitError } from '../../runtime/errors.js';
import { removeAll, tempProject } from '../cli/run-cli.js';

const dirs: string[] = [];

async function tempDir(files: Record<string, string>): Promise<string> {
  const dir = await tempProject(files);
  dirs.push(dir);
  return dir;
}

afterEach(() => removeAll(dirs));

const widget = { name: 'Widget__c', label: 'Widget', custom: true, keyPrefix: 'a01', fields: [] };

async function startupError(promise: Promise<unknown>): Promise<EmulatorError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(EmulatorError);
  expect(error).toBeInstanceOf(SoupkitError);
  return error as EmulatorError;
}

describe('startEmulator() describes', () => {
  it('serves describe objects passed in', async () => {
    const emulator = await startEmulator({ describes: [widget], accessToken: 't' });
    try {
      const response = await fetch(
        `${emulator.url}/services/data/v60.0/sobjects/Widget__c/describe`,
        {
          headers: { Authorization: 'Bearer t' },
        },
      );
      expect(await response.json()).toEqual(widget);
    } finally {
      await emulator.close();
    }
  });

  it('skips a global describe file in the folder', async () => {
    const dir = await tempDir({
      'Widget__c.describe.json': JSON.stringify(widget),
      'global.describe.json': JSON.stringify({ sobjects: [{ name: 'Other' }] }),
    });
    const emulator = await startEmulator({ describes: dir, accessToken: 't' });
    try {
      const response = await fetch(`${emulator.url}/services/data/v60.0/sobjects`, {
        headers: { Authorization: 'Bearer t' },
      });
      const body = (await response.json()) as { sobjects: { name: string }[] };
      expect(body.sobjects.map((entry) => entry.name)).toEqual(['User', 'Widget__c']);
    } finally {
      await emulator.close();
    }
  });

  it('names the folder that does not exist', async () => {
    const error = await startupError(startEmulator({ describes: '/no/such/folder' }));
    expect(error.code).toBe('EMULATOR_DESCRIBES_NOT_FOUND');
    expect(error.message).toContain('/no/such/folder');
  });

  it('names the file that is not JSON', async () => {
    const dir = await tempDir({ 'Broken.describe.json': '{"name": "Broken",' });
    const error = await startupError(startEmulator({ describes: dir }));
    expect(error.code).toBe('EMULATOR_BAD_DESCRIBE');
    expect(error.message).toContain('Broken.describe.json: not valid JSON');
  });

  it('names the describe without fields', async () => {
    const error = await startupError(startEmulator({ describes: [{ name: 'NoFields' }] }));
    expect(error.code).toBe('EMULATOR_BAD_DESCRIBE');
    expect(error.message).toBe('options.describes[0]: describe of NoFields has no "fields" array');
  });

  it('rejects two describes of the same object', async () => {
    const error = await startupError(
      startEmulator({ describes: [widget, { ...widget, name: 'widget__c' }] }),
    );
    expect(error.code).toBe('EMULATOR_DUPLICATE_DESCRIBE');
  });
});

describe('startEmulator() options', () => {
  it('rejects a bad port', async () => {
    const error = await startupError(startEmulator({ port: 70_000 }));
    expect(error.code).toBe('EMULATOR_BAD_OPTION');
  });

  it('rejects a bad API version', async () => {
    const error = await startupError(startEmulator({ apiVersions: ['62'] }));
    expect(error.message).toContain('"62" is not like "62.0"');
  });

  it('reports a port already in use', async () => {
    const first = await startEmulator();
    try {
      const port = Number(new URL(first.url).port);
      const error = await startupError(startEmulator({ port }));
      expect(error.code).toBe('EMULATOR_LISTEN_FAILED');
      expect(error.message).toContain(`127.0.0.1:${port}`);
    } finally {
      await first.close();
    }
  });

  it('adds latency and counts concurrent requests', async () => {
    const emulator = await startEmulator({ describes: [widget], accessToken: 't', latencyMs: 50 });
    try {
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 4 }, () =>
          fetch(`${emulator.url}/services/data/v60.0/sobjects`, {
            headers: { Authorization: 'Bearer t' },
          }),
        ),
      );
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
      expect(emulator.maxConcurrentRequests).toBe(4);
    } finally {
      await emulator.close();
    }
  });

  it('close() can be called twice', async () => {
    const emulator = await startEmulator();
    await emulator.close();
    await expect(emulator.close()).resolves.toBeUndefined();
  });
});
