/**
 * `soupkit init`: the scaffold from templates/project with the bundled sample
 * describes and records, placeholders filled, a non-empty folder refused
 * unless --force; and examples/offline-sync is exactly what it makes.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { capture } from './capture.js';

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
    expect(run.stdout).toContain('next: cd My Offline App && npm install && npm start');
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
      soupkit: `^${own.version}`,
      jsforce: own.peerDependencies.jsforce,
      '@jetstreamapp/soql-parser-js': own.peerDependencies['@jetstreamapp/soql-parser-js'],
    });
    expect(pkg.allowScripts['better-sqlite3-multiple-ciphers']).toBe(true);
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
    for (const file of files) {
      expect(await readFile(join(example, file), 'utf8'), file).toBe(
        await readFile(join(made, file), 'utf8'),
      );
    }
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
