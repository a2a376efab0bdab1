/**
 * The main job, `npm start`: the whole offline loop on the embedded default.
 *
 * 1. The local Salesforce REST emulator stands in for an org: the sample
 *    describes of `samples/describes/` and the seed records of
 *    `samples/records.json`.
 * 2. `soupkit generate` describes the objects of
 *    `examples/offline-sync/soupkit.config.json` from it through jsforce, as
 *    from a live org, and writes (and lists) the typed code; describes are
 *    cached in `.soupkit-cache/describes/` (git-ignored).
 * 3. The example app (`examples/offline-sync/src/main.ts`, made by
 *    `soupkit init`) runs against the same emulator: sync down, offline
 *    edits, a conflicting server edit, sync up with LEAVE_IF_CHANGED, then
 *    OVERWRITE, printing each step.
 *
 * Extra arguments go to `soupkit generate`; with `--check` the generated code
 * is compared instead of written and the app is not run.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../cli/cli.js';
import { startEmulator } from '../emulator/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const example = 'examples/offline-sync';
const args = process.argv.slice(2);
const emulator = await startEmulator({
  describes: path.join(root, 'samples', 'describes'),
  records: path.join(root, 'samples', 'records.json'),
});
try {
  process.stdout.write(
    `soupkit: the local Salesforce REST emulator is the org, at ${emulator.url} (sample describes and records)\n`,
  );
  const generated = await runCli(
    [
      'generate',
      '--config',
      `${example}/soupkit.config.json`,
      '--instance-url',
      emulator.instanceUrl,
      '--access-token',
      emulator.accessToken,
      '--cache-dir',
      '.soupkit-cache/describes',
      ...args,
    ],
    { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: root },
  );
  process.exitCode = generated;
  if (generated === 0 && !args.includes('--check')) {
    process.stdout.write(`soupkit: running ${example} against the emulator\n`);
    process.exitCode = await runExample(emulator.instanceUrl, emulator.accessToken);
  }
} finally {
  await emulator.close();
}

/** The example app in a child process, as a user runs it (`soupkit` resolved to this checkout's sources). */
function runExample(instanceUrl: string, accessToken: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', `${example}/src/main.ts`],
      {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, SF_INSTANCE_URL: instanceUrl, SF_ACCESS_TOKEN: accessToken },
      },
    );
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}
