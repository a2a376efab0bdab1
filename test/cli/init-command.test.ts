/**
 * `soupkit init`: the scaffold from templates/project with the bundled sample
 * describes and records, placeholders filled, a non-empty folder refused
 * unless --force; the soupkit dependency it writes installs (the checkout or
 * the tarball soupkit came from, else the registry's range); and
 * examples/offline-sync is exactly what it makes.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { soupkitSpecFor } from '../../cli/init-command.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { capture } from './capture.js';

/** This checkout, as packageRoot() finds it (no trailing slash). */
const CHECKOUT = resolve(REPO_ROOT);
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(join(dir, entry.name), relative)));
    else files.push(relative);
  }
  return files.sort();
}

describe('soupkit init', () => {
  it('scaffolds a project with the loop, the two commands, the sample describes and records', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'soupkit-init-'));
    dirs.push(parent);
    const run = await capture(['init', 'My Offline App'], { cwd: parent });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Run from this checkout, the project depends on the checkout, and says so.
    expect(run.stdout.split('\n').slice(1)).toEqual([
      `soupkit: it depends on soupkit file:${CHECKOUT}, this checkout: the project imports its dist/, so run npm run build there after a change (--soupkit-version SPEC for another)`,
      'next: cd My Offline App && npm install && npm start',
      '',
    ]);
    const project = join(parent, 'My Offline App');
    expect(await listFiles(project)).toEqual([
      '.gitignore',
      'README.md',
      'describes/Account.describe.json',
      'describes/Contact.describe.json',
      'describes/Invoice__c.describe.json',
      'describes/Opportunity.describe.json',
      'package.json',
      'records.json',
      'soupkit.config.json',
      'src/main.ts',
      'tsconfig.json',
    ]);
    const pkg = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
    const own = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('my-offline-app');
    expect(pkg.dependencies).toEqual({
      soupkit: `file:${CHECKOUT}`,
      jsforce: own.peerDependencies.jsforce,
      '@jetstreamapp/soql-parser-js': own.peerDependencies['@jetstreamapp/soql-parser-js'],
    });
    // Every dependency with install scripts is named, so npm 11 warns about none.
    expect(pkg.allowScripts).toEqual({
      'better-sqlite3-multiple-ciphers': true,
      esbuild: true,
      'core-js': false,
      'core-js-pure': false,
    });
    const readme = await readFile(join(project, 'README.md'), 'utf8');
    expect(readme).toMatch(/^# my-offline-app\n/);
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm install && npm test');
    expect(readme).not.toContain('{{');
  });

  it('refuses a folder with files unless --force, naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'soupkit-init-full-'));
    dirs.push(dir);
    await writeFile(join(dir, 'notes.txt'), 'mine');
    const refused = await capture(['init'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'soupkit: . is not empty (notes.txt); choose a new folder or add --force\n',
    );
    expect(await listFiles(dir)).toEqual(['notes.txt']);
    const forced = await capture(['init', '--force', '--quiet'], { cwd: dir });
    expect([forced.code, forced.stdout]).toEqual([0, '']);
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(await listFiles(dir)).toContain('src/main.ts');
  });

  it('prints its result as one JSON document with --json', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'soupkit-init-json-'));
    dirs.push(parent);
    const run = await capture(['init', 'app', '--json'], { cwd: parent });
    expect([run.code, run.stderr]).toEqual([0, '']);
    const document = JSON.parse(run.stdout);
    expect(document).toEqual({
      status: 0,
      result: {
        dir: join(parent, 'app'),
        files: expect.arrayContaining(['package.json', 'src/main.ts', 'describes/']),
        soupkit: { spec: `file:${CHECKOUT}`, source: 'checkout' },
      },
      warnings: [],
    });
    const flagged = await capture(['init', 'other', '--json', '--soupkit-version', '^9.9.9'], {
      cwd: parent,
    });
    expect(JSON.parse(flagged.stdout).result.soupkit).toEqual({ spec: '^9.9.9', source: 'flag' });
  });

  it('made examples/offline-sync: the example is the scaffold, file for file', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'soupkit-init-example-'));
    dirs.push(parent);
    await capture(['init', 'offline-sync', '--soupkit-version', 'file:../..', '--quiet'], {
      cwd: parent,
    });
    const made = join(parent, 'offline-sync');
    const example = join(REPO_ROOT, 'examples', 'offline-sync');
    const files = await listFiles(made);
    const committed = (await listFiles(example)).filter(
      (file) => !file.startsWith('src/generated/'),
    );
    expect(committed).toEqual(files);
    for (const file of files.filter((name) => name !== 'package.json')) {
      expect(await readFile(join(example, file), 'utf8'), file).toBe(
        await readFile(join(made, file), 'utf8'),
      );
    }
    // But for allowScripts: npm ignores it in a workspace member (and warns on every
    // `npm ci` of the checkout), so the example has none and the root's covers it.
    const { allowScripts, ...scaffold } = JSON.parse(
      await readFile(join(made, 'package.json'), 'utf8'),
    );
    const committedJson = JSON.parse(await readFile(join(example, 'package.json'), 'utf8'));
    expect(committedJson).toEqual(scaffold);
    expect(JSON.stringify(committedJson, null, 2)).toBe(
      (await readFile(join(example, 'package.json'), 'utf8')).trimEnd(),
    );
    const root = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(root.workspaces).toContain('examples/offline-sync');
    expect(root.allowScripts).toMatchObject(allowScripts);
  });
});

