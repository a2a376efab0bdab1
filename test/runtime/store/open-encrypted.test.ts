import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CIPHER_SETTINGS,
  openDatabase,
  rekeyDatabase,
} from '../../../runtime/store/open-encrypted.js';
import { buildSmartQuerySpec } from '../../../runtime/store/query-spec.js';
import { SmartStore } from '../../../runtime/store/smart-store.js';
import { expectStoreError, fileStore, tempDir, trackStore } from '../../helpers/store-helpers.js';

const SECRET = 'Confidential-Acme-Widget-Pricing';
const specs = [{ path: 'Name', type: 'string' as const }];

function writeSecretStore(path: string, key: string): void {
  const store = SmartStore.open({ path, key });
  store.registerSoup('accounts', specs);
  store.upsert('accounts', [{ Name: SECRET, Notes: `${SECRET} notes` }]);
  store.close();
}

describe('SmartStore.open with a key', () => {
  it('uses the SDK cipher settings by default', () => {
    expect(DEFAULT_CIPHER_SETTINGS).toEqual({
      compatibility: 4,
      kdfIter: 4000,
      pageSize: 4096,
      useHmac: true,
      hmacAlgorithm: 'HMAC_SHA512',
      kdfAlgorithm: 'PBKDF2_HMAC_SHA512',
      plaintextHeaderSize: 0,
    });
    const { store } = fileStore({ key: 'k' });
    expect(store.encrypted).toBe(true);
    expect(store.cipherSettings.kdfIter).toBe(4000);
  });

  it('writes no plaintext to the file and reopens with the same key', () => {
    const path = join(tempDir(), 'enc.db');
    writeSecretStore(path, 'right key');
    const bytes = readFileSync(path);
    expect(bytes.includes(Buffer.from(SECRET))).toBe(false);
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(bytes.includes(Buffer.from('soup_attrs'))).toBe(false);
    const store = trackStore(SmartStore.open({ path, key: 'right key' }));
    expect(store.getAllSoupNames()).toEqual(['accounts']);
    expect(store.retrieve('accounts', [1])[0]?.Name).toBe(SECRET);
  });

  it('an unencrypted store does hold the plaintext (the control for the test above)', () => {
    const path = join(tempDir(), 'plain.db');
    writeSecretStore(path, '');
    expect(readFileSync(path).includes(Buffer.from(SECRET))).toBe(true);
  });

  it('the file is a real SQLCipher 4 database with kdf_iter 4000', () => {
    const path = join(tempDir(), 'enc.db');
    writeSecretStore(path, 'k');
    const db = new Database(path);
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma('legacy = 4');
    db.pragma('kdf_iter = 4000');
    db.pragma(`key = 'k'`);
    expect(db.prepare('SELECT soupName FROM soup_attrs').pluck().all()).toEqual(['accounts']);
    db.close();
    const wrongIter = new Database(path);
    wrongIter.pragma(`cipher = 'sqlcipher'`);
    wrongIter.pragma('legacy = 4');
    wrongIter.pragma(`key = 'k'`); // SQLCipher 4's own kdf_iter (256000) must not open it
    expect(() => wrongIter.prepare('SELECT 1 FROM sqlite_master').get()).toThrow(/not a database/);
    wrongIter.close();
  });

  it('throws STORE_BAD_KEY for a wrong key and leaves the file untouched', () => {
    const path = join(tempDir(), 'enc.db');
    writeSecretStore(path, 'right');
    const before = readFileSync(path);
    const error = expectStoreError(() => SmartStore.open({ path, key: 'wrong' }), 'STORE_BAD_KEY');
    expect(error.message).toContain(path);
    expect(error.sqliteCode).toBe('SQLITE_NOTADB');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(trackStore(SmartStore.open({ path, key: 'right' })).getAllSoupNames()).toEqual([
      'accounts',
    ]);
  });

  it('keys may hold quotes and non-ASCII characters', () => {
    const path = join(tempDir(), 'enc.db');
    const key = `it's a "key" – ключ`;
    writeSecretStore(path, key);
    expect(trackStore(SmartStore.open({ path, key })).getAllSoupNames()).toEqual(['accounts']);
    expectStoreError(() => SmartStore.open({ path, key: "it's" }), 'STORE_BAD_KEY');
  });

  it('cannot be opened without the key', () => {
    const path = join(tempDir(), 'enc.db');
    writeSecretStore(path, 'right');
    expectStoreError(() => SmartStore.open({ path }), 'STORE_NOT_A_DATABASE');
  });

  it('refuses a key for an unencrypted file', () => {
    const path = join(tempDir(), 'plain.db');
    writeSecretStore(path, '');
    expectStoreError(() => SmartStore.open({ path, key: 'k' }), 'STORE_BAD_KEY');
  });

  it('cipher settings must match the file', () => {
    const path = join(tempDir(), 'enc.db');
    writeSecretStore(path, 'k');
    expectStoreError(
      () => SmartStore.open({ path, key: 'k', cipher: { kdfIter: 64000 } }),
      'STORE_BAD_KEY',
    );
    const custom = join(tempDir(), 'custom.db');
    trackStore(
      SmartStore.open({ path: custom, key: 'k', cipher: { kdfIter: 64000, pageSize: 1024 } }),
    ).close();
    const reopened = trackStore(
      SmartStore.open({ path: custom, key: 'k', cipher: { kdfIter: 64000, pageSize: 1024 } }),
    );
    expect(reopened.getAllSoupNames()).toEqual([]);
    expectStoreError(() => SmartStore.open({ path: custom, key: 'k' }), 'STORE_BAD_KEY');
  });
});

