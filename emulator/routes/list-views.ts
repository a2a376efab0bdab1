/**
 * List views, two per object as a fresh org has them: "All <plural>" (every
 * live record, by name) and "Recently Viewed" (the running user's recently
 * viewed records of the type, newest first). Served: the list
 * (`GET …/sobjects/{T}/listviews`), one view, its describe, and its results.
 */
import { json, notFound, ReplyError } from '../http.js';
import type { OrgRecord } from '../org/records.js';
import type { FieldSchema, TypeSchema } from '../org/schema.js';
import type { Route, RouteContext } from '../router.js';
import { syntheticId } from './layout-shapes.js';

type Json = Record<string, unknown>;

interface ListView {
  readonly id: string;
  readonly label: string;
  readonly developerName: string;
  readonly scope: 'everything' | 'mru';
}

const DEFAULT_RESULTS = 25;
const MAX_RESULTS = 2000;

function viewsOf(type: TypeSchema): ListView[] {
  const plural = String(type.describe.value.labelPlural ?? type.label);
  const compact = plural.replace(/[^A-Za-z0-9]/g, '');
  return [
    {
      id: syntheticId('00B', type, 1),
      label: `All ${plural}`,
      developerName: `All${compact}`,
      scope: 'everything',
    },
    {
      id: syntheticId('00B', type, 2),
      label: 'Recently Viewed',
      developerName: `RecentlyViewed${compact}`,
      scope: 'mru',
    },
  ];
}

function typeOf({ state, params }: RouteContext): TypeSchema {
  const type = state.org.schema.type(params.type as string);
  if (type === undefined) throw new ReplyError(notFound());
  return type;
}

function viewOf(context: RouteContext): { type: TypeSchema; view: ListView } {
  const type = typeOf(context);
  const view = viewsOf(type).find((v) => v.id.slice(0, 15) === context.params.id?.slice(0, 15));
  if (view === undefined) throw new ReplyError(notFound());
  return { type, view };
}

function basic(type: TypeSchema, view: ListView, version: string): Json {
  const url = `/services/data/${version}/sobjects/${type.name}/listviews/${view.id}`;
  return {
    describeUrl: `${url}/describe`,
    developerName: view.developerName,
    id: view.id,
    label: view.label,
    resultsUrl: `${url}/results`,
    soqlCompatible: true,
    url,
  };
}

/** The columns: the name field (sorted on), then up to three more, then the hidden Id. */
function columnFields(type: TypeSchema): FieldSchema[] {
  const name = type.nameField;
  const others = type.fields.filter(
    (f) =>
      f !== name &&
      f.createable &&
      ['string', 'picklist', 'phone', 'email', 'date'].includes(f.type),
  );
  return [...(name ? [name] : []), ...others.slice(0, 3)];
}

function columns(type: TypeSchema, view: ListView): Json[] {
  const sorted = view.scope === 'everything' ? type.nameField?.name : undefined;
  const visible = columnFields(type).map((f) => ({
    ascendingLabel: 'A-Z',
    descendingLabel: 'Z-A',
    fieldNameOrPath: f.name,
    hidden: false,
    label: f.label,
    searchable: f.type !== 'picklist',
    selectListItem: f.name,
    sortDirection: f.name === sorted ? 'ascending' : null,
    sortIndex: f.name === sorted ? 0 : null,
    sortable: true,
    type: f.type,
  }));
  const id = {
    ascendingLabel: null,
    descendingLabel: null,
    fieldNameOrPath: 'Id',
    hidden: true,
    label: 'Record ID',
    searchable: false,
    selectListItem: 'Id',
    sortDirection: null,
    sortIndex: null,
    sortable: false,
    type: 'id',
  };
  return [...visible, id];
}

function soql(type: TypeSchema, view: ListView): string {
  const select = [...columnFields(type).map((f) => f.name), 'Id'].join(', ');
  const name = type.nameField?.name ?? 'Id';
  return view.scope === 'everything'
    ? `SELECT ${select} FROM ${type.name} ORDER BY ${name} ASC NULLS FIRST, Id ASC NULLS FIRST`
    : `SELECT ${select} FROM ${type.name} USING SCOPE mru ORDER BY LastViewedDate DESC NULLS LAST, Id DESC NULLS LAST`;
}

function rowsOf(context: RouteContext, type: TypeSchema, view: ListView): OrgRecord[] {
  const { org } = context.state;
  if (view.scope === 'mru') {
    return org.recentlyViewed(type.name).map((id) => org.get(type.name, id) as OrgRecord);
  }
  const name = type.nameField?.name ?? 'Id';
  const key = (r: OrgRecord) => String(r[name] ?? '').toLowerCase();
  return org.all(type.name).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function cell(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function results(context: RouteContext): Json {
  const { type, view } = viewOf(context);
  const limitText = context.request.query.get('limit');
  const offsetText = context.request.query.get('offset');
  const limit = Math.min(Math.max(Number(limitText ?? DEFAULT_RESULTS) || 0, 0), MAX_RESULTS);
  const offset = Math.max(Number(offsetText ?? 0) || 0, 0);
  const all = rowsOf(context, type, view);
  const page = all.slice(offset, offset + limit);
  const shown = columns(type, view);
  return {
    columns: shown,
    developerName: view.developerName,
    done: offset + page.length >= all.length,
    id: view.id,
    label: view.label,
    records: page.map((record) => ({
      columns: shown.map((c) => ({
        fieldNameOrPath: c.fieldNameOrPath,
        value: cell(record[c.fieldNameOrPath as string]),
      })),
    })),
    size: page.length,
  };
}

/** @internal */
export const listViewRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/services/data/:version/sobjects/:type/listviews',
    auth: true,
    handle: (context) => {
      const type = typeOf(context);
      const views = viewsOf(type).map((v) => basic(type, v, context.params.version as string));
      return json(200, {
        done: true,
        listviews: views,
        nextRecordsUrl: null,
        size: views.length,
        sobjectType: type.name,
      });
    },
  },
  {
    method: 'GET',
    path: '/services/data/:version/sobjects/:type/listviews/:id',
    auth: true,
    handle: (context) => {
      const { type, view } = viewOf(context);
      return json(200, basic(type, view, context.params.version as string));
    },
  },
  {
    method: 'GET',
    path: '/services/data/:version/sobjects/:type/listviews/:id/describe',
    auth: true,
    handle: (context) => {
      const { type, view } = viewOf(context);
      const name = type.nameField?.name ?? 'Id';
      return json(200, {
        columns: columns(type, view),
        id: view.id,
        orderBy:
          view.scope === 'everything'
            ? [{ fieldNameOrPath: name, nullsPosition: 'first', sortDirection: 'ascending' }]
            : [],
        query: soql(type, view),
        relatedEntityId: null,
        scope: view.scope,
        scopeEntityId: null,
        sobjectType: type.name,
        whereCondition: null,
      });
    },
  },
  {
    method: 'GET',
    path: '/services/data/:version/sobjects/:type/listviews/:id/results',
    auth: true,
    handle: (context) => json(200, results(context)),
  },
];
