/**
 * The inspector's JSON API, one handler per view: plain values in, a status
 * and a JSON body out, so it is tested without HTTP. Everything here reads.
 */
import { SoupkitError } from '../../runtime/errors.js';
import { SmartSqlError } from '../../runtime/smartsql/index.js';
import { buildSmartQuerySpec } from '../../runtime/store/query-spec.js';
import type { QueryRow, StoreCursor } from '../../runtime/store/smart-store.js';
import { LAST_ERROR, LOCAL_FLAGS, SYNCS_SOUP } from '../../runtime/sync/contracts/constants.js';
import { PENDING_SOUP } from '../../runtime/sync/engine/pending-ledger.js';
import { dirtyEntries, readStoreReport, readSyncStates, targetSummary } from '../store-report.js';
import type { StoreView } from '../store-view.js';
import { BadRequest, entriesQuerySpec } from './entries-query.js';

/** A reply of the API. */
export interface ApiReply {
  readonly status: number;
  readonly body: unknown;
}

/** How the console's queries are bounded. */
export interface ConsoleLimits {
  /** How long one Smart SQL query may run before it is killed (`STORE_QUERY_TIMEOUT`). */
  readonly timeoutMs: number;
  /** Rows one console query returns at most. */
  readonly maxRows: number;
}

/** Soups of soupkit's own bookkeeping rather than records. */
const INTERNAL_SOUPS: readonly string[] = [SYNCS_SOUP, PENDING_SOUP];

/** Cursors kept open for the Entries view; the oldest is closed past this many. */
const MAX_CURSORS = 16;
/** Dirty records listed per soup in the Sync view. */
const MAX_DIRTY = 200;

/** The API over one store; `cursors` lives as long as the server. */
export class InspectorApi {
  readonly #store: StoreView;
  readonly #limits: ConsoleLimits;
  readonly #cursors: number[] = [];

  constructor(store: StoreView, limits: ConsoleLimits) {
    this.#store = store;
    this.#limits = limits;
  }

  /** Answers `GET api/<name>?…` (and `POST api/query`); unknown names are 404. */
  async handle(name: string, params: URLSearchParams, body: unknown): Promise<ApiReply> {
    try {
      switch (name) {
        case 'soups':
          return ok({ soups: this.#soups() });
        case 'cursor':
          return ok(this.#openCursor(params));
        case 'page':
          return ok(this.#page(params));
        case 'entry':
          return ok(this.#entry(params));
        case 'query':
          return await this.#query(body);
        case 'syncs':
          return ok(this.#syncs());
        default:
          return { status: 404, body: { error: { code: 'NOT_FOUND', message: `no api/${name}` } } };
      }
    } catch (error) {
      return failure(error);
    }
  }

  #soups() {
    const report = readStoreReport(this.#store);
    return report.soups.map((soup) => {
      const indexSpecs = this.#store.getSoupIndexSpecs(soup.name);
      const types = new Set(indexSpecs.map((spec) => spec.type));
      const features = [
        ...(types.has('full_text') ? ['full-text search'] : []),
        ...(types.has('json1') ? ['json1 indexes'] : []),
        ...(indexSpecs.some((spec) => (LOCAL_FLAGS as readonly string[]).includes(spec.path))
          ? ['sync flags indexed']
          : []),
        ...(INTERNAL_SOUPS.includes(soup.name) ? ['internal (soupkit)'] : []),
      ];
      return { ...soup, indexSpecs, features };
    });
  }

  #openCursor(params: URLSearchParams) {
    const cursor = this.#store.openCursor(entriesQuerySpec(params));
    this.#cursors.push(cursor.cursorId);
    while (this.#cursors.length > MAX_CURSORS) {
      const oldest = this.#cursors.shift();
      if (oldest !== undefined) this.#store.closeCursor(oldest);
    }
    return cursorPage(cursor);
  }

  #page(params: URLSearchParams) {
    const cursorId = Number(params.get('cursor'));
    const pageIndex = Number(params.get('page'));
    if (!this.#cursors.includes(cursorId)) {
      throw new BadRequest('that cursor is closed: run the query again');
    }
    if (!Number.isSafeInteger(pageIndex)) throw new BadRequest('page must be an integer');
    return cursorPage(this.#store.moveCursorToPageIndex(cursorId, pageIndex));
  }

  #entry(params: URLSearchParams) {
    const soup = params.get('soup') ?? '';
    const id = Number(params.get('id'));
    if (!Number.isSafeInteger(id)) throw new BadRequest('id must be an integer');
    const [entry] = this.#store.retrieve(soup, [id]);
    if (entry === undefined) throw new BadRequest(`no entry ${id} in ${soup}`);
    return { entry };
  }

  async #query(body: unknown): Promise<ApiReply> {
    const smartSql = (body as { smartSql?: unknown } | null)?.smartSql;
    if (typeof smartSql !== 'string' || smartSql.trim() === '') {
      throw new BadRequest('send { "smartSql": "select …" }');
    }
    const rows: QueryRow[] = await this.#store.queryIsolated(
      buildSmartQuerySpec({ smartSql, pageSize: this.#limits.maxRows }),
      0,
      { timeoutMs: this.#limits.timeoutMs },
    );
    return ok({ rows, truncated: rows.length === this.#limits.maxRows });
  }

  #syncs() {
    const syncs = readSyncStates(this.#store).map((state) => ({
      id: state.id,
      name: state.name ?? null,
      type: state.type,
      soupName: state.soupName,
      status: state.status,
      progress: state.progress,
      totalSize: state.totalSize,
      maxTimeStamp: state.maxTimeStamp,
      startTime: state.startTime,
      endTime: state.endTime,
      error: state.error,
      summary: targetSummary(state.target),
      target: state.target,
      options: state.options,
    }));
    const dirty = this.#store
      .getAllSoupNames()
      .sort()
      .map((soup) => ({
        soup,
        records: dirtyEntries(this.#store, soup, MAX_DIRTY).map((entry) => ({
          _soupEntryId: entry._soupEntryId,
          Id: entry.Id ?? null,
          flags: Object.fromEntries(LOCAL_FLAGS.map((flag) => [flag, entry[flag] ?? null])),
          lastError: entry[LAST_ERROR] ?? null,
          entry,
        })),
      }))
      .filter((soup) => soup.records.length > 0);
    return { syncs, dirty };
  }
}

function ok(body: unknown): ApiReply {
  return { status: 200, body };
}

function cursorPage(cursor: StoreCursor) {
  return {
    cursorId: cursor.cursorId,
    pageSize: cursor.pageSize,
    totalEntries: cursor.totalEntries,
    totalPages: cursor.totalPages,
    pageIndex: cursor.currentPageIndex,
    entries: cursor.currentPageOrderedEntries,
  };
}

/** An error as the page shows it: the code, one message, and Smart SQL's diagnostics. */
function failure(error: unknown): ApiReply {
  if (error instanceof BadRequest) {
    return { status: 400, body: { error: { code: 'BAD_REQUEST', message: error.message } } };
  }
  if (error instanceof SoupkitError) {
    const diagnostics = error instanceof SmartSqlError ? error.diagnostics : [];
    return {
      status: 400,
      body: { error: { code: error.code, message: error.message, diagnostics } },
    };
  }
  return {
    status: 500,
    body: {
      error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
    },
  };
}
