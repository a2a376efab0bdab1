/**
 * The `soupkit` command line: flags → the command, loaded on demand.
 * Every mistake a user can make ends as one line on stderr (with `--json`, one
 * JSON document on stdout) and a non-zero exit code; a bug in soupkit is printed
 * as a bug report, with its stack trace under `SOUPKIT_DEBUG=1`.
 */
import { CliError } from './cli-error.js';
import { reportError } from './error-report.js';
import { commandHelp, mainHelp } from './help.js';
import { type CliIo, EXIT } from './io.js';
import { missingLibrary } from './optional-libraries.js';
import { packageJson } from './package-root.js';
import { parseArgs } from './parse-args.js';

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
    // Read from argv, not the parsed flags: a usage error has no parsed flags.
    return reportError(error, io, argv.includes('--json'));
  }
}

/**
 * Runs a command; when a library it needs is not installed (an optional peer
 * dependency of soupkit), says which one to add instead of a stack trace.
 */
async function withLibraries<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const library = missingLibrary(error);
    if (library !== undefined) {
      throw new CliError(
        'CLI_MISSING_LIBRARY',
        `this command needs ${library.name}, ${library.why}: npm install ${library.install}`,
      );
    }
    throw error;
  }
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
