import { describe, expect, it } from 'vitest';
import { SoupkitError } from '../../../runtime/errors.js';
import {
  compileSmartSql,
  formatDiagnostic,
  type SmartSqlDiagnostic,
  SmartSqlError,
  tryCompileSmartSql,
} from '../../../runtime/smartsql/index.js';
import { sdkCatalog } from './fixtures.js';

const catalog = sdkCatalog();

function diagnose(text: string): SmartSqlDiagnostic[] {
  const result = tryCompileSmartSql(text, catalog);
  if (result.ok) throw new Error(`expected an error for: ${text}\ngot: ${result.query.sql}`);
  return result.diagnostics;
}

function codes(text: string): string[] {
  return diagnose(text).map((d) => d.code);
}

/** The text a diagnostic points at. */
function marked(text: string, d: SmartSqlDiagnostic): string {
  return text.slice(d.offset, d.offset + d.length);
}

interface Refusal {
  readonly name: string;
  readonly text: string;
  readonly code: string;
  /** The source text the first diagnostic underlines. */
  readonly at: string;
  readonly message: RegExp;
}

const refusals: Refusal[] = [
  {
    name: 'nesting too deep',
    text: `select * from ${'('.repeat(257)}select 1${')'.repeat(257)}`,
    code: 'SMARTSQL_TOO_COMPLEX',
    at: '(',
    message: /nest more than 256 deep/,
  },
  {
    name: 'INSERT',
    text: 'insert into {employees} values (1)',
    code: 'SMARTSQL_NOT_SELECT',
    at: 'insert',
    message: /Only SELECT.*INSERT is refused/,
  },
  {
    name: 'UPDATE',
    text: "update {employees} set x = 'y'",
    code: 'SMARTSQL_NOT_SELECT',
    at: 'update',
    message: /UPDATE is refused/,
  },
  {
    name: 'DELETE',
    text: 'delete from {employees}',
    code: 'SMARTSQL_NOT_SELECT',
    at: 'delete',
    message: /DELETE is refused/,
  },
  {
    name: 'DROP',
    text: 'DROP TABLE TABLE_1',
    code: 'SMARTSQL_NOT_SELECT',
    at: 'DROP',
    message: /DROP is refused/,
  },
  {
    name: 'ATTACH',
    text: "attach database '/tmp/x.db' as x",
    code: 'SMARTSQL_NOT_SELECT',
    at: 'attach',
    message: /ATTACH is refused/,
  },
  {
    name: 'PRAGMA',
    text: 'PRAGMA key = 1',
    code: 'SMARTSQL_NOT_SELECT',
    at: 'PRAGMA',
    message: /PRAGMA is refused/,
  },
  {
    name: 'CREATE',
    text: 'create table x (a)',
    code: 'SMARTSQL_NOT_SELECT',
    at: 'create',
    message: /CREATE is refused/,
  },
  {
    name: 'REPLACE',
    text: 'replace into {employees} values (1)',
    code: 'SMARTSQL_NOT_SELECT',
    at: 'replace',
    message: /REPLACE is refused/,
  },
  {
    name: 'a write after a SELECT',
    text: 'select 1 from {employees}; delete from {employees}',
    code: 'SMARTSQL_MULTIPLE_STATEMENTS',
    at: 'delete from {employees}',
    message: /Only one statement/,
  },
  {
    name: 'two SELECTs',
    text: 'select 1; select 2',
    code: 'SMARTSQL_MULTIPLE_STATEMENTS',
    at: 'select 2',
    message: /Only one statement/,
  },
  {
    name: 'sqlite_master',
    text: 'select name from sqlite_master',
    code: 'SMARTSQL_NOT_A_SOUP',
    at: 'sqlite_master',
    message: /"sqlite_master" is not a soup.*\{employees\}, \{departments\}, \{notes\}/,
  },
  {
    name: 'soup_attrs',
    text: 'select * from soup_attrs',
    code: 'SMARTSQL_NOT_A_SOUP',
    at: 'soup_attrs',
    message: /"soup_attrs" is not a soup/,
  },
  {
    name: 'a store table by its real name',
    text: 'select * from TABLE_1',
    code: 'SMARTSQL_NOT_A_SOUP',
    at: 'TABLE_1',
    message: /"TABLE_1" is not a soup/,
  },
  {
    name: 'schema-qualified table',
    text: 'select * from main.sqlite_master',
    code: 'SMARTSQL_NOT_A_SOUP',
    at: 'main.sqlite_master',
    message: /"main.sqlite_master" is not a soup/,
  },
  {
    name: 'a table hidden in a sub-select',
    text: 'select (select sql from sqlite_master limit 1) from {employees}',
    code: 'SMARTSQL_NOT_A_SOUP',
    at: 'sqlite_master',
    message: /not a soup/,
  },
  {
    name: 'a table hidden in a joined sub-select',
    text: 'select 1 from {employees} e join (select * from soup_index_map) m on 1',
    code: 'SMARTSQL_NOT_A_SOUP',
    at: 'soup_index_map',
    message: /not a soup/,
  },
  {
    name: 'table-valued function',
    text: "select * from pragma_table_info('TABLE_1')",
    code: 'SMARTSQL_NOT_A_SOUP',
    at: 'pragma_table_info',
    message: /Table-valued function pragma_table_info/,
  },
  {
    name: 'load_extension',
    text: "select load_extension('/tmp/evil.so')",
    code: 'SMARTSQL_UNSAFE_FUNCTION',
    at: 'load_extension',
    message: /load_extension\(\) is not allowed/,
  },
  {
    name: 'readfile (any case)',
    text: "select ReadFile('/etc/passwd') from {employees}",
    code: 'SMARTSQL_UNSAFE_FUNCTION',
    at: 'ReadFile',
    message: /readfile\(\) is not allowed/,
  },
  {
    name: 'writefile',
    text: "select writefile('/tmp/x', {employees:_soup}) from {employees}",
    code: 'SMARTSQL_UNSAFE_FUNCTION',
    at: 'writefile',
    message: /writefile/,
  },
  {
    name: "the cipher driver's configuration function",
    text: "select sqlite3mc_config('sqlcipher', 'hmac_salt_mask', 0) from {employees}",
    code: 'SMARTSQL_UNSAFE_FUNCTION',
    at: 'sqlite3mc_config',
    message: /sqlite3mc_config\(\) is not allowed/,
  },
  {
    name: 'any other cipher driver function',
    text: "select sqlite3mc_codec_data('cipher_salt') from {employees}",
    code: 'SMARTSQL_UNSAFE_FUNCTION',
    at: 'sqlite3mc_codec_data',
    message: /only SQLite's core/,
  },
  {
    name: 'a function that is not on the allow-list, with a suggestion',
    text: "select json_extrct({employees:_soup}, '$.a') from {employees}",
    code: 'SMARTSQL_UNSAFE_FUNCTION',
    at: 'json_extrct',
    message: /Did you mean json_extract\(\)\?/,
  },
  {
    name: 'unknown soup, with a suggestion',
    text: 'select {employes:lastName} from {employes}',
    code: 'SMARTSQL_UNKNOWN_SOUP',
    // Reported once per soup name, at the FROM item that names it.
    at: '{employes}',
    message:
      /Unknown soup "employes"\. Did you mean "employees"\? Soups: "employees", "departments", "notes"/,
  },
  {
    name: 'unknown soup, nothing near',
    text: 'select * from {zzzzzzzz}',
    code: 'SMARTSQL_UNKNOWN_SOUP',
    at: '{zzzzzzzz}',
    message: /^Unknown soup "zzzzzzzz"\. Soups: /,
  },
  {
    name: 'reference with two colons',
    text: 'select {employees:a:b} from {employees}',
    code: 'SMARTSQL_INVALID_REFERENCE',
    at: '{employees:a:b}',
    message: /Invalid soup\/path reference \{employees:a:b\}/,
  },
  {
    name: 'empty reference',
    text: 'select 1 from {}',
    code: 'SMARTSQL_INVALID_REFERENCE',
    at: '{}',
    message: /soup name is empty/,
  },
  {
    name: 'empty path',
    text: 'select {employees:} from {employees}',
    code: 'SMARTSQL_INVALID_REFERENCE',
    at: '{employees:}',
    message: /expected \{soup\} or \{soup:path\}/,
  },
  {
    name: 'soup path whose soup is not in FROM',
    text: 'select {employees:lastName} from {departments}',
    code: 'SMARTSQL_SOUP_NOT_IN_FROM',
    at: '{employees:lastName}',
    message: /not in the FROM clause/,
  },
  {
    name: 'unqualified path in a self join (the SDK fails at run time)',
    text: 'select {employees:lastName} from {employees} a, {employees} b',
    code: 'SMARTSQL_AMBIGUOUS_REFERENCE',
    at: '{employees:lastName}',
    message: /ambiguous.*appears 2 times.*alias\.\{employees:lastName\}/,
  },
  {
    name: 'unknown alias',
    text: 'select x.{employees:lastName} from {employees} e',
    code: 'SMARTSQL_UNKNOWN_QUALIFIER',
    at: 'x',
    message: /"x" is not a table alias in this query \(aliases: e\)/,
  },
  {
    name: 'alias of another soup',
    text: 'select d.{employees:lastName} from {employees} e, {departments} d',
    code: 'SMARTSQL_QUALIFIER_MISMATCH',
    at: 'd.{employees:lastName}',
    message: /"d" is soup "departments", not soup "employees"/,
  },
  {
    name: '{soup}. qualifier on an aliased soup',
    text: 'select {employees}.{employees:lastName} from {employees} e',
    code: 'SMARTSQL_UNKNOWN_QUALIFIER',
    at: '{employees}',
    message: /has the alias e/,
  },
  {
    name: 'same alias twice',
    text: 'select 1 from {employees} x, {departments} x',
    code: 'SMARTSQL_DUPLICATE_ALIAS',
    at: '{departments} x',
    message: /"x" names two tables/,
  },
  {
    name: '{soup}_fts of a soup without full_text',
    text: 'select rowid from {employees}_fts',
    code: 'SMARTSQL_NO_FULL_TEXT',
    at: '{employees}_fts',
    message: /no full_text index/,
  },
  {
    name: 'MATCH on a path that is not full_text',
    text: "select 1 from {employees} where {employees:lastName} match 'x'",
    code: 'SMARTSQL_NOT_FULL_TEXT_PATH',
    at: '{employees:lastName}',
    message: /MATCH needs a full_text index.*string index/,
  },
  {
    name: 'non-full_text path inside a MATCH key',
    text: "select rowid from {notes}_fts where {notes}_fts match '{notes:kind}:x'",
    code: 'SMARTSQL_NOT_FULL_TEXT_PATH',
    at: '{notes:kind}',
    message: /must be a full_text path/,
  },
  {
    name: 'MATCH key naming another soup than the full-text table searched',
    text: "select rowid from {notes}_fts where {notes}_fts match '{employees:lastName}:x'",
    code: 'SMARTSQL_NOT_FULL_TEXT_PATH',
    at: '{employees:lastName}',
    message: /names soup "employees", but the MATCH searches \{notes\}_fts/,
  },
  {
    name: 'WITH',
    text: 'with x as (select 1) select * from x',
    code: 'SMARTSQL_UNSUPPORTED',
    at: 'with',
    message: /WITH/,
  },
  {
    name: 'named parameter',
    text: 'select 1 from {employees} where {employees:lastName} = :name',
    code: 'SMARTSQL_UNSUPPORTED',
    at: ':name',
    message: /positional "\?" parameters only/,
  },
  {
    name: 'numbered parameter',
    text: 'select ?1',
    code: 'SMARTSQL_UNSUPPORTED',
    at: '?1',
    message: /\?1 is not supported/,
  },
  { name: 'empty text', text: '   ', code: 'SMARTSQL_EMPTY', at: '', message: /empty/ },
  {
    name: 'only a comment',
    text: '-- nothing',
    code: 'SMARTSQL_EMPTY',
    at: '',
    message: /empty/,
  },
  {
    name: 'unterminated string',
    text: "select 'abc",
    code: 'SMARTSQL_LEX_ERROR',
    at: "'abc",
    message: /Unterminated string/,
  },
  {
    name: 'unterminated comment',
    text: 'select 1 /* no end',
    code: 'SMARTSQL_LEX_ERROR',
    at: '/* no end',
    message: /Unterminated comment/,
  },
  {
    name: 'unterminated reference',
    text: 'select {employees:lastName from {employees}',
    code: 'SMARTSQL_LEX_ERROR',
    at: '{employees:lastName from ',
    message: /Unterminated soup reference/,
  },
  {
    name: 'stray character',
    text: 'select # from {employees}',
    code: 'SMARTSQL_LEX_ERROR',
    at: '#',
    message: /Unexpected character "#"/,
  },
  {
    name: 'syntax error',
    text: 'select from {employees}',
    code: 'SMARTSQL_SYNTAX_ERROR',
    at: 'from',
    message: /Unexpected "from"/,
  },
  {
    name: 'missing closing parenthesis',
    text: 'select count(* from {employees}',
    code: 'SMARTSQL_SYNTAX_ERROR',
    at: 'from',
    message: /Expected "\)" but found "from"/,
  },
];

