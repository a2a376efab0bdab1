/**
 * Runs the CLI in this process with captured output (`runCli` from
 * `cli/cli.ts`), for commands that talk to an emulator of the test process.
 */
import { runCli } from '../../cli/cli.js';

export interface CapturedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `soupkit <argv>` in `cwd` with `env` (nothing of the caller's environment). */
export async function capture(
  argv: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const stream = (append: (text: string) => void) => ({
    isTTY: false,
    write: (chunk: string) => {
      append(chunk);
      return true;
    },
  });
  const code = await runCli(argv, {
    stdout: stream((text) => {
      stdout += text;
    }),
    stderr: stream((text) => {
      stderr += text;
    }),
    env: options.env ?? {},
    cwd: options.cwd,
  });
  return { code, stdout, stderr };
}
