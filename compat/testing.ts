/**
 * `useSoupkitEmulator()`: starts soupkit's emulator (with the sample org's
 * describes and records unless told otherwise) and configures the layer on it.
 * The emulator is loaded only here, so apps that never call it do not need it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator, EmulatorOptions } from '../emulator/index.js';
import { configure, reset } from './lifecycle.js';

/** Options of {@link useSoupkitEmulator}. */
export interface SoupkitEmulatorOptions extends EmulatorOptions {
  /** Where store files go; a fresh temporary folder when omitted. */
  readonly dataFolder?: string;
  /** The stores' key; random when omitted. */
  readonly key?: string;
}

/** A running emulator the layer is configured on. */
export interface SoupkitEmulator {
  readonly emulator: Emulator;
  /** Resets the layer (stores deleted) and stops the emulator. */
  close(): Promise<void>;
}

/** soupkit's bundled samples, found from this file whether it runs from source or from `dist/`. */
function samplesFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'soupkit') {
      return join(dir, 'samples');
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('soupkit: cannot find the package root for its samples');
    dir = parent;
  }
}

/**
 * Starts an emulator and configures the layer on it, in one line.
 *
 * @example
 * const { emulator, close } = await useSoupkitEmulator();
 * // … app code using react-native-force or cordova plugins …
 * await close();
 */
export async function useSoupkitEmulator(
  options: SoupkitEmulatorOptions = {},
): Promise<SoupkitEmulator> {
  const { dataFolder, key, ...emulatorOptions } = options;
  const { startEmulator } = await import('../emulator/index.js');
  const samples = samplesFolder();
  const emulator = await startEmulator({
    describes: join(samples, 'describes'),
    records: join(samples, 'records.json'),
    ...emulatorOptions,
  });
  configure({
    org: emulator,
    ...(dataFolder === undefined ? {} : { dataFolder }),
    ...(key === undefined ? {} : { key }),
  });
  return {
    emulator,
    close: async () => {
      await reset();
      await emulator.close();
    },
  };
}
