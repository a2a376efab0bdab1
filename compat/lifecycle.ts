/**
 * `configure` and `reset`: the one set-up call of the layer, and the clean
 * slate between tests.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setApiVersion } from './net-api.js';
import { DEFAULT_API_VERSION } from './net-core.js';
import {
  applySettings,
  type CompatOptions,
  type CompatSettings,
  removeTemporaryFolder,
  settings,
} from './settings.js';
import { closeAllStores } from './stores.js';
import { settleSyncs } from './sync-core.js';

/**
 * Points `soupkit/react-native-force` and `soupkit/cordova` at an org (or an
 * emulator handle), a data folder and a store key. Stores opened before are
 * closed (their files stay).
 *
 * @example
 * configure({ org: { instanceUrl, accessToken }, dataFolder: '/tmp/app-data', key: 'secret' });
 */
export function configure(options: CompatOptions = {}): CompatSettings {
  closeAllStores();
  setApiVersion(DEFAULT_API_VERSION);
  return applySettings(options);
}

/**
 * Waits for running syncs, closes every store and deletes the store files
 * (the whole data folder when the layer made it), keeping the configuration:
 * the next call starts on empty stores.
 *
 * @example
 * import { afterEach } from 'vitest';
 *
 * afterEach(() => reset());
 */
export async function reset(): Promise<void> {
  await settleSyncs();
  closeAllStores();
  if (!removeTemporaryFolder()) {
    const { dataFolder } = settings();
    for (const kind of ['user', 'global'])
      rmSync(join(dataFolder, kind), { recursive: true, force: true });
  }
  setApiVersion(DEFAULT_API_VERSION);
}
