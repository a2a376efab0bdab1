/**
 * Query plans: every query spec becomes Smart SQL (as in the SDK), compiled
 * against the store's soups, wrapped for its purpose (a page, the count, the
 * ids to remove) and prepared once; plans are cached until the soups change.
 * Pages are read within the result budget and their JSON decoded here.
 */
import { assertNever } from '../errors.js';
import type { SqlValue } from '../smartsql/catalog.js';
import { bindParameters, type CompiledQuery, SmartSqlCompiler } from '../smartsql/index.js';
import { checkResultSize, streamRowsWithinBudget } from './query-budget.js';
import {
  planKey,
  type QueryPurpose,
  qualifyMatchKey,
  querySpecArgs,
  toSmartSql,
} from './query-spec.js';
import type { QuerySpec, StoredEntry } from './specs.js';
import type { SqliteStatement } from './sqlite-handle.js';
import { SchemaBoundCache } from './statement-cache.js';
import type { StoreContext } from './store-context.js';
import { StoreError, toStoreError } from './store-error.js';

/** A query result row: an entry, or for smart specs and `selectPaths` an array of values. */
export type QueryRow = StoredEntry | unknown[];

/** A compiled, prepared query for one purpose. */
export interface QueryPlan {
  readonly compiled: CompiledQuery;
  readonly rowsAreEntries: boolean;
  readonly isSmart: boolean;
  /** Names the query in error messages. */
  readonly context: string;
  readonly isMatch: boolean;
  /** The SQL of `statement`. */
  readonly sql: string;
  readonly statement: SqliteStatement;
}

/** A plan with the values to bind to its `?`s (before the page's offset and size). */
export interface ResolvedQuery {
  readonly plan: QueryPlan;
  readonly args: SqlValue[];
}

/** Pages up to this many rows of a query spec are read in one native call. */
const WHOLE_PAGE_ROWS = 1000;

/**
 * The plans of one store.
 *
 * @internal
 */
export class QueryPlans {
  readonly #ctx: StoreContext;
  readonly #compiler: SmartSqlCompiler;
  readonly #plans: SchemaBoundCache<QueryPlan>;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#compiler = new SmartSqlCompiler(ctx.registry);
    this.#plans = new SchemaBoundCache(ctx.registry);
  }

  /**
   * The prepared statement for a spec and purpose, and the values to bind.
   * Plans are cached by Smart SQL text (smart specs) or by the spec's shape
   * without its keys (other specs); the Smart SQL goes through the compiler
   * (and its cache) once per plan.
   */
  resolve(
    spec: QuerySpec,
    whereArgs: readonly SqlValue[] | undefined,
    purpose: QueryPurpose,
  ): ResolvedQuery {
    if (spec.queryType === 'smart') {
      const userArgs = whereArgs ?? [];
      checkWhereArgs(userArgs);
      const key = `${purpose}\u0000smart\u0000${spec.smartSql}`;
      let plan = this.#plans.get(key);
      if (plan === undefined) {
        // Another connection may have registered a soup this query names.
        this.#ctx.syncRegistry();
        plan = this.#addPlan(key, spec.smartSql, purpose, spec);
      }
      return { plan, args: bindParameters(plan.compiled, userArgs) };
    }
    if (whereArgs !== undefined && whereArgs !== null) {
      throw new StoreError(
        'STORE_BAD_ARGUMENT',
        'whereArgs can only be provided for smart queries',
      );
    }
    const soup = this.#ctx.soup(spec.soupName);
    const qualified =
      spec.queryType === 'match' ? qualifyMatchKey(soup, spec.indexPath, spec.matchKey) : undefined;
    const key = `${purpose}\u0000${planKey(spec)}`;
    const plan =
      this.#plans.get(key) ?? this.#addPlan(key, toSmartSql(spec, purpose), purpose, spec);
    return { plan, args: bindParameters(plan.compiled, querySpecArgs(spec, qualified)) };
  }

  /** Reads page `pageIndex` of a resolved `page` query within the result budget. */
  page({ plan, args }: ResolvedQuery, pageSize: number, pageIndex: number): QueryRow[] {
    let rows: unknown[];
    const offset = pageIndex * pageSize;
    const statement = plan.statement;
    const { maxResultBytes } = this.#ctx.limits;
    try {
      if (plan.isSmart || pageSize > WHOLE_PAGE_ROWS) {
        // A smart query can make values of any size: read it row by row.
        rows = streamRowsWithinBudget(
          statement,
          [...args, offset, pageSize],
          maxResultBytes,
          plan.context,
        );
      } else {
        // A query spec's page holds at most pageSize stored entries (or paths
        // of them): one native call, with fixed arity for the common shapes,
        // since spreading into it costs about as much as the rest of a lookup.
        switch (args.length) {
          case 0:
            rows = statement.all(offset, pageSize);
            break;
          case 1:
            rows = statement.all(args[0] as SqlValue, offset, pageSize);
            break;
          case 2:
            rows = statement.all(args[0] as SqlValue, args[1] as SqlValue, offset, pageSize);
            break;
          default:
            rows = statement.all(...args, offset, pageSize);
        }
        checkResultSize(rows, maxResultBytes, plan.context);
      }
    } catch (error) {
      throw toStoreError(error, plan.context, plan.isMatch);
    }
    return decodeRows(rows, plan);
  }

  /** How many rows a resolved `count` query counts. */
  count({ plan, args }: ResolvedQuery): number {
    return this.#ctx.run(plan.context, () => Number(plan.statement.get(...args)), plan.isMatch);
  }

  /** The entry ids of the first `pageSize` rows of a resolved `ids` query. */
  ids({ plan, args }: ResolvedQuery, pageSize: number): number[] {
    return this.#ctx.run(
      plan.context,
      () => plan.statement.all(...args, pageSize) as number[],
      plan.isMatch,
    );
  }

  clear(): void {
    this.#plans.clear();
  }

  #addPlan(key: string, smartSql: string, purpose: QueryPurpose, spec: QuerySpec): QueryPlan {
    const compiled = this.#compiler.compile(smartSql);
    const isSmart = spec.queryType === 'smart';
    const isMatch = spec.queryType === 'match';
    const rowsAreEntries =
      !isSmart && (spec.selectPaths === undefined || spec.selectPaths === null);
    const context = isSmart ? 'smart query' : `${spec.queryType} query on soup ${spec.soupName}`;
    const sql = wrapForPurpose(compiled.sql, purpose, isSmart);
    const statement = this.#ctx.run(context, () => {
      try {
        return this.#ctx.db.prepare(sql);
      } catch (error) {
        if (purpose === 'ids' && isSmart && /no such column: id/.test(String(error))) {
          throw new StoreError(
            'STORE_BAD_QUERY_SPEC',
            `${context}: a smart query given to removeByQuery must select {soup:_soupEntryId}`,
            { cause: error },
          );
        }
        throw error;
      }
    });
    if (purpose === 'page' && !rowsAreEntries) statement.raw(true);
    else statement.pluck(true);
    const plan: QueryPlan = { compiled, rowsAreEntries, isSmart, context, isMatch, sql, statement };
    this.#plans.set(key, plan);
    return plan;
  }
}

