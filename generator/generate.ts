/**
 * Runs a generation against the file system: `generate` writes what changed
 * and removes files the previous run generated and this one does not (the
 * manifest says which); `check` compares without writing.
 */
import { mkdir, readdir, readFile, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mapConcurrently } from './concurrently.js';
import type { GeneratorConfig } from './config/config.js';
import type { LoadedConfig } from './config/load-config.js';
import { parseDescribe } from './describe/describe.js';
import type { DescribeProgress, DescribeSource } from './describe/describe-source.js';
import { GeneratorError } from './errors.js';
import { selectObjectNames } from './model/build-model.js';
import { compareText, outputPaths } from './model/naming.js';
import { type GeneratedFile, renderProject } from './render-project.js';
import { shortDiff } from './verify/short-diff.js';

/** Options of `generate` and `check`. */
export interface GenerateOptions {
  readonly config: LoadedConfig;
  readonly source: DescribeSource;
  /** Output folder; default the config's `outDir`. Relative to the current folder. */
  readonly outDir?: string | undefined;
  /** Called after each describe is fetched. */
  readonly onProgress?: ((progress: DescribeProgress) => void) | undefined;
}

/** What happened to one file. */
export type FileStatus = 'created' | 'updated' | 'unchanged' | 'removed';

/** The result of `generate`. */
export interface GenerateResult {
  readonly outDir: string;
  /** The objects generated, by API name. */
  readonly objects: readonly string[];
  /** Every generated file and every removed one, sorted by path. */
  readonly files: readonly { readonly path: string; readonly status: FileStatus }[];
  /** True when any file was created, updated or removed. */
  readonly changed: boolean;
}

/** How one file on disk compares with the generation. */
export type CheckStatus = 'ok' | 'stale' | 'missing' | 'extra';

/** The result of `check`. */
export interface CheckResult {
  readonly outDir: string;
  /** True when every file is up to date and there is nothing stale to remove. */
  readonly ok: boolean;
  readonly objects: readonly string[];
  readonly files: readonly {
    readonly path: string;
    readonly status: CheckStatus;
    /** For stale files: a short diff, on-disk (`-`) to generated (`+`). */
    readonly diff?: string;
  }[];
}

interface Rendered {
  readonly outDir: string;
  readonly objects: readonly string[];
  readonly files: readonly GeneratedFile[];
  readonly previous: readonly string[];
}

/**
 * @internal The objects a run describes: the config's names as they are, or, when
 * it holds a glob, those of the source's list that the config selects.
 */
export async function objectsToDescribe(
  config: GeneratorConfig,
  source: DescribeSource,
): Promise<string[]> {
  const entries = config.objects;
  return entries.some((e) => e.isGlob)
    ? selectObjectNames(config, await source.listSObjectNames())
    : [...new Set(entries.map((e) => e.name))].sort();
}

async function render(options: GenerateOptions): Promise<Rendered> {
  const { config } = options.config;
  const names = await objectsToDescribe(config, options.source);
  // Parse as each describe arrives where the source can: the raw JSON (all of
  // every describe) is then collected young, which keeps the heap small and the GC cheap.
  const { source, onProgress } = options;
  const describes =
    source.describeEach === undefined
      ? (await source.describe(names, onProgress)).map(parseDescribe)
      : await source.describeEach(names, parseDescribe, onProgress);
  const files = renderProject(config, describes);
  const outDir = options.outDir === undefined ? config.outDir : path.resolve(options.outDir);
  const previous = await readManifestFiles(outDir);
  return { outDir, objects: names, files, previous };
}

/**
 * Generates into the output folder: writes new and changed files, leaves equal
 * ones untouched, removes the files of the previous run that are no longer generated.
 *
 * @example
 * const config = await loadConfig('soupkit.config.json');
 * const result = await generate({ config, source: fileDescribeSource(config.config.describes) });
 * result.files.filter((f) => f.status !== 'unchanged');
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { outDir, objects, files, previous } = await render(options);
  const out: { path: string; status: FileStatus }[] = [];
  const writes: PlannedWrite[] = [];
  const compared = await readCurrent(outDir, files, (file, target, error) =>
    writeFailed(file.path, target, error),
  );
  for (const { file, target, current } of compared) {
    if (current === file.contents) {
      out.push({ path: file.path, status: 'unchanged' });
      continue;
    }
    writes.push({
      path: file.path,
      target,
      contents: file.contents,
      exists: current !== undefined,
    });
    out.push({ path: file.path, status: current === undefined ? 'created' : 'updated' });
  }
  const kept = new Set(files.map((f) => f.path));
  const removals: { path: string; target: string }[] = [];
  for (const stale of previous) {
    if (kept.has(stale)) continue;
    const target = resolveInside(outDir, stale);
    if ((await readIfExists(target).catch(() => undefined)) === undefined) continue;
    removals.push({ path: stale, target });
    out.push({ path: stale, status: 'removed' });
  }
  // The manifest goes last, so it never names a file that is not in place.
  writes.sort(
    (a, b) => Number(a.path === outputPaths.manifest) - Number(b.path === outputPaths.manifest),
  );
  await applyAllOrNothing(outDir, writes, removals);
  out.sort((a, b) => compareText(a.path, b.path));
  return { outDir, objects, files: out, changed: out.some((f) => f.status !== 'unchanged') };
}

interface PlannedWrite {
  readonly path: string;
  readonly target: string;
  readonly contents: string;
  readonly exists: boolean;
}

/** File operations in flight at once (libuv runs 4 at a time; a few more keep it busy). */
const FILE_CONCURRENCY = 16;
const STAGED = `.soupkit-new-${process.pid}`;
const REPLACED = `.soupkit-old-${process.pid}`;