describe('the soupkit dependency init writes', () => {
  /** A project that npm installed soupkit into, as npm lays it out, with `resolved` as npm writes it. */
  async function installedFrom(resolved: string): Promise<{ project: string; root: string }> {
    const project = await mkdtemp(join(tmpdir(), 'soupkit-init-installed-'));
    dirs.push(project);
    const root = join(project, 'node_modules', 'soupkit');
    await mkdir(join(root, 'templates'), { recursive: true });
    await writeFile(join(root, 'package.json'), '{ "name": "soupkit", "version": "0.1.0" }\n');
    await writeFile(
      join(project, 'node_modules', '.package-lock.json'),
      JSON.stringify({
        name: 'app',
        lockfileVersion: 3,
        packages: { 'node_modules/soupkit': { version: '0.1.0', resolved } },
      }),
    );
    return { project, root };
  }

  it('is file: to the tarball an install came from, resolved from the project', async () => {
    const { project, root } = await installedFrom('file:vendor/soupkit-0.1.0.tgz');
    await mkdir(join(project, 'vendor'));
    await writeFile(join(project, 'vendor', 'soupkit-0.1.0.tgz'), 'a tarball');
    expect(soupkitSpecFor(root, '0.1.0')).toEqual({
      spec: `file:${join(project, 'vendor', 'soupkit-0.1.0.tgz')}`,
      source: 'tarball',
    });
  });

  it('is the range of the version for a registry install, or a tarball that is gone', async () => {
    const registry = await installedFrom('https://registry.npmjs.org/soupkit/-/soupkit-0.1.0.tgz');
    expect(soupkitSpecFor(registry.root, '0.1.0')).toEqual({ spec: '^0.1.0', source: 'registry' });
    const gone = await installedFrom('file:../deleted/soupkit-0.1.0.tgz');
    expect(soupkitSpecFor(gone.root, '0.1.0')).toEqual({ spec: '^0.1.0', source: 'registry' });
  });

  it('is file: to a source folder (tsconfig.json beside the sources, never in a package)', () => {
    expect(soupkitSpecFor(CHECKOUT, '0.1.0')).toEqual({
      spec: `file:${CHECKOUT}`,
      source: 'checkout',
    });
  });
});

describe('soupkit help', () => {
  it('has a help for each command, and names the commands in the main help', async () => {
    const main = await capture(['--help'], { cwd: REPO_ROOT });
    for (const command of ['init', 'generate', 'sync', 'emulator']) {
      expect(main.stdout).toContain(`  soupkit ${command}`);
      const help = await capture([command, '--help'], { cwd: REPO_ROOT });
      expect([help.code, help.stdout.split('\n')[0]]).toEqual([
        0,
        `Usage: soupkit ${command} [flags]`.replace('init [flags]', 'init [DIR] [flags]'),
      ]);
    }
    const unknown = await capture(['init', 'a', 'b'], { cwd: REPO_ROOT });
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'soupkit: unexpected argument "b" to "soupkit init"\n',
    ]);
  });
});
