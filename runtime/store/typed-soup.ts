/**
 * Typed soups: a soup definition that carries its record type and its index
 * specs as literal types, and a binding to a store whose `upsert`, `retrieve`
 * and `query` only accept indexed paths and keys of the indexed type.
 * `soupkit generate` emits one definition per soup.
 */
import type { ENTRY_META_FIELDS } from '../smartsql/soup-layout.js';
import { DEFAULT_PAGE_SIZE } from './query-spec.js';
import type {
  IndexSpec,
  IndexType,
  QueryKey,
  QueryOrder,
  QuerySpec,
  SoupEntry,
  SoupEntryMeta,
} from './specs.js';

import type { SelectablePath, SelectedRow } from './typed-select.js';

export type { SoupEntry, SoupEntryMeta } from './specs.js';
export type {
  IndexColumnValue,
  JsonExtractValue,
  PathValue,
  RecordPath,
  SelectablePath,
  SelectedRow,
  SelectedValue,
} from './typed-select.js';

/** An entry to upsert: with `_soupEntryId` it updates that entry, without it creates one. */
export type SoupEntryInput<TRecord> = TRecord & Partial<SoupEntryMeta>;

/**
 * A soup's name, index specs and (as a phantom type) record type.
 *
 * @example
 * interface Account {
 *   Id: string;
 *   Name: string;
 * }
 * const accountSoup: SoupDefinition<Account, readonly IndexSpec[]> = defineSoup<Account>()({
 *   soupName: 'accounts',
 *   indexSpecs: [
 *     { path: 'Id', type: 'string' },
 *     { path: 'Name', type: 'full_text' },
 *   ],
 * });
 */
export interface SoupDefinition<TRecord, TSpecs extends readonly IndexSpec[]> {
  readonly soupName: string;
  readonly indexSpecs: TSpecs;
  /** Never set; carries the record type. */
  readonly recordType?: TRecord;
}

/**
 * Declares a typed soup. Called in two steps so the record type is given
 * explicitly while the index specs keep their literal types.
 *
 * @example
 * interface Contact {
 *   Id: string;
 *   LastName: string;
 * }
 * export const contactSoup = defineSoup<Contact>()({
 *   soupName: 'contacts',
 *   indexSpecs: [{ path: 'Id', type: 'string' }, { path: 'LastName', type: 'string' }],
 * });
 */
export function defineSoup<TRecord extends object>() {
  return <const TSpecs extends readonly IndexSpec[]>(definition: {
    readonly soupName: string;
    readonly indexSpecs: TSpecs;
  }): SoupDefinition<TRecord, TSpecs> =>
    Object.freeze({ soupName: definition.soupName, indexSpecs: definition.indexSpecs });
}

/** The metadata paths a typed query can use (those stored in every entry). */
type MetaPath = (typeof ENTRY_META_FIELDS)[number];

/** The paths a soup has an index on. */
export type IndexedPath<TSpecs extends readonly IndexSpec[]> = TSpecs[number]['path'];

/** Indexed paths plus the metadata paths every soup can be queried on. */
export type QueryablePath<TSpecs extends readonly IndexSpec[]> = IndexedPath<TSpecs> | MetaPath;

/** The paths of `full_text` indexes, the only ones a match query can target. */
export type FullTextPath<TSpecs extends readonly IndexSpec[]> = Extract<
  TSpecs[number],
  { readonly type: 'full_text' }
>['path'];

type KeyForIndexType<TType extends IndexType> = TType extends 'integer' | 'floating'
  ? number
  : TType extends 'json1'
    ? string | number
    : string;

/** The type a query key must have for a path: numbers for numeric indexes, strings for text ones. */
export type KeyFor<
  TSpecs extends readonly IndexSpec[],
  TPath extends QueryablePath<TSpecs>,
> = TPath extends MetaPath
  ? number
  : KeyForIndexType<Extract<TSpecs[number], { readonly path: TPath }>['type']>;

interface TypedQueryOptions<TSpecs extends readonly IndexSpec[]> {
  /** Entries per page; default 10, as the Mobile SDK's query spec builders. */
  readonly pageSize?: number;
  readonly orderPath?: QueryablePath<TSpecs>;
  readonly order?: QueryOrder;
}