describe('SmartStore.open with bad input', () => {
  it('throws STORE_NOT_A_DATABASE for a text file and does not overwrite it', () => {
    const path = join(tempDir(), 'notes.txt');
    writeFileSync(path, 'just some notes, not a database\n');
    expectStoreError(() => SmartStore.open({ path }), 'STORE_NOT_A_DATABASE');
    expectStoreError(() => SmartStore.open({ path, key: 'k' }), 'STORE_NOT_A_DATABASE');
    expect(readFileSync(path, 'utf8')).toBe('just some notes, not a database\n');
  });

  it('throws STORE_NOT_A_DATABASE for page-sized garbage', () => {
    const path = join(tempDir(), 'noise.db');
    writeFileSync(path, Buffer.alloc(8192, 7));
    expectStoreError(() => SmartStore.open({ path }), 'STORE_NOT_A_DATABASE');
  });

  it('throws STORE_NOT_A_STORE for another SQLite database and leaves it alone', () => {
    const path = join(tempDir(), 'other.db');
    const db = new Database(path);
    db.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('keep me')");
    db.close();
    expectStoreError(() => SmartStore.open({ path }), 'STORE_NOT_A_STORE');
    const again = new Database(path);
    expect(
      again.prepare('SELECT name FROM sqlite_master WHERE type = ?').pluck().all('table'),
    ).toEqual(['notes']);
    again.close();
  });

  it('refuses an unencrypted app database without writing a byte to it (no switch to WAL)', () => {
    const path = join(tempDir(), 'app.db');
    const db = new Database(path);
    db.exec('CREATE TABLE orders (id INTEGER, total REAL); INSERT INTO orders VALUES (1, 9.5)');
    db.close();
    const before = readFileSync(path);
    expectStoreError(() => SmartStore.open({ path }), 'STORE_NOT_A_STORE');
    const after = readFileSync(path);
    // Bytes 18-19 are SQLite's read/write format versions: 2 would mean WAL.
    expect([after[18], after[19]]).toEqual([1, 1]);
    expect(after.equals(before)).toBe(true);
  });

  it('refuses a database that holds no tables but is not empty (a view, a user_version)', () => {
    const path = join(tempDir(), 'view-only.db');
    const db = new Database(path);
    db.exec('CREATE VIEW answer AS SELECT 42 AS value; PRAGMA user_version = 7');
    db.close();
    const before = readFileSync(path);
    const error = expectStoreError(() => SmartStore.open({ path }), 'STORE_NOT_A_STORE');
    expect(error.message).toContain('only a new or empty file becomes a store');
    expect(readFileSync(path).equals(before)).toBe(true);
    const again = new Database(path, { readonly: true });
    expect(again.pragma('user_version', { simple: true })).toBe(7);
    expect(again.prepare('SELECT value FROM answer').pluck().get()).toBe(42);
    again.close();
  });

  it('makes a store of a new file and of an empty one', () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    for (const path of [join(dir, 'new.db'), empty]) {
      const store = trackStore(SmartStore.open({ path, key: 'k' }));
      store.registerSoup('accounts', specs);
      expect(store.getAllSoupNames()).toEqual(['accounts']);
    }
  });

  it('validates path, key and options eagerly', () => {
    expectStoreError(() => SmartStore.open({ path: '' }), 'STORE_BAD_PATH');
    expectStoreError(
      () => SmartStore.open({ path: join(tempDir(), 'missing', 'x.db') }),
      'STORE_BAD_PATH',
    );
    expectStoreError(() => SmartStore.open({ path: tempDir() }), 'STORE_BAD_PATH');
    expectStoreError(
      () => SmartStore.open({ path: ':memory:', key: 42 as unknown as string }),
      'STORE_BAD_KEY',
    );
    expectStoreError(() => SmartStore.open({ path: ':memory:', key: 'k' }), 'STORE_BAD_OPTION');
    expectStoreError(
      () => SmartStore.open({ path: join(tempDir(), 'x.db'), key: 'a\u0000b' }),
      'STORE_BAD_KEY',
    );
    const misspelled = expectStoreError(
      () => SmartStore.open({ path: ':memory:', passphrase: 'k' } as never),
      'STORE_BAD_OPTION',
    );
    expect(misspelled.message).toContain('passphrase');
    expectStoreError(
      () => SmartStore.open({ path: ':memory:', cipher: { kdfIterations: 1 } as never }),
      'STORE_BAD_OPTION',
    );
    expectStoreError(
      () => SmartStore.open({ path: ':memory:', cipher: { pageSize: 1000 } }),
      'STORE_BAD_OPTION',
    );
  });
});

