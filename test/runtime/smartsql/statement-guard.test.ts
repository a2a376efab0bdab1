import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../../runtime/smartsql/diagnostics.js';
import { type IToken, lexSmartSql } from '../../../runtime/smartsql/lexer.js';
import {
  guardStatement,
  MAX_NESTING,
  reportUnknownSoups,
} from '../../../runtime/smartsql/statement-guard.js';
import { sdkCatalog } from './fixtures.js';

function guard(text: string): { statement: IToken[] | undefined; codes: string[] } {
  const sink = new DiagnosticSink(text);
  const statement = guardStatement(lexSmartSql(text).tokens, sink);
  return { statement, codes: sink.errors.map((d) => d.code) };
}

/** The same tokens with each token type replaced by a look-alike: same name, another object. */
function withLookAlikeTypes(tokens: readonly IToken[]): IToken[] {
  const copies = new Map<IToken['tokenType'], IToken['tokenType']>();
  return tokens.map((token) => {
    let copy = copies.get(token.tokenType);
    if (copy === undefined) {
      copy = { ...token.tokenType };
      copies.set(token.tokenType, copy);
    }
    return { ...token, tokenType: copy };
  });
}

describe('the statement guards', () => {
  it('let one SELECT through, with its trailing semicolons', () => {
    const { statement, codes } = guard('SeLeCt 1;;');
    expect(codes).toEqual([]);
    expect(statement?.map((t) => t.image)).toEqual(['SeLeCt', '1', ';', ';']);
  });

  it('refuse a second statement, WITH, writes and deep nesting', () => {
    expect(guard('select 1; select 2').codes).toEqual(['SMARTSQL_MULTIPLE_STATEMENTS']);
    expect(guard('select 1; drop table x').codes).toEqual([
      'SMARTSQL_MULTIPLE_STATEMENTS',
      'SMARTSQL_NOT_SELECT',
    ]);
    expect(guard('with t as (select 1) select * from t').codes).toEqual(['SMARTSQL_UNSUPPORTED']);
    expect(guard('pragma key = 1').codes).toEqual(['SMARTSQL_NOT_SELECT']);
    expect(guard('end').codes).toEqual(['SMARTSQL_NOT_SELECT']);
    expect(guard('').codes).toEqual(['SMARTSQL_EMPTY']);
    const deep = `select ${'('.repeat(MAX_NESTING + 1)}1${')'.repeat(MAX_NESTING + 1)}`;
    expect(guard(deep).codes).toEqual(['SMARTSQL_TOO_COMPLEX']);
    const deepest = `select ${'('.repeat(MAX_NESTING)}1${')'.repeat(MAX_NESTING)}`;
    expect(guard(deepest).codes).toEqual([]);
  });

  it('match token kinds by their token type objects, not by their names', () => {
    const run = (text: string) => {
      const sink = new DiagnosticSink(text);
      const statement = guardStatement(withLookAlikeTypes(lexSmartSql(text).tokens), sink);
      return { statement, codes: sink.errors.map((d) => d.code) };
    };
    // A look-alike ";" does not end the statement, a look-alike "(" does not nest.
    const split = run('select 1; select 2');
    expect(split.codes).toEqual([]);
    expect(split.statement).toHaveLength(5);
    expect(run(`select ${'('.repeat(MAX_NESTING + 1)}1`).codes).toEqual([]);
    // A look-alike WITH is not the WITH keyword; the write verbs are told by spelling.
    expect(run('with t as (select 1) select * from t').codes).toEqual([]);
    expect(run('delete from x').codes).toEqual(['SMARTSQL_NOT_SELECT']);
  });

  it('name unknown soups after a failed parse only from real reference tokens', () => {
    const text = 'select {nope:a} from {nope} join {gone}_fts';
    const tokens = lexSmartSql(text).tokens;
    const real = new DiagnosticSink(text);
    reportUnknownSoups(tokens, sdkCatalog(), real);
    expect(real.errors.map((d) => [d.code, d.offset])).toEqual([
      ['SMARTSQL_UNKNOWN_SOUP', text.indexOf('{nope:a}')],
      ['SMARTSQL_UNKNOWN_SOUP', text.indexOf('{gone}_fts')],
    ]);
    const lookAlike = new DiagnosticSink(text);
    reportUnknownSoups(withLookAlikeTypes(tokens), sdkCatalog(), lookAlike);
    expect(lookAlike.errors).toEqual([]);
  });
});
