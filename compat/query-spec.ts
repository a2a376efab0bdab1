/**
 * Query specs as the SDK's JS APIs build them (positional builders, every key
 * present, `null` for the unused ones), and their translation into the
 * store's specs (which carry the soup name inside).
 */
import type { QueryOrder, QuerySpec } from '../runtime/index.js';
import { CompatError } from './compat-error.js';

type Key = string | number | null;

/** A query spec as the SDK's JS builders make it. */
export interface SdkQuerySpec {
  queryType: string | null;
  indexPath: string | null;
  matchKey: Key;
  likeKey: string | null;
  beginKey: Key;
  endKey: Key;
  smartSql: string | null;
  orderPath: string | null;
  order: QueryOrder;
  pageSize: number;
  selectPaths: readonly string[] | null;
}

const DEFAULT_PAGE_SIZE = 10;

function newSpec(path: string | null | undefined): SdkQuerySpec {
  return {
    queryType: 'exact',
    indexPath: path ?? null,
    matchKey: null,
    likeKey: null,
    beginKey: null,
    endKey: null,
    smartSql: null,
    orderPath: null,
    order: 'ascending',
    pageSize: DEFAULT_PAGE_SIZE,
    selectPaths: null,
  };
}

type Order = QueryOrder | null | undefined;
type Size = number | null | undefined;
type Paths = readonly string[] | null | undefined;

function finish(
  spec: SdkQuerySpec,
  order: Order,
  pageSize: Size,
  orderPath: string | null | undefined,
  selectPaths: Paths,
): SdkQuerySpec {
  if (order) spec.order = order;
  if (pageSize) spec.pageSize = pageSize;
  spec.orderPath = orderPath ? orderPath : spec.indexPath;
  if (selectPaths) spec.selectPaths = selectPaths;
  return spec;
}

/**
 * Every entry, ordered by `path` (a range query with open ends).
 *
 * @example
 * buildAllQuerySpec('Name', 'descending', 50);
 */
export function buildAllQuerySpec(
  path: string | null,
  order?: Order,
  pageSize?: Size,
  selectPaths?: Paths,
): SdkQuerySpec {
  const spec = newSpec(path);
  spec.queryType = 'range';
  return finish(spec, order, pageSize, path, selectPaths);
}

/**
 * Entries whose `path` equals `matchKey`.
 *
 * @example
 * buildExactQuerySpec('Id', '001000000000001AAA', 10);
 */
export function buildExactQuerySpec(
  path: string,
  matchKey: Key,
  pageSize?: Size,
  order?: Order,
  orderPath?: string | null,
  selectPaths?: Paths,
): SdkQuerySpec {
  const spec = newSpec(path);
  spec.matchKey = matchKey;
  return finish(spec, order, pageSize, orderPath, selectPaths);
}

/**
 * Entries with `beginKey <= path <= endKey` (`null` leaves a side open).
 *
 * @example
 * buildRangeQuerySpec('Amount', 10, 100, 'ascending', 20);
 */
export function buildRangeQuerySpec(
  path: string,
  beginKey: Key,
  endKey: Key,
  order?: Order,
  pageSize?: Size,
  orderPath?: string | null,
  selectPaths?: Paths,
): SdkQuerySpec {
  const spec = newSpec(path);
  spec.queryType = 'range';
  spec.beginKey = beginKey;
  spec.endKey = endKey;
  return finish(spec, order, pageSize, orderPath, selectPaths);
}

/**
 * Entries whose `path` is SQL LIKE `likeKey`.
 *
 * @example
 * buildLikeQuerySpec('Name', 'Acme%', 'ascending', 10);
 */
export function buildLikeQuerySpec(
  path: string,
  likeKey: string,
  order?: Order,
  pageSize?: Size,
  orderPath?: string | null,
  selectPaths?: Paths,
): SdkQuerySpec {
  const spec = newSpec(path);
  spec.queryType = 'like';
  spec.likeKey = likeKey;
  return finish(spec, order, pageSize, orderPath, selectPaths);
}

/**
 * Full-text match on `path`, or on every full_text path when `path` is null.
 *
 * @example
 * buildMatchQuerySpec(null, 'grey', 'ascending', 10);
 */
export function buildMatchQuerySpec(
  path: string | null,
  matchKey: string,
  order?: Order,
  pageSize?: Size,
  orderPath?: string | null,
  selectPaths?: Paths,
): SdkQuerySpec {
  const spec = newSpec(path);
  spec.queryType = 'match';
  spec.matchKey = matchKey;
  return finish(spec, order, pageSize, orderPath, selectPaths);
}

/**
 * A Smart SQL query; rows come back as arrays.
 *
 * @example
 * buildSmartQuerySpec('select count(*) from {accounts}', 1);
 */
export function buildSmartQuerySpec(smartSql: string, pageSize?: Size): SdkQuerySpec {
  const spec = newSpec(null);
  spec.queryType = 'smart';
  spec.smartSql = smartSql;
  if (pageSize) spec.pageSize = pageSize;
  return spec;
}

/** The store's spec for an SDK spec on `soupName` (`null` for a smart spec). */
export function toStoreSpec(soupName: string | null, sdk: Partial<SdkQuerySpec>): QuerySpec {
  if (typeof sdk !== 'object' || sdk === null) {
    throw new CompatError('COMPAT_BAD_ARGUMENT', 'a query spec must be an object');
  }
  const pageSize = sdk.pageSize ? sdk.pageSize : DEFAULT_PAGE_SIZE;
  if (sdk.queryType === 'smart') {
    return { queryType: 'smart', smartSql: String(sdk.smartSql ?? ''), pageSize };
  }
  if (typeof soupName !== 'string' || soupName === '') {
    throw new CompatError('COMPAT_BAD_ARGUMENT', 'a soup name is required');
  }
  const common = {
    soupName,
    pageSize,
    // No orderPath: the store orders by indexPath, as the SDK does.
    ...(sdk.orderPath ? { orderPath: sdk.orderPath } : {}),
    order: sdk.order ?? 'ascending',
    ...(sdk.selectPaths ? { selectPaths: sdk.selectPaths } : {}),
  };
  switch (sdk.queryType) {
    case 'exact':
      return {
        queryType: 'exact',
        indexPath: String(sdk.indexPath),
        matchKey: sdk.matchKey ?? null,
        ...common,
      };
    case 'range':
      return {
        queryType: 'range',
        indexPath: sdk.indexPath ?? null,
        beginKey: sdk.beginKey ?? null,
        endKey: sdk.endKey ?? null,
        ...common,
      };
    case 'like':
      return {
        queryType: 'like',
        indexPath: String(sdk.indexPath),
        likeKey: String(sdk.likeKey ?? ''),
        ...common,
      };
    case 'match':
      return {
        queryType: 'match',
        indexPath: sdk.indexPath ?? null,
        matchKey: String(sdk.matchKey ?? ''),
        ...common,
      };
    default:
      throw new CompatError(
        'COMPAT_BAD_ARGUMENT',
        `queryType must be exact, range, like, match or smart, not ${JSON.stringify(sdk.queryType ?? null)}`,
      );
  }
}
