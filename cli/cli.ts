/**
 * The `soupkit` command line: flags → config → describe source → generate or check.
 * Every mistake a user can make ends as one line on stderr and a non-zero exit code;
 * stack traces are printed only for internal errors with `SOUPKIT_DEBUG=1`.
 */
import { SoupkitError } from '../runtime/errors.js';
import { CliError } from './cli-error.js';
import { commandHelp, mainHelp, parseArgs } from './flags.js';
import { type CliIo, EXIT } from './io.js';
import { packageJson } from './package-root.js';

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
    const { command, flags, positionals } = parseArgs(argv);
    if (flags.has('version')) {
      io.stdout.write(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    if (command === undefined) {
      io.stdout.write(mainHelp());
      return flags.has('help') ? EXIT.ok : EXIT.usage;
    }
    if (flags.has('help')) {
      io.stdout.write(commandHelp(command));
      return EXIT.ok;
    }
    // Each command is loaded on demand: --help and --version stay fast, and a
    // command whose optional library is not installed says which one to add.
    switch (command) {
      case 'generate':
        return await withLibraries(async () => {
          const { runGenerate } = await import('./generate-command.js');
          return runGenerate(flags, io);
        });
      case 'sync':
        return await withLibraries(async () => {
          const { runSync } = await import('./sync-command.js');
          return runSync(flags, io);
        });
      case 'init': {
        const { runInit } = await import('./init-command.js');
        return await runInit(flags, positionals, io);
      }
      case 'emulator':
        return await withLibraries(async () => {
          const { runEmulator } = await import('./emulator-command.js');
          return runEmulator(flags, io);
        });
      case 'status': {
        const { runStatus } = await import('./status-command.js');
        return await runStatus(flags, io);
      }
      case 'inspect': {
        const { runInspect } = await import('./inspect/inspect-command.js');
        return await runInspect(flags, io);
      }
      default:
        return command satisfies never;
    }
  } catch (error) {
    return reportError(error, io);
  }
}

/** soupkit's optional peer dependencies: a command says which to install when one is missing. */
const OPTIONAL_LIBRARIES = ['ts-morph', 'jsforce', '@jetstreamapp/soql-parser-js'];

/**
 * Runs a command; when a library it needs is not installed (an optional peer
 * dependency of soupkit), says which one to add instead of a stack trace.
 */
async function withLibraries<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const missing = /Cannot find (?:package|module) '([^']+)'/.exec(
      error instanceof Error ? error.message : '',
    )?.[1];
    const library = OPTIONAL_LIBRARIES.find(
      (name) => missing === name || missing?.startsWith(`${name}/`),
    );
    if (code === 'ERR_MODULE_NOT_FOUND' && library !== undefined) {
      throw new CliError(
        'CLI_MISSING_LIBRARY',
        `this command needs ${library}, an optional dependency of soupkit: npm install ${library}`,
      );
    }
    throw error;
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

/** The version in soupkit's own package.json. */
function packageVersion(): string {
  try {
    return packageJson().version;
  } catch {
    return 'unknown';
  }
}

export { type CliIo, EXIT } from './io.js';
