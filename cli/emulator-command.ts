/**
 * `soupkit emulator`: the local Salesforce REST emulator from the installed
 * package (the bundled sample describes and records by default), until
 * interrupted; prints the instance URL and token to reach it.
 */
import path from 'node:path';
import { startEmulator } from '../emulator/index.js';
import { type CliIo, EXIT, flagText } from './io.js';
import { packageRoot } from './package-root.js';

/** @internal Runs `soupkit emulator` with parsed flags; resolves with the exit code once stopped. */
export async function runEmulator(
  flags: ReadonlyMap<string, string | true>,
  io: CliIo,
  stopped: Promise<unknown> = interrupted(),
): Promise<number> {
  const text = (name: string) => flagText(flags, name);
  const samples = path.join(packageRoot(), 'samples');
  const describesFlag = text('describes');
  const recordsFlag = text('records');
  const describes =
    describesFlag === undefined
      ? path.join(samples, 'describes')
      : path.resolve(io.cwd, describesFlag);
  // The bundled records describe the bundled objects: they go together by default.
  const records =
    recordsFlag !== undefined
      ? path.resolve(io.cwd, recordsFlag)
      : describesFlag === undefined
        ? path.join(samples, 'records.json')
        : undefined;
  const emulator = await startEmulator({
    port: Number(text('port') ?? 0),
    describes,
    ...(records === undefined ? {} : { records }),
  });
  io.stdout.write(
    `soupkit emulator listening on ${emulator.url} (API ${emulator.apiVersion})\n` +
      `  SF_INSTANCE_URL=${emulator.instanceUrl}\n` +
      `  SF_ACCESS_TOKEN=${emulator.accessToken}\n` +
      `  describes ${describes}; ${records === undefined ? 'no seed records' : `records ${records}`}; Ctrl+C stops it\n`,
  );
  try {
    await stopped;
  } finally {
    await emulator.close();
  }
  return EXIT.ok;
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}
