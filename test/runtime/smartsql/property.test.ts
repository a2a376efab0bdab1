/**
 * Property tests: random well-formed Smart SQL over a random catalog compiles
 * and runs on a real store; arbitrary text never crashes the compiler (it
 * returns diagnostics or throws SmartSqlError, nothing else). Runs are bounded
 * so the file stays within a few seconds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SoupkitError } from '../../../runtime/errors.js';
import {
  compileSmartSql,
  INDEX_TYPES,
  type IndexType,
  SmartSqlError,
  tryCompileSmartSql,
} from '../../../runtime/smartsql/index.js';
import { buildSmartQuerySpec } from '../../../runtime/store/query-spec.js';
import { SmartStore } from '../../../runtime/store/smart-store.js';
import { sdkCatalog } from './fixtures.js';

interface SoupDef {
  readonly name: string;
  readonly indexes: readonly { readonly path: string; readonly type: IndexType }[];
}

const identifier = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,6}$/);
const indexType = fc.constantFrom(...INDEX_TYPES);

const catalogArb: fc.Arbitrary<SoupDef[]> = fc.uniqueArray(
  fc.record({
    name: identifier,
    indexes: fc.uniqueArray(fc.record({ path: identifier, type: indexType }), {
      minLength: 1,
      maxLength: 4,
      selector: (i) => i.path,
    }),
  }),
  { minLength: 1, maxLength: 3, selector: (s) => s.name },
);

/** A query over the catalog plus how many `?` it holds. */
interface GeneratedQuery {
  readonly text: string;
  readonly args: number;
  /** The last `?` is LIMIT's, which SQLite wants an integer for. */
  readonly limitParam: boolean;
}

const METADATA = ['_soup', '_soupEntryId', '_soupCreatedDate', '_soupLastModifiedDate'];

function queryArb(soups: readonly SoupDef[]): fc.Arbitrary<GeneratedQuery> {
  return fc
    .record({
      soupIndexes: fc.uniqueArray(fc.nat({ max: soups.length - 1 }), {
        minLength: 1,
        maxLength: Math.min(2, soups.length),
      }),
      seed: fc.array(fc.nat({ max: 1000 }), { minLength: 40, maxLength: 40 }),
      distinct: fc.boolean(),
      orderBy: fc.boolean(),
      limit: fc.constantFrom('none', 'literal', 'param', 'offset'),
    })
    .map(({ soupIndexes, seed, distinct, orderBy, limit }) => {
      let cursor = 0;
      const pick = (n: number) => (seed[cursor++ % seed.length] ?? 0) % n;
      let args = 0;
      const sources = soupIndexes.map((i, n) => ({ soup: soups[i] as SoupDef, alias: `t${n}` }));
      const multi = sources.length > 1;
      const ref = (): string => {
        const source = sources[pick(sources.length)] ?? sources[0];
        if (!source) return '1';
        const choice = pick(10);
        const path =
          choice < 6
            ? (source.soup.indexes[pick(source.soup.indexes.length)]?.path ?? 'x')
            : choice < 8
              ? (METADATA[pick(METADATA.length)] ?? '_soupEntryId')
              : `missing${pick(3)}.deep`;
        const reference = `{${source.soup.name}:${path}}`;
        return multi || pick(2) === 0 ? `${source.alias}.${reference}` : reference;
      };
      const value = (): string => {
        switch (pick(4)) {
          case 0:
            args++;
            return '?';
          case 1:
            return String(pick(100));
          case 2:
            return `'v${pick(10)}'`;
          default:
            return ref();
        }
      };
      const condition = (depth: number): string => {
        const c = pick(depth > 1 ? 6 : 9);
        switch (c) {
          case 0:
            return `${ref()} ${['=', '<>', '<', '>=', '=='][pick(5)]} ${value()}`;
          case 1:
            return `${ref()} ${pick(2) ? 'NOT ' : ''}IN (${value()}, ${value()})`;
          case 2:
            return `${ref()} BETWEEN ${value()} AND ${value()}`;
          case 3:
            return `${ref()} ${pick(2) ? 'NOT ' : ''}LIKE 'v%'`;
          case 4:
            return `${ref()} IS ${pick(2) ? 'NOT ' : ''}NULL`;
          case 5:
            return `coalesce(${ref()}, ${value()}) = ${value()}`;
          case 6:
            return `(${condition(depth + 1)} ${pick(2) ? 'AND' : 'OR'} ${condition(depth + 1)})`;
          case 7:
            return `NOT ${condition(depth + 1)}`;
          default: {
            const source = sources[0];
            if (!source) return '1';
            return `${ref()} IN (SELECT {${source.soup.name}:_soupEntryId} FROM {${source.soup.name}} WHERE {${source.soup.name}:_soupEntryId} > ${value()})`;
          }
        }
      };
      const items = Array.from({ length: 1 + pick(3) }, () => {
        switch (pick(5)) {
          case 0:
            return 'count(*)';
          case 1:
            return `${ref()} || 'x'`;
          case 2:
            return `${ref()} AS c${pick(9)}`;
          default:
            return ref();
        }
      });
      const aggregate = items.includes('count(*)');
      const from = sources
        .map((s) => `{${s.soup.name}} ${pick(2) ? 'AS ' : ''}${s.alias}`)
        .join(pick(2) ? ', ' : ' JOIN ');
      let text = `SELECT ${distinct ? 'DISTINCT ' : ''}${items.join(', ')} FROM ${from}`;
      if (pick(3) > 0) text += ` WHERE ${condition(0)}`;
      if (aggregate && pick(2)) text += ` GROUP BY ${ref()}`;
      if (orderBy) text += ` ORDER BY ${ref()} ${pick(2) ? 'DESC' : 'ASC'}`;
      if (limit === 'literal') text += ` LIMIT ${pick(20)}`;
      if (limit === 'param') {
        text += ' LIMIT ?';
        args++;
      }
      if (limit === 'offset') text += ` LIMIT ${pick(20)} OFFSET ${pick(5)}`;
      return { text, args, limitParam: limit === 'param' };
    });
}

