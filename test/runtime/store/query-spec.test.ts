import { describe, expect, it } from 'vitest';
import {
  buildAllQuerySpec,
  buildExactQuerySpec,
  buildLikeQuerySpec,
  buildMatchQuerySpec,
  buildRangeQuerySpec,
  buildSmartQuerySpec,
  qualifyMatchKey,
  querySpecArgs,
  toSmartSql,
  validateQuerySpec,
} from '../../../runtime/store/query-spec.js';
import { buildSoupInfo } from '../../../runtime/store/soup-schema.js';
import { expectStoreError } from '../../helpers/store-helpers.js';

describe('builders', () => {
  it('default as the SDK: pageSize 10, ascending, orderPath = indexPath', () => {
    expect(buildExactQuerySpec({ soupName: 's', indexPath: 'k', matchKey: 'v' })).toEqual({
      queryType: 'exact',
      soupName: 's',
      indexPath: 'k',
      matchKey: 'v',
      orderPath: 'k',
      order: 'ascending',
      pageSize: 10,
      selectPaths: null,
    });
    expect(buildAllQuerySpec({ soupName: 's' })).toMatchObject({
      queryType: 'range',
      indexPath: null,
      beginKey: null,
      endKey: null,
      orderPath: null,
    });
    expect(buildSmartQuerySpec({ smartSql: 'select 1' })).toEqual({
      queryType: 'smart',
      smartSql: 'select 1',
      pageSize: 10,
    });
    expect(
      buildRangeQuerySpec({
        soupName: 's',
        indexPath: 'k',
        beginKey: 1,
        orderPath: 'o',
        order: 'descending',
      }),
    ).toMatchObject({ beginKey: 1, endKey: null, orderPath: 'o', order: 'descending' });
  });

  it('validate eagerly', () => {
    expectStoreError(
      () => buildExactQuerySpec({ soupName: 's', indexPath: 'k', matchKey: 'v', pageSize: 0 }),
      'STORE_BAD_QUERY_SPEC',
    );
    expectStoreError(
      () => buildLikeQuerySpec({ soupName: 's', indexPath: "k') --", likeKey: 'v' }),
      'STORE_BAD_QUERY_SPEC',
    );
    expectStoreError(
      () => buildMatchQuerySpec({ soupName: 's', matchKey: ' ' }),
      'STORE_BAD_QUERY_SPEC',
    );
    expectStoreError(() => buildSmartQuerySpec({ smartSql: '' }), 'STORE_BAD_QUERY_SPEC');
    expectStoreError(
      () => buildExactQuerySpec({ soupName: 'a:b', indexPath: 'k', matchKey: 'v' }),
      'STORE_BAD_SOUP_NAME',
    );
  });

  it('validateQuerySpec rejects unknown types, bad orders and keys of the wrong type', () => {
    const bad: unknown[] = [
      null,
      { queryType: 'all', soupName: 's', pageSize: 10 },
      { queryType: 'exact', soupName: 's', indexPath: 'k', matchKey: {}, pageSize: 10 },
      { queryType: 'exact', soupName: 's', indexPath: 'k', matchKey: 'v', order: 'up' },
      { queryType: 'range', soupName: 's', beginKey: 'a', pageSize: 10 },
      { queryType: 'like', soupName: 's', indexPath: 'k', likeKey: 5 },
      { queryType: 'exact', soupName: 's', indexPath: 'k', matchKey: 'v', selectPaths: [] },
      { queryType: 'exact', soupName: 's', indexPath: 'k', matchKey: 'v', pageSize: 2.5 },
    ];
    for (const spec of bad) expectStoreError(() => validateQuerySpec(spec), 'STORE_BAD_QUERY_SPEC');
  });
});

