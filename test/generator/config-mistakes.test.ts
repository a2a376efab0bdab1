/**
 * Config mistakes caught at generate time, each a one-line typed error naming
 * the file or the key: through `generate()` (the error and its code) and
 * through `soupkit generate` (the one line the user reads, exit 2).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  ConfigError,
  DescribeError,
  fileDescribeSource,
  GeneratorError,
  generate,
  loadConfig,
} from 'soupkit/generator';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { removeAll, runCli, tempProject } from '../cli/run-cli.js';
import { SAMPLE_DESCRIBES as samples } from '../helpers/paths.js';

// The CLI runs in this process, but loads the generator (ts-morph) on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const dirs: string[] = [];
afterAll(() => removeAll(dirs));

/** A project with this config (and the given empty folders); its config file path. */
async function project(
  config: Record<string, unknown>,
  folders: readonly string[] = [],
): Promise<{ dir: string; file: string }> {
  const dir = await tempProject({
    'soupkit.config.json': JSON.stringify({ describes: samples, outDir: 'out', ...config }),
  });
  dirs.push(dir);
  for (const folder of folders) await mkdir(path.join(dir, folder));
  return { dir, file: path.join(dir, 'soupkit.config.json') };
}

/** What `generate()` throws for the project's config. */
async function generateError(file: string): Promise<unknown> {
  const loaded = await loadConfig(file);
  return generate({ config: loaded, source: fileDescribeSource(loaded.config.describes) }).catch(
    (error: unknown) => error,
  );
}

/** `soupkit generate` in the project: exit 2, nothing on stdout, one line on stderr. */
async function cliLine(dir: string): Promise<string> {
  const run = await runCli(['generate'], { cwd: dir });
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.split('\n')).toHaveLength(2);
  return run.stderr.trimEnd();
}

describe('config mistakes at generate time', () => {
  it('refuses the reserved soup name syncs_soup, naming the file and the key', async () => {
    const { dir, file } = await project({
      objects: [{ name: 'Account', soupName: 'syncs_soup' }],
    });
    const message = `${file}: "objects[0].soupName": "syncs_soup" is reserved: Mobile Sync keeps its sync states in that soup; choose another soup name`;
    const error = await loadConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'CONFIG_RESERVED_NAME', key: 'objects[0].soupName' });
    expect((error as Error).message).toBe(message);
    expect(await cliLine(dir)).toContain(message);
  });

  it('refuses an object whose own name would be the soup syncs_soup', async () => {
    const { dir } = await project({ objects: ['syncs_soup'] }, ['describes']);
    const source = {
      description: 'one describe',
      listSObjectNames: async () => ['syncs_soup'],
      describe: async () => [
        {
          origin: 'syncs_soup.describe.json',
          name: 'syncs_soup',
          json: { name: 'syncs_soup', fields: [{ name: 'Id', type: 'id' }] },
        },
      ],
    };
    const config = await loadConfig(path.join(dir, 'soupkit.config.json'));
    const error = await generate({ config, source }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG_RESERVED_NAME', key: 'objects[0]' });
    expect((error as Error).message).toContain('"objects[0]": "syncs_soup" is reserved');
  });

  it('suggests the object meant by a misspelled name (Acount → Account)', async () => {
    const { dir, file } = await project({ objects: ['Acount', 'Contact'] });
    const message = `${file}: "objects[0]": no describe for "Acount" among the describes in ${samples} (did you mean "Account"?)`;
    const error = await generateError(file);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'CONFIG_UNKNOWN_OBJECT', key: 'objects[0]', file });
    expect((error as Error).message).toBe(message);
    expect(await cliLine(dir)).toContain(message);
  });

  it('suggests the field meant by a misspelled name (Nmae → Name)', async () => {
    const { dir, file } = await project({ objects: [{ name: 'Account', fields: ['Id', 'Nmae'] }] });
    const error = await generateError(file);
    expect(error).toMatchObject({ code: 'CONFIG_UNKNOWN_FIELD', key: 'objects[0].fields[1]' });
    expect((error as Error).message).toBe(
      `${file}: "objects[0].fields[1]": Account has no field "Nmae" (did you mean "Name"?) (in ${path.join(samples, 'Account.describe.json')})`,
    );
    expect(await cliLine(dir)).toContain('has no field "Nmae" (did you mean "Name"?)');
  });

  it('says "folder not found" for a describes folder that does not exist', async () => {
    for (const objects of [['Account'], ['*']]) {
      const { dir, file } = await project({ describes: 'nowhere', objects });
      const error = await generateError(file);
      expect(error).toBeInstanceOf(DescribeError);
      expect(error).toMatchObject({ code: 'DESCRIBE_NOT_FOUND' });
      expect((error as Error).message).toBe(
        `describes folder not found: ${path.join(dir, 'nowhere')}`,
      );
      expect(await cliLine(dir)).toContain(
        `describes folder not found: ${path.join(dir, 'nowhere')}`,
      );
    }
  });

  it('names a glob that selects nothing, and the folder it looked in', async () => {
    const { dir, file } = await project({ objects: ['Inv*', 'Zz*'] });
    const message = `${file}: "objects[1]": "Zz*" matches none of the describes in ${samples} (excludeObjects left out)`;
    const error = await generateError(file);
    expect(error).toMatchObject({ code: 'CONFIG_UNKNOWN_OBJECT', key: 'objects[1]' });
    expect((error as Error).message).toBe(message);
    expect(await cliLine(dir)).toContain(message);
  });

  it('hints at soupkit init, --describes or --org for an empty describes folder', async () => {
    for (const objects of [['*'], ['Account']]) {
      const { dir, file } = await project({ describes: 'empty', objects }, ['empty']);
      const error = await generateError(file);
      expect(error).toBeInstanceOf(GeneratorError);
      expect(error).toMatchObject({ code: 'GENERATE_NO_OBJECTS' });
      expect((error as Error).message).toBe(
        `there are no describes in ${path.join(dir, 'empty')}: run "soupkit init" for a project with sample describes, point --describes at a folder of <Name>.describe.json files, or read them from an org with --org`,
      );
      const line = await cliLine(dir);
      expect(line).toContain('run "soupkit init"');
      expect(line).toContain('--describes');
      expect(line).toContain('--org');
    }
  });
});
