/**
 * `net` of `react-native-force`: REST calls to the configured org, callbacks
 * last or a Promise. `sendRequest` keeps the SDK's order, callbacks third and
 * fourth: `sendRequest(endPoint, path, successCB, errorCB, method, payload,
 * headerParams, fileParams, returnBinary, doesNotRequireAuthentication)`.
 */
import { type ErrorCallback, type SuccessCallback, sdkFunction, settle } from '../callbacks.js';
import { netCore as core } from '../net-api.js';
import { positionalRequest, sendRequest as send } from '../net-core.js';

export { getApiVersion, setApiVersion } from '../net-api.js';

type Params = Record<string, unknown> | null | undefined;

/**
 * One request to the org (or, with `doesNotRequireAuthentication`, to any URL).
 *
 * @example
 * net.sendRequest('/services/data', '/v66.0/limits', (limits) => {}, (error) => {});
 * const limits = await net.sendRequest('/services/data', '/v66.0/limits');
 */
export function sendRequest<T = unknown>(
  endPoint: string | null,
  path: string,
  successCB?: SuccessCallback<T> | null,
  errorCB?: ErrorCallback | null,
  method?: string | null,
  payload?: Params,
  headerParams?: Params,
  fileParams?: Params,
  returnBinary?: boolean,
  doesNotRequireAuthentication?: boolean,
): Promise<T> | undefined {
  return settle(
    () =>
      send(
        positionalRequest(
          endPoint,
          path,
          method,
          payload,
          headerParams,
          fileParams,
          returnBinary,
          doesNotRequireAuthentication,
        ),
      ) as Promise<T>,
    successCB,
    errorCB,
  );
}

type Fields = Record<string, unknown>;

export const versions = sdkFunction(() => core.versions());
export const resources = sdkFunction(() => core.resources());
export const describeGlobal = sdkFunction(() => core.describeGlobal());
export const metadata = sdkFunction((objtype: string) => core.metadata(objtype));
export const describe = sdkFunction((objtype: string) => core.describe(objtype));
export const describeLayout = sdkFunction((objtype: string, recordTypeId?: string | null) =>
  core.describeLayout(objtype, recordTypeId),
);
export const create = sdkFunction((objtype: string, fields: Fields) =>
  core.create(objtype, fields),
);
export const retrieve = sdkFunction(
  (objtype: string, id: string, fieldlist?: string[] | string | null) =>
    core.retrieve(objtype, id, fieldlist),
);
export const upsert = sdkFunction(
  (objtype: string, externalIdField: string, externalId: string, fields: Fields) =>
    core.upsert(objtype, externalIdField, externalId, fields),
);
export const update = sdkFunction((objtype: string, id: string, fields: Fields) =>
  core.update(objtype, id, fields),
);
export const del = sdkFunction((objtype: string, id: string) => core.del(objtype, id));
export const query = sdkFunction((soql: string) => core.query(soql));
export const queryMore = sdkFunction((url: string) => core.queryMore(url));
export const search = sdkFunction((sosl: string) => core.search(sosl));
export const getAttachment = sdkFunction((id: string) => core.getAttachment(id));
export const collectionCreate = sdkFunction((allOrNone: boolean, records: Fields[]) =>
  core.collectionCreate(allOrNone, records),
);
export const collectionUpdate = sdkFunction((allOrNone: boolean, records: Fields[]) =>
  core.collectionUpdate(allOrNone, records),
);
export const collectionUpsert = sdkFunction(
  (allOrNone: boolean, objectType: string, externalIdField: string, records: Fields[]) =>
    core.collectionUpsert(allOrNone, objectType, externalIdField, records),
);
export const collectionRetrieve = sdkFunction(
  (objectType: string, ids: string[], fields: string[]) =>
    core.collectionRetrieve(objectType, ids, fields),
);
export const collectionDelete = sdkFunction((allOrNone: boolean, ids: string[]) =>
  core.collectionDelete(allOrNone, ids),
);
