/**
 * The Entries view's filter and sort, from the page's query string to one of
 * the store's query specs (exact, range, like, match, or all).
 */
import {
  buildAllQuerySpec,
  buildExactQuerySpec,
  buildLikeQuerySpec,
  buildMatchQuerySpec,
  buildRangeQuerySpec,
} from '../../runtime/store/query-spec.js';
import type { QueryKey, QueryOrder, QuerySpec } from '../../runtime/store/specs.js';

/** Page sizes the page offers; anything else is refused. */
export const PAGE_SIZES = [5, 10, 25, 50, 100] as const;

/** Thrown for a filter the page should not have sent; answered with 400. */
export class BadRequest extends Error {}

/**
 * The query spec of `?soup=…&filter=exact|range|like|match&path=…&key=…&begin=…&end=…&sort=…&order=…&pageSize=…`.
 *
 * @example
 * entriesQuerySpec(new URLSearchParams('soup=Account&filter=like&path=Name&key=Glo%25'));
 */
export function entriesQuerySpec(params: URLSearchParams): QuerySpec {
  const soupName = required(params, 'soup');
  const pageSize = Number(params.get('pageSize') ?? 25);
  if (!(PAGE_SIZES as readonly number[]).includes(pageSize)) {
    throw new BadRequest(`pageSize must be one of ${PAGE_SIZES.join(', ')}`);
  }
  const sort = params.get('sort') || null;
  const order: QueryOrder = params.get('order') === 'descending' ? 'descending' : 'ascending';
  const common = { soupName, pageSize, order, ...(sort === null ? {} : { orderPath: sort }) };
  const filter = params.get('filter') || 'all';
  switch (filter) {
    case 'all':
      return buildAllQuerySpec({ ...common, orderPath: sort ?? '_soupEntryId' });
    case 'exact':
      return buildExactQuerySpec({
        ...common,
        indexPath: required(params, 'path'),
        matchKey: key(params.get('key')),
      });
    case 'range':
      return buildRangeQuerySpec({
        ...common,
        indexPath: required(params, 'path'),
        beginKey: key(params.get('begin')),
        endKey: key(params.get('end')),
      });
    case 'like':
      return buildLikeQuerySpec({
        ...common,
        indexPath: required(params, 'path'),
        likeKey: required(params, 'key'),
      });
    case 'match':
      return buildMatchQuerySpec({
        ...common,
        indexPath: params.get('path') || null,
        matchKey: required(params, 'key'),
      });
    default:
      throw new BadRequest(`filter must be all, exact, range, like or match, not ${filter}`);
  }
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') throw new BadRequest(`${name} is required`);
  return value;
}

/** A key as typed: empty is "no bound", a plain number is a number, else text. */
function key(raw: string | null): QueryKey {
  if (raw === null || raw === '') return null;
  return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
}
