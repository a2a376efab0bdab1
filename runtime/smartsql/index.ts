/**
 * `soupkit/smartsql`: the Smart SQL compiler. Smart SQL is SQLite's SELECT with
 * `{soup}`, `{soup:path}` and `{soup}_fts` references; this module turns it into
 * SQL over the store's tables. See docs/smartsql.md.
 */
export type * from './ast.js';
export type {
  CatalogIndex,
  CatalogSoup,
  IndexType,
  SoupCatalog,
  SqlValue,
} from './catalog.js';
export { INDEX_TYPES } from './catalog.js';
export {
  formatDiagnostic,
  type SmartSqlDiagnostic,
  type SmartSqlDiagnosticCode,
  SmartSqlError,
  type SmartSqlErrorCode,
  type SmartSqlWarningCode,
} from './diagnostics.js';
export { type MemoryIndexSpec, MemorySoupCatalog } from './memory-catalog.js';
export {
  bindParameters,
  type CompiledQuery,
  type CompileResult,
  compileSmartSql,
  type ParameterSlot,
  type ParseResult,
  parseSmartSql,
  SmartSqlCompiler,
  type SmartSqlCompilerOptions,
  tryCompileSmartSql,
} from './smart-sql.js';