/**
 * Writes every file beside its target first (creating the folders it needs),
 * then moves them into place and removes the stale ones; when any step fails,
 * everything done so far is undone, so the output folder is as it was.
 */
async function applyAllOrNothing(
  outDir: string,
  writes: readonly PlannedWrite[],
  removals: readonly { path: string; target: string }[],
): Promise<void> {
  const createdDirs: string[] = [];
  const staged: string[] = [];
  const moved: { target: string; replaced: boolean }[] = [];
  const setAside: string[] = [];
  const moveIntoPlace = async (write: PlannedWrite) => {
    try {
      if (write.exists) await rename(write.target, `${write.target}${REPLACED}`);
      moved.push({ target: write.target, replaced: write.exists });
      await rename(`${write.target}${STAGED}`, write.target);
    } catch (error) {
      throw writeFailed(write.path, write.target, error);
    }
  };
  try {
    // Folders first, one after the other (parents before children), so that
    // the writes below, run several at a time, never race to create one.
    const firstWriteIn = new Map<string, PlannedWrite>();
    for (const write of writes) {
      const folder = path.dirname(write.target);
      if (!firstWriteIn.has(folder)) firstWriteIn.set(folder, write);
    }
    for (const [folder, write] of [...firstWriteIn].sort(([a], [b]) => compareText(a, b))) {
      try {
        createdDirs.push(...(await makeFolders(folder)));
      } catch (error) {
        throw writeFailed(write.path, write.target, error);
      }
    }
    await mapConcurrently(writes, FILE_CONCURRENCY, async (write) => {
      try {
        await writeFile(`${write.target}${STAGED}`, write.contents, { flag: 'wx' });
        staged.push(write.target);
      } catch (error) {
        throw writeFailed(write.path, write.target, error);
      }
    });
    // The manifest (sorted last) is moved only once every other file is in place.
    const manifest = writes.at(-1)?.path === outputPaths.manifest ? writes.at(-1) : undefined;
    await mapConcurrently(
      manifest === undefined ? writes : writes.slice(0, -1),
      FILE_CONCURRENCY,
      moveIntoPlace,
    );
    if (manifest !== undefined) await moveIntoPlace(manifest);
    for (const removal of removals) {
      try {
        await rename(removal.target, `${removal.target}${REPLACED}`);
        setAside.push(removal.target);
      } catch (error) {
        throw writeFailed(removal.path, removal.target, error, 'remove');
      }
    }
  } catch (error) {
    await undo(moved, staged, setAside, createdDirs);
    throw error;
  }
  // Committed: drop what was replaced or removed.
  await mapConcurrently(moved, FILE_CONCURRENCY, async ({ target, replaced }) => {
    if (replaced) await unlink(`${target}${REPLACED}`).catch(() => undefined);
  });
  for (const target of setAside) {
    await unlink(`${target}${REPLACED}`).catch(() => undefined);
    await removeEmptyParents(outDir, path.dirname(target));
  }
}

async function undo(
  moved: readonly { target: string; replaced: boolean }[],
  staged: readonly string[],
  setAside: readonly string[],
  createdDirs: readonly string[],
): Promise<void> {
  const quietly = (work: Promise<unknown>) => work.catch(() => undefined);
  for (const target of setAside) await quietly(rename(`${target}${REPLACED}`, target));
  await mapConcurrently([...moved].reverse(), FILE_CONCURRENCY, ({ target, replaced }) =>
    replaced ? quietly(rename(`${target}${REPLACED}`, target)) : quietly(unlink(target)),
  );
  await mapConcurrently(staged, FILE_CONCURRENCY, (target) =>
    quietly(unlink(`${target}${STAGED}`)),
  );
  for (const dir of [...createdDirs].reverse()) await quietly(rmdir(dir));
}

/**
 * Creates `dir` and its missing parents one level at a time, returning those it
 * created. Not `mkdir({ recursive: true })`: on Node 20 that never returns for
 * a path under `/proc`, and its errors do not say which level failed.
 */
