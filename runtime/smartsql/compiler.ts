/**
 * AST + catalog → SQL over the store's own tables. Resolves every `{soup}`,
 * `{soup}_fts` and `{soup:path}` against the FROM clauses in scope, qualifies
 * references that could be ambiguous, binds MATCH keys written as literals, and
 * collects errors and warnings as diagnostics data.
 */
import { assertNever, closestName } from '../errors.js';
import type {
  Expression,
  FromNode,
  OrderingTermNode,
  Qualifier,
  ResultColumn,
  SelectCoreNode,
  SelectStatementNode,
  SoupPathNode,
  SoupRefNode,
  TableSource,
} from './ast.js';
import {
  type CatalogIndex,
  type CatalogSoup,
  type SoupCatalog,
  type SqlValue,
  sqlStringLiteral,
} from './catalog.js';
import type { SmartSqlDiagnosticCode, SmartSqlProblem } from './diagnostics.js';
import { ALLOWED_FUNCTIONS } from './functions.js';
import { rewriteMatchKeyRefs } from './match-key-refs.js';
import {
  ftsTableName,
  METADATA_COLUMNS,
  SOUP_COLUMN_POSITION,
  SOUP_TABLE_FIXED_COLUMNS,
} from './soup-layout.js';

/** Where a `?` of the compiled SQL gets its value: a user argument or a value fixed at compile time. */
export type ParameterSlot =
  | { readonly kind: 'arg'; readonly index: number }
  | { readonly kind: 'value'; readonly value: SqlValue };

/** What the compiler produces before the façade adds diagnostics and freezes it. */
export interface CompileOutput {
  readonly sql: string;
  readonly parameters: ParameterSlot[];
  readonly jsonColumns: readonly number[];
  readonly problems: SmartSqlProblem[];
}

const FIXED_COLUMN_COUNT = SOUP_TABLE_FIXED_COLUMNS.length;

interface Source {
  readonly node: TableSource;
  /** Set for `{soup}` and `{soup}_fts` sources. */
  readonly soup: CatalogSoup | undefined;
  readonly fts: boolean;
  /** What SQL qualifies this source's columns with: its alias or its table name. */
  readonly sqlName: string;
  /** Lower-cased, unquoted alias (or table name) for matching qualifiers. */
  readonly key: string;
  readonly aliased: boolean;
  /** Result shape of a sub-select source (for `*` expansion). */
  readonly shape: ColumnShape | undefined;
}

interface Scope {
  readonly sources: Source[];
  readonly parent: Scope | undefined;
  /**
   * The core's result columns once they are printed: their aliases name columns
   * in WHERE, GROUP BY, HAVING and ORDER BY (and sub-selects there), as in
   * SQLite, but not in the result list itself.
   */
  columns: readonly ResultColumn[];
}

/** Columns of a `json_each` / `json_tree` row, hidden ones included. */
const JSON_TABLE_COLUMNS: ReadonlySet<string> = new Set([
  'key',
  'value',
  'type',
  'atom',
  'id',
  'parent',
  'fullkey',
  'path',
  'json',
  'root',
]);

/** Columns of every soup table before its index columns, and SQLite's rowid aliases. */
const SOUP_TABLE_COLUMNS: ReadonlySet<string> = new Set([
  'id',
  'soup',
  'created',
  'lastmodified',
  'rowid',
  'oid',
  '_rowid_',
]);

/** Width of a row source and which of its columns hold whole entries. */
interface ColumnShape {
  readonly width: number | undefined;
  readonly json: readonly number[];
}

const indexMaps = new WeakMap<CatalogSoup, Map<string, CatalogIndex>>();

function indexOf(soup: CatalogSoup, path: string): CatalogIndex | undefined {
  let map = indexMaps.get(soup);
  if (map === undefined) {
    map = new Map();
    for (const index of soup.indexes) if (!map.has(index.path)) map.set(index.path, index);
    indexMaps.set(soup, map);
  }
  return map.get(path);
}

function unquote(name: string): string {
  const head = name.charAt(0);
  if (head === '"' || head === '`' || head === '[' || head === "'") return name.slice(1, -1);
  return name;
}

function nameKey(name: string): string {
  return unquote(name).toLowerCase();
}

const DOUBLE_QUOTE = 0x22;
const UNDERSCORE = 0x5f;

function hasSourceKey(sources: readonly Source[], key: string): boolean {
  for (const source of sources) if (source.key === key) return true;
  return false;
}

/** Whether a join merges columns (USING, NATURAL), so `*` has an unknown width. */
function coalescingJoin(from: FromNode): boolean {
  for (const join of from.joins) {
    if (join.using !== undefined || join.operator.includes('NATURAL')) return true;
  }
  return false;
}

