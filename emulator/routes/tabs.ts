/**
 * `GET …/tabs` and `GET …/theme`: one tab per served type that has a layout
 * (the tabs a fresh org shows for them), and a theme item per type. The
 * emulator has no images or brand colours, so `colors` and `icons` are empty.
 */
import { json } from '../http.js';
import type { TypeSchema } from '../org/schema.js';
import type { Route } from '../router.js';
import type { EmulatorState } from '../state.js';

function tabbedTypes(state: EmulatorState): TypeSchema[] {
  return state.org.schema
    .types()
    .filter((type) => type.describe.value.layoutable !== false)
    .sort((a, b) => a.name.localeCompare(b.name));
}

function tab(state: EmulatorState, type: TypeSchema) {
  const custom = type.describe.value.custom === true;
  return {
    colors: [],
    custom,
    iconUrl: null,
    icons: [],
    label: String(type.describe.value.labelPlural ?? type.label),
    miniIconUrl: null,
    name: custom ? type.name : `standard-${type.name}`,
    sobjectName: type.name,
    url: `${state.baseUrl}/${type.keyPrefix}/o`,
  };
}

/** @internal */
export const tabsRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/services/data/:version/tabs',
    auth: true,
    handle: ({ state }) =>
      json(
        200,
        tabbedTypes(state).map((type) => tab(state, type)),
      ),
  },
  {
    method: 'GET',
    path: '/services/data/:version/theme',
    auth: true,
    handle: ({ state }) =>
      json(200, {
        themeItems: tabbedTypes(state).map((type) => ({ colors: [], icons: [], name: type.name })),
      }),
  },
];