type ExactOn<TSpecs extends readonly IndexSpec[], TPath extends QueryablePath<TSpecs>> = {
  readonly queryType: 'exact';
  readonly indexPath: TPath;
  readonly matchKey: KeyFor<TSpecs, TPath>;
};

type RangeOn<TSpecs extends readonly IndexSpec[], TPath extends QueryablePath<TSpecs>> = {
  readonly queryType: 'range';
  readonly indexPath: TPath;
  readonly beginKey?: KeyFor<TSpecs, TPath> | null;
  readonly endKey?: KeyFor<TSpecs, TPath> | null;
};

/**
 * A query spec checked against a soup's index specs: `indexPath` must be
 * indexed, keys must have the index's type, `match` only targets full_text paths.
 */
export type TypedQuerySpec<TSpecs extends readonly IndexSpec[]> = TypedQueryOptions<TSpecs> &
  (
    | { [P in QueryablePath<TSpecs>]: ExactOn<TSpecs, P> }[QueryablePath<TSpecs>]
    | { [P in QueryablePath<TSpecs>]: RangeOn<TSpecs, P> }[QueryablePath<TSpecs>]
    | { readonly queryType: 'all' }
    | {
        readonly queryType: 'like';
        readonly indexPath: QueryablePath<TSpecs>;
        readonly likeKey: string;
      }
    | {
        readonly queryType: 'match';
        readonly indexPath?: FullTextPath<TSpecs>;
        readonly matchKey: string;
      }
  );

/** The part of `SmartStore` a typed soup uses. */
export interface TypedSoupHost {
  registerSoup(soupName: string, indexSpecs: readonly IndexSpec[]): void;
  upsert(soupName: string, entries: readonly object[], externalIdPath?: string): unknown[];
  retrieve(soupName: string, ids: readonly number[]): unknown[];
  remove(soupName: string, ids: readonly number[]): void;
  query(querySpec: QuerySpec, pageIndex?: number): unknown[];
  count(querySpec: QuerySpec): number;
  clearSoup(soupName: string): void;
}

/** A soup bound to a store, with typed entries and queries. */
export interface TypedSoup<TRecord, TSpecs extends readonly IndexSpec[]> {
  readonly soupName: string;
  readonly indexSpecs: TSpecs;
  /** Registers the soup with its index specs (no-op when it exists, as in the SDK). */
  register(): void;
  upsert(entries: readonly SoupEntryInput<TRecord>[]): SoupEntry<TRecord>[];
  /** Upserts matching on an indexed path, e.g. `Id`: updates the entry with the same value. */
  upsertByExternalId(
    entries: readonly SoupEntryInput<TRecord>[],
    externalIdPath: IndexedPath<TSpecs>,
  ): SoupEntry<TRecord>[];
  retrieve(ids: readonly number[]): SoupEntry<TRecord>[];
  remove(ids: readonly number[]): void;
  query(spec: TypedQuerySpec<TSpecs>, pageIndex?: number): SoupEntry<TRecord>[];
  count(spec: TypedQuerySpec<TSpecs>): number;
  /**
   * One page of the entries a query matches (every entry by default), each as
   * a tuple of the selected paths' values, typed from the record and the index
   * specs: a string or full_text index reads text, an integer or floating
   * index a number, an unindexed path what `json_extract` gives (booleans as
   * 0/1, objects as JSON text); a value that may be missing may be `null`.
   *
   * @example
   * const rows = accounts.select(['Name', 'AnnualRevenue'], { queryType: 'all', orderPath: 'Name' });
   * // rows: [string, number | null][]
   */
  select<
    const TPaths extends readonly [
      SelectablePath<TRecord, TSpecs>,
      ...SelectablePath<TRecord, TSpecs>[],
    ],
  >(
    paths: TPaths,
    spec?: TypedQuerySpec<TSpecs>,
    pageIndex?: number,
  ): SelectedRow<TRecord, TSpecs, TPaths>[];
  clear(): void;
}