async function makeFolders(dir: string): Promise<string[]> {
  const missing: string[] = [];
  let current = dir;
  for (;;) {
    try {
      const info = await stat(current);
      if (!info.isDirectory()) {
        throw Object.assign(new Error(`${current} is a file, not a folder`), { code: 'ENOTDIR' });
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = path.dirname(current);
      if (parent === current) throw error;
      missing.push(current);
      current = parent;
    }
  }
  const created: string[] = [];
  for (const folder of missing.reverse()) {
    await mkdir(folder);
    created.push(folder);
  }
  return created;
}

function writeFailed(
  relative: string,
  target: string,
  error: unknown,
  action: 'write' | 'remove' = 'write',
): GeneratorError {
  const reason = reasonOf(error);
  return new GeneratorError(
    'GENERATE_WRITE_FAILED',
    `cannot ${action} ${relative} (${target}): ${reason}; nothing was changed in the output folder`,
    { cause: error },
  );
}

function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  switch (code) {
    case 'ENOTDIR':
      return message.includes('is a file, not a folder')
        ? message
        : 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOENT':
      return 'the folder cannot be created there';
    default:
      return message ?? String(error);
  }
}

/**
 * Renders in memory and compares with the output folder, writing nothing:
 * lists stale, missing and extra (would be removed) files.
 *
 * @example
 * const result = await check({ config, source });
 * if (!result.ok) process.exitCode = 1;
 */
export async function check(options: GenerateOptions): Promise<CheckResult> {
  const { outDir, objects, files, previous } = await render(options);
  const out: { path: string; status: CheckStatus; diff?: string }[] = [];
  const compared = await readCurrent(
    outDir,
    files,
    (file, target, error) =>
      new GeneratorError(
        'GENERATE_OUT_DIR',
        `cannot read ${file.path} (${target}): ${reasonOf(error)}`,
        { cause: error },
      ),
  );
  for (const { file, current } of compared) {
    if (current === undefined) out.push({ path: file.path, status: 'missing' });
    else if (current !== file.contents) {
      out.push({ path: file.path, status: 'stale', diff: shortDiff(current, file.contents) });
    } else out.push({ path: file.path, status: 'ok' });
  }
  const kept = new Set(files.map((f) => f.path));
  for (const stale of previous) {
    if (!kept.has(stale) && (await readIfExists(resolveInside(outDir, stale))) !== undefined) {
      out.push({ path: stale, status: 'extra' });
    }
  }
  out.sort((a, b) => compareText(a.path, b.path));
  return { outDir, ok: out.every((f) => f.status === 'ok'), objects, files: out };
}

function resolveInside(outDir: string, relative: string): string {
  const target = path.resolve(outDir, relative);
  if (path.isAbsolute(relative) || !target.startsWith(`${outDir}${path.sep}`)) {
    throw new GeneratorError(
      'GENERATE_OUT_DIR',
      `refusing to touch ${relative}: it is outside ${outDir}`,
    );
  }
  return target;
}

/**
 * Each generated file with its target path and its text on disk (undefined
 * when absent), read several at a time; `failed` turns a read error into the
 * caller's error.
 */
async function readCurrent(
  outDir: string,
  files: readonly GeneratedFile[],
  failed: (file: GeneratedFile, target: string, error: unknown) => Error,
): Promise<{ file: GeneratedFile; target: string; current: string | undefined }[]> {
  // Into a folder that does not exist yet, every file is new: nothing to read.
  const fresh = !(await folderExists(outDir));
  return mapConcurrently(files, FILE_CONCURRENCY, async (file) => {
    const target = resolveInside(outDir, file.path);
    const current = fresh
      ? undefined
      : await readIfExists(target).catch((error: unknown) => {
          throw failed(file, target, error);
        });
    return { file, target, current };
  });
}

/** False only when `dir` does not exist; any other failure is left to the writes to report. */
async function folderExists(dir: string): Promise<boolean> {
  try {
    await stat(dir);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The files the previous run listed in its manifest; none when there is no valid manifest. */
async function readManifestFiles(outDir: string): Promise<string[]> {
  const text = await readIfExists(path.join(outDir, outputPaths.manifest));
  if (text === undefined) return [];
  try {
    const manifest = JSON.parse(text) as { files?: unknown };
    if (!Array.isArray(manifest.files)) return [];
    return manifest.files.filter(
      (f): f is string =>
        typeof f === 'string' && !f.split(/[\\/]/).includes('..') && !path.isAbsolute(f),
    );
  } catch {
    return [];
  }
}

async function removeEmptyParents(outDir: string, dir: string): Promise<void> {
  let current = dir;
  while (current.startsWith(`${outDir}${path.sep}`)) {
    if ((await readdir(current)).length > 0) return;
    await rmdir(current);
    current = path.dirname(current);
  }
}
