import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { ALLOWED_FUNCTIONS, isAllowedFunction } from '../../../runtime/smartsql/functions.js';

describe('the Smart SQL function allow-list', () => {
  const db = new Database(':memory:');
  const registered = new Set(
    db.prepare('SELECT name FROM pragma_function_list').pluck().all() as string[],
  );
  // FTS5 auxiliaries are registered on the fts5 module, not as SQL functions.
  const fullText = new Set(['bm25', 'highlight', 'snippet']);
  afterAll(() => db.close());

  it('names only functions the driver has', () => {
    const missing = [...ALLOWED_FUNCTIONS].filter(
      (name) => !registered.has(name) && !fullText.has(name),
    );
    expect(missing).toEqual([]);
  });

  it('leaves out every function the driver adds beyond SQLite core (cipher, files, tokenizers)', () => {
    const refused = [...registered].filter((name) => !isAllowedFunction(name));
    for (const name of [
      'sqlite3mc_config',
      'sqlite3mc_codec_data',
      'load_extension',
      'fts3_tokenizer',
    ]) {
      expect(refused, name).toContain(name);
    }
    expect(isAllowedFunction('JSON_EXTRACT')).toBe(true);
  });
});
