/**
 * `soupkit emulator`: the local Salesforce REST emulator from the installed
 * package (the bundled sample describes and records by default), until
 * interrupted; prints the instance URL and token to reach it (with `--json`,
 * as one JSON document).
 */
import path from 'node:path';
import { type EmulatorUser, startEmulator } from '../emulator/index.js';
import { type CliIo, EXIT, flagText } from './io.js';
import { writeJsonResult } from './json-output.js';
import { packageRoot } from './package-root.js';
import { flagValues } from './parse-args.js';
import { PROCESS_SIGNALS, type SignalHost, watchInterrupts } from './signals.js';

/** What `soupkit emulator --json` prints as `result`. */
export interface EmulatorJson {
  readonly url: string;
  readonly instanceUrl: string;
  readonly accessToken: string;
  readonly apiVersion: string;
  readonly describes: string;
  /** The seed records file, or null for none. */
  readonly records: string | null;
  /** The usernames of `--user`, for password logins at `url`. */
  readonly users: readonly string[];
}

/**
 * @internal Runs `soupkit emulator` with parsed flags; resolves with the exit code once
 * stopped: by `stopped` when given (tests), else by Ctrl-C or SIGTERM, listened for only
 * once the emulator is up.
 */
export async function runEmulator(
  flags: ReadonlyMap<string, string | true>,
  io: CliIo,
  stopped?: Promise<unknown>,
  signals: SignalHost = PROCESS_SIGNALS,
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
  const accessToken = text('access-token');
  // The flag table checked NAME:PASSWORD; the password is all after the first colon.
  const users: EmulatorUser[] = flagValues(flags, 'user').map((spec) => {
    const colon = spec.indexOf(':');
    return { username: spec.slice(0, colon), password: spec.slice(colon + 1) };
  });
  const emulator = await startEmulator({
    port: Number(text('port') ?? 0),
    latencyMs: Number(text('latency') ?? 0),
    users,
    describes,
    ...(records === undefined ? {} : { records }),
    ...(accessToken === undefined ? {} : { accessToken }),
  });
  const interrupts = stopped === undefined ? watchInterrupts(signals) : undefined;
  try {
    if (flags.has('json')) {
      const result: EmulatorJson = {
        url: emulator.url,
        instanceUrl: emulator.instanceUrl,
        accessToken: emulator.accessToken,
        apiVersion: emulator.apiVersion,
        describes,
        records: records ?? null,
        users: users.map((user) => user.username),
      };
      writeJsonResult(io, EXIT.ok, result);
    } else {
      const logins =
        users.length === 0 ? '' : `  users ${users.map((user) => user.username).join(', ')}\n`;
      io.stdout.write(
        `soupkit emulator listening on ${emulator.url} (API ${emulator.apiVersion})\n` +
          `  SF_INSTANCE_URL=${emulator.instanceUrl}\n` +
          `  SF_ACCESS_TOKEN=${emulator.accessToken}\n` +
          logins +
          `  describes ${describes}; ${records === undefined ? 'no seed records' : `records ${records}`}; Ctrl+C stops it\n`,
      );
    }
    await (stopped ?? interrupts?.first);
  } finally {
    interrupts?.dispose();
    await emulator.close();
  }
  return EXIT.ok;
}
