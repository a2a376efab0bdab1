/**
 * A file-system error from Node (`mkdir`, `open`, `scandir`… with an errno code
 * and the path) is the user's to fix, not a bug in soupkit: it is said as one
 * line, `cannot mkdir store.key/s.db: file exists (EEXIST)`, and under `--json`
 * named `FS_<CODE>` (`FS_EEXIST`, `FS_EACCES`, …).
 */
import { relativeTo } from './io.js';

/** A Node errno error that names its system call and path. */
export interface FileSystemError extends Error {
  readonly code: string;
  readonly syscall: string;
  readonly path: string;
}

/** What the usual codes mean, in words; others fall back to Node's own text. */
const MEANINGS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'file exists',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder',
  ENOTEMPTY: 'folder not empty',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EBUSY: 'busy',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'name too long',
  ELOOP: 'too many symbolic links',
};

/**
 * Whether `error` is a Node file-system error with a code, a system call and a path.
 *
 * @example
 * isFileSystemError(Object.assign(new Error('x'), { code: 'EEXIST', syscall: 'mkdir', path: '/a' })); // true
 */
export function isFileSystemError(error: unknown): error is FileSystemError {
  if (!(error instanceof Error)) return false;
  const { code, syscall, path } = error as Partial<FileSystemError>;
  return typeof code === 'string' && typeof syscall === 'string' && typeof path === 'string';
}

/**
 * The one line a file-system error is said in, its path relative to `cwd`.
 *
 * @example
 * fileSystemErrorText(Object.assign(new Error(), { code: 'EEXIST', syscall: 'mkdir', path: '/p/store.key' }), '/p');
 * // 'cannot mkdir store.key: file exists (EEXIST)'
 */
export function fileSystemErrorText(error: FileSystemError, cwd: string): string {
  // Node's message is "CODE: meaning, syscall 'path'".
  const meaning =
    MEANINGS[error.code] ?? /^[A-Z0-9_]+: ([^,]+),/.exec(error.message)?.[1] ?? 'failed';
  return `cannot ${error.syscall} ${relativeTo(cwd, error.path)}: ${meaning} (${error.code})`;
}

/** The `--json` name of a file-system error: `FS_` and its code. */
export function fileSystemErrorName(error: FileSystemError): string {
  return `FS_${error.code}`;
}