describe('changeKey', () => {
  it('re-encrypts in place: the new key opens, the old one does not', () => {
    const { store, path } = fileStore({ key: 'old' });
    store.registerSoup('accounts', specs);
    store.upsert('accounts', [{ Name: SECRET }]);
    store.changeKey('new');
    expect(store.retrieve('accounts', [1])[0]?.Name).toBe(SECRET);
    store.upsert('accounts', [{ Name: 'after rekey' }]);
    store.close();
    expectStoreError(() => SmartStore.open({ path, key: 'old' }), 'STORE_BAD_KEY');
    const reopened = trackStore(SmartStore.open({ path, key: 'new' }));
    expect(reopened.retrieve('accounts', [1, 2]).map((e) => e.Name)).toEqual([
      SECRET,
      'after rekey',
    ]);
  });

  it('encrypts an unencrypted store', () => {
    const { store, path } = fileStore();
    store.registerSoup('accounts', specs);
    store.upsert('accounts', [{ Name: SECRET }]);
    expect(store.encrypted).toBe(false);
    store.changeKey('fresh');
    expect(store.encrypted).toBe(true);
    store.close();
    expect(readFileSync(path).includes(Buffer.from(SECRET))).toBe(false);
    expectStoreError(() => SmartStore.open({ path }), 'STORE_NOT_A_DATABASE');
    expect(trackStore(SmartStore.open({ path, key: 'fresh' })).getAllSoupNames()).toEqual([
      'accounts',
    ]);
  });

  it('sets every cipher parameter itself, so a connection whose settings were changed still rekeys to a file the new key opens', () => {
    const path = join(tempDir(), 'tampered.db');
    writeSecretStore(path, 'old');
    const opened = openDatabase({ path, key: 'old' });
    try {
      // What a query could do before Smart SQL had an allow-list: change the
      // connection's SQLCipher parameters behind the store's back.
      for (const [name, value] of [
        ['hmac_salt_mask', 0],
        ['hmac_pgno', 2],
        ['fast_kdf_iter', 7],
      ] as const) {
        opened.db.prepare(`SELECT sqlite3mc_config('sqlcipher', '${name}', ${value})`).get();
      }
      rekeyDatabase(opened, 'new');
    } finally {
      opened.db.close();
    }
    expectStoreError(() => SmartStore.open({ path, key: 'old' }), 'STORE_BAD_KEY');
    const reopened = trackStore(SmartStore.open({ path, key: 'new' }));
    expect(reopened.retrieve('accounts', [1])[0]?.Name).toBe(SECRET);
  });

  it('a Smart SQL query cannot reach the cipher configuration', () => {
    const { store, path } = fileStore({ key: 'old' });
    store.registerSoup('accounts', specs);
    store.upsert('accounts', [{ Name: SECRET }]);
    for (const smartSql of [
      "SELECT sqlite3mc_config('sqlcipher', 'hmac_salt_mask', 0) FROM {accounts}",
      "SELECT sqlite3mc_config('sqlcipher', 'hmac_pgno', 0)",
      "SELECT sqlite3mc_config('sqlcipher', 'fast_kdf_iter', 1)",
      "SELECT sqlite3mc_codec_data('cipher_salt')",
    ]) {
      expect(() => store.query(buildSmartQuerySpec({ smartSql })), smartSql).toThrow(
        expect.objectContaining({ code: 'SMARTSQL_UNSAFE_FUNCTION' }),
      );
    }
    store.changeKey('new');
    store.close();
    const reopened = trackStore(SmartStore.open({ path, key: 'new' }));
    expect(reopened.retrieve('accounts', [1])[0]?.Name).toBe(SECRET);
  });

  it('rejects empty keys, in-memory stores and open transactions', () => {
    const { store } = fileStore({ key: 'k' });
    expectStoreError(() => store.changeKey(''), 'STORE_BAD_KEY');
    expectStoreError(() => store.changeKey('a\u0000b'), 'STORE_BAD_KEY');
    store.beginTransaction();
    expectStoreError(() => store.changeKey('x'), 'STORE_TRANSACTION');
    store.endTransaction();
    const memory = trackStore(SmartStore.open({ path: ':memory:' }));
    expectStoreError(() => memory.changeKey('x'), 'STORE_BAD_OPTION');
  });
});

describe('close and getDatabaseSize', () => {
  it('close makes every call throw STORE_CLOSED and is idempotent', () => {
    const { store } = fileStore();
    store.registerSoup('accounts', specs);
    store.close();
    store.close();
    expect(store.isOpen).toBe(false);
    expectStoreError(() => store.getAllSoupNames(), 'STORE_CLOSED');
    expectStoreError(() => store.upsert('accounts', [{}]), 'STORE_CLOSED');
  });

  it('getDatabaseSize is positive and grows with inserts', () => {
    const { store } = fileStore({ key: 'k' });
    store.registerSoup('accounts', specs);
    const before = store.getDatabaseSize();
    expect(before).toBeGreaterThan(0);
    store.upsert(
      'accounts',
      Array.from({ length: 500 }, (_, i) => ({ Name: `Account ${i}`, Body: 'x'.repeat(200) })),
    );
    expect(store.getDatabaseSize()).toBeGreaterThan(before);
    const memory = trackStore(SmartStore.open({ path: ':memory:' }));
    expect(memory.getDatabaseSize()).toBeGreaterThan(0);
  });
});
