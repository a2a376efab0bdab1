/**
 * `soupkit/cli`: the `soupkit` command as a function, for build tools that run
 * it in process (`runCli` resolves with the exit code and never exits).
 */

export { type CliIo, EXIT, runCli } from './cli.js';
export { CliError, type CliErrorCode } from './cli-error.js';
export type { EmulatorJson } from './emulator-command.js';
export type { JsonError, JsonResult } from './json-output.js';
