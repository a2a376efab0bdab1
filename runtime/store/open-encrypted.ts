/**
 * Opens the SQLite file behind a store, with SQLCipher page encryption through
 * better-sqlite3-multiple-ciphers. The only module that imports the driver.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { sqlStringLiteral } from '../smartsql/catalog.js';
import type { SqliteDatabase } from './sqlite-handle.js';
import { StoreError, sqliteCodeOf } from './store-error.js';

export type HmacAlgorithm = 'HMAC_SHA1' | 'HMAC_SHA256' | 'HMAC_SHA512';
export type KdfAlgorithm = 'PBKDF2_HMAC_SHA1' | 'PBKDF2_HMAC_SHA256' | 'PBKDF2_HMAC_SHA512';

/** SQLCipher settings, named after SQLCipher's own `cipher_*` settings. */
export interface CipherSettings {
  /** SQLCipher major version whose defaults apply before the overrides below (1–4). */
  readonly compatibility: 1 | 2 | 3 | 4;
  readonly kdfIter: number;
  /** `cipher_page_size`: a power of two from 512 to 65536. */
  readonly pageSize: number;
  readonly useHmac: boolean;
  readonly hmacAlgorithm: HmacAlgorithm;
  readonly kdfAlgorithm: KdfAlgorithm;
  readonly plaintextHeaderSize: number;
}

/**
 * The Mobile SDK's settings: SQLCipher 4 defaults except `kdf_iter = 4000`, so a
 * soupkit store opens with the same key derivation as an SDK one.
 */
export const DEFAULT_CIPHER_SETTINGS: CipherSettings = Object.freeze({
  compatibility: 4,
  kdfIter: 4000,
  pageSize: 4096,
  useHmac: true,
  hmacAlgorithm: 'HMAC_SHA512',
  kdfAlgorithm: 'PBKDF2_HMAC_SHA512',
  plaintextHeaderSize: 0,
});

export interface OpenDatabaseOptions {
  /** A file path, or `':memory:'` for a private in-memory store (never encrypted). */
  readonly path: string;
  /** The passphrase; absent or `''` means an unencrypted database, as in the SDK. */
  readonly key?: string | undefined;
  readonly cipher?: Partial<CipherSettings> | undefined;
}

export interface OpenedDatabase {
  readonly db: SqliteDatabase;
  readonly encrypted: boolean;
  readonly memory: boolean;
  /** Absolute file path, or `':memory:'`. */
  readonly path: string;
  readonly cipher: CipherSettings;
  /** The key it was opened with (`''` for none), for a second read-only connection. */
  readonly key: string;
  /**
   * True when the file did not exist or was empty (and for `:memory:`): only
   * such a database may be made into a store. Nothing has been written yet.
   */
  readonly fresh: boolean;
}

const MEMORY_PATH = ':memory:';
const SQLITE_HEADER = 'SQLite format 3\u0000';
const HASH_NUMBERS: Record<string, number> = { SHA1: 0, SHA256: 1, SHA512: 2 };
/** SQLCipher's fixed values for every version: page numbers in HMACs little-endian, salt mask 0x3a, 2 iterations for the HMAC key. */
const SQLCIPHER_HMAC_PGNO_LITTLE_ENDIAN = 1;
const SQLCIPHER_HMAC_SALT_MASK = 0x3a;
const SQLCIPHER_FAST_KDF_ITER = 2;

/**
 * Opens (or creates) the database file, applies the cipher settings and the
 * key, and proves the key by reading the schema: a wrong key or a foreign file
 * throws instead of returning a handle that fails later. Writes nothing to the
 * file (a `changeKey` interrupted by a crash is undone first, see
 * `rekeyDatabase`); call `useWriteAheadLog` once the caller has decided the
 * file is a store.
 *
 * @example
 * const { db } = openDatabase({ path: 'app.db', key: 'secret' });
 *
 * @internal
 */
