import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from 'soupkit/generator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'soupkit-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe(loadConfig.name, () => {
  it('reads soupkit.config.json and resolves paths against its folder', async () => {
    const file = path.join(dir, 'soupkit.config.json');
    await writeFile(
      file,
      JSON.stringify({ describes: 'sf/describes', outDir: 'out', objects: ['Account'] }),
    );
    const loaded = await loadConfig(file);
    expect(loaded.path).toBe(file);
    expect(loaded.baseDir).toBe(dir);
    expect(loaded.config.describes).toBe(path.join(dir, 'sf/describes'));
    expect(loaded.config.outDir).toBe(path.join(dir, 'out'));
  });

  it('finds the config in the current folder, and applies defaults when there is none', async () => {
    const none = await loadConfig(undefined, dir);
    expect(none.path).toBeUndefined();
    expect(none.config.outDir).toBe(path.join(dir, 'src/generated'));
    await writeFile(path.join(dir, 'soupkit.config.json'), '{ "outDir": "gen" }');
    const found = await loadConfig(undefined, dir);
    expect(found.path).toBe(path.join(dir, 'soupkit.config.json'));
    expect(found.config.outDir).toBe(path.join(dir, 'gen'));
  });

  it('reports a JSON syntax error with its line and column', async () => {
    const file = path.join(dir, 'soupkit.config.json');
    await writeFile(file, '{\n  "objects": ["Account",]\n}\n');
    const error = await loadConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'CONFIG_SYNTAX', line: 2, column: 25, file });
    expect((error as Error).message).toContain(`${file}:2:25: invalid JSON`);
  });

  it('names the file and key of an invalid value', async () => {
    const file = path.join(dir, 'soupkit.config.json');
    await writeFile(file, '{ "objects": [{ "name": "Account", "syncUp": { "mergeMode": 1 } }] }');
    await expect(loadConfig(file)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      key: 'objects[0].syncUp.mergeMode',
      file,
    });
  });

  it('fails with CONFIG_NOT_FOUND for a missing file', async () => {
    await expect(loadConfig(path.join(dir, 'nope.json'))).rejects.toMatchObject({
      code: 'CONFIG_NOT_FOUND',
    });
  });

  it('loads soupkit.config.ts through tsx (default export)', async () => {
    const file = path.join(dir, 'soupkit.config.ts');
    await writeFile(
      file,
      "const objects: string[] = ['Account', 'Contact'];\nexport default { objects, outDir: 'typed-out' };\n",
    );
    const loaded = await loadConfig(undefined, dir);
    expect(loaded.path).toBe(file);
    expect(loaded.config.objects.map((o) => o.name)).toEqual(['Account', 'Contact']);
    expect(loaded.config.outDir).toBe(path.join(dir, 'typed-out'));
  });

  it('reports a TypeScript config without a default export, and one that does not load', async () => {
    const file = path.join(dir, 'soupkit.config.ts');
    await writeFile(file, 'export const objects = [];\n');
    await expect(loadConfig(file)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await writeFile(file, "throw new Error('boom');\nexport default {};\n");
    await expect(loadConfig(file)).rejects.toMatchObject({ code: 'CONFIG_READ_FAILED' });
  });
});
