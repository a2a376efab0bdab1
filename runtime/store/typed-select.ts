/**
 * The row types of a typed soup's `select`: which paths can be selected, and
 * the value each one reads, derived from the record type and the index specs
 * the way the store reads them (`{soup:path}` in Smart SQL): an index column
 * holds the index type's form of the value, an unindexed path reads what
 * `json_extract` gives.
 */
import type { MetadataPath } from '../smartsql/soup-layout.js';
import type { IndexSpec, IndexType, SoupEntry } from './specs.js';

type Depth = readonly unknown[];

/**
 * The dotted paths into a record type: its keys, and the keys of object-valued
 * fields one level down (`Owner.Name`). Arrays are not entered.
 */
export type RecordPath<TRecord, TDepth extends Depth = []> = TDepth['length'] extends 2
  ? never
  : TRecord extends object
    ? {
        [K in keyof TRecord & string]-?:
          | K
          | (NonNullable<TRecord[K]> extends readonly unknown[]
              ? never
              : NonNullable<TRecord[K]> extends object
                ? `${K}.${RecordPath<NonNullable<TRecord[K]>, [...TDepth, K]>}`
                : never);
      }[keyof TRecord & string]
    : never;

/** `null` when `T` may be null or missing. */
type NullIfMissing<T> = null extends T ? null : undefined extends T ? null : never;

/** The type at a dotted path of a record (`unknown` when the record type does not have it). */
export type PathValue<TRecord, TPath extends string> = TPath extends keyof NonNullable<TRecord>
  ? NonNullable<TRecord>[TPath] | NullIfMissing<TRecord>
  : TPath extends `${infer THead}.${infer TRest}`
    ? THead extends keyof NonNullable<TRecord>
      ? PathValue<NonNullable<TRecord>[THead], TRest> | NullIfMissing<TRecord>
      : unknown
    : unknown;

/**
 * What `json_extract` returns for a JSON value of type `T`: strings and
 * numbers as they are, booleans as 0 or 1, objects and arrays as JSON text,
 * a missing value as `null`.
 */
export type JsonExtractValue<T> = unknown extends T
  ? string | number | null
  : T extends null | undefined
    ? null
    : T extends string | number
      ? T
      : T extends boolean
        ? 0 | 1
        : string;

/** What an index column of `TType` holds for a value of type `T`. */
export type IndexColumnValue<TType extends IndexType, T> = TType extends 'string' | 'full_text'
  ? unknown extends T
    ? string | null
    : T extends string
      ? T
      : T extends null | undefined
        ? null
        : string
  : TType extends 'integer' | 'floating'
    ? unknown extends T
      ? number | null
      : T extends number
        ? number
        : null
    : JsonExtractValue<T>;

/** The metadata paths that read a number (all but `_soup`, the whole entry). */
type NumericMetaPath = Exclude<MetadataPath, '_soup'>;

/**
 * The paths a typed soup can select: its indexed paths, the record's paths
 * (one level into objects), the metadata paths and `_soup` (the whole entry).
 */
export type SelectablePath<TRecord, TSpecs extends readonly IndexSpec[]> =
  | TSpecs[number]['path']
  | RecordPath<TRecord>
  | NumericMetaPath
  | '_soup';

/** The value a selected path reads. */
export type SelectedValue<
  TRecord,
  TSpecs extends readonly IndexSpec[],
  TPath,
> = TPath extends '_soup'
  ? SoupEntry<TRecord>
  : TPath extends NumericMetaPath
    ? number
    : TPath extends string
      ? TPath extends TSpecs[number]['path']
        ? IndexColumnValue<
            Extract<TSpecs[number], { readonly path: TPath }>['type'],
            PathValue<TRecord, TPath>
          >
        : JsonExtractValue<PathValue<TRecord, TPath>>
      : never;

/**
 * One row of `select(paths)`: the paths' values, in order.
 *
 * @example
 * type Row = SelectedRow<{ Name: string; Revenue: number | null }, [], ['Name', 'Revenue']>;
 * // => [string, number | null]
 */
export type SelectedRow<
  TRecord,
  TSpecs extends readonly IndexSpec[],
  TPaths extends readonly unknown[],
> = { -readonly [K in keyof TPaths]: SelectedValue<TRecord, TSpecs, TPaths[K]> };
