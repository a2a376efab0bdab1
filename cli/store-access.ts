/**
 * How `soupkit sync`, `status` and `inspect` reach the encrypted store file:
 * its path (`--store`, else `.soupkit/store.db`) and its key (`--key-file`,
 * else `SOUPKIT_STORE_KEY`). The key is only ever handed to `SmartStore.open`.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SmartStore } from '../runtime/store/smart-store.js';
import { CliError } from './cli-error.js';
import { type CliIo, flagText, relativeTo } from './io.js';

/** Where the store file is when `--store` is not given, relative to the project folder. */
export const DEFAULT_STORE = path.join('.soupkit', 'store.db');

/**
 * The store key: the first line of `keyFile`, else `SOUPKIT_STORE_KEY`.
 * Throws `CLI_NO_STORE_KEY` (one line, never the key) when neither gives one.
 */
export async function storeKey(keyFile: string | undefined, io: CliIo): Promise<string> {
  if (keyFile !== undefined) {
    let content: string;
    try {
      content = await readFile(path.resolve(io.cwd, keyFile), 'utf8');
    } catch (cause) {
      throw new CliError(
        'CLI_NO_STORE_KEY',
        `cannot read the key file ${keyFile}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`,
        { cause },
      );
    }
    const key = content.split(/\r?\n/)[0] ?? '';
    if (key === '') throw new CliError('CLI_NO_STORE_KEY', `the key file ${keyFile} is empty`);
    return key;
  }
  const key = io.env.SOUPKIT_STORE_KEY;
  if (key === undefined || key === '') {
    throw new CliError(
      'CLI_NO_STORE_KEY',
      'the store is encrypted: give its key with --key-file FILE or the SOUPKIT_STORE_KEY environment variable',
    );
  }
  return key;
}

/** The store file `--store` names (relative to the working folder), else the default in `projectDir`. */
export function storePath(
  flags: ReadonlyMap<string, string | true>,
  io: CliIo,
  projectDir = io.cwd,
): string {
  const given = flagText(flags, 'store');
  return given === undefined ? path.join(projectDir, DEFAULT_STORE) : path.resolve(io.cwd, given);
}

/** An existing store opened for reading, with the path it was found at. */
export interface OpenedStore {
  readonly store: SmartStore;
  readonly path: string;
}

/**
 * Opens an existing store file with its key, for the commands that look
 * without syncing (`status`, `inspect`). Throws `CLI_NO_STORE` when the file
 * is missing (never creating one), `STORE_BAD_KEY` for a wrong key.
 */
export async function openExistingStore(
  flags: ReadonlyMap<string, string | true>,
  io: CliIo,
): Promise<OpenedStore> {
  const file = storePath(flags, io);
  if (!existsSync(file)) {
    throw new CliError(
      'CLI_NO_STORE',
      `no store at ${relativeTo(io.cwd, file)}: give it with --store FILE (soupkit sync makes ${DEFAULT_STORE})`,
    );
  }
  const key = await storeKey(flagText(flags, 'key-file'), io);
  return { store: SmartStore.open({ path: file, key }), path: file };
}
