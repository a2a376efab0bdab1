/**
 * `com.salesforce.plugin.oauth` and `com.salesforce.plugin.sdkinfo`: the
 * configured session (no login screen in Node) and the SDK's info.
 */
import { getAuthCredentials } from '../oauth-core.js';
import { settings } from '../settings.js';
import { answer } from './hybrid-call.js';

/** The SDK version the plugins report. */
export const SDK_VERSION = '14.0.0';

/** The oauth plugin module's exports. */
export function oauthPlugin(): Record<string, unknown> {
  return {
    getAuthCredentials: (successCB: unknown, errorCB: unknown) =>
      answer(getAuthCredentials, successCB, errorCB),
    authenticate: (successCB: unknown, errorCB: unknown) =>
      answer(getAuthCredentials, successCB, errorCB),
    logout: () => undefined,
    getAppHomeUrl: (successCB: unknown) =>
      answer(async () => settings().org?.instanceUrl ?? '', successCB, undefined),
  };
}

/** The sdkinfo plugin module's exports. */
export function sdkinfoPlugin(): Record<string, unknown> {
  const features = new Set<string>();
  return {
    getInfo: (successCB: unknown, errorCB: unknown) =>
      answer(
        async () => ({
          sdkVersion: SDK_VERSION,
          forcePluginsAvailable: [
            'com.salesforce.plugin.mobilesync',
            'com.salesforce.plugin.network',
            'com.salesforce.plugin.oauth',
            'com.salesforce.plugin.sdkinfo',
            'com.salesforce.plugin.smartstore',
          ],
          appName: 'soupkit',
          appVersion: SDK_VERSION,
          bootConfig: {},
        }),
        successCB,
        errorCB,
      ),
    registerAppFeature: (feature: string) => {
      features.add(feature);
    },
    unregisterAppFeature: (feature: string) => {
      features.delete(feature);
    },
  };
}
