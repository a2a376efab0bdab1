/**
 * sObject Collections: create (`POST …/composite/sobjects`), update (`PATCH`),
 * upsert (`PATCH …/composite/sobjects/{T}/{field}`), delete (`DELETE
 * …/composite/sobjects?ids=`) and retrieve (`POST` or `GET
 * …/composite/sobjects/{T}`). Up to 200 records (2000 ids to retrieve); one
 * result per record in request order; `allOrNone` rolls every write back when
 * one fails.
 */
import { type EmulatorResponse, json, jsonBody, sfError } from '../http.js';
import { isWellFormedId, toId18 } from '../org/ids.js';
import { type OrgRecord, OrgWriteError } from '../org/records.js';
import type { Route, RouteContext } from '../router.js';
import { bodyValue, fieldList, restRecord, withoutKey } from './records-shape.js';

const MAX_RECORDS = 200;
const MAX_RETRIEVE_IDS = 2000;

interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

interface RecordResult {
  id?: string;
  success: boolean;
  errors: RecordError[];
  created?: boolean;
}

type Json = Record<string, unknown>;

const ROLLED_BACK: RecordError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message:
    'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

function tooMany(limit: number): EmulatorResponse {
  return sfError(
    400,
    'EXCEEDED_ID_LIMIT',
    `record limit reached. cannot submit more than ${limit} records into this call`,
  );
}

function errorOf(error: unknown): RecordError {
  if (error instanceof OrgWriteError) {
    return { statusCode: error.errorCode, message: error.message, fields: [...error.fields] };
  }
  throw error;
}

/** Runs one write per item; with allOrNone, any failure undoes them all. */
function writeAll<T>(
  context: RouteContext,
  items: readonly T[],
  allOrNone: boolean,
  write: (item: T) => Omit<RecordResult, 'success' | 'errors'>,
  idOf: (item: T) => string | undefined,
  failureExtra: (item: T) => Pick<RecordResult, 'created'> = () => ({}),
): RecordResult[] {
  return context.state.org.transaction((rollback) => {
    const results: RecordResult[] = items.map((item) => {
      try {
        return { ...write(item), success: true, errors: [] };
      } catch (error) {
        // A failed write changed nothing, so what it would have done is still readable.
        const id = idOf(item);
        return {
          ...(id === undefined ? {} : { id }),
          success: false,
          errors: [errorOf(error)],
          ...failureExtra(item),
        };
      }
    });
    if (allOrNone && results.some((r) => !r.success)) {
      rollback();
      return results.map((r) =>
        r.success
          ? {
              ...(r.id === undefined ? {} : { id: r.id }),
              success: false,
              errors: [ROLLED_BACK],
              ...(r.created === undefined ? {} : { created: r.created }),
            }
          : r,
      );
    }
    return results;
  });
}

function recordsOf(
  context: RouteContext,
): { records: Json[]; allOrNone: boolean } | EmulatorResponse {
  const body = jsonBody(context.request) as Json;
  if (!Array.isArray(body?.records))
    return sfError(400, 'INVALID_INPUT', 'records must be an array');
  if (body.records.length > MAX_RECORDS) return tooMany(MAX_RECORDS);
  return { records: body.records as Json[], allOrNone: body.allOrNone === true };
}

function typeNameOf(record: Json): string | undefined {
  const attributes = record?.attributes as Json | undefined;
  return typeof attributes?.type === 'string' ? attributes.type : undefined;
}

function withoutAttributes(record: Json): OrgRecord {
  const { attributes: _attributes, ...fields } = record;
  return fields;
}

function requireType(context: RouteContext, name: string | undefined) {
  if (name === undefined)
    throw new OrgWriteError('INVALID_TYPE', 'No type specified: set attributes.type', []);
  return context.state.org.requireType(name);
}

/** A collection call over `records`: the body read and checked, one result per record. */
function writeRecords(
  context: RouteContext,
  write: (record: Json) => Omit<RecordResult, 'success' | 'errors'>,
  idOf: (record: Json) => string | undefined = () => undefined,
  failureExtra?: (record: Json) => Pick<RecordResult, 'created'>,
): EmulatorResponse {
  const input = recordsOf(context);
  if ('status' in input) return input;
  return json(200, writeAll(context, input.records, input.allOrNone, write, idOf, failureExtra));
}

function create(context: RouteContext): EmulatorResponse {
  const { org } = context.state;
  return writeRecords(context, (record) => ({
    id: org.insert(requireType(context, typeNameOf(record)).name, withoutAttributes(record)),
  }));
}

