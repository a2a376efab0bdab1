/**
 * What every command shares with the CLI's entry: its exit codes and the I/O
 * it reads and writes (so commands and `cli.ts` never import each other).
 */
import path from 'node:path';
import type { ProgressStream } from './progress-bar.js';

/** Exit codes of the CLI (as `prettier --check`: 1 means "not up to date", 2 "could not run"). */
export const EXIT = {
  ok: 0,
  /** `--check` found stale, missing or extra generated files. */
  stale: 1,
  /**
   * `soupkit status`: a sync is `FAILED`, or (with `--fail-on-errors`) a record
   * carries `__last_error__`. The same 1 as a `soupkit sync` that did not end DONE.
   */
  unhealthy: 1,
  /** Config, describe, org or file-system error. */
  error: 2,
  /** Bad command line. */
  usage: 2,
} as const;

/** Where the CLI reads and writes; `process` in production, captured in tests. */
export interface CliIo {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** A stream that takes everything and shows nothing (`--quiet`, `--json`). */
export const SILENT: ProgressStream = { isTTY: false, write: () => true };

/** The text value of a flag, or undefined when it is absent or a boolean. */
export function flagText(
  flags: ReadonlyMap<string, string | true>,
  name: string,
): string | undefined {
  const value = flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** A path as messages show it: relative to `cwd` when inside it, else absolute. */
export function relativeTo(cwd: string, target: string): string {
  const relative = path.relative(cwd, target);
  return relative === '' ? '.' : relative.startsWith('..') ? target : relative;
}

/**
 * Text from elsewhere (a server's message, a file name) made safe for one
 * line of a terminal: line breaks, tabs and other control characters
 * (escape sequences included, and U+2028/U+2029) become one space.
 *
 * @example
 * oneLine('No such column\r\n  on Account'); // 'No such column on Account'
 */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  return text.replace(/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}
