/**
 * Runs the REST emulator until interrupted:
 *
 *     npx tsx emulator/bin.ts --describes samples/describes --records samples/records.json --port 8484 --user dev@example.com:secret
 *
 * Prints the instance URL and the access token to use (e.g. as SF_INSTANCE_URL and
 * SF_ACCESS_TOKEN for `soupkit generate`).
 */
import { parseArgs } from 'node:util';
import { SoupkitError } from '../runtime/errors.js';
import { type EmulatorUser, startEmulator } from './index.js';

const USAGE = `Usage: soupkit-emulator [--describes DIR] [--records FILE] [--port N] [--access-token T] [--user NAME:PASSWORD]... [--latency MS]`;

async function main(argv: readonly string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    process.stderr.write(`soupkit-emulator: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const users: EmulatorUser[] = [];
  for (const spec of values.user ?? []) {
    const colon = spec.indexOf(':');
    if (colon <= 0) {
      process.stderr.write(`soupkit-emulator: --user expects NAME:PASSWORD, got "${spec}"\n`);
      return 2;
    }
    users.push({ username: spec.slice(0, colon), password: spec.slice(colon + 1) });
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  const latencyMs = values.latency === undefined ? 0 : Number(values.latency);
  try {
    const emulator = await startEmulator({
      port,
      latencyMs,
      users,
      ...(values.describes === undefined ? {} : { describes: values.describes }),
      ...(values.records === undefined ? {} : { records: values.records }),
      ...(values['access-token'] === undefined ? {} : { accessToken: values['access-token'] }),
    });
    process.stdout.write(
      `soupkit emulator listening on ${emulator.url}\n` +
        `  SF_INSTANCE_URL=${emulator.instanceUrl}\n` +
        `  SF_ACCESS_TOKEN=${emulator.accessToken}\n` +
        `  API version ${emulator.apiVersion}; ${emulator.seedIds.size === 0 && values.records === undefined ? 'no seed records' : `seed records from ${values.records}`}; press Ctrl+C to stop\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await emulator.close();
    return 0;
  } catch (error) {
    if (error instanceof SoupkitError) {
      process.stderr.write(`soupkit-emulator: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      describes: { type: 'string' },
      records: { type: 'string' },
      port: { type: 'string' },
      'access-token': { type: 'string' },
      user: { type: 'string', multiple: true },
      latency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

process.exitCode = await main(process.argv.slice(2));
