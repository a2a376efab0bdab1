import { describe, expect, it } from 'vitest';
import {
  bindParameters,
  compileSmartSql,
  MemorySoupCatalog,
  SmartSqlCompiler,
  SmartSqlError,
} from '../../../runtime/smartsql/index.js';
import { sdkCatalog } from './fixtures.js';

describe('SmartSqlCompiler cache', () => {
  it('returns the same compiled query for the same text', () => {
    const compiler = new SmartSqlCompiler(sdkCatalog());
    const a = compiler.compile('select {employees:lastName} from {employees}');
    const b = compiler.compile('select {employees:lastName} from {employees}');
    expect(b).toBe(a);
    expect(compiler.cacheSize).toBe(1);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.parameters)).toBe(true);
  });

  it('is keyed by exact text', () => {
    const compiler = new SmartSqlCompiler(sdkCatalog());
    const a = compiler.compile('select {employees:lastName} from {employees}');
    const b = compiler.compile('SELECT {employees:lastName} FROM {employees}');
    expect(b).not.toBe(a);
    expect(b.sql).toBe(a.sql);
    expect(compiler.cacheSize).toBe(2);
  });

  it('drops everything when the schema version changes', () => {
    const catalog = new MemorySoupCatalog();
    catalog.registerSoup('a', [{ path: 'x', type: 'string' }]);
    const compiler = new SmartSqlCompiler(catalog);
    const before = compiler.compile('select {a:x} from {a}');
    expect(before.sql).toBe('SELECT TABLE_1_0 FROM TABLE_1');
    // Re-registering moves the soup to a new table: the cached SQL is stale.
    catalog.registerSoup('a', [
      { path: 'y', type: 'string' },
      { path: 'x', type: 'integer' },
    ]);
    const after = compiler.compile('select {a:x} from {a}');
    expect(after).not.toBe(before);
    expect(after.sql).toBe('SELECT TABLE_2_1 FROM TABLE_2');
    catalog.dropSoup('a');
    expect(() => compiler.compile('select {a:x} from {a}')).toThrow(SmartSqlError);
  });

  it('evicts the oldest entry beyond cacheSize', () => {
    const compiler = new SmartSqlCompiler(sdkCatalog(), { cacheSize: 2 });
    const first = compiler.compile('select 1');
    compiler.compile('select 2');
    compiler.compile('select 3');
    expect(compiler.cacheSize).toBe(2);
    expect(compiler.compile('select 1')).not.toBe(first);
  });

  it('does not cache failures', () => {
    const catalog = new MemorySoupCatalog();
    const compiler = new SmartSqlCompiler(catalog);
    expect(() => compiler.compile('select 1 from {later}')).toThrow(/Unknown soup "later"/);
    expect(compiler.cacheSize).toBe(0);
  });

  it('clear() empties the cache', () => {
    const compiler = new SmartSqlCompiler(sdkCatalog());
    compiler.compile('select 1');
    compiler.clear();
    expect(compiler.cacheSize).toBe(0);
  });
});

describe('bindParameters', () => {
  const catalog = sdkCatalog();

  it('maps user arguments and compile-time values onto the SQL placeholders', () => {
    const query = compileSmartSql(
      "select {notes:_soup} from {notes} where {notes:kind} = ? and {notes:_soupEntryId} in (select rowid from {notes}_fts where {notes}_fts match '{notes:title}:x') limit ?",
      catalog,
    );
    expect(query.argCount).toBe(2);
    expect(bindParameters(query, ['todo', 5])).toEqual(['todo', 'TABLE_3_0:x', 5]);
  });

  it('refuses too few or too many arguments with SMARTSQL_ARG_COUNT', () => {
    const query = compileSmartSql('select ? + ?', catalog);
    for (const args of [[], [1], [1, 2, 3]]) {
      let caught: unknown;
      try {
        bindParameters(query, args);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SmartSqlError);
      expect((caught as SmartSqlError).code).toBe('SMARTSQL_ARG_COUNT');
      expect((caught as SmartSqlError).message).toMatch(
        `has 2 "?" parameter(s) but ${args.length} argument(s)`,
      );
    }
  });

  it('passes null, bigint and strings through', () => {
    const query = compileSmartSql('select ?, ?, ?', catalog);
    expect(bindParameters(query, [null, 10n, 'x'])).toEqual([null, 10n, 'x']);
  });
});