function update(context: RouteContext): EmulatorResponse {
  const { org } = context.state;
  return writeRecords(
    context,
    (record) => {
      const id = bodyValue(record ?? {}, 'Id');
      if (typeof id !== 'string' || id === '') {
        throw new OrgWriteError('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
      }
      const type = requireType(context, typeNameOf(record) ?? org.schema.typeOfId(id)?.name);
      if (org.get(type.name, id) === undefined && !org.isDeleted(type.name, id)) {
        throw new OrgWriteError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [
          'Id',
        ]);
      }
      org.update(type.name, id, withoutKey(withoutAttributes(record), 'Id'));
      return { id: toId18(id) };
    },
    (record) => {
      const id = bodyValue(record ?? {}, 'Id');
      return typeof id === 'string' ? id : undefined;
    },
  );
}

function upsert(context: RouteContext): EmulatorResponse {
  const { org } = context.state;
  const type = org.requireType(context.params.type as string);
  const field = type.field(context.params.field as string);
  if (field === undefined) {
    return sfError(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${context.params.field}`,
    );
  }
  const extIdOf = (record: Json): unknown => bodyValue(record ?? {}, field.name);
  return writeRecords(
    context,
    (record) => {
      const value = extIdOf(record);
      // Upserting on Id, a record without one is created (as the platform does).
      if (field.name === 'Id' && (value === undefined || value === null || value === '')) {
        const fields = withoutKey(withoutAttributes(record), 'Id');
        return { id: org.insert(type.name, fields), created: true };
      }
      if (typeof value !== 'string' || value === '') {
        throw new OrgWriteError('MISSING_ARGUMENT', `${field.name} not specified`, [field.name]);
      }
      return org.upsert(type.name, field.name, value, withoutAttributes(record));
    },
    () => undefined,
    // A failed upsert still says whether it would have created the record, as the platform does.
    (record) => {
      const value = extIdOf(record);
      return typeof value === 'string' && value !== ''
        ? { created: org.findByKey(type, field, value).length === 0 }
        : {};
    },
  );
}

function remove(context: RouteContext): EmulatorResponse {
  const ids = (context.request.query.get('ids') ?? '').split(',').filter((id) => id !== '');
  if (ids.length === 0) return sfError(400, 'MISSING_ARGUMENT', 'ids is required');
  if (ids.length > MAX_RECORDS) return tooMany(MAX_RECORDS);
  const allOrNone = context.request.query.get('allOrNone') === 'true';
  const { org } = context.state;
  return json(
    200,
    writeAll(
      context,
      ids,
      allOrNone,
      (id) => {
        if (!isWellFormedId(id)) throw new OrgWriteError('MALFORMED_ID', `malformed id ${id}`, []);
        const type = org.schema.typeOfId(id);
        if (
          type === undefined ||
          (org.get(type.name, id) === undefined && !org.isDeleted(type.name, id))
        ) {
          throw new OrgWriteError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
        }
        org.delete(type.name, id);
        return { id: toId18(id) };
      },
      (id) => id,
    ),
  );
}

function retrieve(
  context: RouteContext,
  ids: readonly string[],
  fields: readonly string[] | undefined,
): EmulatorResponse {
  const { org } = context.state;
  const type = org.requireType(context.params.type as string);
  if (ids.length > MAX_RETRIEVE_IDS) return tooMany(MAX_RETRIEVE_IDS);
  if (fields === undefined || fields.length === 0)
    return sfError(400, 'MISSING_ARGUMENT', 'fields is required');
  for (const name of fields) {
    if (type.field(name) === undefined) {
      return sfError(400, 'INVALID_FIELD', `No such column '${name}' on entity '${type.name}'.`);
    }
  }
  return json(
    200,
    ids.map((id) => {
      const record = org.get(type.name, id);
      return record === undefined
        ? null
        : restRecord(type, record, context.params.version as string, fields);
    }),
  );
}

/** @internal */
export const collectionRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/services/data/:version/composite/sobjects',
    auth: true,
    handle: create,
  },
  {
    method: 'PATCH',
    path: '/services/data/:version/composite/sobjects',
    auth: true,
    handle: update,
  },
  {
    method: 'DELETE',
    path: '/services/data/:version/composite/sobjects',
    auth: true,
    handle: remove,
  },
  {
    method: 'POST',
    path: '/services/data/:version/composite/sobjects/:type',
    auth: true,
    handle: (context) => {
      const body = jsonBody(context.request) as Json;
      const ids = Array.isArray(body?.ids) ? (body.ids as unknown[]).map(String) : [];
      const fields = Array.isArray(body?.fields)
        ? (body.fields as unknown[]).map(String)
        : undefined;
      return retrieve(context, ids, fields);
    },
  },
  {
    method: 'GET',
    path: '/services/data/:version/composite/sobjects/:type',
    auth: true,
    handle: (context) =>
      retrieve(
        context,
        (context.request.query.get('ids') ?? '').split(',').filter((id) => id !== ''),
        fieldList(context.request.query.get('fields')),
      ),
  },
  {
    method: 'PATCH',
    path: '/services/data/:version/composite/sobjects/:type/:field',
    auth: true,
    handle: upsert,
  },
];