describe('refusals and errors', () => {
  it.each(refusals)('$name → $code', ({ text, code, at, message }) => {
    const diagnostics = diagnose(text);
    const first = diagnostics[0];
    expect(first?.code).toBe(code);
    expect(first?.severity).toBe('error');
    expect(first?.message).toMatch(message);
    if (first) expect(marked(text, first)).toBe(at);
  });

  it('every error code is covered by a refusal case', () => {
    const covered = new Set(refusals.map((r) => r.code));
    for (const code of [
      'SMARTSQL_EMPTY',
      'SMARTSQL_LEX_ERROR',
      'SMARTSQL_SYNTAX_ERROR',
      'SMARTSQL_NOT_SELECT',
      'SMARTSQL_MULTIPLE_STATEMENTS',
      'SMARTSQL_UNSUPPORTED',
      'SMARTSQL_INVALID_REFERENCE',
      'SMARTSQL_UNKNOWN_SOUP',
      'SMARTSQL_NOT_A_SOUP',
      'SMARTSQL_SOUP_NOT_IN_FROM',
      'SMARTSQL_AMBIGUOUS_REFERENCE',
      'SMARTSQL_UNKNOWN_QUALIFIER',
      'SMARTSQL_QUALIFIER_MISMATCH',
      'SMARTSQL_DUPLICATE_ALIAS',
      'SMARTSQL_NO_FULL_TEXT',
      'SMARTSQL_NOT_FULL_TEXT_PATH',
      'SMARTSQL_UNSAFE_FUNCTION',
      'SMARTSQL_TOO_COMPLEX',
    ]) {
      expect(covered, code).toContain(code);
    }
  });
});

