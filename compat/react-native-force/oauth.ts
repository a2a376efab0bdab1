/**
 * `oauth` of `react-native-force`: the configured session. There is no login
 * screen in Node, so `authenticate` answers like `getAuthCredentials`.
 */
import { sdkFunction } from '../callbacks.js';
import { getAuthCredentials as credentials } from '../oauth-core.js';

export type { AuthCredentials as UserAccount } from '../oauth-core.js';

export const getAuthCredentials = sdkFunction(() => credentials());
export const authenticate = sdkFunction(() => credentials());
/** Resolves; the configured session stays (call `configure` to change it). */
export const logout = sdkFunction(async () => undefined);
