/**
 * The emulator in a process of its own for the sync bench, so that the bench
 * process's memory is the sync's alone. Driven over the IPC channel:
 * `{ seed: { count, offset } }`, `{ requestCount: true }`, `{ close: true }`;
 * it answers each with `{ ok, value }` and starts by sending its address.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/index.js';

const SAMPLES = join(fileURLToPath(new URL('..', import.meta.url)), 'samples', 'describes');
const emulator = await startEmulator({ describes: SAMPLES, requestLogSize: 0 });

type Command =
  | { seed: { count: number; offset: number } }
  | { requestCount: true }
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
