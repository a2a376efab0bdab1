/**
 * Layout metadata built from the describes (see `layout-shapes.ts`):
 * `GET …/sobjects/{T}/describe/layouts` (jsforce `sobject(T).layouts()`),
 * `…/describe/layouts/{recordTypeId}`, `…/describe/compactLayouts`, and the
 * list views (`list-views.ts`).
 */
import { json, notFound, ReplyError } from '../http.js';
import type { TypeSchema } from '../org/schema.js';
import type { Route, RouteContext } from '../router.js';
import {
  describeCompactLayouts,
  describeLayout,
  describeLayouts,
  recordTypesOf,
} from './layout-shapes.js';
import { listViewRoutes } from './list-views.js';

function typeOf({ state, params }: RouteContext): TypeSchema {
  const type = state.org.schema.type(params.type as string);
  if (type === undefined) throw new ReplyError(notFound());
  return type;
}

/** @internal */
export const layoutsRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/services/data/:version/sobjects/:type/describe/layouts',
    auth: true,
    handle: (context) =>
      json(
        200,
        describeLayouts(
          context.state.org.schema,
          typeOf(context),
          context.params.version as string,
        ),
      ),
  },
  {
    method: 'GET',
    path: '/services/data/:version/sobjects/:type/describe/layouts/:recordTypeId',
    auth: true,
    handle: (context) => {
      const type = typeOf(context);
      const wanted = (context.params.recordTypeId as string).slice(0, 15);
      if (!recordTypesOf(type).some((rt) => rt.id.slice(0, 15) === wanted)) return notFound();
      return json(200, describeLayout(context.state.org.schema, type));
    },
  },
  {
    method: 'GET',
    path: '/services/data/:version/sobjects/:type/describe/compactLayouts',
    auth: true,
    handle: (context) =>
      json(200, describeCompactLayouts(typeOf(context), context.params.version as string)),
  },
  {
    // A named layout (`UserAlt` of User) is served when the describe's
    // `namedLayoutInfos` lists it, with the layout every other view gets.
    method: 'GET',
    path: '/services/data/:version/sobjects/:type/describe/namedLayouts/:name',
    auth: true,
    handle: (context) => {
      const type = typeOf(context);
      const infos = type.describe.value.namedLayoutInfos;
      const wanted = (context.params.name as string).toLowerCase();
      const known =
        Array.isArray(infos) &&
        infos.some((info) => String((info as { name?: unknown }).name).toLowerCase() === wanted);
      if (!known) return notFound();
      return json(
        200,
        describeLayouts(context.state.org.schema, type, context.params.version as string),
      );
    },
  },
  {
    // The emulated org has no approval processes, so no approval layouts.
    method: 'GET',
    path: '/services/data/:version/sobjects/:type/describe/approvalLayouts',
    auth: true,
    handle: (context) => {
      typeOf(context);
      return json(200, { approvalLayouts: [] });
    },
  },
  ...listViewRoutes,
];