/**
 * Whether a FROM item has (or, for a sub-select whose column names are not
 * plain, may have) a column named `key` (lower case, unquoted).
 */
function sourceMayHaveColumn(source: Source, key: string): boolean {
  const soup = source.soup;
  if (soup !== undefined) {
    if (source.fts) {
      // FTS5: the full_text columns, plus hidden ones named like the table, rank and rowid.
      if (key === 'rank' || key === 'rowid' || key === ftsTableName(soup.tableName).toLowerCase()) {
        return true;
      }
      return soup.indexes.some((i) => i.type === 'full_text' && i.columnName.toLowerCase() === key);
    }
    if (SOUP_TABLE_COLUMNS.has(key)) return true;
    return soup.indexes.some((i) => i.type !== 'json1' && i.columnName.toLowerCase() === key);
  }
  const node = source.node;
  switch (node.kind) {
    case 'tableFunctionSource':
      return JSON_TABLE_COLUMNS.has(key);
    case 'subquerySource':
      return subselectMayHaveColumn(node.select.first.columns, key);
    case 'soupSource':
    case 'namedSource':
      return true;
    default:
      return assertNever(node, 'table source');
  }
}

/**
 * A sub-select's columns are named by their alias, or by the column they read;
 * any other result column (`*`, an expression, `{soup:path}`) gets a name the
 * compiler does not track, so the name may be a column.
 */
function subselectMayHaveColumn(columns: readonly ResultColumn[], key: string): boolean {
  for (const column of columns) {
    if (column.kind !== 'expressionColumn') return true;
    if (column.alias !== undefined) {
      if (nameKey(column.alias) === key) return true;
    } else if (column.expression.kind === 'column') {
      if (nameKey(column.expression.name.text) === key) return true;
    } else {
      return true;
    }
  }
  return false;
}

/**
 * Describes the known soups for an unknown-soup message, suggesting the nearest
 * name.
 *
 * @example
 * describeUnknownSoup('employes', catalog);
 * // 'Unknown soup "employes". Did you mean "employees"? Soups: "employees", "departments"'
 */
export function describeUnknownSoup(name: string, catalog: SoupCatalog): string {
  const names = catalog.getSoupNames();
  if (names.length === 0) return `Unknown soup "${name}": the store has no soups`;
  const best = closestName(name, names);
  const suggestion = best === undefined ? '' : ` Did you mean "${best}"?`;
  const list = names.map((n) => `"${n}"`).join(', ');
  return `Unknown soup "${name}".${suggestion} Soups: ${list}`;
}

/**
 * Compiles one SELECT statement. Errors do not stop the walk, so every problem
 * in the text is reported at once.
 */
export class Compiler {
  readonly #catalog: SoupCatalog;
  #sql = '';
  #slots: ParameterSlot[] = [];
  #problems: SmartSqlProblem[] = [];
  // The soups this query names, looked up once each. A query names one or two
  // soups, so a short list compared by text beats hashing each fresh name.
  #soupNames: string[] = [];
  #soupValues: (CatalogSoup | undefined)[] = [];
  /** Compiled FROM sub-selects: compiled while collecting sources, printed when FROM is reached. */
  #subqueries: Map<TableSource, { sql: string; slots: ParameterSlot[] }> | undefined;

  constructor(catalog: SoupCatalog) {
    this.#catalog = catalog;
  }

  compile(statement: SelectStatementNode): CompileOutput {
    const shape = this.#selectStatement(statement, undefined);
    // The SQL was built by concatenation (a rope of many small strings); reading
    // a character makes V8 flatten it, so cached queries keep one compact string.
    this.#sql.charCodeAt(0);
    return {
      sql: this.#sql,
      parameters: this.#slots,
      jsonColumns: shape.json,
      problems: this.#problems,
    };
  }

