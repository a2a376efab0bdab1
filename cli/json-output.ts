/**
 * `--json` output of every `soupkit` command: one JSON document on stdout in the
 * sf CLI's envelope, so scripts read soupkit as they read `sf … --json`.
 *
 * - success: `{ "status": 0, "result": …, "warnings": [] }`
 * - failure: `{ "status": 2, "name": "CLI_NO_STORE_KEY", "message": "…", "exitCode": 2, "warnings": [] }`
 *
 * `status` is always the process exit code. `name` is the error's stable `code`
 * (`CLI_…`, `CONFIG_…`, `SYNC_…`), `FS_<errno>` for a file-system error (`FS_EEXIST`,
 * `FS_EACCES`, …), `INTERNAL` for a bug in soupkit; the message is for people and may
 * change between versions. `warnings` holds what was said before the error too.
 */
import { SoupkitError } from '../runtime/errors.js';
import { fileSystemErrorName, fileSystemErrorText, isFileSystemError } from './fs-error.js';
import type { CliIo } from './io.js';

/** The document `--json` prints when a command succeeds (or ends with a non-zero verdict). */
export interface JsonResult<T = unknown> {
  readonly status: number;
  readonly result: T;
  readonly warnings: readonly string[];
}

/** The document `--json` prints when a command fails. */
export interface JsonError {
  readonly status: number;
  /** The error's stable code, e.g. `CLI_NO_STORE_KEY`; `INTERNAL` for a bug in soupkit. */
  readonly name: string;
  readonly message: string;
  readonly exitCode: number;
  readonly warnings: readonly string[];
}

/**
 * Prints a command's result as one JSON document on stdout.
 *
 * @example
 * writeJsonResult(io, EXIT.ok, { states });
 * // {"status":0,"result":{"states":[…]},"warnings":[]}
 */
export function writeJsonResult(
  io: CliIo,
  exitCode: number,
  result: unknown,
  warnings: readonly string[] = [],
): void {
  const document: JsonResult = { status: exitCode, result, warnings: [...warnings] };
  io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}

/**
 * Prints an error as one JSON document on stdout (sf prints its errors there too
 * under `--json`, so one `JSON.parse` of stdout always works).
 *
 * @example
 * writeJsonError(io, new CliError('CLI_NO_ORG', 'no org given'), EXIT.error);
 * // {"status":2,"name":"CLI_NO_ORG","message":"no org given","exitCode":2,"warnings":[]}
 */
export function writeJsonError(
  io: CliIo,
  error: unknown,
  exitCode: number,
  warnings: readonly string[] = [],
): void {
  io.stdout.write(`${JSON.stringify(jsonError(error, exitCode, warnings, io.cwd), null, 2)}\n`);
}

/** @internal The error document of {@link writeJsonError}. */
export function jsonError(
  error: unknown,
  exitCode: number,
  warnings: readonly string[] = [],
  cwd = process.cwd(),
): JsonError {
  if (isFileSystemError(error)) {
    const message = fileSystemErrorText(error, cwd);
    return {
      status: exitCode,
      name: fileSystemErrorName(error),
      message,
      exitCode,
      warnings: [...warnings],
    };
  }
  const name = error instanceof SoupkitError ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  return { status: exitCode, name, message, exitCode, warnings: [...warnings] };
}
