/**
 * Entry point of the `soupkit` command (`bin/soupkit.js` loads this file, or its
 * compiled twin in dist/). Everything happens in `runCli`; this only wires `process`.
 */
import { runCli } from './cli.js';

// `soupkit generate | head -1`: a closed pipe ends the output, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