describe('diagnostic shape', () => {
  it('has offset, 1-based line and column, length and a caret excerpt', () => {
    const text = 'select {employees:lastName}\nfrom {employees}\nwhere {emplyees:x} = 1';
    const [d] = diagnose(text);
    expect(d).toMatchObject({
      severity: 'error',
      code: 'SMARTSQL_UNKNOWN_SOUP',
      offset: text.indexOf('{emplyees:x}'),
      line: 3,
      column: 7,
      length: '{emplyees:x}'.length,
    });
    expect(d?.excerpt).toBe('3 | where {emplyees:x} = 1\n          ^^^^^^^^^^^^');
    expect(d && formatDiagnostic(d)).toBe(
      'error SMARTSQL_UNKNOWN_SOUP at 3:7: Unknown soup "emplyees". Did you mean "employees"? Soups: "employees", "departments", "notes"\n' +
        '3 | where {emplyees:x} = 1\n          ^^^^^^^^^^^^',
    );
  });

  it('points at the end of the text when input ends too early', () => {
    const text = 'select {employees:lastName} from {employees} where';
    const [d] = diagnose(text);
    expect(d?.code).toBe('SMARTSQL_SYNTAX_ERROR');
    expect(d?.message).toMatch(/end of query/);
    expect(d?.offset).toBe(text.length);
    expect(d?.excerpt.split('\n')[1]?.indexOf('^')).toBe('1 | '.length + text.length);
  });

  it('reports several errors at once, in text order', () => {
    const text =
      'select {nope:a}, x.{employees:lastName}, load_extension(1) from {employees} e, {gone}';
    expect(codes(text)).toEqual([
      'SMARTSQL_UNKNOWN_SOUP',
      'SMARTSQL_UNKNOWN_QUALIFIER',
      'SMARTSQL_UNSAFE_FUNCTION',
      'SMARTSQL_UNKNOWN_SOUP',
    ]);
  });

  it('recovers from syntax errors and keeps going, naming unknown soups too', () => {
    const text = 'select a from {employees} where x = = 1 and {nope:x} = 2 order by';
    const diagnostics = diagnose(text);
    expect(diagnostics.map((d) => d.code)).toEqual([
      'SMARTSQL_SYNTAX_ERROR',
      'SMARTSQL_UNKNOWN_SOUP',
      'SMARTSQL_SYNTAX_ERROR',
    ]);
    expect(diagnostics[0] && marked(text, diagnostics[0])).toBe('=');
  });

  it('reports every lexing problem', () => {
    expect(
      codes('select # from {employees} where § = 1').filter((c) => c === 'SMARTSQL_LEX_ERROR'),
    ).toHaveLength(2);
  });

  it('compileSmartSql throws a SmartSqlError (a SoupkitError) carrying the diagnostics', () => {
    let caught: unknown;
    try {
      compileSmartSql('select {nope:x} from {nope}; drop table x', catalog);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SmartSqlError);
    expect(caught).toBeInstanceOf(SoupkitError);
    const error = caught as SmartSqlError;
    expect(error.name).toBe('SmartSqlError');
    expect(error.code).toBe('SMARTSQL_MULTIPLE_STATEMENTS');
    expect(error.diagnostics.map((d) => d.code)).toEqual([
      'SMARTSQL_MULTIPLE_STATEMENTS',
      'SMARTSQL_NOT_SELECT',
    ]);
    expect(error.message).toMatch(/Only one statement .*\(1:30\) and 1 more error/);
  });
});

