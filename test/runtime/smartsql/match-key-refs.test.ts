import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSmartSql, SmartSqlError } from '../../../runtime/smartsql/index.js';
import { type MatchKeyRef, rewriteMatchKeyRefs } from '../../../runtime/smartsql/match-key-refs.js';
import { sdkCatalog } from './fixtures.js';

/** Records every group it is asked about and keeps them all as written. */
function collect(key: string): MatchKeyRef[] {
  const refs: MatchKeyRef[] = [];
  rewriteMatchKeyRefs(key, (ref) => {
    refs.push(ref);
    return undefined;
  });
  return refs;
}

// The store's caller: one soup's full_text paths; every group must be `{thatSoup:path}`.
const STORE_COLUMNS = new Map([
  ['Name', 'TABLE_1_0'],
  ['Description', 'TABLE_1_2'],
]);
function storeRewrite(key: string): string {
  return rewriteMatchKeyRefs(key, (ref) => {
    if (ref.soupName !== 'accounts' || ref.path === '') throw new Error(`bad {${ref.text}}`);
    const column = STORE_COLUMNS.get(ref.path);
    if (column === undefined) throw new Error(`no full_text index on ${ref.path}`);
    return column;
  });
}

describe('rewriteMatchKeyRefs', () => {
  it('returns a key without braces as it is, asking nothing', () => {
    const key = 'acme OR glob*';
    expect(rewriteMatchKeyRefs(key, () => 'X')).toBe(key);
    expect(collect(key)).toEqual([]);
  });

  it('splits each group at its first colon and gives its offsets in the key', () => {
    expect(collect('a {s:Name}:x {a b}: y {s:a:b} {}')).toEqual([
      { text: 's:Name', soupName: 's', path: 'Name', isSoupPath: true, start: 2, end: 10 },
      { text: 'a b', soupName: 'a b', path: '', isSoupPath: false, start: 13, end: 18 },
      { text: 's:a:b', soupName: 's', path: 'a:b', isSoupPath: false, start: 22, end: 29 },
      { text: '', soupName: '', path: '', isSoupPath: false, start: 30, end: 32 },
    ]);
  });

  it('runs a group from a "{" to the next "}" and keeps an unclosed "{"', () => {
    expect(collect('{a{s:b} c').map((r) => r.text)).toEqual(['a{s:b']);
    expect(rewriteMatchKeyRefs('x {s:a', () => 'Y')).toBe('x {s:a');
    expect(rewriteMatchKeyRefs('{s:a} {s:b', () => 'Y')).toBe('Y {s:b');
  });

  it('replaces with what the resolver returns, including the empty string', () => {
    expect(rewriteMatchKeyRefs('{s:a}:x AND {s:b}:y', (r) => (r.path === 'a' ? 'C0' : ''))).toBe(
      'C0:x AND :y',
    );
  });

  it('scans exactly like the store’s former /\\{([^}]*)\\}/g replace', () => {
    const alphabet = fc.constantFrom('{', '}', ':', 'a', 's', ' ', '"', '*', '(');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 24 }).map((cs) => cs.join('')),
        (key) => {
          const ours = rewriteMatchKeyRefs(key, (ref) => `<${ref.text}>`);
          const regex = key.replace(/\{([^}]*)\}/g, (_whole, text: string) => `<${text}>`);
          expect(ours).toBe(regex);
        },
      ),
    );
  });

  describe('as the store uses it (one soup, every group must name it)', () => {
    it('turns {soup:path} into FTS column names, phrases and operators untouched', () => {
      expect(storeRewrite('{accounts:Name}:"acme corp" OR {accounts:Description}:glob*')).toBe(
        'TABLE_1_0:"acme corp" OR TABLE_1_2:glob*',
      );
    });

    it('lets the caller refuse another soup, a group without a path, or a path without an index', () => {
      expect(() => storeRewrite('{contacts:Name}:x')).toThrow('bad {contacts:Name}');
      expect(() => storeRewrite('{accounts}:x')).toThrow('bad {accounts}');
      expect(() => storeRewrite('{accounts:Phone}:x')).toThrow('no full_text index on Phone');
    });
  });

  describe('as the Smart SQL compiler uses it (literal MATCH keys)', () => {
    const catalog = sdkCatalog();
    const keyOf = (text: string) => {
      const slot = compileSmartSql(text, catalog).parameters[0];
      return slot?.kind === 'value' ? slot.value : undefined;
    };

    it('binds the rewritten key and leaves FTS5 column sets alone', () => {
      expect(
        keyOf(
          "SELECT rowid FROM {notes}_fts WHERE {notes}_fts MATCH '{notes:title}:a OR {x y}: b'",
        ),
      ).toBe('TABLE_3_0:a OR {x y}: b');
    });

    it('reports a bad reference at its own place in the text', () => {
      const text = "SELECT rowid FROM {notes}_fts WHERE {notes}_fts MATCH 'z {notes:kind}:a'";
      let error: unknown;
      try {
        compileSmartSql(text, catalog);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SmartSqlError);
      const [diagnostic] = (error as SmartSqlError).diagnostics;
      expect(diagnostic?.code).toBe('SMARTSQL_NOT_FULL_TEXT_PATH');
      expect(diagnostic?.offset).toBe(text.indexOf('{notes:kind}'));
      expect(diagnostic?.length).toBe('{notes:kind}'.length);
    });
  });
});
