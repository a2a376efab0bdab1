/**
 * The parent's side of `emulator-process.ts`: starts the emulator in a process
 * of its own and drives it over IPC, one answer per command, in order.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The emulator process, as the benches use it. */
export interface EmulatorProcess {
  readonly instanceUrl: string;
  readonly accessToken: string;
  readonly apiVersion: string;
  /** HTTP requests the emulator has answered so far. */
  requestCount(): Promise<number>;
  /** The emulator process's CPU time so far, in ms. */
  cpuMs(): Promise<number>;
  /** Inserts `count` Accounts, named from `offset` on. */
  seed(count: number, offset: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Forks `emulator-process.ts` with `args` (`--describes DIR`, `--latency MS`, `--user NAME:PASSWORD`).
 *
 * @example
 * const org = await startEmulatorProcess(['--latency', '50']);
 * const before = await org.requestCount();
 */
export async function startEmulatorProcess(args: readonly string[] = []): Promise<EmulatorProcess> {
  const child = fork(fileURLToPath(new URL('emulator-process.ts', import.meta.url)), [...args], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const answers: ((value: unknown) => void)[] = [];
  child.on('message', (message: { value?: unknown }) => answers.shift()?.(message.value));
  const answer = () => new Promise<unknown>((resolve) => answers.push(resolve));
  const ask = (command: object) => {
    const next = answer();
    child.send(command);
    return next;
  };
  const address = (await answer()) as {
    instanceUrl: string;
    accessToken: string;
    apiVersion: string;
  };
  return {
    ...address,
    requestCount: async () => (await ask({ requestCount: true })) as number,
    cpuMs: async () => (await ask({ cpuMs: true })) as number,
    seed: async (count, offset) => {
      await ask({ seed: { count, offset } });
    },
    close: async () => {
      await ask({ close: true });
    },
  };
}
