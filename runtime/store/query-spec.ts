/**
 * Query spec builders (the SDK's defaults), eager validation of specs given as
 * plain objects, and the Smart SQL text each spec type stands for. As in the
 * SDK, every spec type runs through the Smart SQL compiler.
 */
import { assertNever } from '../errors.js';
import type { SqlValue } from '../smartsql/catalog.js';
import { rewriteMatchKeyRefs } from '../smartsql/match-key-refs.js';
import type { SoupInfo } from './soup-schema.js';
import type {
  ExactQuerySpec,
  LikeQuerySpec,
  MatchQuerySpec,
  QueryKey,
  QueryOrder,
  QuerySpec,
  QueryType,
  RangeQuerySpec,
  SmartQuerySpec,
} from './specs.js';
import { QUERY_TYPES } from './specs.js';
import { StoreError } from './store-error.js';
import { isValidPath, validateSoupName } from './validate.js';

/** The SDK builders' page size. */
export const DEFAULT_PAGE_SIZE = 10;

interface SoupQueryOptions {
  readonly soupName: string;
  /** Defaults to the index path (none for an all query). */
  readonly orderPath?: string | null;
  readonly order?: QueryOrder;
  readonly pageSize?: number;
  readonly selectPaths?: readonly string[] | null;
}

function common(options: SoupQueryOptions, indexPath: string | null | undefined) {
  return {
    soupName: options.soupName,
    orderPath: options.orderPath === undefined ? (indexPath ?? null) : options.orderPath,
    order: options.order ?? 'ascending',
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
    selectPaths: options.selectPaths ?? null,
  } as const;
}

/**
 * Entries whose `indexPath` equals `matchKey`.
 *
 * @example
 * const spec = buildExactQuerySpec({ soupName: 'accounts', indexPath: 'Id', matchKey: '001' });
 */
export function buildExactQuerySpec(
  options: SoupQueryOptions & { readonly indexPath: string; readonly matchKey: QueryKey },
): ExactQuerySpec {
  return checked({
    queryType: 'exact',
    indexPath: options.indexPath,
    matchKey: options.matchKey,
    ...common(options, options.indexPath),
  });
}

/**
 * Entries with `beginKey <= indexPath <= endKey`; a null key leaves that side open.
 *
 * @example
 * const spec = buildRangeQuerySpec({ soupName: 'accounts', indexPath: 'Name', beginKey: 'A', endKey: 'M' });
 */
export function buildRangeQuerySpec(
  options: SoupQueryOptions & {
    readonly indexPath: string;
    readonly beginKey?: QueryKey;
    readonly endKey?: QueryKey;
  },
): RangeQuerySpec {
  return checked({
    queryType: 'range',
    indexPath: options.indexPath,
    beginKey: options.beginKey ?? null,
    endKey: options.endKey ?? null,
    ...common(options, options.indexPath),
  });
}

/**
 * Every entry of a soup: a range spec with no keys, as in the SDK. Without
 * `orderPath` the order is unspecified.
 *
 * @example
 * const spec = buildAllQuerySpec({ soupName: 'accounts', orderPath: 'Name', pageSize: 100 });
 */
export function buildAllQuerySpec(
  options: SoupQueryOptions & { readonly indexPath?: string | null },
): RangeQuerySpec {
  const indexPath = options.indexPath ?? null;
  return checked({
    queryType: 'range',
    indexPath,
    beginKey: null,
    endKey: null,
    ...common(options, indexPath),
  });
}

/**
 * Entries whose `indexPath` is SQL `LIKE` the key (`%` any run, `_` one character).
 *
 * @example
 * const spec = buildLikeQuerySpec({ soupName: 'accounts', indexPath: 'Name', likeKey: 'Ac%' });
 */
export function buildLikeQuerySpec(
  options: SoupQueryOptions & { readonly indexPath: string; readonly likeKey: string },
): LikeQuerySpec {
  return checked({
    queryType: 'like',
    indexPath: options.indexPath,
    likeKey: options.likeKey,
    ...common(options, options.indexPath),
  });
}

