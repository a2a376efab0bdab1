/**
 * The generator's errors: one `GeneratorError` family with stable codes.
 *
 * - `ConfigError` (`CONFIG_*`): a bad `soupkit.config.json` / `.ts`; names the
 *   file and the key path (e.g. `objects[2].syncDown.mergeMode`).
 * - `DescribeError` (`DESCRIBE_*`): a describe that cannot be read or does not
 *   have the REST describe shape; names the origin, the object and the field.
 * - `GeneratorError` (`GENERATE_*`): everything else that stops a run, e.g. two
 *   objects mapping to the same TypeScript name.
 */
import { SoupkitError } from '../runtime/errors.js';

/** Codes of `GeneratorError` itself. */
export type GenerateErrorCode =
  | 'GENERATE_NAME_COLLISION'
  | 'GENERATE_NO_OBJECTS'
  | 'GENERATE_OUT_DIR'
  | 'GENERATE_TEMPLATE_MISSING'
  /** A generated file could not be written (or a stale one removed); the output folder is left as it was. */
  | 'GENERATE_WRITE_FAILED';

/** Codes of `ConfigError`. */
export type ConfigErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_READ_FAILED'
  | 'CONFIG_SYNTAX'
  | 'CONFIG_INVALID'
  | 'CONFIG_UNKNOWN_KEY'
  | 'CONFIG_UNKNOWN_OBJECT'
  | 'CONFIG_UNKNOWN_FIELD'
  | 'CONFIG_UNKNOWN_INDEX_PATH'
  | 'CONFIG_UNKNOWN_RELATIONSHIP'
  | 'CONFIG_SYNC_INDEX_MISSING'
  | 'CONFIG_DUPLICATE'
  /** A name soupkit keeps for itself, e.g. the soup name `syncs_soup`. */
  | 'CONFIG_RESERVED_NAME';

/** Codes of `DescribeError`. */
export type DescribeErrorCode =
  | 'DESCRIBE_NOT_FOUND'
  | 'DESCRIBE_READ_FAILED'
  | 'DESCRIBE_SYNTAX'
  | 'DESCRIBE_INVALID'
  | 'DESCRIBE_NAME_MISMATCH'
  | 'DESCRIBE_DUPLICATE'
  /** The org refused the session (401 `INVALID_SESSION_ID`). */
  | 'DESCRIBE_ORG_SESSION'
  /** Username/password login to the org was refused. */
  | 'DESCRIBE_ORG_LOGIN'
  /** The org could not be reached (connection refused, DNS, timeout). */
  | 'DESCRIBE_ORG_UNREACHABLE'
  /** Any other HTTP error from the org. */
  | 'DESCRIBE_ORG_HTTP';

/**
 * Base of every error the generator throws on purpose.
 *
 * @example
 * try {
 *   const config = await loadConfig('soupkit.config.json');
 *   await generate({ config, source });
 * } catch (error) {
 *   if (error instanceof GeneratorError) console.error(`${error.code}: ${error.message}`);
 * }
 */
export class GeneratorError extends SoupkitError {
  declare readonly code: GeneratorErrorCode;

  constructor(code: GeneratorErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Every code of the generator's errors: `GENERATE_*`, `CONFIG_*`, `DESCRIBE_*`. */
export type GeneratorErrorCode = GenerateErrorCode | ConfigErrorCode | DescribeErrorCode;

/** Where in a config file something went wrong. */
export interface ConfigErrorDetails {
  /** The config file, when the config came from a file. */
  readonly file?: string | undefined;
  /** The key path, e.g. `objects[1].fields[0]`. */
  readonly key?: string | undefined;
  /** 1-based line and column, for syntax errors. */
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/**
 * A config file that cannot be read, parsed or validated. The message names the
 * file and the key; `file`, `key`, `line` and `column` carry them for tools.
 *
 * @example
 * // soupkit.config.json: { "objects": ["Account"], "outdir": "src" }
 * // → ConfigError CONFIG_UNKNOWN_KEY: soupkit.config.json: unknown key "outdir" (did you mean "outDir"?)
 */
export class ConfigError extends GeneratorError {
  declare readonly code: ConfigErrorCode;
  readonly file: string | undefined;
  readonly key: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    code: ConfigErrorCode,
    message: string,
    details: ConfigErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(code, formatLocated(message, details.file, details.line, details.column), options);
    this.file = details.file;
    this.key = details.key;
    this.line = details.line;
    this.column = details.column;
  }
}

/** Where in a describe something went wrong. */
export interface DescribeErrorDetails {
  /** File path or URL of the describe. */
  readonly origin?: string | undefined;
  readonly objectName?: string | undefined;
  readonly fieldName?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/**
 * A describe that is missing or malformed. Names the origin (file or URL), the
 * object and, when it is about one field, the field.
 *
 * @example
 * // → DescribeError DESCRIBE_INVALID: describes/Account.describe.json: Account.Name: "type" must be a string
 */
export class DescribeError extends GeneratorError {
  declare readonly code: DescribeErrorCode;
  readonly origin: string | undefined;
  readonly objectName: string | undefined;
  readonly fieldName: string | undefined;

  constructor(
    code: DescribeErrorCode,
    message: string,
    details: DescribeErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(code, formatLocated(message, details.origin, details.line, details.column), options);
    this.origin = details.origin;
    this.objectName = details.objectName;
    this.fieldName = details.fieldName;
  }
}

function formatLocated(
  message: string,
  file: string | undefined,
  line: number | undefined,
  column: number | undefined,
): string {
  if (file === undefined) return message;
  const position = line === undefined ? '' : `:${line}${column === undefined ? '' : `:${column}`}`;
  return `${file}${position}: ${message}`;
}