describe('MATCH errors are reported once', () => {
  it('a full_text path whose soup is not in FROM', () => {
    expect(codes("select 1 from {employees} where {notes:title} match 'x'")).toEqual([
      'SMARTSQL_SOUP_NOT_IN_FROM',
    ]);
  });
});

describe('resource limits', () => {
  it('refuses nesting beyond 256 parentheses, pointing at the first one too deep', () => {
    const text = `select ${'('.repeat(300)}1${')'.repeat(300)}`;
    const [d] = diagnose(text);
    expect(d?.code).toBe('SMARTSQL_TOO_COMPLEX');
    expect(d?.offset).toBe('select '.length + 256);
  });

  it('accepts deep but reasonable nesting', () => {
    const text = `select ${'('.repeat(100)}{employees:salary}${')'.repeat(100)} from {employees}`;
    expect(tryCompileSmartSql(text, catalog).ok).toBe(true);
  });

  it('turns stack exhaustion into a diagnostic and keeps working afterwards', () => {
    for (const text of [
      `select ${'not '.repeat(20000)}1`,
      `select ${Array(30000).fill('1').join(' + ')}`,
    ]) {
      expect(codes(text)).toEqual(['SMARTSQL_TOO_COMPLEX']);
    }
    expect(compileSmartSql('select {employees:lastName} from {employees}', catalog).sql).toBe(
      'SELECT TABLE_1_1 FROM TABLE_1',
    );
  });
});

describe('warnings', () => {
  it('warns once per non-indexed reference, with its position, and still compiles', () => {
    const text =
      'select {employees:address.city} from {employees} where {employees:address.zip} = ? and {employees:education} = 1';
    const result = tryCompileSmartSql(text, catalog);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const warnings = result.query.warnings;
    expect(warnings.map((w) => [w.severity, w.code, marked(text, w)])).toEqual([
      ['warning', 'SMARTSQL_UNINDEXED_PATH', '{employees:address.city}'],
      ['warning', 'SMARTSQL_UNINDEXED_PATH', '{employees:address.zip}'],
    ]);
    expect(warnings[0]?.message).toMatch(/json_extract on every row/);
  });

  it('metadata paths and json1 indexes do not warn', () => {
    const result = compileSmartSql(
      'select {employees:_soup}, {employees:_soupEntryId}, {employees:education} from {employees}',
      catalog,
    );
    expect(result.warnings).toEqual([]);
  });
});
