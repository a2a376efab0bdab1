/**
 * `GET …/recent[?limit=n]`: the records the running user recently viewed or
 * referenced (the UI, `SOQL … FOR VIEW` / `FOR REFERENCE`, or the control
 * API's `markRecentlyViewed`), across types, newest first, each as
 * `{ attributes, Id, <name field> }`. At most 200, as RecentlyViewed holds.
 */
import { json, sfError } from '../http.js';
import type { OrgRecord } from '../org/records.js';
import type { Route } from '../router.js';
import { restRecord } from './records-shape.js';

const MAX_RECENT = 200;

/** @internal */
export const recentRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/services/data/:version/recent',
    auth: true,
    handle: ({ state, params, request }) => {
      const text = request.query.get('limit');
      const limit = text === null ? MAX_RECENT : Number(text);
      if (!Number.isInteger(limit) || limit < 0) {
        return sfError(400, 'INVALID_QUERY_PARAMETER', `Invalid limit: ${text}`);
      }
      const version = params.version as string;
      const items = state.org
        .recentlyReferencedAnyType()
        .slice(0, Math.min(limit, MAX_RECENT))
        .map(({ type: typeName, id }) => {
          const type = state.org.requireType(typeName);
          const record = state.org.get(type.name, id) as OrgRecord;
          return restRecord(type, record, version, ['Id', type.nameField?.name ?? 'Name']);
        });
      return json(200, items);
    },
  },
];
