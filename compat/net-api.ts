/**
 * The `net` functions of the SDK's JS APIs as paths on `sendRequest`, the way
 * the SDK builds them (`/services/data/<apiVersion>/…`). Both flavours use
 * these.
 */
import { DEFAULT_API_VERSION, sendRequest } from './net-core.js';

let apiVersion = DEFAULT_API_VERSION;
const DATA = '/services/data';

type Fields = Record<string, unknown>;

/** Sets the API version of the calls below (e.g. `'v62.0'`). */
export function setApiVersion(version: string): void {
  apiVersion = version;
}

/** The API version of the calls below; `'v66.0'` unless set. */
export function getApiVersion(): string {
  return apiVersion;
}

function data(path: string, method = 'GET', payload?: Fields | null): Promise<unknown> {
  return sendRequest({
    endPoint: DATA,
    path: `/${apiVersion}${path}`,
    method,
    queryParams: payload ?? null,
  });
}

/** The REST calls of `net`, each resolving with the API's answer. */
export const netCore = {
  versions: () => sendRequest({ endPoint: DATA, path: '/' }),
  resources: () => data('/'),
  describeGlobal: () => data('/sobjects/'),
  metadata: (objtype: string) => data(`/sobjects/${objtype}/`),
  describe: (objtype: string) => data(`/sobjects/${objtype}/describe/`),
  describeLayout: (objtype: string, recordTypeId?: string | null) =>
    data(`/sobjects/${objtype}/describe/layouts/${recordTypeId ? recordTypeId : ''}`),
  create: (objtype: string, fields: Fields) => data(`/sobjects/${objtype}/`, 'POST', fields),
  retrieve: (objtype: string, id: string, fieldlist?: readonly string[] | string | null) =>
    data(`/sobjects/${objtype}/${id}`, 'GET', fieldlist ? { fields: fieldlist } : null),
  upsert: (objtype: string, externalIdField: string, externalId: string, fields: Fields) =>
    data(
      `/sobjects/${objtype}/${externalIdField}/${externalId ? externalId : ''}`,
      externalId ? 'PATCH' : 'POST',
      fields,
    ),
  update: (objtype: string, id: string, fields: Fields) =>
    data(`/sobjects/${objtype}/${id}`, 'PATCH', fields),
  del: (objtype: string, id: string) => data(`/sobjects/${objtype}/${id}`, 'DELETE'),
  query: (soql: string) => data('/query', 'GET', { q: soql }),
  queryMore: (url: string) => {
    const path = /^https?:\/\/[^/]*(.*)$/.exec(url)?.[1] ?? url;
    return sendRequest({ endPoint: '', path });
  },
  search: (sosl: string) => data('/search', 'GET', { q: sosl }),
  getAttachment: (id: string) =>
    sendRequest({
      endPoint: DATA,
      path: `/${apiVersion}/sobjects/Attachment/${id}/Body`,
      returnBinary: true,
    }),
  collectionCreate: (allOrNone: boolean, records: readonly Fields[]) =>
    data('/composite/sobjects', 'POST', { allOrNone, records }),
  collectionUpdate: (allOrNone: boolean, records: readonly Fields[]) =>
    data('/composite/sobjects', 'PATCH', { allOrNone, records }),
  collectionUpsert: (
    allOrNone: boolean,
    objectType: string,
    externalIdField: string,
    records: readonly Fields[],
  ) =>
    data(`/composite/sobjects/${objectType}/${externalIdField}`, 'PATCH', { allOrNone, records }),
  collectionRetrieve: (objectType: string, ids: readonly string[], fields: readonly string[]) =>
    data(`/composite/sobjects/${objectType}`, 'POST', { ids, fields }),
  collectionDelete: (allOrNone: boolean, ids: readonly string[]) =>
    data(`/composite/sobjects?allOrNone=${allOrNone}&ids=${ids.join(',')}`, 'DELETE'),
};
