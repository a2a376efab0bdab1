/**
 * A folder soupkit will write into (generate's output folder, the store's
 * folder) checked before any work starts: a file in the way (`--out /dev/null`,
 * `--store store.key/s.db`) is one line naming it, not an error from deep inside.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CliError, type CliErrorCode } from './cli-error.js';
import { relativeTo } from './io.js';

/** What {@link checkFolder} needs to say what is wrong. */
export interface FolderUse {
  /** The flag or config key it came from, e.g. `--out` or `outDir`. */
  readonly origin: string;
  /** Why it must be a folder, e.g. 'the generated files need a folder'. */
  readonly needs: string;
  /** The file the folder is for, when the flag names that file (`--store DIR/s.db`). */
  readonly file?: string;
  /** The error code to throw. */
  readonly code: CliErrorCode;
  readonly cwd: string;
}

/**
 * Resolves when `dir` is a folder or can be made one (it, or its nearest
 * existing parent, is a folder); throws `use.code` when a file (or a device)
 * is in the way. Other errors (permission denied) propagate as Node's, which
 * the CLI says as one line (`fs-error.ts`).
 *
 * @example
 * await checkFolder('/p/gen', { origin: '--out', needs: 'the generated files need a folder', code: 'CLI_BAD_OUT_DIR', cwd: '/p' });
 */
export async function checkFolder(dir: string, use: FolderUse): Promise<void> {
  for (let current = dir; ; current = path.dirname(current)) {
    const found = await stat(current).catch((error: NodeJS.ErrnoException) => {
      // ENOTDIR: a parent is not a folder; the walk up finds which.
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (found?.isDirectory()) return;
    if (found !== undefined) {
      const what = found.isFile() ? 'a file' : 'not a folder';
      const shown = relativeTo(use.cwd, current);
      if (use.file !== undefined) {
        throw new CliError(
          use.code,
          `${use.origin} ${relativeTo(use.cwd, use.file)}: ${shown} is ${what}; ${use.needs}`,
        );
      }
      const where = current === dir ? '' : ` (in the way of ${relativeTo(use.cwd, dir)})`;
      throw new CliError(use.code, `${use.origin} ${shown} is ${what}${where}: ${use.needs}`);
    }
    if (path.dirname(current) === current) return;
  }
}
