/**
 * `GET …/search?q=` with the SOSL the sync targets send:
 * `FIND {term} [IN ALL|NAME FIELDS] RETURNING Type[(field, …)], … [LIMIT n]`.
 * A term matches a record when every word of it is in one of the searched
 * fields (the name field for `NAME FIELDS`, every text field otherwise),
 * ignoring case; `*` is a wildcard.
 */

import { splitTopLevelCommas } from '../../salesforce/soql-lists.js';
import { json, sfError } from '../http.js';
import type { OrgRecord } from '../org/records.js';
import type { TypeSchema } from '../org/schema.js';
import type { Route, RouteContext } from '../router.js';
import { restRecord } from './records-shape.js';

const TEXT = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist', 'combobox']);
const SOSL =
  /^\s*FIND\s*\{((?:[^}\\]|\\.)*)\}\s*(?:IN\s+(ALL|NAME|EMAIL|PHONE)\s+FIELDS\s*)?(?:RETURNING\s+(.+?))?\s*(?:LIMIT\s+(\d+))?\s*$/is;

interface Returning {
  readonly type: TypeSchema;
  readonly fields: readonly string[];
}

function wordPattern(word: string): RegExp {
  const source = word.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*');
  return new RegExp(source, 'i');
}

function searchedFields(type: TypeSchema, scope: string): string[] {
  switch (scope) {
    case 'NAME':
      return type.fields.filter((f) => f.nameField || f.name === 'Name').map((f) => f.name);
    case 'EMAIL':
      return type.fields.filter((f) => f.type === 'email').map((f) => f.name);
    case 'PHONE':
      return type.fields.filter((f) => f.type === 'phone').map((f) => f.name);
    default:
      return type.fields.filter((f) => TEXT.has(f.type)).map((f) => f.name);
  }
}

function search({ state, params, request }: RouteContext) {
  const text = request.query.get('q') ?? '';
  const match = SOSL.exec(text);
  if (match === null) {
    return sfError(
      400,
      'MALFORMED_SEARCH',
      `the soupkit emulator could not read this SOSL: ${text}`,
    );
  }
  const [, rawTerm = '', scope = 'ALL', returningText, limitText] = match;
  const words = rawTerm
    .replace(/\\(.)/g, '$1')
    .replace(/"/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !['AND', 'OR'].includes(w.toUpperCase()))
    .map(wordPattern);
  const returning: Returning[] = [];
  const typeNames = returningText
    ? splitTopLevelCommas(returningText)
    : state.org.schema.types().map((t) => t.name);
  for (const item of typeNames) {
    const parsed = /^\s*(\w+)\s*(?:\(([^)]*)\))?\s*$/.exec(item);
    if (parsed === null)
      return sfError(400, 'MALFORMED_SEARCH', `cannot read RETURNING item ${item}`);
    const type = state.org.schema.type(parsed[1] as string);
    if (type === undefined) {
      return sfError(400, 'INVALID_TYPE', `sObject type '${parsed[1]}' is not supported.`);
    }
    const fields = parsed[2]
      ? parsed[2]
          .split(',')
          .map((f) => f.trim())
          .filter((f) => f !== '')
      : ['Id'];
    for (const field of fields) {
      if (type.field(field) === undefined) {
        return sfError(400, 'INVALID_FIELD', `No such column '${field}' on entity '${type.name}'.`);
      }
    }
    returning.push({ type, fields });
  }
  const limit = limitText === undefined ? 2000 : Number(limitText);
  const searchRecords: Record<string, unknown>[] = [];
  for (const { type, fields } of returning) {
    const searched = searchedFields(type, scope.toUpperCase());
    const hits = state.org
      .all(type.name)
      .filter((record: OrgRecord) =>
        words.every((word) =>
          searched.some((f) => typeof record[f] === 'string' && word.test(record[f] as string)),
        ),
      );
    for (const record of hits) {
      if (searchRecords.length >= limit) break;
      searchRecords.push(restRecord(type, record, params.version as string, fields));
    }
  }
  return json(200, { searchRecords });
}

/** @internal */
export const searchRoutes: readonly Route[] = [
  { method: 'GET', path: '/services/data/:version/search', auth: true, handle: search },
];