/**
 * Full-text search (FTS5 syntax) on one full_text path, or on all of them
 * when `indexPath` is absent.
 *
 * @example
 * const spec = buildMatchQuerySpec({ soupName: 'accounts', indexPath: 'Name', matchKey: 'acm*' });
 */
export function buildMatchQuerySpec(
  options: SoupQueryOptions & { readonly indexPath?: string | null; readonly matchKey: string },
): MatchQuerySpec {
  const indexPath = options.indexPath ?? null;
  return checked({
    queryType: 'match',
    indexPath,
    matchKey: options.matchKey,
    ...common(options, indexPath),
  });
}

/**
 * A Smart SQL query; rows come back as arrays.
 *
 * @example
 * const spec = buildSmartQuerySpec({ smartSql: 'select {accounts:Name} from {accounts}', pageSize: 50 });
 */
export function buildSmartQuerySpec(options: {
  readonly smartSql: string;
  readonly pageSize?: number;
}): SmartQuerySpec {
  return checked({
    queryType: 'smart',
    smartSql: options.smartSql,
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
  });
}

function checked<T extends QuerySpec>(spec: T): T {
  validateQuerySpec(spec);
  return spec;
}

/**
 * Throws `STORE_BAD_QUERY_SPEC` (or a name/path error) unless `spec` is a well-formed query spec.
 *
 * @internal
 */
export function validateQuerySpec(spec: unknown): asserts spec is QuerySpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw badSpec('a query spec must be an object with a queryType');
  }
  const s = spec as Record<string, unknown>;
  if (typeof s.queryType !== 'string' || !QUERY_TYPES.includes(s.queryType as QueryType)) {
    throw badSpec(
      `unknown queryType ${JSON.stringify(s.queryType)} (expected ${QUERY_TYPES.join(', ')}; an "all" query is a range query without keys)`,
    );
  }
  if (
    s.pageSize !== undefined &&
    (typeof s.pageSize !== 'number' || !Number.isInteger(s.pageSize) || s.pageSize < 1)
  ) {
    throw badSpec(`pageSize must be a positive integer, got ${JSON.stringify(s.pageSize)}`);
  }
  if (s.queryType === 'smart') {
    if (typeof s.smartSql !== 'string' || s.smartSql.trim() === '') {
      throw badSpec('a smart query spec needs a non-empty smartSql');
    }
    return;
  }
  validateSoupName(s.soupName);
  const where = `${s.queryType} query on soup ${s.soupName}`;
  if (s.order !== undefined && s.order !== 'ascending' && s.order !== 'descending') {
    throw badSpec(`${where}: order must be "ascending" or "descending"`);
  }
  checkOptionalPath(s.orderPath, 'orderPath', where);
  if (s.selectPaths !== undefined && s.selectPaths !== null) {
    if (!Array.isArray(s.selectPaths) || s.selectPaths.length === 0) {
      throw badSpec(`${where}: selectPaths must be a non-empty array of paths (or null)`);
    }
    for (const path of s.selectPaths) checkPath(path, 'selectPaths entry', where);
  }
  switch (s.queryType) {
    case 'exact':
      checkPath(s.indexPath, 'indexPath', where);
      checkKey(s.matchKey, 'matchKey', where);
      return;
    case 'range':
      checkKey(s.beginKey, 'beginKey', where);
      checkKey(s.endKey, 'endKey', where);
      if ((s.beginKey ?? null) !== null || (s.endKey ?? null) !== null) {
        checkPath(s.indexPath, 'indexPath', where);
      } else {
        checkOptionalPath(s.indexPath, 'indexPath', where);
      }
      return;
    case 'like':
      checkPath(s.indexPath, 'indexPath', where);
      if (typeof s.likeKey !== 'string') throw badSpec(`${where}: likeKey must be a string`);
      return;
    case 'match':
      checkOptionalPath(s.indexPath, 'indexPath', where);
      if (typeof s.matchKey !== 'string' || s.matchKey.trim() === '') {
        throw badSpec(`${where}: matchKey must be a non-empty string`);
      }
      return;
  }
}

function checkPath(path: unknown, what: string, where: string): void {
  if (typeof path !== 'string' || !isValidPath(path)) {
    throw badSpec(`${where}: ${what} ${JSON.stringify(path)} is not a dotted path`);
  }
}

