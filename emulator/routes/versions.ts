/**
 * `GET /services/data` (the versions list, no session needed) and
 * `GET /services/data/vXX.X` (the resources of one version: every resource
 * the emulator serves under it, and `identity`, the absolute URL of the
 * session user's identity, which jsforce's `conn.identity()` reads).
 */
import { json } from '../http.js';
import type { Route } from '../router.js';
import { ORG_ID, USER_ID } from '../state.js';

/** @internal Resources listed by `GET /services/data/vXX.X`, each served under `/services/data/vXX.X/<name>`. */
export const VERSION_RESOURCES: readonly string[] = [
  'composite',
  'connect',
  'limits',
  'query',
  'queryAll',
  'recent',
  'search',
  'sobjects',
  'tabs',
  'theme',
  'ui-api',
];

const SEASONS = ['Winter', 'Spring', 'Summer'] as const;

/**
 * The release name of an API version: 59.0 is Winter '24, 60.0 Spring '24,
 * 61.0 Summer '24, and so on, three releases a year.
 *
 * @example
 * releaseLabel('62.0'); // "Winter '25"
 */
function releaseLabel(version: string): string {
  const offset = Math.trunc(Number.parseFloat(version)) - 59;
  const season = SEASONS[((offset % 3) + 3) % 3] as string;
  const year = 24 + Math.floor(offset / 3);
  return `${season} '${String(year).padStart(2, '0')}`;
}

/** @internal */
export const versionRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/services/data',
    auth: false,
    handle: ({ state }) =>
      json(
        200,
        state.apiVersions.map((version) => ({
          label: releaseLabel(version),
          url: `/services/data/v${version}`,
          version,
        })),
      ),
  },
  {
    method: 'GET',
    path: '/services/data/:version',
    auth: true,
    handle: ({ params, state }) => {
      const version = params.version as string;
      const resources: Record<string, string> = Object.fromEntries(
        VERSION_RESOURCES.map((name) => [name, `/services/data/${version}/${name}`]),
      );
      resources.identity = `${state.baseUrl}/id/${ORG_ID}/${USER_ID}`;
      return json(
        200,
        Object.fromEntries(Object.entries(resources).sort(([a], [b]) => a.localeCompare(b))),
      );
    },
  },
];
