/**
 * The emulator in a process of its own for the benches, so that the bench
 * process's memory and CPU are the client's alone. Arguments (all optional):
 * `--describes DIR` (default the samples), `--latency MS`, `--user NAME:PASSWORD`.
 * Driven over the IPC channel: `{ seed: { count, offset } }`, `{ requestCount: true }`,
 * `{ cpuMs: true }` (the process's CPU time so far), `{ close: true }`; it answers each with `{ ok, value }` and starts by sending its
 * address.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEmulator } from '../emulator/index.js';

const SAMPLES = join(fileURLToPath(new URL('..', import.meta.url)), 'samples', 'describes');
const { values } = parseArgs({
  options: { describes: { type: 'string' }, latency: { type: 'string' }, user: { type: 'string' } },
});
const [username, password] = values.user?.split(':') ?? [];
const emulator = await startEmulator({
  describes: values.describes ?? SAMPLES,
  latencyMs: Number(values.latency ?? 0),
  requestLogSize: 0,
  ...(username === undefined || password === undefined ? {} : { users: [{ username, password }] }),
});

type Command =
  | { seed: { count: number; offset: number } }
  | { requestCount: true }
  | { cpuMs: true }
  | { close: true };

function seed(count: number, offset: number): void {
  for (let start = 0; start < count; start += 10_000) {
    emulator.org.insert(
      'Account',
      Array.from({ length: Math.min(10_000, count - start) }, (_, i) => ({
        Name: `Account ${offset + start + i}`,
        Industry: 'Energy',
        NumberOfEmployees: i,
        BillingCity: 'Springfield',
        Description: `Account ${offset + start + i}. ${'lorem ipsum dolor sit amet '.repeat(22)}`,
      })),
    );
  }
}

process.on('message', async (command: Command) => {
  if ('seed' in command) {
    seed(command.seed.count, command.seed.offset);
    process.send?.({ ok: true });
  } else if ('requestCount' in command) {
    process.send?.({ ok: true, value: emulator.requestCount });
  } else if ('cpuMs' in command) {
    const { user, system } = process.cpuUsage();
    process.send?.({ ok: true, value: (user + system) / 1000 });
  } else {
    await emulator.close();
    process.send?.({ ok: true });
    process.disconnect();
  }
});
process.send?.({
  ok: true,
  value: {
    instanceUrl: emulator.instanceUrl,
    accessToken: emulator.accessToken,
    apiVersion: emulator.apiVersion,
  },
});
