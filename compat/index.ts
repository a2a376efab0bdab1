/**
 * `soupkit/compat`: set-up of the Mobile SDK JS compatibility layer
 * (`soupkit/react-native-force`, `soupkit/cordova`) for tests and Node apps.
 */
export { CompatError, type CompatErrorCode } from './compat-error.js';
export { configure, reset } from './lifecycle.js';
export { NetError, type SendRequestArgs } from './net-core.js';
export type { AuthCredentials } from './oauth-core.js';
export type { CompatOptions, CompatOrg, CompatSettings } from './settings.js';
export type { StoreConfig } from './store-config.js';
export {
  type SoupkitEmulator,
  type SoupkitEmulatorOptions,
  useSoupkitEmulator,
} from './testing.js';