const argArb = fc.oneof(
  fc.integer({ min: -5, max: 100 }),
  fc.constantFrom('v1', 'v2', "it's", ''),
  fc.constant(null),
);

describe('random well-formed queries over a random catalog', () => {
  it('compile and run on a real store', () => {
    fc.assert(
      fc.property(
        catalogArb.chain((soups) =>
          fc.tuple(
            fc.constant(soups),
            fc.array(queryArb(soups), { minLength: 1, maxLength: 8 }),
            fc.array(argArb, { minLength: 12, maxLength: 12 }),
          ),
        ),
        ([soups, queries, argPool]) => {
          const store = SmartStore.open({ path: ':memory:' });
          try {
            for (const soup of soups) {
              store.registerSoup(soup.name, soup.indexes);
              store.upsert(soup.name, [
                Object.fromEntries(soup.indexes.map((i, n) => [i.path, n % 2 ? 'v1' : n])),
                Object.fromEntries(soup.indexes.map((i) => [i.path, null])),
              ]);
            }
            for (const query of queries) {
              const compiled = tryCompileSmartSql(query.text, store.catalog);
              if (!compiled.ok) {
                throw new Error(
                  `${query.text}\n${compiled.diagnostics.map((d) => d.message).join('\n')}`,
                );
              }
              expect(compiled.query.argCount).toBe(query.args);
              const args = argPool.slice(0, query.args);
              if (query.limitParam) args[args.length - 1] = 3;
              const spec = buildSmartQuerySpec({ smartSql: query.text, pageSize: 5 });
              try {
                store.query(spec, 0, args);
                store.count(spec, args);
              } catch (error) {
                // Only typed errors may escape, and none that means the SQL was wrong.
                if (
                  !(error instanceof SoupkitError) ||
                  /no such|ambiguous|syntax/.test(String(error))
                ) {
                  throw new Error(`${query.text}\n=> ${compiled.query.sql}\n${String(error)}`);
                }
              }
            }
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

const catalog = sdkCatalog();

/** The SQL outside string literals and quoted names. */
function codeOutsideQuotes(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]/g, '');
}

function neverCrashes(text: string): void {
  const result = tryCompileSmartSql(text, catalog);
  if (result.ok) {
    // Whatever was accepted, the output cannot hide anything in a comment.
    const code = codeOutsideQuotes(result.query.sql);
    expect(code).not.toContain('--');
    expect(code).not.toContain('/*');
    expect(code).not.toContain(';');
  } else {
    expect(result.diagnostics.length).toBeGreaterThan(0);
    for (const d of result.diagnostics) {
      expect(d.offset).toBeGreaterThanOrEqual(0);
      expect(d.offset).toBeLessThanOrEqual(text.length);
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.excerpt).toContain('^');
      expect(d.code).toMatch(/^SMARTSQL_/);
    }
  }
  try {
    compileSmartSql(text, catalog);
  } catch (error) {
    expect(error).toBeInstanceOf(SmartSqlError);
    expect(error).toBeInstanceOf(SoupkitError);
  }
}

// Pieces of Smart SQL, so random sequences get past the lexer and deep into the parser.
const fragment = fc.constantFrom(
  'select',
  'SELECT',
  'from',
  'where',
  'and',
  'or',
  'not',
  'in',
  'between',
  'like',
  'match',
  'escape',
  'is',
  'null',
  'group by',
  'order by',
  'limit',
  'offset',
  'union',
  'join',
  'on',
  'as',
  'case',
  'when',
  'then',
  'end',
  'exists',
  'distinct',
  '{employees}',
  '{employees:lastName}',
  '{employees:_soup}',
  '{notes}_fts',
  '{notes:title}',
  '{nope:x}',
  '{a:b:c}',
  '{}',
  'e.',
  'e',
  '*',
  ',',
  '(',
  ')',
  '=',
  '<>',
  '||',
  '+',
  '-',
  '?',
  ':x',
  "'s'",
  "'{employees:lastName}:x'",
  '1',
  '2.5',
  'count(*)',
  'sqlite_master',
  ';',
  'drop',
  '--',
  '/*',
  '*/',
  "'",
  '"',
  '{',
  '}',
);

describe('arbitrary input never crashes the compiler', () => {
  it('random unicode strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), neverCrashes), {
      numRuns: 300,
    });
  });

  it('random byte strings (as latin-1 text)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) =>
        neverCrashes(String.fromCharCode(...bytes)),
      ),
      { numRuns: 300 },
    );
  });

  it('random sequences of Smart SQL fragments', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 25 }), (parts) => neverCrashes(parts.join(' '))),
      { numRuns: 600 },
    );
  });

  it('valid queries with one character changed', () => {
    const base =
      "select e.{employees:_soup}, count(*) from {employees} e join {departments} d on d.{departments:deptCode} = e.{employees:deptCode} where e.{employees:salary} between ? and 10 and {notes:title} is null or exists (select rowid from {notes}_fts where {notes}_fts match 'x') group by 1 order by 2 desc limit 3";
    fc.assert(
      fc.property(
        fc.nat({ max: base.length - 1 }),
        fc.constantFrom('', ' ', '(', ')', "'", '{', '}', ':', ',', '.', 'x', ';', '?'),
        (at, replacement) => neverCrashes(base.slice(0, at) + replacement + base.slice(at + 1)),
      ),
      { numRuns: 400 },
    );
  });
});
