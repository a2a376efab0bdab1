/**
 * `GET /services/data` (the versions list, no session needed) and
 * `GET /services/data/vXX.X` (the resources of one version).
 */
import { json } from '../http.js';
import type { Route } from '../router.js';

/** @internal Resources listed by `GET /services/data/vXX.X`; route modules add theirs here. */
export const VERSION_RESOURCES: readonly string[] = [
  'composite',
  'connect',
  'query',
  'queryAll',
  'search',
  'sobjects',
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
    handle: ({ params }) => {
      const version = params.version as string;
      return json(
        200,
        Object.fromEntries(
          VERSION_RESOURCES.map((name) => [name, `/services/data/${version}/${name}`]),
        ),
      );
    },
  },
];
