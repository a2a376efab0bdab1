/**
 * `soupkit init [DIR]`: a runnable project from `templates/project/` (as the
 * Mobile SDK's app creators do from their templates), with the bundled sample
 * describes and records, so `npm install && npm start` runs the offline loop
 * at once. Refuses a folder with files in it unless `--force`.
 */
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError } from './cli-error.js';
import { type CliIo, EXIT, relativeTo } from './io.js';
import { packageJson, packageRoot } from './package-root.js';

/** Files whose `{{name}}` placeholders are filled in. */
const FILLED = new Set(['package.json', 'README.md']);

/** Template files stored under another name (npm never packs a `.gitignore`). */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

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
  const soupkitSpec = flags.get('soupkit-version');
  const values: Record<string, string> = {
    packageName: npmName(path.basename(target)),
    soupkitSpec: typeof soupkitSpec === 'string' ? soupkitSpec : `^${own.version}`,
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
  if (!flags.has('quiet')) {
    const where = relativeTo(io.cwd, target);
    io.stdout.write(
      `soupkit: a new project in ${where}: ${written.sort().join(', ')}\n` +
        `next: ${where === '.' ? '' : `cd ${where} && `}npm install && npm start\n`,
    );
  }
  return EXIT.ok;
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
