/**
 * `GET …/query?q=` and `GET …/queryAll?q=` (recycle bin included), with
 * paging: pages of 2000, or of `Sforce-Query-Options: batchSize=N` (200–2000);
 * `nextRecordsUrl` names a cursor that holds the whole result as it was when
 * the query ran, so records changing between page requests never shift pages.
 */
import { json, notFound, sfError } from '../http.js';
import type { TypeSchema } from '../org/schema.js';
import type { Route, RouteContext } from '../router.js';
import { evaluateSoql } from '../soql/evaluate.js';
import { parseSoql } from '../soql/parse.js';
import type { EmulatorState, QueryCursor } from '../state.js';

const DEFAULT_PAGE = 2000;
const MIN_PAGE = 200;
/** Cursors expire after 15 minutes of the org's time, as on the platform. */
const CURSOR_LIFETIME_MS = 15 * 60 * 1000;

function pageSizeOf(header: string | undefined): number {
  const match = /batchSize\s*=\s*(\d+)/i.exec(header ?? '');
  if (match === null) return DEFAULT_PAGE;
  return Math.min(DEFAULT_PAGE, Math.max(MIN_PAGE, Number(match[1])));
}

function page(cursor: QueryCursor, locator: string | undefined, offset: number) {
  const records = cursor.records.slice(offset, offset + cursor.pageSize);
  const next = offset + records.length;
  const done = next >= cursor.records.length;
  return json(200, {
    totalSize: cursor.records.length,
    done,
    ...(done || locator === undefined
      ? {}
      : {
          nextRecordsUrl: `/services/data/${cursor.version}/${cursor.resource}/${locator}-${next}`,
        }),
    records,
  });
}

/** A list view's id: `00B`, the emulator's `EM0`, then the key prefix of its type. */
const LIST_VIEW_ID = /^00BEM0([0-9A-Za-z]{3})[0-9A-Za-z]{6}(?:[0-9A-Za-z]{3})?$/;

/**
 * `?explain=` with a query or a list view id: the platform's query plan shape.
 * Every plan is a table scan, as the emulator keeps no indexes a plan could use.
 */
function explain(state: EmulatorState, target: string, version: string) {
  const listView = LIST_VIEW_ID.exec(target);
  let type: TypeSchema | undefined;
  let cardinality: number;
  if (listView !== null) {
    type = state.org.schema.typeOfId(listView[1] as string);
    if (type === undefined) return notFound();
    cardinality = state.org.all(type.name).length;
  } else {
    const query = parseSoql(target);
    type = state.org.requireType(query.from);
    cardinality = evaluateSoql(query, {
      org: state.org,
      version,
      now: state.clock.now(),
      includeDeleted: false,
      text: target,
    }).totalSize;
  }
  const total = state.org.all(type.name).length;
  return json(200, {
    plans: [
      {
        cardinality,
        fields: [],
        leadingOperationType: 'TableScan',
        notes: [],
        relativeCost: total === 0 ? 0 : Math.round((cardinality / total) * 100) / 100,
        sobjectCardinality: total,
        sobjectType: type.name,
      },
    ],
    sourceQuery: target,
  });
}

function runQuery(resource: 'query' | 'queryAll') {
  return ({ state, params, request }: RouteContext) => {
    const plan = request.query.get('explain');
    if (plan !== null && plan.trim() !== '') {
      return explain(state, plan, params.version as string);
    }
    const text = request.query.get('q');
    if (text === null || text.trim() === '') {
      return sfError(400, 'MALFORMED_QUERY', 'A query string (q) is required');
    }
    const version = params.version as string;
    const query = parseSoql(text);
    const result = evaluateSoql(query, {
      org: state.org,
      version,
      now: state.clock.now(),
      includeDeleted: resource === 'queryAll',
      text,
    });
    if (result.records.length === 0) {
      return json(200, { totalSize: result.totalSize, done: true, records: [] });
    }
    const cursor: QueryCursor = {
      records: result.records,
      pageSize: pageSizeOf(request.headers['sforce-query-options']),
      version,
      resource,
      createdAt: state.clock.now(),
    };
    const locator = result.records.length > cursor.pageSize ? state.openCursor(cursor) : undefined;
    return page(cursor, locator, 0);
  };
}

function nextPage({ state, params }: RouteContext) {
  const match = /^(01g[0-9A-Za-z]+)-(\d+)$/.exec(params.locator as string);
  const cursor = match === null ? undefined : state.cursors.get(match[1] as string);
  if (
    match === null ||
    cursor === undefined ||
    state.clock.now() - cursor.createdAt > CURSOR_LIFETIME_MS
  ) {
    if (match !== null) state.cursors.delete(match[1] as string);
    return sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  }
  const offset = Number(match[2]);
  if (offset > cursor.records.length)
    return sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  return page(cursor, match[1], offset);
}

/** @internal */
export const queryRoutes: readonly Route[] = [
  { method: 'GET', path: '/services/data/:version/query', auth: true, handle: runQuery('query') },
  { method: 'GET', path: '/services/data/:version/query/:locator', auth: true, handle: nextPage },
  {
    method: 'GET',
    path: '/services/data/:version/queryAll',
    auth: true,
    handle: runQuery('queryAll'),
  },
  {
    method: 'GET',
    path: '/services/data/:version/queryAll/:locator',
    auth: true,
    handle: nextPage,
  },
];
