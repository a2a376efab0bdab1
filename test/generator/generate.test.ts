import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ConfigError,
  check,
  type DescribeSource,
  fileDescribeSource,
  generate,
  type LoadedConfig,
  loadConfig,
} from 'soupkit/generator';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_DESCRIBES as samples } from '../helpers/paths.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'soupkit-generate-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function setup(
  objects: unknown[],
): Promise<{ config: LoadedConfig; source: DescribeSource }> {
  const file = path.join(dir, 'soupkit.config.json');
  await writeFile(file, JSON.stringify({ describes: samples, outDir: 'out', objects }));
  const config = await loadConfig(file);
  return { config, source: fileDescribeSource(config.config.describes) };
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  await walk(root);
  return out.sort();
}

describe(generate.name, () => {
  it('writes every file, then reports them unchanged on a second run', async () => {
    const options = await setup(['Account', 'Contact']);
    const progress: string[] = [];
    const first = await generate({ ...options, onProgress: (p) => progress.push(p.name) });
    expect(first.outDir).toBe(path.join(dir, 'out'));
    expect(first.objects).toEqual(['Account', 'Contact']);
    expect(first.changed).toBe(true);
    expect(first.files.every((f) => f.status === 'created')).toBe(true);
    // Describes are read several at a time, so progress comes in the order reads finish.
    expect([...progress].sort()).toEqual(['Account', 'Contact']);
    expect(await listFiles(first.outDir)).toEqual(first.files.map((f) => f.path));
    const manifest = JSON.parse(
      await readFile(path.join(first.outDir, 'soupkit-manifest.json'), 'utf8'),
    );
    expect(manifest.objects).toEqual(['Account', 'Contact']);

    const second = await generate(options);
    expect(second.changed).toBe(false);
    expect(second.files.every((f) => f.status === 'unchanged')).toBe(true);
  });

  it('updates changed files and removes the files of objects no longer generated', async () => {
    const first = await generate(await setup(['Account', 'Contact']));
    await writeFile(path.join(first.outDir, 'soups/Account.ts'), '// edited by hand\n');
    await writeFile(path.join(first.outDir, 'notes.txt'), 'not generated: left alone\n');
    const second = await generate(await setup(['Account']));
    const status = Object.fromEntries(second.files.map((f) => [f.path, f.status]));
    expect(status['soups/Account.ts']).toBe('updated');
    expect(status['sobjects/Contact.ts']).toBe('removed');
    expect(status['soups/Contact.ts']).toBe('removed');
    expect(status['syncs/Contact.ts']).toBe('removed');
    expect(status['index.ts']).toBe('updated');
    const files = await listFiles(second.outDir);
    expect(files).toContain('notes.txt');
    expect(files.some((f) => f.includes('Contact'))).toBe(false);
  });

  it('writes to an explicit outDir and picks objects by glob from the source', async () => {
    const options = await setup(['*__c']);
    const result = await generate({ ...options, outDir: path.join(dir, 'elsewhere') });
    expect(result.outDir).toBe(path.join(dir, 'elsewhere'));
    expect(result.objects).toEqual(['Invoice__c']);
  });

  it('refuses a manifest entry pointing outside the output folder', async () => {
    const options = await setup(['Account']);
    const out = path.join(dir, 'out');
    await mkdir(out, { recursive: true });
    await writeFile(path.join(dir, 'precious.txt'), 'keep me');
    await writeFile(
      path.join(out, 'soupkit-manifest.json'),
      JSON.stringify({ files: ['../precious.txt'] }),
    );
    await generate(options);
    expect(await readFile(path.join(dir, 'precious.txt'), 'utf8')).toBe('keep me');
  });

  it('refuses a soup name the store would refuse, naming the config key', async () => {
    const error = await setup([
      { name: 'Account', soupName: 'invoices*/ console.log("INJECTED"); /*' },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', key: 'objects[0].soupName' });
    expect((error as Error).message).toMatch(/is not a soup name the store accepts/);
  });

  it('keeps config text that the store accepts inside the comments it reaches', async () => {
    const soupName = 'invoices*/ globalThis.injected = 1; /*';
    const result = await generate(await setup([{ name: 'Account', soupName }]));
    for (const file of result.files.filter((f) => f.path.endsWith('.ts'))) {
      const text = await readFile(path.join(result.outDir, file.path), 'utf8');
      const source = ts.createSourceFile(file.path, text, ts.ScriptTarget.Latest);
      const statements = source.statements.filter((s) => ts.isExpressionStatement(s));
      expect(
        statements.map((s) => s.getText(source)),
        file.path,
      ).toEqual([]);
    }
    const soup = await readFile(path.join(result.outDir, 'soups/Account.ts'), 'utf8');
    expect(soup).toContain('soup `invoices*\\/ globalThis.injected = 1; /*`');
    expect(soup).toContain(`soupName: ${JSON.stringify(soupName).replace(/"/g, "'")}`);
  });

  it('is all or nothing: a write that fails undoes every file and folder written before it', async () => {
    const first = await generate(await setup(['Account']));
    const before = new Map<string, string>();
    for (const file of await listFiles(first.outDir)) {
      before.set(file, await readFile(path.join(first.outDir, file), 'utf8'));
    }
    // Something in the way of one of the last files to be staged.
    await mkdir(path.join(first.outDir, 'syncs'), { recursive: true });
    const blocker = path.join(first.outDir, `syncs/Opportunity.ts.soupkit-new-${process.pid}`);
    await writeFile(blocker, 'in the way');
    const error = await generate(await setup(['Account', 'Contact', 'Opportunity'])).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'GENERATE_WRITE_FAILED' });
    expect((error as Error).message).toContain('cannot write syncs/Opportunity.ts');
    await rm(blocker);
    const after = new Map<string, string>();
    for (const file of await listFiles(first.outDir)) {
      after.set(file, await readFile(path.join(first.outDir, file), 'utf8'));
    }
    expect(after).toEqual(before);
  });

  it('fails with a typed error naming the config key for an object without describe', async () => {
    const error = await generate(await setup(['Account', 'Nope__c'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'CONFIG_UNKNOWN_OBJECT', key: 'objects[1]' });
  });
});

describe(check.name, () => {
  it('reports missing, stale and extra files without writing', async () => {
    const before = await check(await setup(['Account']));
    expect(before.ok).toBe(false);
    expect(before.files.every((f) => f.status === 'missing')).toBe(true);
    expect(await readdir(dir)).toEqual(['soupkit.config.json']);

    const generated = await generate(await setup(['Account', 'Contact']));
    expect((await check(await setup(['Account', 'Contact']))).ok).toBe(true);

    await writeFile(path.join(generated.outDir, 'soups/Account.ts'), '// stale\n');
    const after = await check(await setup(['Account']));
    const status = Object.fromEntries(after.files.map((f) => [f.path, f.status]));
    expect(after.ok).toBe(false);
    expect(status['soups/Account.ts']).toBe('stale');
    expect(status['sobjects/Contact.ts']).toBe('extra');
    // Account's read shape lists its Contacts only while Contact is generated.
    expect(status['sobjects/Account.ts']).toBe('stale');
    expect(status['salesforce-types.ts']).toBe('ok');
    expect(after.files.find((f) => f.path === 'soups/Account.ts')?.diff).toMatch(
      /^@@ line 1 @@\n- \/\/ stale/,
    );
    expect(await readFile(path.join(generated.outDir, 'soups/Account.ts'), 'utf8')).toBe(
      '// stale\n',
    );
  });
});
