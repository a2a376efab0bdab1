/**
 * How the CLI ends on an error: one line on stderr (a user's mistake, a file
 * system error), a bug report (a bug in soupkit), or with `--json` the error
 * document on stdout.
 */
import { SoupkitError } from '../runtime/errors.js';
import { CliError } from './cli-error.js';
import { fileSystemErrorText, isFileSystemError } from './fs-error.js';
import { type CliIo, EXIT, oneLine } from './io.js';
import { writeJsonError } from './json-output.js';

/**
 * @internal Prints `error` as the CLI shows it and returns the exit code: 2 for a
 * usage, config, org or file error and for a bug; the stack trace (not for a
 * command-line mistake) only with `SOUPKIT_DEBUG=1`.
 *
 * @example
 * return reportError(new CliError('CLI_NO_ORG', 'soupkit sync needs an org'), io, false); // 2
 */
export function reportError(
  error: unknown,
  io: CliIo,
  json: boolean,
  warnings: readonly string[] = [],
): number {
  const fileSystem = isFileSystemError(error);
  const internal = !fileSystem && (!(error instanceof SoupkitError) || error.code === 'INTERNAL');
  const exitCode = error instanceof CliError && error.isUsageError ? EXIT.usage : EXIT.error;
  if (json) {
    writeJsonError(io, error, exitCode, warnings);
  } else if (fileSystem) {
    io.stderr.write(`soupkit: error: ${oneLine(fileSystemErrorText(error, io.cwd))}\n`);
  } else if (internal) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = io.env.SOUPKIT_DEBUG ? '' : ' (set SOUPKIT_DEBUG=1 for the stack trace)';
    io.stderr.write(
      `soupkit: internal error (a bug in soupkit, please report it with this output): ${oneLine(message)}${hint}\n`,
    );
  } else if (error instanceof CliError) {
    io.stderr.write(`soupkit: ${oneLine(error.message)}\n`);
  } else if (error instanceof Error) {
    io.stderr.write(`soupkit: error: ${oneLine(error.message)}\n`);
  }
  // A command-line mistake has no stack worth reading; everything else may, when debugging.
  if (io.env.SOUPKIT_DEBUG && error instanceof Error && !(error instanceof CliError)) {
    io.stderr.write(`${error.stack ?? ''}\n`);
  }
  return exitCode;
}