/**
 * Binds a soup definition to an open store.
 *
 * @example
 * interface Account {
 *   Id: string;
 *   Name: string;
 * }
 * const accountSoup = defineSoup<Account>()({
 *   soupName: 'accounts',
 *   indexSpecs: [{ path: 'Id', type: 'string' }, { path: 'Name', type: 'string' }],
 * });
 * const accounts = bindSoup(store, accountSoup);
 * accounts.register();
 * accounts.upsert([{ Id: '001000000000001AAA', Name: 'Acme' }]);
 * const page = accounts.query({ queryType: 'exact', indexPath: 'Name', matchKey: 'Acme' });
 */
export function bindSoup<TRecord, TSpecs extends readonly IndexSpec[]>(
  store: TypedSoupHost,
  definition: SoupDefinition<TRecord, TSpecs>,
): TypedSoup<TRecord, TSpecs> {
  const { soupName, indexSpecs } = definition;
  const toQuerySpec = (spec: TypedQuerySpec<TSpecs>): QuerySpec =>
    toUntypedQuerySpec(soupName, spec as UntypedSpec);
  return {
    soupName,
    indexSpecs,
    register: () => store.registerSoup(soupName, indexSpecs),
    upsert: (entries) => store.upsert(soupName, entries) as SoupEntry<TRecord>[],
    upsertByExternalId: (entries, externalIdPath) =>
      store.upsert(soupName, entries, externalIdPath) as SoupEntry<TRecord>[],
    retrieve: (ids) => store.retrieve(soupName, ids) as SoupEntry<TRecord>[],
    remove: (ids) => store.remove(soupName, ids),
    query: (spec, pageIndex = 0) =>
      store.query(toQuerySpec(spec), pageIndex) as SoupEntry<TRecord>[],
    count: (spec) => store.count(toQuerySpec(spec)),
    select: <
      const TPaths extends readonly [
        SelectablePath<TRecord, TSpecs>,
        ...SelectablePath<TRecord, TSpecs>[],
      ],
    >(
      paths: TPaths,
      spec: TypedQuerySpec<TSpecs> = { queryType: 'all' },
      pageIndex = 0,
    ) =>
      store.query(
        { ...toQuerySpec(spec), selectPaths: paths } as QuerySpec,
        pageIndex,
      ) as SelectedRow<TRecord, TSpecs, TPaths>[],
    clear: () => store.clearSoup(soupName),
  };
}

/** The typed spec with its literal types erased, as `toUntypedQuerySpec` reads it. */
type UntypedSpec = {
  readonly queryType: 'exact' | 'range' | 'all' | 'like' | 'match';
  readonly indexPath?: string;
  readonly matchKey?: QueryKey;
  readonly beginKey?: QueryKey;
  readonly endKey?: QueryKey;
  readonly likeKey?: string;
  readonly pageSize?: number;
  readonly orderPath?: string;
  readonly order?: QueryOrder;
};

function toUntypedQuerySpec(soupName: string, spec: UntypedSpec): QuerySpec {
  const common = {
    soupName,
    pageSize: spec.pageSize ?? DEFAULT_PAGE_SIZE,
    orderPath: spec.orderPath ?? spec.indexPath ?? null,
    order: spec.order ?? 'ascending',
  } as const;
  switch (spec.queryType) {
    case 'exact':
      return {
        ...common,
        queryType: 'exact',
        indexPath: spec.indexPath ?? '',
        matchKey: spec.matchKey ?? null,
      };
    case 'range':
      return {
        ...common,
        queryType: 'range',
        indexPath: spec.indexPath ?? null,
        beginKey: spec.beginKey ?? null,
        endKey: spec.endKey ?? null,
      };
    case 'all':
      return { ...common, queryType: 'range', indexPath: null, beginKey: null, endKey: null };
    case 'like':
      return {
        ...common,
        queryType: 'like',
        indexPath: spec.indexPath ?? '',
        likeKey: spec.likeKey ?? '',
      };
    case 'match':
      return {
        ...common,
        queryType: 'match',
        indexPath: spec.indexPath ?? null,
        matchKey: String(spec.matchKey ?? ''),
      };
  }
}
