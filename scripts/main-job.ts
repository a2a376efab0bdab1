/**
 * The main job, `npm start`: the local Salesforce REST emulator stands in for an
 * org, serving the sample describes bundled in `samples/describes/`, and
 * `soupkit generate` describes the objects of `examples/basic/soupkit.config.json`
 * from it through jsforce, as from a live org, then writes and lists the
 * generated files. Describes fetched are cached in `.soupkit-cache/describes/`
 * (git-ignored), never over the samples. Extra arguments go to `soupkit generate`
 * (`npm start -- --check`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../cli/cli.js';
import { startEmulator } from '../emulator/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const emulator = await startEmulator({ describes: path.join(root, 'samples', 'describes') });
try {
  process.stdout.write(
    `soupkit: the local Salesforce REST emulator is the org, at ${emulator.url}\n`,
  );
  process.exitCode = await runCli(
    [
      'generate',
      '--config',
      'examples/basic/soupkit.config.json',
      '--instance-url',
      emulator.instanceUrl,
      '--access-token',
      emulator.accessToken,
      '--cache-dir',
      '.soupkit-cache/describes',
      ...process.argv.slice(2),
    ],
    { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: root },
  );
} finally {
  await emulator.close();
}