/**
 * The statement's SQL. Smart SQL may carry its own LIMIT or be a compound
 * SELECT, so it is wrapped as in the SDK; the Smart SQL we generate ends with
 * its ORDER BY, and a LIMIT appended there avoids the sub-select's cost.
 */
function wrapForPurpose(sql: string, purpose: QueryPurpose, isSmart: boolean): string {
  switch (purpose) {
    case 'page':
      return isSmart ? `SELECT * FROM (${sql}) LIMIT ?, ?` : `${sql} LIMIT ?, ?`;
    case 'count':
      return isSmart ? `SELECT count(*) FROM (${sql})` : sql;
    case 'ids':
      // A smart spec must name its id column `id`, as {soup:_soupEntryId} does.
      return isSmart ? `SELECT id FROM (${sql}) LIMIT ?` : `${sql} LIMIT ?`;
    default:
      return assertNever(purpose, 'query purpose');
  }
}

/**
 * Parses the JSON a page's rows carry: whole entries, or the `_soup` columns of a smart query.
 *
 * @internal
 */
export function decodeRows(
  rows: unknown[],
  plan: Pick<QueryPlan, 'rowsAreEntries' | 'compiled'>,
): QueryRow[] {
  if (plan.rowsAreEntries) {
    for (let i = 0; i < rows.length; i++) rows[i] = JSON.parse(rows[i] as string);
    return rows as StoredEntry[];
  }
  const { jsonColumns } = plan.compiled;
  if (jsonColumns.length > 0) {
    for (const row of rows as unknown[][]) {
      for (const column of jsonColumns) {
        const value = row[column];
        if (typeof value === 'string') row[column] = JSON.parse(value);
      }
    }
  }
  return rows as unknown[][];
}

function checkWhereArgs(args: unknown): asserts args is readonly SqlValue[] {
  if (
    !Array.isArray(args) ||
    args.some(
      (arg) =>
        arg !== null &&
        typeof arg !== 'string' &&
        typeof arg !== 'number' &&
        typeof arg !== 'bigint',
    )
  ) {
    throw new StoreError(
      'STORE_BAD_ARGUMENT',
      'whereArgs must be an array of strings, numbers, bigints or nulls',
    );
  }
  const position = args.findIndex(
    (arg) => typeof arg === 'bigint' && (arg < INT64_MIN || arg > INT64_MAX),
  );
  if (position >= 0) {
    throw new StoreError(
      'STORE_BAD_ARGUMENT',
      `whereArgs[${position}] is ${String(args[position])}n, outside SQLite's 64-bit integers`,
    );
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
