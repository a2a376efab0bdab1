/**
 * Reading the output folder: each generated file's text on disk, the previous
 * run's manifest, paths kept inside the folder, and file-system errors in words.
 */
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { GeneratedFile } from '../emit/render-project.js';
import { GeneratorError } from '../errors.js';
import { outputPaths } from '../model/naming.js';

/** How a generated file compares with its copy in the output folder. */
export type DiskState = 'same' | 'absent' | 'differs';

/**
 * A generated file, maybe compared with the output folder already (by the
 * share that printed it): `onDisk` says how, and a file the same on disk
 * comes without its text (`contents` empty).
 */
export interface RenderedFile extends GeneratedFile {
  readonly onDisk?: DiskState | undefined;
}

/** File operations in flight at once (libuv runs 4 at a time; a few more keep it busy). */
export const FILE_CONCURRENCY = 16;

/** Why a file operation failed, in words (the errno code's meaning). */
export function reasonOf(error: unknown): string {
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

/** The absolute path of a file of the output folder; refuses one that would be outside it. */
export function resolveInside(outDir: string, relative: string): string {
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
 * when absent); `failed` turns a read error into the caller's error.
 */
export async function readCurrent(
  outDir: string,
  files: readonly GeneratedFile[],
  failed: (file: GeneratedFile, target: string, error: unknown) => Error,
): Promise<{ file: GeneratedFile; target: string; current: string | undefined }[]> {
  // Into a folder that does not exist yet, every file is new: nothing to read.
  const fresh = !(await folderExists(outDir));
  // Read one after the other, synchronously: the files are small and usually
  // cached, and an async read costs the main thread more than the read itself.
  return files.map((file) => {
    const target = resolveInside(outDir, file.path);
    if (fresh) return { file, target, current: undefined };
    try {
      return { file, target, current: readFileSync(target, 'utf8') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { file, target, current: undefined };
      }
      throw failed(file, target, error);
    }
  });
}

/**
 * Each generated file with its target path and how it compares with the
 * output folder, read here unless `onDisk` says already; `failed` turns a
 * read error into the caller's error.
 */
export async function compareCurrent(
  outDir: string,
  files: readonly RenderedFile[],
  failed: (file: GeneratedFile, target: string, error: unknown) => Error,
): Promise<{ file: RenderedFile; target: string; onDisk: DiskState }[]> {
  const fresh = !(await folderExists(outDir));
  return files.map((file) => {
    const target = resolveInside(outDir, file.path);
    if (fresh) return { file, target, onDisk: 'absent' };
    if (file.onDisk !== undefined) return { file, target, onDisk: file.onDisk };
    try {
      return { file, target, onDisk: compareWithDisk(target, file.contents) };
    } catch (error) {
      throw failed(file, target, error);
    }
  });
}

/**
 * How `contents` compares with the file `target`; throws the read error but
 * for a missing file.
 *
 * @example
 * compareWithDisk('/app/generated/index.ts', text); // 'same'
 */
export function compareWithDisk(target: string, contents: string): DiskState {
  let current: string;
  try {
    current = readFileSync(target, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  return current === contents ? 'same' : 'differs';
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

/** A file's text, or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The files the previous run listed in its manifest; none when there is no valid manifest. */
export async function readManifestFiles(outDir: string): Promise<string[]> {
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