function checkOptionalPath(path: unknown, what: string, where: string): void {
  if (path !== undefined && path !== null) checkPath(path, what, where);
}

function checkKey(key: unknown, what: string, where: string): void {
  if (key === undefined || key === null || typeof key === 'string') return;
  if (typeof key === 'number' && Number.isFinite(key)) return;
  throw badSpec(`${where}: ${what} must be a string, a finite number or null`);
}

function badSpec(message: string): StoreError {
  return new StoreError('STORE_BAD_QUERY_SPEC', `Bad query spec: ${message}`);
}

/**
 * What a query's statement returns: a page of rows, the count of matches, or
 * the ids of the first page's entries (for `removeByQuery`).
 */
export type QueryPurpose = 'page' | 'count' | 'ids';

export type SoupQuerySpec = Exclude<QuerySpec, SmartQuerySpec>;

/**
 * Writes the SDK's Smart SQL for a spec and purpose (trailing spaces
 * included): `page` selects `{s:_soup}` (or the select paths) with the ORDER
 * BY, `count` selects `count(*)`, `ids` selects `{s:_soupEntryId}` in page
 * order. The values for its `?`s come from `querySpecArgs`; a match key is
 * bound to `MATCH ?`, never pasted into the text.
 *
 * @example
 * toSmartSql(buildExactQuerySpec({ soupName: 's', indexPath: 'k', matchKey: 'v' }), 'page');
 * // => 'SELECT {s:_soup} FROM {s} WHERE {s:k} = ? ORDER BY {s:k} ASC '
 *
 * @internal
 */
export function toSmartSql(spec: SoupQuerySpec, purpose: QueryPurpose): string {
  const s = spec.soupName;
  const ref = (path: string) => `{${s}:${path}}`;
  const from = `FROM {${s}} `;
  const where = whereClause(spec, ref);
  if (purpose === 'count') return `SELECT count(*) ${from}${where}`;
  const orderPath = effectiveOrderPath(spec);
  const order =
    orderPath !== ''
      ? `ORDER BY ${ref(orderPath)} ${spec.order === 'descending' ? 'DESC' : 'ASC'} `
      : '';
  if (purpose === 'ids') return `SELECT ${ref('_soupEntryId')} ${from}${where}${order}`;
  const select =
    spec.selectPaths && spec.selectPaths.length > 0
      ? `SELECT ${spec.selectPaths.map(ref).join(', ')} `
      : `SELECT ${ref('_soup')} `;
  return select + from + where + order;
}

function whereClause(spec: SoupQuerySpec, ref: (path: string) => string): string {
  switch (spec.queryType) {
    case 'exact':
      return `WHERE ${ref(spec.indexPath)} = ? `;
    case 'like':
      return `WHERE ${ref(spec.indexPath)} LIKE ? `;
    case 'range': {
      const begin = spec.beginKey ?? null;
      const end = spec.endKey ?? null;
      const path = spec.indexPath ?? '';
      if (begin !== null && end !== null) return `WHERE ${ref(path)} >= ? AND ${ref(path)} <= ? `;
      if (begin !== null) return `WHERE ${ref(path)} >= ? `;
      if (end !== null) return `WHERE ${ref(path)} <= ? `;
      return '';
    }
    case 'match':
      return `WHERE ${ref('_soupEntryId')} IN (SELECT rowid FROM {${spec.soupName}}_fts WHERE {${spec.soupName}}_fts MATCH ?) `;
    default:
      return assertNever(spec, 'query spec');
  }
}

/**
 * The path a spec orders by ('' for none): a missing `orderPath` takes the
 * index path, as the SDK's `querySoup` does; an explicit null means no order.
 */
function effectiveOrderPath(spec: SoupQuerySpec): string {
  if (spec.orderPath === undefined) return ('indexPath' in spec ? spec.indexPath : null) ?? '';
  return spec.orderPath ?? '';
}

/**
 * The values for the `?`s of `toSmartSql(spec, purpose)`, in order; computed on their
 * own so a cached plan can be reused for specs that differ only in keys.
 *
 * @internal
 */