export function openDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  const { path, key, cipher } = validateOptions(options);
  const memory = path === MEMORY_PATH;
  const encrypted = key !== '';
  if (!memory) restoreInterruptedRekey(path);
  const fresh = memory || precheckFile(path, encrypted);

  let db: SqliteDatabase;
  try {
    db = new Database(path) as unknown as SqliteDatabase;
  } catch (error) {
    throw new StoreError('STORE_BAD_PATH', `Cannot open store file ${path}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  try {
    if (encrypted) applyKey(db, 'key', key, cipher);
    // Reading the schema is the first access that decrypts page 1.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    if (sqliteCodeOf(error) === 'SQLITE_NOTADB') {
      throw encrypted
        ? new StoreError(
            'STORE_BAD_KEY',
            `Cannot open store ${path}: the key is wrong (or the file is not a store)`,
            { cause: error },
          )
        : new StoreError(
            'STORE_NOT_A_DATABASE',
            `Cannot open store ${path}: the file is not a database, or it is encrypted and no key was given`,
            { cause: error },
          );
    }
    throw new StoreError('STORE_SQLITE_ERROR', `Cannot open store ${path}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  return { db, encrypted, memory, path, cipher, key, fresh };
}

/**
 * Opens an existing store file read-only with its key and settings, for a
 * second process that must not write (an isolated query).
 *
 * @internal
 */
export function openReadOnlyDatabase(
  path: string,
  key: string,
  cipher: CipherSettings,
): SqliteDatabase {
  const db = new Database(path, {
    readonly: true,
    fileMustExist: true,
  }) as unknown as SqliteDatabase;
  try {
    if (key !== '') applyKey(db, 'key', key, cipher);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Switches a file store to write-ahead logging (the SDK's mode), the first
 * write `SmartStore.open` makes to a file it has accepted as a store.
 *
 * @internal
 */
export function useWriteAheadLog(opened: Pick<OpenedDatabase, 'db' | 'memory'>): void {
  if (opened.memory) return;
  opened.db.pragma('journal_mode = WAL');
  opened.db.pragma('synchronous = NORMAL');
}

/**
 * Re-encrypts the open file database in place with `newKey` (`PRAGMA rekey`),
 * crash-safely. SQLCipher's rekey rewrites every page inside one transaction,
 * but a crash late in it can leave pages and journal that no key opens; so the
 * whole file is first copied beside the store (`<file>-rekey`, made durable
 * before the rekey starts) and removed once the rekey has committed. A later
 * `openDatabase` that finds the copy puts it back: after a crash at any moment
 * the store opens with the old key, or (once `changeKey` has returned) with the
 * new one, never with neither.
 *
 * @internal
 */
export function rekeyDatabase(
  opened: Pick<OpenedDatabase, 'db' | 'cipher' | 'path'>,
  newKey: string,
): void {
  const { db, path } = opened;
  const journal = db.pragma('journal_mode', { simple: true });
  // Rekeying is not supported in WAL mode: fold the log into the file first.
  db.pragma('wal_checkpoint(TRUNCATE)');
  const mode = db.pragma('journal_mode = DELETE', { simple: true });
  if (mode !== 'delete') {
    throw new StoreError(
      'STORE_SQLITE_ERROR',
      `changeKey needs the only connection to ${path}: the journal stayed ${String(mode)}`,
    );
  }
  try {
    const backup = saveRekeyBackup(path);
    let rekeyed = false;
    try {
      applyKey(db, 'rekey', newKey, opened.cipher);
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      rekeyed = true;
    } finally {
      // A rekey that failed with an error was rolled back by SQLite and the
      // file still opens with the old key; one that broke the connection leaves
      // the copy for the next open to restore.
      if (rekeyed || fileOpensWithConnection(db)) removeDurably(backup);
    }
  } finally {
    db.pragma(`journal_mode = ${journal === 'wal' ? 'WAL' : 'DELETE'}`);
  }
}

function rekeyBackupPath(path: string): string {
  return `${path}-rekey`;
}

function saveRekeyBackup(path: string): string {
  const backup = rekeyBackupPath(path);
  const partial = `${backup}.partial`;
  copyFileSync(path, partial);
  fsyncFile(partial);
  renameSync(partial, backup);
  fsyncFolder(dirname(path));
  return backup;
}

/**
 * Undoes a `changeKey` that a crash interrupted: the copy taken before the
 * rekey replaces the half-rewritten file, and the rekey's journal (which would
 * otherwise be rolled back onto the copy) goes first. Idempotent, so a crash
 * during the restore is undone by the next open.
 */
function restoreInterruptedRekey(path: string): void {
  const backup = rekeyBackupPath(path);
  rmSync(`${backup}.partial`, { force: true });
  if (!existsSync(backup)) return;
  // The rekey ran in DELETE journal mode, so any log files are left over from
  // before it and already folded into the copy.
  for (const leftover of [`${path}-journal`, `${path}-wal`, `${path}-shm`]) {
    rmSync(leftover, { force: true });
  }
  fsyncFolder(dirname(path));
  renameSync(backup, path);
  fsyncFolder(dirname(path));
}

function fileOpensWithConnection(db: SqliteDatabase): boolean {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch {
    return false;
  }
}

function removeDurably(path: string): void {
  rmSync(path, { force: true });
  fsyncFolder(dirname(path));
}

/** Makes a rename or delete in the folder durable; a platform that cannot sync folders is left to its own guarantees. */
function fsyncFolder(folder: string): void {
  try {
    fsyncFile(folder);
  } catch {
    // Windows cannot open a folder for fsync.
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function applyKey(
  db: SqliteDatabase,
  pragma: 'key' | 'rekey',
  key: string,
  cipher: CipherSettings,
): void {
  // Every parameter of the SQLCipher scheme is set, none inherited: the
  // connection's current values may have been changed (sqlite3mc_config), and a
  // rekey with one stray parameter writes a file no key opens.
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma(`legacy = ${cipher.compatibility}`);
  db.pragma(`hmac_use = ${cipher.useHmac ? 1 : 0}`);
  db.pragma(`hmac_pgno = ${SQLCIPHER_HMAC_PGNO_LITTLE_ENDIAN}`);
  db.pragma(`hmac_salt_mask = ${SQLCIPHER_HMAC_SALT_MASK}`);
  db.pragma(`kdf_iter = ${cipher.kdfIter}`);
  db.pragma(`fast_kdf_iter = ${SQLCIPHER_FAST_KDF_ITER}`);
  db.pragma(`legacy_page_size = ${cipher.pageSize}`);
  db.pragma(`hmac_algorithm = ${HASH_NUMBERS[cipher.hmacAlgorithm.slice('HMAC_'.length)]}`);
  db.pragma(`kdf_algorithm = ${HASH_NUMBERS[cipher.kdfAlgorithm.slice('PBKDF2_HMAC_'.length)]}`);
  db.pragma(`plaintext_header_size = ${cipher.plaintextHeaderSize}`);
  db.pragma(`${pragma} = ${sqlStringLiteral(key)}`);
}

/**
 * Rejects files that cannot be a store before SQLite touches them: SQLite
 * files are whole pages, and an unencrypted one starts with its magic header.
 * Returns whether the file is new or empty.
 */
function precheckFile(path: string, encrypted: boolean): boolean {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) {
      throw new StoreError('STORE_BAD_PATH', `Store path ${path} is not a file`);
    }
    size = stat.size;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      checkFolder(path);
      return true;
    }
    throw new StoreError('STORE_BAD_PATH', `Cannot read store file ${path}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  if (size === 0) return true;
  if (size % 512 !== 0) {
    throw new StoreError(
      'STORE_NOT_A_DATABASE',
      `Cannot open store ${path}: the file is not a database (${size} bytes is not a whole number of pages)`,
    );
  }
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  const plaintext = header.toString('latin1') === SQLITE_HEADER;
  if (plaintext && encrypted) {
    throw new StoreError(
      'STORE_BAD_KEY',
      `Cannot open store ${path} with a key: the file is an unencrypted database (open it without a key, then changeKey)`,
    );
  }
  return false;
}

function checkFolder(path: string): void {
  const folder = dirname(path);
  try {
    if (statSync(folder).isDirectory()) return;
  } catch {
    // reported below
  }
  throw new StoreError(
    'STORE_BAD_PATH',
    `Cannot create store ${path}: folder ${folder} does not exist`,
  );
}

const CIPHER_KEYS = Object.keys(DEFAULT_CIPHER_SETTINGS) as (keyof CipherSettings)[];
const OPTION_KEYS = ['path', 'key', 'cipher'];

function validateOptions(options: OpenDatabaseOptions): {
  path: string;
  key: string;
  cipher: CipherSettings;
} {
  if (typeof options !== 'object' || options === null) {
    throw new StoreError(
      'STORE_BAD_OPTION',
      'SmartStore.open expects an options object { path, key?, cipher? }',
    );
  }
  for (const name of Object.keys(options)) {
    if (!OPTION_KEYS.includes(name)) {
      throw new StoreError(
        'STORE_BAD_OPTION',
        `Unknown option "${name}" for SmartStore.open (expected one of ${OPTION_KEYS.join(', ')})`,
      );
    }
  }
  const { path, key = '' } = options;
  if (typeof path !== 'string' || path.trim() === '') {
    throw new StoreError(
      'STORE_BAD_PATH',
      'SmartStore.open needs a non-empty path (or ":memory:")',
    );
  }
  if (typeof key !== 'string' || key.includes('\u0000')) {
    throw new StoreError(
      'STORE_BAD_KEY',
      'The store key must be a string without NUL characters (empty for no encryption)',
    );
  }
  if (path === MEMORY_PATH && key !== '') {
    throw new StoreError(
      'STORE_BAD_OPTION',
      'An in-memory store cannot be encrypted: omit the key or give a file path',
    );
  }
  return {
    path: path === MEMORY_PATH ? path : resolve(path),
    key,
    cipher: validateCipher(options.cipher ?? {}),
  };
}

function validateCipher(cipher: Partial<CipherSettings>): CipherSettings {
  if (typeof cipher !== 'object' || cipher === null) {
    throw new StoreError('STORE_BAD_OPTION', 'cipher must be an object of CipherSettings');
  }
  for (const name of Object.keys(cipher)) {
    if (!(CIPHER_KEYS as string[]).includes(name)) {
      throw new StoreError(
        'STORE_BAD_OPTION',
        `Unknown cipher setting "${name}" (expected one of ${CIPHER_KEYS.join(', ')})`,
      );
    }
  }
  const merged: CipherSettings = { ...DEFAULT_CIPHER_SETTINGS, ...cipher };
  const bad = (what: string) =>
    new StoreError('STORE_BAD_OPTION', `Invalid cipher setting ${what}`);
  if (![1, 2, 3, 4].includes(merged.compatibility)) throw bad('compatibility (1 to 4)');
  if (!Number.isInteger(merged.kdfIter) || merged.kdfIter < 1) throw bad('kdfIter (integer ≥ 1)');
  const { pageSize } = merged;
  if (
    !Number.isInteger(pageSize) ||
    pageSize < 512 ||
    pageSize > 65536 ||
    (pageSize & (pageSize - 1)) !== 0
  ) {
    throw bad('pageSize (power of two from 512 to 65536)');
  }
  if (typeof merged.useHmac !== 'boolean') throw bad('useHmac (boolean)');
  if (!['HMAC_SHA1', 'HMAC_SHA256', 'HMAC_SHA512'].includes(merged.hmacAlgorithm)) {
    throw bad('hmacAlgorithm (HMAC_SHA1, HMAC_SHA256 or HMAC_SHA512)');
  }
  if (
    !['PBKDF2_HMAC_SHA1', 'PBKDF2_HMAC_SHA256', 'PBKDF2_HMAC_SHA512'].includes(merged.kdfAlgorithm)
  ) {
    throw bad('kdfAlgorithm (PBKDF2_HMAC_SHA1, PBKDF2_HMAC_SHA256 or PBKDF2_HMAC_SHA512)');
  }
  const header = merged.plaintextHeaderSize;
  if (!Number.isInteger(header) || header < 0 || header > 100 || header % 16 !== 0) {
    throw bad('plaintextHeaderSize (0 to 100, a multiple of 16)');
  }
  return Object.freeze(merged);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