  #error(code: SmartSqlDiagnosticCode, message: string, node: { start: number; end: number }) {
    this.#problems.push({
      severity: 'error',
      code,
      message,
      offset: node.start,
      length: node.end - node.start,
    });
  }

  #warn(code: SmartSqlDiagnosticCode, message: string, node: { start: number; end: number }) {
    this.#problems.push({
      severity: 'warning',
      code,
      message,
      offset: node.start,
      length: node.end - node.start,
    });
  }

  /** The soup of that name if this query looked it up already (undefined too when unknown). */
  #seenSoup(soupName: string): CatalogSoup | undefined {
    const names = this.#soupNames;
    for (let i = 0; i < names.length; i++) {
      if (names[i] === soupName) return this.#soupValues[i];
    }
    return undefined;
  }

  /** The catalog's soup of that name, looked up (and reported when unknown) once per query. */
  #soup(ref: { soupName: string; start: number; end: number }): CatalogSoup | undefined {
    const names = this.#soupNames;
    for (let i = 0; i < names.length; i++) {
      if (names[i] === ref.soupName) return this.#soupValues[i];
    }
    const soup = this.#catalog.getSoup(ref.soupName);
    names.push(ref.soupName);
    this.#soupValues.push(soup);
    if (soup === undefined && ref.soupName.length > 0) {
      this.#error('SMARTSQL_UNKNOWN_SOUP', describeUnknownSoup(ref.soupName, this.#catalog), ref);
    }
    return soup;
  }

  // ── statements ───────────────────────────────────────────────────────────

  #selectStatement(statement: SelectStatementNode, parent: Scope | undefined): ColumnShape {
    const firstScope = this.#selectCore(statement.first, parent);
    const shape = firstScope.shape;
    for (const compound of statement.compounds) {
      this.#sql += ` ${compound.operator} `;
      this.#selectCore(compound.core, parent);
    }
    if (statement.orderBy.length > 0) {
      this.#sql += ' ORDER BY ';
      this.#orderingTerms(statement.orderBy, firstScope.scope);
    }
    const limit = statement.limit;
    if (limit) {
      this.#sql += ' LIMIT ';
      this.#expression(limit.limit, firstScope.scope);
      if (limit.second) {
        this.#sql += limit.comma ? ', ' : ' OFFSET ';
        this.#expression(limit.second, firstScope.scope);
      }
    }
    return shape;
  }

  #orderingTerms(terms: readonly OrderingTermNode[], scope: Scope): void {
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i] as OrderingTermNode;
      if (i > 0) this.#sql += ', ';
      this.#expression(term.expression, scope);
      if (term.direction) this.#sql += ` ${term.direction}`;
      if (term.nulls) this.#sql += ` NULLS ${term.nulls}`;
    }
  }

  #selectCore(
    core: SelectCoreNode,
    parent: Scope | undefined,
  ): { scope: Scope; shape: ColumnShape } {
    const scope: Scope = { sources: [], parent, columns: [] };
    // Sources first: result columns refer to them, but are printed before FROM.
    if (core.from) this.#collectSources(core.from, scope);
    this.#sql += 'SELECT ';
    if (core.quantifier) this.#sql += `${core.quantifier} `;
    const shape = this.#resultColumns(core.columns, scope, core.from);
    scope.columns = core.columns;
    if (core.from) {
      this.#sql += ' FROM ';
      this.#from(core.from, scope);
    }
    if (core.where) {
      this.#sql += ' WHERE ';
      this.#expression(core.where, scope);
    }
    if (core.groupBy.length > 0) {
      this.#sql += ' GROUP BY ';
      this.#list(core.groupBy, scope);
    }
    if (core.having) {
      this.#sql += ' HAVING ';
      this.#expression(core.having, scope);
    }
    return { scope, shape };
  }

  #collectSources(from: FromNode, scope: Scope): void {
    this.#addSource(from.first, scope);
    for (const join of from.joins) this.#addSource(join.source, scope);
  }

  #addSource(node: TableSource, scope: Scope): void {
    const source = this.#source(node, scope.parent);
    if (source === undefined) return;
    if (hasSourceKey(scope.sources, source.key)) {
      this.#error(
        'SMARTSQL_DUPLICATE_ALIAS',
        `"${source.sqlName}" names two tables in the same FROM; give each an alias`,
        node,
      );
    }
    scope.sources.push(source);
  }

  #source(node: TableSource, parent: Scope | undefined): Source | undefined {
    switch (node.kind) {
      case 'soupSource': {
        const soup = this.#soup(node.table);
        if (soup === undefined) return undefined;
        if (node.table.fts && !soup.hasFts) {
          this.#error(
            'SMARTSQL_NO_FULL_TEXT',
            `Soup "${soup.soupName}" has no full_text index, so {${soup.soupName}}_fts does not exist`,
            node.table,
          );
        }
        const tableName = node.table.fts ? ftsTableName(soup.tableName) : soup.tableName;
        const sqlName = node.alias ?? tableName;
        return {
          node,
          soup,
          fts: node.table.fts,
          sqlName,
          key: nameKey(sqlName),
          aliased: node.alias !== undefined,
          shape: undefined,
        };
      }
      case 'subquerySource': {
        // Sub-selects in FROM cannot see their siblings, only enclosing queries.
        // They are compiled now (the result columns need their shape) into a
        // side buffer that #tableSource splices in, so slots stay in text order.
        const sql = this.#sql;
        const slots = this.#slots;
        this.#sql = '';
        this.#slots = [];
        const shape = this.#selectStatement(node.select, parent);
        this.#subqueries ??= new Map();
        this.#subqueries.set(node, { sql: this.#sql, slots: this.#slots });
        this.#sql = sql;
        this.#slots = slots;
        const sqlName = node.alias ?? '';
        return {
          node,
          soup: undefined,
          fts: false,
          sqlName,
          key: node.alias === undefined ? `(subquery@${node.start})` : nameKey(node.alias),
          aliased: node.alias !== undefined,
          shape,
        };
      }
      case 'tableFunctionSource': {
        const sqlName = node.alias ?? node.name.text;
        return {
          node,
          soup: undefined,
          fts: false,
          sqlName,
          key: nameKey(sqlName),
          aliased: node.alias !== undefined,
          // key, value, type, atom, id, parent, fullkey, path
          shape: { width: 8, json: [] },
        };
      }
      case 'namedSource':
        this.#error(
          'SMARTSQL_NOT_A_SOUP',
          node.isFunction
            ? `Table-valued function ${node.name}(…) is not allowed in FROM: Smart SQL reads soups ({soupName}) and json_each / json_tree only`
            : `"${node.name}" is not a soup: Smart SQL reads soups only, written {soupName} (soups: ${this.#catalog
                .getSoupNames()
                .map((n) => `{${n}}`)
                .join(', ')})`,
          node,
        );
        return undefined;
      default:
        return assertNever(node, 'table source');
    }
  }

  #from(from: FromNode, scope: Scope): void {
    this.#tableSource(from.first, scope);
    for (const join of from.joins) {
      this.#sql += join.operator === ',' ? ', ' : ` ${join.operator} `;
      this.#tableSource(join.source, scope);
      if (join.on) {
        this.#sql += ' ON ';
        this.#expression(join.on, scope);
      }
      if (join.using) {
        this.#sql += ` USING (${join.using.map((n) => n.text).join(', ')})`;
      }
    }
  }

  #tableSource(node: TableSource, scope: Scope): void {
    switch (node.kind) {
      case 'soupSource': {
        const soup = this.#seenSoup(node.table.soupName);
        const table = soup ? soup.tableName : node.table.soupName;
        this.#sql += node.table.fts ? ftsTableName(table) : table;
        if (node.alias !== undefined) this.#sql += ` AS ${node.alias}`;
        return;
      }
      case 'subquerySource': {
        const compiled = this.#subqueries?.get(node);
        this.#sql += `(${compiled?.sql ?? ''})`;
        if (compiled) for (const slot of compiled.slots) this.#slots.push(slot);
        if (node.alias !== undefined) this.#sql += ` AS ${node.alias}`;
        return;
      }
      case 'tableFunctionSource':
        this.#sql += `${node.name.text}(`;
        this.#list(node.args, scope);
        this.#sql += ')';
        if (node.alias !== undefined) this.#sql += ` AS ${node.alias}`;
        return;
      case 'namedSource':
        this.#sql += node.name;
        return;
      default:
        assertNever(node, 'table source');
    }
  }

  #resultColumns(
    columns: readonly ResultColumn[],
    scope: Scope,
    from: FromNode | undefined,
  ): ColumnShape {
    const json: number[] = [];
    let width: number | undefined = 0;
    const coalescing = from !== undefined && coalescingJoin(from);
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as ResultColumn;
      if (i > 0) this.#sql += ', ';
      switch (column.kind) {
        case 'starColumn':
          this.#sql += '*';
          if (coalescing) width = undefined;
          for (const source of scope.sources) width = this.#expand(source, width, json);
          continue;
        case 'tableStarColumn': {
          const source = this.#qualifierSource(column.table, scope);
          this.#sql += source ? `${source.sqlName}.*` : '*';
          width = source ? this.#expand(source, width, json) : undefined;
          continue;
        }
        case 'expressionColumn': {
          const e = column.expression;
          if (
            width !== undefined &&
            column.alias === undefined &&
            e.kind === 'soupPath' &&
            e.path === '_soup'
          ) {
            json.push(width);
          }
          this.#expression(e, scope);
          if (column.alias !== undefined) this.#sql += ` AS ${column.alias}`;
          if (width !== undefined) width++;
          continue;
        }
        default:
          assertNever(column, 'result column');
      }
    }
    return { width, json };
  }

  /** Adds a source's columns to a `*` expansion; returns the new width (undefined once unknown). */
  #expand(source: Source, width: number | undefined, json: number[]): number | undefined {
    if (width === undefined) return undefined;
    if (source.soup) {
      if (source.fts) {
        return width + source.soup.indexes.filter((i) => i.type === 'full_text').length;
      }
      json.push(width + SOUP_COLUMN_POSITION);
      return (
        width + FIXED_COLUMN_COUNT + source.soup.indexes.filter((i) => i.type !== 'json1').length
      );
    }
    const shape = source.shape;
    if (shape === undefined || shape.width === undefined) return undefined;
    for (const j of shape.json) json.push(width + j);
    return width + shape.width;
  }

  // ── expressions ──────────────────────────────────────────────────────────

  #list(items: readonly Expression[], scope: Scope): void {
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.#sql += ', ';
      this.#expression(items[i] as Expression, scope);
    }
  }

  #expression(e: Expression, scope: Scope): void {
    switch (e.kind) {
      case 'literal':
        this.#sql += e.raw;
        return;
      case 'parameter':
        this.#sql += '?';
        this.#slots.push({ kind: 'arg', index: e.index });
        return;
      case 'soupPath':
        this.#soupPath(e, scope);
        return;
      case 'tableValue': {
        const source = this.#findSoupSource(e.table, scope);
        if (source) {
          // FTS5 only accepts the real table name (not an alias) as MATCH's left side.
          this.#sql +=
            source.fts && source.soup ? ftsTableName(source.soup.tableName) : source.sqlName;
        } else {
          this.#sql += e.table.soupName;
        }
        return;
      }
      case 'column':
        if (e.qualifier) {
          this.#sql += `${this.#qualifierText(e.qualifier, scope)}.`;
        } else if (e.name.text.charCodeAt(0) === DOUBLE_QUOTE) {
          const text = this.#quotedString(e.name.text, scope);
          if (text !== undefined) {
            this.#sql += sqlStringLiteral(text);
            return;
          }
        }
        this.#sql += e.name.text;
        return;
      case 'unary':
        // `- -1` must not print as `--1`, which SQLite reads as a comment.
        this.#sql +=
          e.operator === 'NOT'
            ? 'NOT '
            : e.operand.kind === 'unary'
              ? `${e.operator} `
              : e.operator;
        this.#expression(e.operand, scope);
        return;
      case 'binary':
        this.#expression(e.left, scope);
        this.#sql += ` ${e.operator} `;
        this.#expression(e.right, scope);
        return;
      case 'pattern':
        if (e.operator === 'MATCH') {
          this.#match(e.left, e.right, e.not, scope);
        } else {
          this.#expression(e.left, scope);
          this.#sql += e.not ? ` NOT ${e.operator} ` : ` ${e.operator} `;
          this.#expression(e.right, scope);
        }
        if (e.escape) {
          this.#sql += ' ESCAPE ';
          this.#expression(e.escape, scope);
        }
        return;
      case 'between':
        this.#expression(e.operand, scope);
        this.#sql += e.not ? ' NOT BETWEEN ' : ' BETWEEN ';
        this.#expression(e.low, scope);
        this.#sql += ' AND ';
        this.#expression(e.high, scope);
        return;
      case 'in':
        this.#expression(e.operand, scope);
        this.#sql += e.not ? ' NOT IN (' : ' IN (';
        if ('kind' in e.target) {
          this.#selectStatement(e.target, scope);
        } else {
          this.#list(e.target, scope);
        }
        this.#sql += ')';
        return;
      case 'nullTest':
        this.#expression(e.operand, scope);
        this.#sql += ` ${e.spelling}`;
        return;
      case 'functionCall': {
        const name = unquote(e.name.text).toLowerCase();
        if (!ALLOWED_FUNCTIONS.has(name)) {
          const nearest = closestName(name, [...ALLOWED_FUNCTIONS]);
          const hint = nearest === undefined ? '' : ` Did you mean ${nearest}()?`;
          this.#error(
            'SMARTSQL_UNSAFE_FUNCTION',
            `Function ${name}() is not allowed in Smart SQL: only SQLite's core, aggregate, window, date, math, JSON and full-text functions may be called.${hint}`,
            e.name,
          );
        }
        this.#sql += `${e.name.text}(`;
        if (e.args === '*') {
          this.#sql += '*';
        } else {
          if (e.distinct) this.#sql += 'DISTINCT ';
          this.#list(e.args, scope);
        }
        this.#sql += ')';
        if (e.filter) {
          this.#sql += ' FILTER (WHERE ';
          this.#expression(e.filter, scope);
          this.#sql += ')';
        }
        if (e.over) {
          this.#sql += ' OVER (';
          if (e.over.partitionBy.length > 0) {
            this.#sql += 'PARTITION BY ';
            this.#list(e.over.partitionBy, scope);
            if (e.over.orderBy.length > 0) this.#sql += ' ';
          }
          if (e.over.orderBy.length > 0) {
            this.#sql += 'ORDER BY ';
            this.#orderingTerms(e.over.orderBy, scope);
          }
          this.#sql += ')';
        }
        return;
      }
      case 'paren':
        this.#sql += '(';
        this.#list(e.items, scope);
        this.#sql += ')';
        return;
      case 'subquery':
        this.#sql += '(';
        this.#selectStatement(e.select, scope);
        this.#sql += ')';
        return;
      case 'exists':
        this.#sql += 'EXISTS (';
        this.#selectStatement(e.select, scope);
        this.#sql += ')';
        return;
      case 'cast':
        this.#sql += 'CAST(';
        this.#expression(e.operand, scope);
        this.#sql += ` AS ${e.typeName})`;
        return;
      case 'case':
        this.#sql += 'CASE ';
        if (e.operand) {
          this.#expression(e.operand, scope);
          this.#sql += ' ';
        }
        for (const branch of e.branches) {
          this.#sql += 'WHEN ';
          this.#expression(branch.when, scope);
          this.#sql += ' THEN ';
          this.#expression(branch.result, scope);
          this.#sql += ' ';
        }
        if (e.otherwise) {
          this.#sql += 'ELSE ';
          this.#expression(e.otherwise, scope);
          this.#sql += ' ';
        }
        this.#sql += 'END';
        return;
      case 'collate':
        this.#expression(e.operand, scope);
        this.#sql += ` COLLATE ${e.collation.text}`;
        return;
      default:
        assertNever(e, 'expression');
    }
  }

  // ── references ───────────────────────────────────────────────────────────

  #soupPath(e: SoupPathNode, scope: Scope): void {
    const soup = this.#soup(e);
    if (soup === undefined) {
      this.#sql += 'NULL';
      return;
    }
    const resolved = this.#resolvePath(e, soup, scope);
    if (resolved === undefined) {
      this.#sql += 'NULL';
      return;
    }
    this.#resolvedPath(e, soup, resolved, scope);
  }

  /** Prints a `{soup:path}` already resolved to the FROM item it reads. */
  #resolvedPath(
    e: SoupPathNode,
    soup: CatalogSoup,
    { source, owner }: { source: Source; owner: Scope },
    scope: Scope,
  ): void {
    // Metadata paths start with "_": other paths skip hashing for that lookup.
    const metadata = e.path.charCodeAt(0) === UNDERSCORE ? METADATA_COLUMNS.get(e.path) : undefined;
    const index = metadata === undefined ? indexOf(soup, e.path) : undefined;
    const explicit = e.qualifier !== undefined;
    if (source.fts) {
      // Only full_text paths exist as columns of the full-text table.
      if (index === undefined || index.type !== 'full_text') {
        this.#error(
          'SMARTSQL_NOT_FULL_TEXT_PATH',
          `{${soup.soupName}}_fts has no column for "${e.path}": only full_text paths are in the full-text table`,
          e,
        );
        this.#sql += 'NULL';
        return;
      }
      const qualify = explicit || owner !== scope || scope.sources.length > 1;
      this.#sql += qualify ? `${source.sqlName}.${index.columnName}` : index.columnName;
      return;
    }
    if (metadata !== undefined) {
      this.#sql += `${source.sqlName}.${metadata}`;
      return;
    }
    if (index !== undefined && index.type !== 'json1') {
      const qualify = explicit || owner !== scope || this.#sameSoupCount(scope, soup) > 1;
      this.#sql += qualify ? `${source.sqlName}.${index.columnName}` : index.columnName;
      return;
    }
    if (index === undefined) {
      this.#warn(
        'SMARTSQL_UNINDEXED_PATH',
        `Path "${e.path}" of soup "${soup.soupName}" has no index: it is read with json_extract on every row (slow path); add an index spec to speed it up`,
        e,
      );
    }
    const qualify = explicit || owner !== scope || scope.sources.length > 1;
    const column = qualify ? `${source.sqlName}.soup` : 'soup';
    this.#sql += `json_extract(${column}, ${sqlStringLiteral(`$.${e.path}`)})`;
  }

  #sameSoupCount(scope: Scope, soup: CatalogSoup): number {
    let count = 0;
    for (const source of scope.sources) if (source.soup === soup) count++;
    return count;
  }

  /** Finds the FROM item a `{soup:path}` reads, walking out through enclosing queries. */
  #resolvePath(
    e: SoupPathNode,
    soup: CatalogSoup,
    scope: Scope,
  ): { source: Source; owner: Scope } | undefined {
    if (e.qualifier) {
      const found = this.#findQualifier(e.qualifier, scope);
      if (found === undefined) return undefined;
      if (found.source.soup !== soup) {
        this.#error(
          'SMARTSQL_QUALIFIER_MISMATCH',
          `${this.#qualifierDisplay(e.qualifier)} is ${
            found.source.soup
              ? `soup "${found.source.soup.soupName}"`
              : found.source.node.kind === 'subquerySource'
                ? 'a sub-select'
                : 'a table-valued function'
          }, not soup "${soup.soupName}"`,
          e,
        );
        return undefined;
      }
      return found;
    }
    for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
      let match: Source | undefined;
      let ftsMatch: Source | undefined;
      let count = 0;
      for (const source of s.sources) {
        if (source.soup !== soup) continue;
        if (source.fts) {
          ftsMatch ??= source;
        } else {
          match ??= source;
          count++;
        }
      }
      if (count > 1) {
        this.#error(
          'SMARTSQL_AMBIGUOUS_REFERENCE',
          `{${soup.soupName}:${e.path}} is ambiguous: soup "${soup.soupName}" appears ${count} times in FROM; qualify it with an alias (alias.{${soup.soupName}:${e.path}})`,
          e,
        );
        return undefined;
      }
      if (match) return { source: match, owner: s };
      if (ftsMatch) return { source: ftsMatch, owner: s };
    }
    this.#error(
      'SMARTSQL_SOUP_NOT_IN_FROM',
      `{${soup.soupName}:${e.path}} refers to soup "${soup.soupName}", which is not in the FROM clause of this query`,
      e,
    );
    return undefined;
  }

  /** The nearest FROM item that is `{soup}` (or `{soup}_fts`), walking out through enclosing queries. */
  #soupSourceInScope(
    soup: CatalogSoup,
    fts: boolean,
    scope: Scope,
  ): { source: Source; owner: Scope } | undefined {
    for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
      for (const source of s.sources) {
        if (source.soup === soup && source.fts === fts) return { source, owner: s };
      }
    }
    return undefined;
  }

  /** Finds `{soup}` or `{soup}_fts` used as a value among the sources in scope. */
  #findSoupSource(ref: SoupRefNode, scope: Scope): Source | undefined {
    const soup = this.#soup(ref);
    if (soup === undefined) return undefined;
    const found = this.#soupSourceInScope(soup, ref.fts, scope);
    if (found !== undefined) return found.source;
    this.#error(
      'SMARTSQL_SOUP_NOT_IN_FROM',
      `{${soup.soupName}}${ref.fts ? '_fts' : ''} is not in the FROM clause of this query`,
      ref,
    );
    return undefined;
  }

  #findQualifier(q: Qualifier, scope: Scope): { source: Source; owner: Scope } | undefined {
    if (q.kind === 'soupRef') {
      const soup = this.#soup(q);
      if (soup === undefined) return undefined;
      const found = this.#soupSourceInScope(soup, q.fts, scope);
      if (found === undefined) {
        this.#error(
          'SMARTSQL_UNKNOWN_QUALIFIER',
          `{${soup.soupName}}${q.fts ? '_fts' : ''} is not in the FROM clause of this query`,
          q,
        );
        return undefined;
      }
      const { source } = found;
      if (source.aliased) {
        this.#error(
          'SMARTSQL_UNKNOWN_QUALIFIER',
          `{${soup.soupName}}${q.fts ? '_fts' : ''} has the alias ${source.sqlName} in this query; qualify with ${source.sqlName} instead`,
          q,
        );
        return undefined;
      }
      return found;
    }
    const key = nameKey(q.text);
    for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
      for (const source of s.sources) if (source.key === key) return { source, owner: s };
    }
    const known = this.#aliasesInScope(scope);
    this.#error(
      'SMARTSQL_UNKNOWN_QUALIFIER',
      `"${q.text}" is not a table alias in this query${known.length > 0 ? ` (aliases: ${known.join(', ')})` : ''}`,
      q,
    );
    return undefined;
  }

  #aliasesInScope(scope: Scope): string[] {
    const names: string[] = [];
    for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
      for (const source of s.sources) if (source.aliased) names.push(source.sqlName);
    }
    return names;
  }

  #qualifierSource(q: Qualifier, scope: Scope): Source | undefined {
    return this.#findQualifier(q, scope)?.source;
  }

  #qualifierText(q: Qualifier, scope: Scope): string {
    if (q.kind === 'name') return q.text;
    return this.#findQualifier(q, scope)?.source.sqlName ?? q.soupName;
  }

  #qualifierDisplay(q: Qualifier): string {
    return q.kind === 'name' ? `"${q.text}"` : `{${q.soupName}}${q.fts ? '_fts' : ''}`;
  }

  // ── double-quoted strings ────────────────────────────────────────────────

  /**
   * SQLite's double-quoted-string quirk, which the SDK's queries rely on: an
   * unqualified `"name"` that names no column in scope is the string literal
   * `'name'`. Returns the string's text, or undefined when the name is (or may
   * be) a column and stays an identifier.
   */
  #quotedString(quoted: string, scope: Scope): string | undefined {
    const text = quoted.slice(1, -1).replaceAll('""', '"');
    const key = text.toLowerCase();
    for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
      for (const column of s.columns) {
        if (column.kind === 'expressionColumn' && column.alias !== undefined) {
          if (nameKey(column.alias) === key) return undefined;
        }
      }
      for (const source of s.sources) {
        if (sourceMayHaveColumn(source, key)) return undefined;
      }
    }
    return text;
  }

  // ── full-text MATCH ──────────────────────────────────────────────────────

  #match(left: Expression, right: Expression, not: boolean, scope: Scope): void {
    // The soup whose full-text table is searched: `{soup:path}` refs in a literal key must be its.
    let ftsSoup: CatalogSoup | undefined;
    if (left.kind === 'soupPath') {
      const soup = this.#soup(left);
      const resolved = soup ? this.#resolvePath(left, soup, scope) : undefined;
      if (soup === undefined || resolved === undefined) {
        // Already reported; keep compiling the key for its own errors.
        this.#sql += 'NULL MATCH ';
        this.#matchKey(right, scope, undefined);
        return;
      }
      ftsSoup = soup;
      if (!resolved.source.fts) {
        const index = indexOf(soup, left.path);
        if (index === undefined || index.type !== 'full_text') {
          this.#error(
            'SMARTSQL_NOT_FULL_TEXT_PATH',
            `MATCH needs a full_text index, and "${left.path}" of soup "${soup.soupName}" has ${
              index ? `a ${index.type} index` : 'no index'
            }`,
            left,
          );
        }
        // A soup-table column cannot be MATCHed; go through the full-text table.
        this.#sql += `(${resolved.source.sqlName}.id ${not ? 'NOT IN' : 'IN'} (SELECT rowid FROM ${ftsTableName(soup.tableName)} WHERE ${
          index?.columnName ?? 'NULL'
        } MATCH `;
        this.#matchKey(right, scope, soup);
        this.#sql += '))';
        return;
      }
      this.#resolvedPath(left, soup, resolved, scope);
    } else {
      if (left.kind === 'tableValue' && left.table.fts) ftsSoup = this.#soup(left.table);
      this.#expression(left, scope);
    }
    this.#sql += not ? ' NOT MATCH ' : ' MATCH ';
    this.#matchKey(right, scope, ftsSoup);
  }

  /** A literal key is bound as a value (never pasted), with `{soup:path}` turned into FTS column names. */
  #matchKey(key: Expression, scope: Scope, ftsSoup: CatalogSoup | undefined): void {
    let text: string | undefined;
    if (key.kind === 'literal' && key.literalType === 'string') {
      text = key.raw.slice(1, -1).replaceAll("''", "'");
    } else if (
      key.kind === 'column' &&
      key.qualifier === undefined &&
      key.name.text.charCodeAt(0) === DOUBLE_QUOTE
    ) {
      text = this.#quotedString(key.name.text, scope);
    }
    if (text === undefined) {
      this.#expression(key, scope);
      return;
    }
    this.#sql += '?';
    this.#slots.push({
      kind: 'value',
      value: this.#resolveMatchText(text, key.start + 1, ftsSoup),
    });
  }

  #resolveMatchText(text: string, baseOffset: number, ftsSoup: CatalogSoup | undefined): string {
    return rewriteMatchKeyRefs(text, (ref) => {
      // Brace groups without exactly one colon are FTS5 column sets (`{a b}: term`): left alone.
      if (!ref.isSoupPath) return undefined;
      const { soupName, path } = ref;
      // Offsets are approximate inside literals with doubled quotes.
      const span = { start: baseOffset + ref.start, end: baseOffset + ref.end };
      const soup = this.#catalog.getSoup(soupName);
      if (soup === undefined) {
        this.#error('SMARTSQL_UNKNOWN_SOUP', describeUnknownSoup(soupName, this.#catalog), span);
        return '';
      }
      if (ftsSoup !== undefined && soup !== ftsSoup) {
        this.#error(
          'SMARTSQL_NOT_FULL_TEXT_PATH',
          `{${soupName}:${path}} in a MATCH key names soup "${soupName}", but the MATCH searches {${ftsSoup.soupName}}_fts`,
          span,
        );
        return '';
      }
      const index = indexOf(soup, path);
      if (index === undefined || index.type !== 'full_text') {
        this.#error(
          'SMARTSQL_NOT_FULL_TEXT_PATH',
          `{${soupName}:${path}} in a MATCH key must be a full_text path of soup "${soupName}"`,
          span,
        );
        return '';
      }
      return index.columnName;
    });
  }
}
