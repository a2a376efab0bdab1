import { SoupkitError } from '../runtime/errors.js';

/**
 * Codes of {@link CliError}:
 *
 * - `CLI_UNKNOWN_COMMAND`, `CLI_UNKNOWN_FLAG`, `CLI_MISSING_VALUE`, `CLI_BAD_VALUE`,
 *   `CLI_DUPLICATE_FLAG`, `CLI_UNEXPECTED_ARGUMENT`, `CLI_CONFLICT`: the command line is
 *   wrong.
 * - `CLI_INCOMPLETE_AUTH`: org credentials are only partly given (e.g. an access token
 *   without an instance URL).
 * - `CLI_SF_NOT_FOUND`, `CLI_SF_FAILED`: the `sf` CLI is missing or could not display the org.
 * - `CLI_NO_ORG`: `soupkit sync` was given no org to sync with.
 * - `CLI_NO_STORE_KEY`: `soupkit sync`, `status` or `inspect` found no store key (`--key-file`,
 *   `SOUPKIT_STORE_KEY`).
 * - `CLI_NO_STORE`: `soupkit status` or `inspect` found no store file (`--store`).
 * - `CLI_PORT_IN_USE`: `soupkit inspect --port N` could not listen on that port.
 * - `CLI_NOT_EMPTY`: `soupkit init` was pointed at a folder with files (use `--force`).
 * - `CLI_MISSING_LIBRARY`: the command needs an optional dependency that is not installed.
 * - `CLI_NOT_GENERATED`: `soupkit sync` found no generated `usersyncs.json` / `userstore.json`.
 * - `CLI_BAD_OUT_DIR`: `soupkit generate`'s output folder (`--out`, `outDir`) is a file or
 *   lies under one.
 * - `CLI_BAD_STORE_PATH`: the store file's folder (`--store`) is a file or lies under one.
 * - `CLI_INTERRUPTED`: Ctrl-C (or SIGTERM) twice: the run quit at once (exit 130).
 */
export type CliErrorCode =
  | 'CLI_UNKNOWN_COMMAND'
  | 'CLI_UNKNOWN_FLAG'
  | 'CLI_MISSING_VALUE'
  | 'CLI_BAD_VALUE'
  | 'CLI_DUPLICATE_FLAG'
  | 'CLI_UNEXPECTED_ARGUMENT'
  | 'CLI_CONFLICT'
  | 'CLI_INCOMPLETE_AUTH'
  | 'CLI_SF_NOT_FOUND'
  | 'CLI_SF_FAILED'
  | 'CLI_NO_ORG'
  | 'CLI_NO_STORE_KEY'
  | 'CLI_NO_STORE'
  | 'CLI_PORT_IN_USE'
  | 'CLI_NOT_EMPTY'
  | 'CLI_MISSING_LIBRARY'
  | 'CLI_NOT_GENERATED'
  | 'CLI_BAD_OUT_DIR'
  | 'CLI_BAD_STORE_PATH'
  | 'CLI_INTERRUPTED';

const USAGE_CODES: readonly CliErrorCode[] = [
  'CLI_UNKNOWN_COMMAND',
  'CLI_UNKNOWN_FLAG',
  'CLI_MISSING_VALUE',
  'CLI_BAD_VALUE',
  'CLI_DUPLICATE_FLAG',
  'CLI_UNEXPECTED_ARGUMENT',
  'CLI_CONFLICT',
  'CLI_INCOMPLETE_AUTH',
];

/**
 * An error of the `soupkit` command line itself (flags, the `sf` CLI); printed as one
 * line, never with a stack trace.
 *
 * @example
 * throw new CliError('CLI_UNKNOWN_FLAG', 'unknown flag --outdir (did you mean --out?)');
 */
export class CliError extends SoupkitError {
  declare readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }

  /** True for mistakes in the command line, false for the rest (e.g. the `sf` CLI failing). */
  get isUsageError(): boolean {
    return USAGE_CODES.includes(this.code);
  }
}
