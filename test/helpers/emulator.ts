/**
 * One emulator per test file: `useEmulator(options)` starts it before the
 * file's tests and closes it after; `connect()` gives a real jsforce
 * Connection to it over loopback.
 */
import { Connection } from 'jsforce';
import { afterAll, beforeAll } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../emulator/index.js';

export interface EmulatorFixture {
  /** The running emulator (only inside tests and hooks). */
  readonly emulator: Emulator;
  /** A jsforce Connection with the emulator's token, at its newest version unless given. */
  connect(options?: { version?: string; accessToken?: string; refreshToken?: string }): Connection;
}

/** Starts an emulator for the current test file. */
export function useEmulator(
  options: EmulatorOptions | (() => EmulatorOptions) = {},
): EmulatorFixture {
  let running: Emulator | undefined;
  beforeAll(async () => {
    running = await startEmulator(typeof options === 'function' ? options() : options);
  });
  afterAll(async () => {
    await running?.close();
  });
  const fixture: EmulatorFixture = {
    get emulator() {
      if (running === undefined) throw new Error('the emulator runs only inside tests and hooks');
      return running;
    },
    connect: ({ version, accessToken, refreshToken } = {}) => {
      const emulator = fixture.emulator;
      return new Connection({
        instanceUrl: emulator.instanceUrl,
        accessToken: accessToken ?? emulator.accessToken,
        version: version ?? emulator.apiVersion,
        ...(refreshToken === undefined
          ? {}
          : {
              refreshToken,
              oauth2: {
                clientId: 'soupkit-tests',
                clientSecret: 'secret',
                loginUrl: emulator.loginUrl,
              },
            }),
      });
    },
  };
  return fixture;
}

/** What jsforce rejects with for an error answer of the platform. */
export interface PlatformError extends Error {
  readonly errorCode: string;
  readonly fields?: string[];
  readonly data?: unknown;
}

/** The error `call` rejects with; fails the test when it resolves instead. */
export async function rejectionOf(call: PromiseLike<unknown>): Promise<PlatformError> {
  try {
    await call;
  } catch (error) {
    return error as PlatformError;
  }
  throw new Error('expected the call to fail');
}
