/**
 * How `soupkit sync`, `status` and `inspect` reach the encrypted store file:
 * its path (`--store`, else `.soupkit/store.db`) and its key (`--key-file`,
 * else `SOUPKIT_STORE_KEY`). The key is only ever handed to `SmartStore.open`;
 * a key file is checked before it is read (one line, at most 4 KiB, not a device).
 */
import { existsSync, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { SmartStore } from '../runtime/store/smart-store.js';
import { CliError } from './cli-error.js';
import { type CliIo, flagText, relativeTo } from './io.js';

/** Where the store file is when `--store` is not given, relative to the project folder. */
export const DEFAULT_STORE = path.join('.soupkit', 'store.db');

/** The most a key file may hold: a key is one line, never a large file. */
export const MAX_KEY_FILE_BYTES = 4096;

/**
 * The store key: the content of `keyFile` (one line; its line end is not part
 * of the key), else `SOUPKIT_STORE_KEY`. Throws `CLI_NO_STORE_KEY` (one line,
 * never the key) when neither gives one, or when the key file is not one line
 * of key: a folder, a device (`/dev/zero`), a file over 4 KiB, several lines, or
 * whitespace after the key (a key is used exactly as written, so a stray space
 * would open, or make, another store). A key file others may read is used,
 * with a warning, as ssh does.
 */
export async function storeKey(
  keyFile: string | undefined,
  io: CliIo,
  warn: (message: string) => void = (message) => io.stderr.write(`soupkit: warning: ${message}\n`),
): Promise<string> {
  if (keyFile !== undefined) return readKeyFile(path.resolve(io.cwd, keyFile), keyFile, warn);
  const key = io.env.SOUPKIT_STORE_KEY;
  if (key === undefined || key === '') {
    throw new CliError(
      'CLI_NO_STORE_KEY',
      'the store is encrypted: give its key with --key-file FILE or the SOUPKIT_STORE_KEY environment variable',
    );
  }
  return key;
}

async function readKeyFile(
  file: string,
  shown: string,
  warn: (message: string) => void,
): Promise<string> {
  const refuse = (why: string, cause?: unknown): never => {
    throw new CliError('CLI_NO_STORE_KEY', `the key file ${shown} ${why}`, { cause });
  };
  let info: Stats;
  try {
    info = await stat(file);
  } catch (cause) {
    return refuse(
      `cannot be read: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`,
      cause,
    );
  }
  // A pipe (`--key-file <(pass show store)`) is read, but never more than the limit.
  if (info.isDirectory()) refuse('is a folder, not a file');
  if (!info.isFile() && !info.isFIFO()) refuse('is not a regular file (a device or a socket)');
  if (info.isFile() && info.size > MAX_KEY_FILE_BYTES) {
    refuse(`is ${info.size} bytes; a key file holds the key alone, on one line`);
  }
  let content: Buffer;
  try {
    content = await readAtMost(file, MAX_KEY_FILE_BYTES + 1);
  } catch (cause) {
    return refuse(
      `cannot be read: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`,
      cause,
    );
  }
  if (content.length > MAX_KEY_FILE_BYTES) {
    refuse(
      `holds more than ${MAX_KEY_FILE_BYTES} bytes; a key file holds the key alone, on one line`,
    );
  }
  // A BOM (some Windows editors write one) would silently become part of the key.
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) {
    refuse(
      'starts with a UTF-8 byte order mark (BOM), which would be read as part of the key; save it without a BOM (e.g. as "UTF-8", not "UTF-8 with BOM")',
    );
  }
  // The line's end (as `echo KEY > file` and editors write it) is not part of the key.
  const key = content.toString('utf8').replace(/\r?\n$/, '');
  if (key === '') refuse('is empty');
  if (/[\r\n]/.test(key)) refuse('has more than one line; it must hold the key alone, on one line');
  if (/\s$/.test(key)) {
    // Removing it would give another key: a store made with it would no longer open.
    refuse(
      'ends in whitespace, and soupkit before this check read it as part of the key; if the store was made with that key, give it by SOUPKIT_STORE_KEY instead, else remove the whitespace (or rekey the store)',
    );
  }
  if (info.isFile() && process.platform !== 'win32' && (info.mode & 0o044) !== 0) {
    warn(`key file ${shown} is readable by group or others; chmod 600 ${shown}`);
  }
  return key;
}

/** The first `limit` bytes of a file or pipe, read without going further. */
async function readAtMost(file: string, limit: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    let length = 0;
    while (length < limit) {
      const { bytesRead } = await handle.read(buffer, length, limit - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
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
