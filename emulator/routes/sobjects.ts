/**
 * sObject metadata and rows:
 * - `GET …/sobjects` (describeGlobal), `GET …/sobjects/{T}` (basic info with
 *   `recentItems`), `GET …/sobjects/{T}/describe`;
 * - rows: `POST …/sobjects/{T}`, `GET|PATCH|DELETE …/sobjects/{T}/{id}` (with
 *   `If-Unmodified-Since` on PATCH), upsert `PATCH …/sobjects/{T}/{field}/{value}`
 *   and retrieve by external id `GET …/sobjects/{T}/{field}/{value}`.
 * Type and field names match in any case; answers use the canonical names.
 */
import {
  type EmulatorResponse,
  json,
  jsonBody,
  notFound,
  ReplyError,
  rawJson,
  sfError,
} from '../http.js';
import { parseDateTime } from '../org/clock.js';
import { isWellFormedId, toId18 } from '../org/ids.js';
import { type OrgRecord, OrgWriteError } from '../org/records.js';
import type { Route, RouteContext } from '../router.js';
import { fieldList, restRecord, unknownField, withoutKey } from './records-shape.js';

function typeOf({ state, params }: RouteContext) {
  const type = state.org.schema.type(params.type as string);
  if (type === undefined) throw new ReplyError(notFound());
  return type;
}

function recordBody(context: RouteContext): OrgRecord {
  const body = jsonBody(context.request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ReplyError(
      sfError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object'),
    );
  }
  return body as OrgRecord;
}

