/**
 * sObject metadata: `GET …/sobjects` (describeGlobal, built from the served describes),
 * `GET …/sobjects/{T}` (basic info) and `GET …/sobjects/{T}/describe`.
 * Record CRUD (`/sobjects/{T}/{id}`) will join this family later.
 */
import { json, notFound, rawJson } from '../http.js';
import type { Route, RouteContext } from '../router.js';
import { isServedVersion } from './versions.js';

function describeOf({ state, params }: RouteContext) {
  const version = params.version as string;
  if (!isServedVersion(state, version)) return undefined;
  return state.describes.get(params.type as string);
}

/** @internal */
export const sobjectRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/services/data/:version/sobjects',
    auth: true,
    handle: ({ state, params }) => {
      const version = params.version as string;
      if (!isServedVersion(state, version)) return notFound();
      return json(200, {
        encoding: 'UTF-8',
        maxBatchSize: 200,
        sobjects: state.describes
          .all()
          .map((describe) => state.describes.globalEntry(describe, version)),
      });
    },
  },
  {
    method: 'GET',
    path: '/services/data/:version/sobjects/:type',
    auth: true,
    handle: (context) => {
      const describe = describeOf(context);
      if (!describe) return notFound();
      return json(200, {
        objectDescribe: context.state.describes.globalEntry(
          describe,
          context.params.version as string,
        ),
        recentItems: [],
      });
    },
  },
  {
    method: 'GET',
    path: '/services/data/:version/sobjects/:type/describe',
    auth: true,
    handle: (context) => {
      const describe = describeOf(context);
      return describe ? rawJson(200, describe.body) : notFound();
    },
  },
];
