/**
 * soupkit: the runtime that apps and generated code import. The encrypted
 * SmartStore, its index and query specs, typed soups, and the errors.
 */
export { assertNever, InternalError, SoupkitError } from './errors.js';
export type {
  CatalogIndex,
  CatalogSoup,
  IndexType,
  SoupCatalog,
  SqlValue,
} from './smartsql/catalog.js';
export { INDEX_TYPES } from './smartsql/catalog.js';
export { SmartSqlError } from './smartsql/index.js';
export {
  type CipherSettings,
  DEFAULT_CIPHER_SETTINGS,
  type HmacAlgorithm,
  type KdfAlgorithm,
} from './store/open-encrypted.js';
export { project } from './store/project.js';
export { DEFAULT_MAX_RESULT_BYTES, type QueryLimits } from './store/query-budget.js';
export {
  buildAllQuerySpec,
  buildExactQuerySpec,
  buildLikeQuerySpec,
  buildMatchQuerySpec,
  buildRangeQuerySpec,
  buildSmartQuerySpec,
  DEFAULT_PAGE_SIZE,
} from './store/query-spec.js';
export {
  type IsolatedQueryOptions,
  type QueryRow,
  type SmartQueryOptions,
  SmartStore,
  type SmartStoreOptions,
  type StoreCursor,
  type StoredEntry,
} from './store/smart-store.js';
export type {
  ExactQuerySpec,
  IndexSpec,
  LikeQuerySpec,
  MatchQuerySpec,
  QueryKey,
  QueryOrder,
  QuerySpec,
  QueryType,
  RangeQuerySpec,
  SmartQuerySpec,
} from './store/specs.js';
export { StoreError, type StoreErrorCode } from './store/store-error.js';
export {
  bindSoup,
  defineSoup,
  type FullTextPath,
  type IndexedPath,
  type KeyFor,
  type QueryablePath,
  type SelectablePath,
  type SelectedRow,
  type SelectedValue,
  type SoupDefinition,
  type SoupEntry,
  type SoupEntryInput,
  type SoupEntryMeta,
  type TypedQuerySpec,
  type TypedSoup,
  type TypedSoupHost,
} from './store/typed-soup.js';