describe('toSmartSql: the SDK text, trailing spaces included', () => {
  it('exact', () => {
    const spec = buildExactQuerySpec({
      soupName: 'employees',
      indexPath: 'lastName',
      matchKey: 'Doe',
    });
    expect(toSmartSql(spec, 'page')).toBe(
      'SELECT {employees:_soup} FROM {employees} WHERE {employees:lastName} = ? ORDER BY {employees:lastName} ASC ',
    );
    expect(toSmartSql(spec, 'count')).toBe(
      'SELECT count(*) FROM {employees} WHERE {employees:lastName} = ? ',
    );
    expect(toSmartSql(spec, 'ids')).toBe(
      'SELECT {employees:_soupEntryId} FROM {employees} WHERE {employees:lastName} = ? ORDER BY {employees:lastName} ASC ',
    );
    expect(querySpecArgs(spec)).toEqual(['Doe']);
  });

  it('range with both, one or no keys', () => {
    const both = buildRangeQuerySpec({
      soupName: 's',
      indexPath: 'k',
      beginKey: 'a',
      endKey: 'm',
      order: 'descending',
    });
    expect(toSmartSql(both, 'page')).toBe(
      'SELECT {s:_soup} FROM {s} WHERE {s:k} >= ? AND {s:k} <= ? ORDER BY {s:k} DESC ',
    );
    expect(querySpecArgs(both)).toEqual(['a', 'm']);
    const begin = buildRangeQuerySpec({ soupName: 's', indexPath: 'k', beginKey: 3 });
    expect(toSmartSql(begin, 'page')).toBe(
      'SELECT {s:_soup} FROM {s} WHERE {s:k} >= ? ORDER BY {s:k} ASC ',
    );
    expect(querySpecArgs(begin)).toEqual([3]);
    const end = buildRangeQuerySpec({ soupName: 's', indexPath: 'k', endKey: 3 });
    expect(toSmartSql(end, 'page')).toBe(
      'SELECT {s:_soup} FROM {s} WHERE {s:k} <= ? ORDER BY {s:k} ASC ',
    );
    const all = buildAllQuerySpec({ soupName: 's' });
    expect(toSmartSql(all, 'page')).toBe('SELECT {s:_soup} FROM {s} ');
    expect(querySpecArgs(all)).toEqual([]);
  });

  it('a hand-written spec without orderPath orders by its indexPath; null means no order', () => {
    const base = {
      queryType: 'exact',
      soupName: 's',
      indexPath: 'k',
      matchKey: 'v',
      pageSize: 5,
    } as const;
    expect(toSmartSql(base, 'page')).toBe(
      'SELECT {s:_soup} FROM {s} WHERE {s:k} = ? ORDER BY {s:k} ASC ',
    );
    expect(toSmartSql({ ...base, orderPath: null }, 'page')).toBe(
      'SELECT {s:_soup} FROM {s} WHERE {s:k} = ? ',
    );
  });

  it('like, select paths and match', () => {
    const like = buildLikeQuerySpec({
      soupName: 's',
      indexPath: 'k',
      likeKey: 'ab%',
      selectPaths: ['k', '_soupEntryId'],
    });
    expect(toSmartSql(like, 'page')).toBe(
      'SELECT {s:k}, {s:_soupEntryId} FROM {s} WHERE {s:k} LIKE ? ORDER BY {s:k} ASC ',
    );
    const match = buildMatchQuerySpec({ soupName: 's', matchKey: "o'brien" });
    expect(toSmartSql(match, 'page')).toBe(
      'SELECT {s:_soup} FROM {s} WHERE {s:_soupEntryId} IN (SELECT rowid FROM {s}_fts WHERE {s}_fts MATCH ?) ',
    );
    expect(querySpecArgs(match, 'TABLE_1_0:obrien')).toEqual(['TABLE_1_0:obrien']);
  });
});

describe('qualifyMatchKey', () => {
  const soup = buildSoupInfo('s', 'TABLE_1', [
    { path: 'name', type: 'full_text' },
    { path: 'id', type: 'string' },
    { path: 'notes', type: 'full_text' },
  ]);

  it('prefixes every term with the path column, keeping operators and references', () => {
    expect(qualifyMatchKey(soup, 'name', 'abc')).toBe('TABLE_1_0:abc');
    expect(qualifyMatchKey(soup, 'name', 'ab*')).toBe('TABLE_1_0:ab*');
    expect(qualifyMatchKey(soup, 'name', 'Or')).toBe('Or');
    expect(qualifyMatchKey(soup, 'name', 'abc AND (de* OR fgh) not x')).toBe(
      'TABLE_1_0:abc AND (TABLE_1_0:de* OR TABLE_1_0:fgh) not TABLE_1_0:x',
    );
    expect(qualifyMatchKey(soup, 'name', '{s:notes}:x y')).toBe('TABLE_1_2:x TABLE_1_0:y');
    expect(qualifyMatchKey(soup, 'name', '"brown bear" "big ca"* fox')).toBe(
      'TABLE_1_0:"brown bear" TABLE_1_0:"big ca"* TABLE_1_0:fox',
    );
  });

  it('without a path the key searches all full_text columns; references still resolve', () => {
    expect(qualifyMatchKey(soup, null, 'abc OR def')).toBe('abc OR def');
    expect(qualifyMatchKey(soup, undefined, '{s:notes}:abc')).toBe('TABLE_1_2:abc');
  });

  it('refuses non-full_text paths, other soups and soups without full_text', () => {
    expectStoreError(() => qualifyMatchKey(soup, 'id', 'x'), 'STORE_NO_INDEX_FOR_PATH');
    expectStoreError(() => qualifyMatchKey(soup, null, '{other:name}:x'), 'STORE_BAD_MATCH_KEY');
    const plain = buildSoupInfo('p', 'TABLE_2', [{ path: 'k', type: 'string' }]);
    expectStoreError(() => qualifyMatchKey(plain, null, 'x'), 'STORE_NO_INDEX_FOR_PATH');
  });
});
