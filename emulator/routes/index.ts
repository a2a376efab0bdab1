/**
 * Every route family, in the order the router tries them (a literal segment
 * such as `describe` is registered before the `:id` it would otherwise match).
 */
import type { Route } from '../router.js';
import { authRoutes } from './auth.js';
import { collectionRoutes } from './collections.js';
import { compositeRoutes } from './composite.js';
import { compositeGraphRoutes } from './composite-graph.js';
import { compositeTreeRoutes } from './composite-tree.js';
import { layoutsRoutes } from './layouts.js';
import { limitsRoutes } from './limits.js';
import { queryRoutes } from './query.js';
import { recentRoutes } from './recent.js';
import { replicationRoutes } from './replication.js';
import { searchRoutes } from './search.js';
import { sobjectRoutes } from './sobjects.js';
import { tabsRoutes } from './tabs.js';
import { uiApiRoutes } from './ui-api.js';
import { versionRoutes } from './versions.js';

/** @internal */
export const ALL_ROUTES: readonly Route[] = [
  ...versionRoutes,
  ...sobjectRoutes,
  ...layoutsRoutes,
  ...replicationRoutes,
  ...recentRoutes,
  ...limitsRoutes,
  ...tabsRoutes,
  ...queryRoutes,
  ...searchRoutes,
  ...compositeRoutes,
  ...compositeTreeRoutes,
  ...compositeGraphRoutes,
  ...collectionRoutes,
  ...uiApiRoutes,
  ...authRoutes,
];
