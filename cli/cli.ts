/**
 * The `soupkit` command line: flags → config → describe source → generate or check.
 * Every mistake a user can make ends as one line on stderr and a non-zero exit code;
 * stack traces are printed only for internal errors with `SOUPKIT_DEBUG=1`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SoupkitError } from '../runtime/errors.js';
import { CliError } from './cli-error.js';
import { generateHelp, mainHelp, parseArgs } from './flags.js';
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

/**
 * Runs the CLI and resolves with the exit code (it never calls `process.exit`).
 *
 * @example
 * const code = await runCli(['generate', '--check'], {
 *   stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(),
 * });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { command, flags } = parseArgs(argv);
    if (flags.has('version')) {
      io.stdout.write(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    if (command === undefined) {
      io.stdout.write(mainHelp());
      return flags.has('help') ? EXIT.ok : EXIT.usage;
    }
    if (flags.has('help')) {
      io.stdout.write(generateHelp());
      return EXIT.ok;
    }
    // Loaded on demand: --help and --version stay fast (no ts-morph, no jsforce).
    const { runGenerate } = await import('./generate-command.js');
    return await runGenerate(flags, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CliError) {
    io.stderr.write(`soupkit: ${error.message}\n`);
    return error.isUsageError ? EXIT.usage : EXIT.error;
  }
  if (error instanceof SoupkitError) {
    io.stderr.write(`soupkit: error: ${oneLine(error.message)}\n`);
    if (io.env.SOUPKIT_DEBUG) io.stderr.write(`${error.stack ?? ''}\n`);
    return EXIT.error;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(
    `soupkit: internal error: ${oneLine(message)}${io.env.SOUPKIT_DEBUG ? '' : ' (set SOUPKIT_DEBUG=1 for the stack trace)'}\n`,
  );
  if (io.env.SOUPKIT_DEBUG && error instanceof Error) io.stderr.write(`${error.stack ?? ''}\n`);
  return EXIT.error;
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/** The version in soupkit's own package.json (found from here, in the sources or in dist/). */
function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'soupkit' && typeof json.version === 'string') return json.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
