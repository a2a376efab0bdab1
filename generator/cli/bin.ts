/**
 * Entry point of the `soupkit` command (`bin/soupkit.js` loads this file, or its
 * compiled twin in dist/). Everything happens in `runCli`; this only wires `process`.
 */
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
