/**
 * What every command shares with the CLI's entry: its exit codes and the I/O
 * it reads and writes (so commands and `cli.ts` never import each other).
 */
import type { ProgressStream } from './progress-bar.js';

/** Exit codes of the CLI (as `prettier --check`: 1 means "not up to date", 2 "could not run"). */
export const EXIT = {
  ok: 0,
  /** `--check` found stale, missing or extra generated files. */
  stale: 1,
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