function parseHttpDate(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * `GET …/sobjects/{T}/{field}/{value}`: the record whose external-id (or
 * idLookup) field has the value; 300 with their URLs when several do; 404 for
 * none, and for a field that is not an external id (so any unknown
 * three-segment path answers 404, as on the platform).
 */
function retrieveByExternalId(context: RouteContext): EmulatorResponse {
  const type = typeOf(context);
  const { state, params, request } = context;
  const version = params.version as string;
  const field = type.field(params.field as string);
  if (field === undefined || !(field.externalId || field.idLookup)) {
    return sfError(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${params.field}`,
    );
  }
  const fields = fieldList(request.query.get('fields'));
  const invalid = fields === undefined ? undefined : unknownField(type, fields);
  if (invalid !== undefined) throw invalid;
  const value = params.value as string;
  const ids =
    field.name === 'Id'
      ? state.org.get(type.name, value) === undefined
        ? []
        : [toId18(value)]
      : state.org.findByKey(type, field, value);
  if (ids.length > 1) {
    return json(
      300,
      ids.map((id) => `/services/data/${version}/sobjects/${type.name}/${id}`),
    );
  }
  const record = ids[0] === undefined ? undefined : state.org.get(type.name, ids[0]);
  if (record === undefined) return notFound();
  return json(200, restRecord(type, record, version, fields));
}

/** @internal */
export const sobjectRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/services/data/:version/sobjects',
    auth: true,
    handle: ({ state, params }) =>
      json(200, {
        encoding: 'UTF-8',
        maxBatchSize: 200,
        sobjects: state.describes
          .all()
          .map((describe) => state.describes.globalEntry(describe, params.version as string)),
      }),
  },
  {
    method: 'GET',
    path: '/services/data/:version/sobjects/:type',
    auth: true,
    handle: (context) => {
      const type = typeOf(context);
      const { state, params } = context;
      const version = params.version as string;
      const nameField = type.nameField?.name ?? 'Name';
      const recentItems = state.org.recentlyViewed(type.name).map((id) => {
        const record = state.org.get(type.name, id) as OrgRecord;
        return restRecord(type, record, version, ['Id', nameField]);
      });
      return json(200, {
        objectDescribe: state.describes.globalEntry(type.describe, version),
        recentItems,
      });
    },
  },
  {
    method: 'POST',
    path: '/services/data/:version/sobjects/:type',
    auth: true,
    handle: (context) => {
      const type = typeOf(context);
      const id = context.state.org.insert(type.name, recordBody(context));
      return {
        ...json(201, { id, success: true, errors: [] }),
        headers: {
          'content-type': 'application/json;charset=UTF-8',
          location: `/services/data/${context.params.version}/sobjects/${type.name}/${id}`,
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/services/data/:version/sobjects/:type/describe',
    auth: true,
    handle: (context) => rawJson(200, typeOf(context).describe.body),
  },
  {
    method: 'GET',
    path: '/services/data/:version/sobjects/:type/:id',
    auth: true,
    handle: (context) => {
      const type = typeOf(context);
      const { state, params, request } = context;
      const id = params.id as string;
      const fields = fieldList(request.query.get('fields'));
      const invalid = fields === undefined ? undefined : unknownField(type, fields);
      if (invalid !== undefined) throw invalid;
      const record = state.org.get(type.name, id);
      // A record in the recycle bin reads as any missing one (writes to it answer ENTITY_IS_DELETED).
      if (record === undefined) return notFound();
      return json(200, restRecord(type, record, params.version as string, fields));
    },
  },
  {
    method: 'GET',
    path: '/services/data/:version/sobjects/:type/:field/:value',
    auth: true,
    handle: retrieveByExternalId,
  },
  {
    method: 'PATCH',
    path: '/services/data/:version/sobjects/:type/:id',
    auth: true,
    handle: (context) => {
      const type = typeOf(context);
      const { state, params, request } = context;
      const id = params.id as string;
      const condition = request.headers['if-unmodified-since'];
      if (condition !== undefined) {
        const since = parseHttpDate(condition);
        const current = state.org.get(type.name, id);
        const modified =
          current === undefined ? undefined : parseDateTime(String(current.LastModifiedDate));
        // HTTP dates have whole seconds: a record changed later in the same second counts as changed.
        if (
          since !== undefined &&
          modified !== undefined &&
          Math.floor(modified / 1000) * 1000 > since
        ) {
          return sfError(
            412,
            'PRECONDITION_FAILED',
            `The requested resource has been modified since ${condition}`,
          );
        }
      }
      state.org.update(type.name, id, recordBody(context));
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    path: '/services/data/:version/sobjects/:type/:id',
    auth: true,
    handle: (context) => {
      const type = typeOf(context);
      context.state.org.delete(type.name, context.params.id as string);
      return { status: 204 };
    },
  },
  {
    // An upsert without a value (`POST …/sobjects/Contact/Id`, what the SDK's
    // `net.upsert` sends for a blank external id) creates the record.
    method: 'POST',
    path: '/services/data/:version/sobjects/:type/:field',
    auth: true,
    handle: (context) => {
      const type = typeOf(context);
      const field = type.field(context.params.field as string);
      if (field === undefined || !(field.externalId || field.idLookup || field.name === 'Id')) {
        return sfError(
          404,
          'NOT_FOUND',
          `Provided external ID field does not exist or is not accessible: ${context.params.field}`,
        );
      }
      const body = recordBody(context);
      const id = context.state.org.insert(
        type.name,
        field.name === 'Id' ? withoutKey(body, 'Id') : body,
      );
      return json(201, { id, success: true, errors: [], created: true });
    },
  },
  {
    method: 'PATCH',
    path: '/services/data/:version/sobjects/:type/:field/:value',
    auth: true,
    handle: (context) => {
      const type = typeOf(context);
      const { state, params } = context;
      const field = params.field as string;
      const value =
        field.toLowerCase() === 'id' && isWellFormedId(params.value as string)
          ? toId18(params.value as string)
          : (params.value as string);
      try {
        const { id, created } = state.org.upsert(type.name, field, value, recordBody(context));
        return json(created ? 201 : 200, { id, success: true, errors: [], created });
      } catch (error) {
        if (error instanceof OrgWriteError && error.httpStatus === 300) {
          return json(
            300,
            error.matches.map(
              (id) => `/services/data/${params.version}/sobjects/${type.name}/${id}`,
            ),
          );
        }
        throw error;
      }
    },
  },
];
