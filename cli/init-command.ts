/**
 * `soupkit init [DIR]`: a runnable project from `templates/project/` (as the
 * Mobile SDK's app creators do from their templates), with the bundled sample
 * describes and records, so `npm install && npm start` runs the offline loop
 * at once. Refuses a folder with files in it unless `--force`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from './cli-error.js';
import { type CliIo, EXIT, relativeTo } from './io.js';
import { writeJsonResult } from './json-output.js';
import { packageJson, packageRoot } from './package-root.js';

/** Files whose `{{name}}` placeholders are filled in. */
const FILLED = new Set(['package.json', 'README.md']);

/** Template files stored under another name (npm never packs a `.gitignore`). */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

/** Where the `soupkit` dependency of a new project comes from. */
export type SoupkitSource = 'flag' | 'checkout' | 'tarball' | 'registry';

/** The `soupkit` dependency a new project gets, and why. */
export interface SoupkitSpec {
  readonly spec: string;
  readonly source: SoupkitSource;
}

/** What `soupkit init --json` prints as its `result`. */
export interface InitResult {
  readonly dir: string;
  readonly files: readonly string[];
  readonly soupkit: SoupkitSpec;
}

/** @internal Runs `soupkit init` with parsed flags; resolves with the exit code. */
export async function runInit(
  flags: ReadonlyMap<string, string | true>,
  positionals: readonly string[],
  io: CliIo,
): Promise<number> {
  const target = path.resolve(io.cwd, positionals[0] ?? '.');
  const existing = await readdir(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw new CliError('CLI_NOT_EMPTY', `cannot use ${target}: ${error.code ?? error.message}`);
  });
  if (existing.length > 0 && !flags.has('force')) {
    throw new CliError(
      'CLI_NOT_EMPTY',
      `${relativeTo(io.cwd, target)} is not empty (${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}); choose a new folder or add --force`,
    );
  }
  const root = packageRoot();
  const own = packageJson();
  const version = (name: string) =>
    own.peerDependencies?.[name] ?? own.devDependencies?.[name] ?? own.dependencies?.[name] ?? '*';
  const flag = flags.get('soupkit-version');
  const soupkit: SoupkitSpec =
    typeof flag === 'string' ? { spec: flag, source: 'flag' } : soupkitSpecFor(root, own.version);
  const values: Record<string, string> = {
    packageName: npmName(path.basename(target)),
    soupkitSpec: soupkit.spec,
    jsforceSpec: version('jsforce'),
    soqlParserSpec: version('@jetstreamapp/soql-parser-js'),
    tsMorphSpec: version('ts-morph'),
    tsxSpec: version('tsx'),
    typescriptSpec: version('typescript'),
    typesNodeSpec: version('@types/node'),
  };
  const template = path.join(root, 'templates', 'project');
  const written: string[] = [];
  await mkdir(target, { recursive: true });
  for (const file of await listFiles(template)) {
    const name = RENAMED[file] ?? file;
    const destination = path.join(target, name);
    await mkdir(path.dirname(destination), { recursive: true });
    const text = await readFile(path.join(template, file), 'utf8');
    await writeFile(
      destination,
      FILLED.has(file)
        ? text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '')
        : text,
    );
    written.push(name);
  }
  await cp(path.join(root, 'samples', 'describes'), path.join(target, 'describes'), {
    recursive: true,
  });
  await cp(path.join(root, 'samples', 'records.json'), path.join(target, 'records.json'));
  written.push('describes/', 'records.json');
  written.sort();
  if (flags.has('json')) {
    const result: InitResult = { dir: target, files: written, soupkit };
    writeJsonResult(io, EXIT.ok, result);
  } else if (!flags.has('quiet')) {
    const where = relativeTo(io.cwd, target);
    const from = SOURCE_NOTES[soupkit.source];
    io.stdout.write(
      `soupkit: a new project in ${where}: ${written.join(', ')}\n` +
        (from === '' ? '' : `soupkit: it depends on soupkit ${soupkit.spec}, ${from}\n`) +
        `next: ${where === '.' ? '' : `cd ${where} && `}npm install && npm start\n`,
    );
  }
  return EXIT.ok;
}

/** What the output says about where the dependency comes from ('' for a spec that needs no word). */
const SOURCE_NOTES: Readonly<Record<SoupkitSource, string>> = {
  flag: '',
  registry: '',
  tarball: 'the tarball this soupkit was installed from (--soupkit-version SPEC for another)',
  checkout:
    'this checkout: the project imports its dist/, so run npm run build there after a change (--soupkit-version SPEC for another)',
};

/**
 * @internal The `soupkit` dependency that installs the soupkit in `root`:
 * - a source folder (a checkout: `tsconfig.json` beside the sources, as
 *   `bin/soupkit.js` tells them apart; never in a packed package) → `file:` to it;
 * - a package npm installed from a tarball or folder → `file:` to that, as npm
 *   recorded it in the installing project's lockfile (`node_modules/.package-lock.json`,
 *   which npm 7+ always writes; then `package-lock.json`): the package's own files
 *   do not say where it came from (npm 7+ no longer writes `_resolved` into them);
 * - anything else (the registry, another package manager) → `^version`.
 */
export function soupkitSpecFor(root: string, version: string): SoupkitSpec {
  if (existsSync(path.join(root, 'tsconfig.json'))) {
    return { spec: `file:${root}`, source: 'checkout' };
  }
  const installed = fileInstall(root);
  if (installed !== undefined) return { spec: `file:${installed}`, source: 'tarball' };
  return { spec: `^${version}`, source: 'registry' };
}

/** The tarball (or folder) a `file:` install of the package in `root` came from, if it still exists. */
function fileInstall(root: string): string | undefined {
  const segments = root.split(path.sep);
  const first = segments.indexOf('node_modules');
  if (first <= 0) return undefined;
  const project = segments.slice(0, first).join(path.sep) || path.sep;
  const key = segments.slice(first).join('/');
  for (const lockfile of ['node_modules/.package-lock.json', 'package-lock.json']) {
    const resolved = resolvedIn(path.join(project, lockfile), key);
    if (resolved?.startsWith('file:')) {
      const source = path.resolve(project, resolved.slice('file:'.length));
      return existsSync(source) ? source : undefined;
    }
    if (resolved !== undefined) return undefined;
  }
  return undefined;
}

/** `packages[key].resolved` of an npm lockfile, if the file and the entry exist. */
function resolvedIn(lockfile: string, key: string): string | undefined {
  try {
    const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as {
      packages?: Record<string, { resolved?: unknown }>;
    };
    const resolved = lock.packages?.[key]?.resolved;
    return typeof resolved === 'string' ? resolved : undefined;
  } catch {
    return undefined;
  }
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(path.join(dir, entry.name), relative)));
    else files.push(relative);
  }
  return files.sort();
}

/** A folder name as an npm package name: lower case, letters, digits, `-`, `.`, `_`. */
function npmName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return name === '' ? 'soupkit-app' : name;
}
