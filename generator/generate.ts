/**
 * `generate`: writes what changed into the output folder and removes files the
 * previous run generated and this one does not (the manifest says which), all
 * or nothing. `check` (in `verify/`) compares without writing.
 */
import { mkdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { GeneratedFile } from './emit/ts-nodes.js';
import { GeneratorError } from './errors.js';
import { compareText, outputPaths } from './model/naming.js';
import { StagedWriteError } from './parallel/protocol.js';
import { type GenerateOptions, outDirOf, type Rendered, render } from './render-run.js';
import { mapConcurrently } from './util/concurrently.js';
import {
  compareCurrent,
  FILE_CONCURRENCY,
  readIfExists,
  reasonOf,
  resolveInside,
} from './util/output-folder.js';

export type { GenerateOptions } from './render-run.js';

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
  const stageDir = await freshStage(outDirOf(options));
  let rendered: Rendered;
  try {
    // Into a folder that exists, the render may compare the files with it as it prints them.
    rendered = await render(options, { stageDir, compare: stageDir === undefined });
  } catch (error) {
    if (stageDir !== undefined) await rm(stageDir, { recursive: true, force: true });
    if (!(error instanceof StagedWriteError)) throw error;
    const outDir = outDirOf(options);
    throw writeFailed(error.path, resolveInside(outDir, error.path), error.reason);
  }
  if (stageDir !== undefined) {
    if (rendered.staged) return commitStage(rendered, stageDir);
    await rm(stageDir, { recursive: true, force: true });
  }
  const { outDir, objects, files, previous } = rendered;
  const out: { path: string; status: FileStatus }[] = [];
  const writes: PlannedWrite[] = [];
  const compared = await compareCurrent(outDir, files, (file, target, error) =>
    writeFailed(file.path, target, error),
  );
  for (const { file, target, onDisk } of compared) {
    if (onDisk === 'same') {
      out.push({ path: file.path, status: 'unchanged' });
      continue;
    }
    writes.push({
      path: file.path,
      target,
      contents: file.contents,
      exists: onDisk === 'differs',
    });
    out.push({ path: file.path, status: onDisk === 'absent' ? 'created' : 'updated' });
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

/**
 * A new folder beside an output folder that does not exist yet (its parent
 * does): the whole generation is written there, then renamed into place in
 * one step. Undefined otherwise, or when it cannot be made (the usual path
 * then reports the failure).
 */
async function freshStage(outDir: string): Promise<string | undefined> {
  try {
    await stat(outDir);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
  }
  const stageDir = `${outDir}${STAGED}`;
  try {
    await mkdir(stageDir);
    return stageDir;
  } catch {
    return undefined;
  }
}

/**
 * Into a new output folder whose objects' files the render wrote into
 * `stageDir`: writes the other files there, then renames it into place, so
 * the output folder appears whole or not at all.
 */
function commitStage(rendered: Rendered, stageDir: string): GenerateResult {
  const { outDir, objects, files } = rendered;
  let current: GeneratedFile | undefined;
  try {
    const folders = new Set<string>();
    for (const file of files) {
      // Staged already: written by a worker, sent without its text (no generated file is empty).
      if (file.contents === '') continue;
      current = file;
      const target = path.join(stageDir, resolveInside(outDir, file.path).slice(outDir.length));
      if (!folders.has(path.dirname(target))) {
        mkdirSync(path.dirname(target), { recursive: true });
        folders.add(path.dirname(target));
      }
      writeFileSync(target, file.contents, { flag: 'wx' });
    }
    current = files.find((file) => file.path === outputPaths.manifest);
    renameSync(stageDir, outDir);
  } catch (error) {
    rmSync(stageDir, { recursive: true, force: true });
    const failed = current?.path ?? outputPaths.manifest;
    throw writeFailed(failed, resolveInside(outDir, failed), error);
  }
  const out = files.map((file) => ({ path: file.path, status: 'created' as const }));
  out.sort((a, b) => compareText(a.path, b.path));
  return { outDir, objects, files: out, changed: out.length > 0 };
}

interface PlannedWrite {
  readonly path: string;
  readonly target: string;
  readonly contents: string;
  readonly exists: boolean;
}

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
  const moveIntoPlace = (write: PlannedWrite) => {
    try {
      if (write.exists) renameSync(write.target, `${write.target}${REPLACED}`);
      moved.push({ target: write.target, replaced: write.exists });
      renameSync(`${write.target}${STAGED}`, write.target);
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
    // One file after the other, synchronously: the files are small, and on a
    // local disk the thread-pool round trips of async calls cost the main
    // thread more than the writes themselves.
    for (const write of writes) {
      try {
        writeFileSync(`${write.target}${STAGED}`, write.contents, { flag: 'wx' });
        staged.push(write.target);
      } catch (error) {
        throw writeFailed(write.path, write.target, error);
      }
    }
    // The manifest (sorted last) is moved only once every other file is in place.
    for (const write of writes) moveIntoPlace(write);
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
  for (const { target, replaced } of moved) {
    if (!replaced) continue;
    try {
      unlinkSync(`${target}${REPLACED}`);
    } catch {
      // Left behind, harmlessly: the new file is in place.
    }
  }
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

async function removeEmptyParents(outDir: string, dir: string): Promise<void> {
  let current = dir;
  while (current.startsWith(`${outDir}${path.sep}`)) {
    if ((await readdir(current)).length > 0) return;
    await rmdir(current);
    current = path.dirname(current);
  }
}
