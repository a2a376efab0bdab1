import { describe, expect, it } from 'vitest';
import {
  buildExactQuerySpec,
  buildMatchQuerySpec,
  buildRangeQuerySpec,
} from '../../../runtime/store/query-spec.js';
import type { StoredEntry } from '../../../runtime/store/smart-store.js';
import type { IndexSpec } from '../../../runtime/store/specs.js';
import { fileStore, rawRows } from '../../helpers/store-helpers.js';

const specs: IndexSpec[] = [
  { path: 'i', type: 'integer' },
  { path: 'f', type: 'floating' },
  { path: 's', type: 'string' },
  { path: 't', type: 'full_text' },
  { path: 'j', type: 'json1' },
  { path: 'd.dd.ddd', type: 'string' },
];

function columnsOf(path: string): unknown[][] {
  return rawRows(
    path,
    'SELECT TABLE_1_0, TABLE_1_1, TABLE_1_2, TABLE_1_3, TABLE_1_5 FROM TABLE_1 ORDER BY id',
  );
}

describe('index types: what the columns hold', () => {
  it('projects values as Android does', () => {
    const { store, path } = fileStore();
    store.registerSoup('things', specs);
    store.upsert('things', [
      {
        i: 3.7,
        f: 2.5,
        s: 37,
        t: ['black', 'grey'],
        d: [{ dd: [{ ddd: 'x' }, { ddd: 'y' }] }, { dd: [{ other: 1 }] }],
      },
      { i: '12', f: 'x', s: true, t: { a: 1 } },
      { i: null, s: 'plain' },
    ]);
    store.close();
    expect(columnsOf(path)).toEqual([
      [3, 2.5, '37', '["black","grey"]', '[["x","y"]]'],
      [null, null, 'true', '{"a":1}', null],
      [null, null, 'plain', null, null],
    ]);
  });
});

describe('index columns hold what the stored JSON holds', () => {
  it('for a Date, an object with toJSON, NaN and paths that name prototype members', () => {
    const { store, path } = fileStore();
    const paths = ['when', 'money', 'nan', '__proto__', 'constructor', 'toString', 'own.__proto__'];
    store.registerSoup(
      'odd',
      paths.map((p) => ({ path: p, type: 'string' as const })),
    );
    const money = { amount: 5, toJSON: () => ({ amount: 5, currency: 'EUR' }) };
    const own = JSON.parse('{"__proto__": "own value"}') as unknown;
    store.upsert('odd', [
      { when: new Date(Date.UTC(2026, 11, 1, 9, 30)), money, nan: Number.NaN, own },
    ]);
    store.close();
    const stored = JSON.parse(String(rawRows(path, 'SELECT soup FROM TABLE_1')[0]?.[0]));
    const columns = rawRows(
      path,
      `SELECT ${paths.map((_, i) => `TABLE_1_${i}`).join(', ')} FROM TABLE_1`,
    )[0];
    expect(columns).toEqual([
      '2026-12-01T09:30:00.000Z',
      '{"amount":5,"currency":"EUR"}',
      null,
      null,
      null,
      null,
      'own value',
    ]);
    // The same values json_extract reads from the stored text.
    expect(stored.when).toBe(columns?.[0]);
    expect(JSON.stringify(stored.money)).toBe(columns?.[1]);
    expect(stored.nan).toBeNull();
  });
});

describe('index types: querying', () => {
  function setup() {
    const { store } = fileStore();
    store.registerSoup('things', specs);
    store.upsert('things', [
      { n: 1, i: 10, f: 1.5, s: 'b', t: 'Quick brown fox', j: true },
      { n: 2, i: 2, f: -3.25, s: 'a', t: ['lazy', 'dog'], j: false },
      { n: 3, i: 33, f: 100, s: 'c', t: 'brown bear', j: 'text' },
    ]);
    return store;
  }
  const ns = (rows: unknown[]) => rows.map((row) => (row as StoredEntry).n);

  it('integer and floating order numerically', () => {
    const store = setup();
    expect(
      ns(store.query(buildRangeQuerySpec({ soupName: 'things', indexPath: 'i', beginKey: 0 }))),
    ).toEqual([2, 1, 3]);
    expect(
      ns(
        store.query(
          buildRangeQuerySpec({ soupName: 'things', indexPath: 'f', beginKey: -5, endKey: 50 }),
        ),
      ),
    ).toEqual([2, 1]);
  });

  it('a string key against an integer column converts through affinity', () => {
    const store = setup();
    expect(
      ns(store.query(buildExactQuerySpec({ soupName: 'things', indexPath: 'i', matchKey: '33' }))),
    ).toEqual([3]);
  });

  it('json1 booleans read as 1/0 and strings as text', () => {
    const store = setup();
    expect(
      ns(store.query(buildExactQuerySpec({ soupName: 'things', indexPath: 'j', matchKey: 1 }))),
    ).toEqual([1]);
    expect(
      ns(
        store.query(buildExactQuerySpec({ soupName: 'things', indexPath: 'j', matchKey: 'text' })),
      ),
    ).toEqual([3]);
  });

  it('full_text finds words of strings and of array elements', () => {
    const store = setup();
    const match = (matchKey: string) =>
      ns(
        store.query(
          buildMatchQuerySpec({ soupName: 'things', indexPath: 't', matchKey, orderPath: 'n' }),
        ),
      );
    expect(match('brown')).toEqual([1, 3]);
    expect(match('DOG')).toEqual([2]);
    expect(match('"brown bear"')).toEqual([3]);
    expect(match('br*')).toEqual([1, 3]);
  });

  it('exact match on a full_text path compares the whole text', () => {
    const store = setup();
    expect(
      ns(
        store.query(
          buildExactQuerySpec({ soupName: 'things', indexPath: 't', matchKey: '["lazy","dog"]' }),
        ),
      ),
    ).toEqual([2]);
  });
});