export function querySpecArgs(spec: SoupQuerySpec, qualifiedMatchKey?: string): SqlValue[] {
  switch (spec.queryType) {
    case 'exact':
      return [spec.matchKey];
    case 'like':
      return [spec.likeKey];
    case 'range': {
      const args: SqlValue[] = [];
      if ((spec.beginKey ?? null) !== null) args.push(spec.beginKey as SqlValue);
      if ((spec.endKey ?? null) !== null) args.push(spec.endKey as SqlValue);
      return args;
    }
    case 'match':
      return [qualifiedMatchKey ?? spec.matchKey];
    default:
      return assertNever(spec, 'query spec');
  }
}

/**
 * Identifies the Smart SQL text `toSmartSql` writes for a spec, without its
 * keys: specs with the same plan key compile to the same SQL.
 *
 * @internal
 */
export function planKey(spec: SoupQuerySpec): string {
  let shape = '';
  if (spec.queryType === 'range') {
    shape = `${(spec.beginKey ?? null) === null ? '' : 'b'}${(spec.endKey ?? null) === null ? '' : 'e'}`;
  }
  const select = spec.selectPaths && spec.selectPaths.length > 0 ? spec.selectPaths.join(',') : '';
  const indexPath = 'indexPath' in spec ? (spec.indexPath ?? '') : '';
  return `${spec.queryType}${shape}\u0000${spec.soupName}\u0000${indexPath}\u0000${effectiveOrderPath(spec)}\u0000${spec.order === 'descending' ? 'd' : 'a'}\u0000${select}`;
}

// A "quoted phrase" (optionally a prefix `"…"*`) is one token, so a phrase
// keeps its words together under a column filter; otherwise a token is a run
// of characters other than parentheses and spaces, as in the SDK.
const MATCH_TOKEN = /"(?:[^"]|"")*"\*?|[^() ]+/g;
const OPERATORS = new Set(['and', 'or', 'not']);
const SIMPLE_TERM = /^[^() "{]+$/;

/**
 * The match key as bound to `{soup}_fts MATCH ?`: with an index path every
 * term (not and/or/not, not already a `{soup:path}` reference) gets that
 * path's FTS column as a filter, as the SDK's `qualifyMatchKey`; `{soup:path}`
 * references the user wrote are replaced by FTS column names.
 *
 * @example
 * qualifyMatchKey(soup, 'Name', 'acme OR glob*'); // => 'TABLE_1_0:acme OR TABLE_1_0:glob*'
 *
 * @internal
 */
export function qualifyMatchKey(
  soup: SoupInfo,
  indexPath: string | null | undefined,
  matchKey: string,
): string {
  if (!soup.hasFts) {
    throw new StoreError(
      'STORE_NO_INDEX_FOR_PATH',
      `Soup ${soup.soupName} has no full_text index, so it cannot be queried with match`,
    );
  }
  let key = matchKey;
  if (indexPath !== undefined && indexPath !== null && indexPath !== '') {
    const column = ftsColumnOf(soup, indexPath);
    // The common case, one plain term, needs no tokenizing.
    if (SIMPLE_TERM.test(key) && !OPERATORS.has(key.toLowerCase())) return `${column}:${key}`;
    key = key.replace(MATCH_TOKEN, (token) =>
      OPERATORS.has(token.toLowerCase()) || token.startsWith('{') ? token : `${column}:${token}`,
    );
  }
  return rewriteMatchKeyRefs(key, (ref) => {
    if (ref.soupName !== soup.soupName || ref.path === '') {
      throw new StoreError(
        'STORE_BAD_MATCH_KEY',
        `Match key ${JSON.stringify(matchKey)} refers to {${ref.text}}; only {${soup.soupName}:<full_text path>} can be used here`,
      );
    }
    return ftsColumnOf(soup, ref.path);
  });
}

function ftsColumnOf(soup: SoupInfo, path: string): string {
  const index = soup.byPath.get(path);
  if (index === undefined || index.type !== 'full_text') {
    throw new StoreError(
      'STORE_NO_INDEX_FOR_PATH',
      `${soup.soupName} does not have a full_text index on ${path}`,
    );
  }
  return index.columnName;
}
