/**
 * `soupkit/cordova`: the Mobile SDK's hybrid plugins behind a
 * `cordova.require` registry, on soupkit's SmartStore, Mobile Sync and the
 * configured org, so hybrid data code (and the SDK's own `force.js` and
 * `mobilesync.js`) runs in Node. See docs/compat.md.
 */
import { NodeDocument } from './document.js';
import { mobilesyncPlugin } from './mobilesync-plugin.js';
import { networkPlugin } from './network-plugin.js';
import { oauthPlugin, SDK_VERSION, sdkinfoPlugin } from './oauth-plugin.js';
import { promiser } from './promiser.js';
import { createRegistry, type ModuleFactory } from './registry.js';
import { smartstoreClient } from './smartstore-client.js';
import { smartstorePlugin } from './smartstore-plugin.js';

export { NodeDocument } from './document.js';
export type { ModuleFactory, ModuleRegistry } from './registry.js';

/** The `cordova` object of the layer. */
export interface NodeCordova {
  readonly platformId: 'soupkit';
  readonly version: string;
  define(id: string, factory: ModuleFactory): void;
  require(id: string): unknown;
  /** Dispatches a `CustomEvent` on this cordova's `document`. */
  fireDocumentEvent(type: string, data?: { detail?: unknown }): void;
  /** The `document` its events go to. */
  readonly document: NodeDocument;
}

/**
 * A `cordova` with the SDK's plugins defined: `com.salesforce.plugin.smartstore`,
 * `….smartstore.client`, `….mobilesync`, `….network`, `….oauth`, `….sdkinfo`
 * and `com.salesforce.util.promiser`.
 *
 * @example
 * const cordova = createCordova();
 * const store = cordova.require('com.salesforce.plugin.smartstore.client');
 */
export function createCordova(document: NodeDocument = new NodeDocument()): NodeCordova {
  const registry = createRegistry();
  const cordova: NodeCordova = {
    platformId: 'soupkit',
    version: SDK_VERSION,
    define: registry.define,
    require: registry.require,
    fireDocumentEvent: (type, data = {}) => document.fireDocumentEvent(type, data),
    document,
  };
  const provide = (id: string, make: () => unknown) =>
    registry.define(id, (_require, _exports, module) => {
      module.exports = make();
    });
  provide('com.salesforce.util.promiser', () => ({ promiser }));
  provide('com.salesforce.plugin.smartstore', smartstorePlugin);
  provide('com.salesforce.plugin.smartstore.client', () =>
    smartstoreClient(
      registry.require('com.salesforce.plugin.smartstore') as Record<string, unknown>,
    ),
  );
  provide('com.salesforce.plugin.mobilesync', () => mobilesyncPlugin(cordova));
  provide('com.salesforce.plugin.network', networkPlugin);
  provide('com.salesforce.plugin.oauth', oauthPlugin);
  provide('com.salesforce.plugin.sdkinfo', sdkinfoPlugin);
  return cordova;
}

const GLOBALS = [
  'cordova',
  'window',
  'document',
  'navigator',
  'QuerySpec',
  'SoupIndexSpec',
  'StoreCursor',
] as const;

/**
 * Installs what hybrid code expects as globals: `cordova`, `document` (where
 * `deviceready` has fired and `sync` events arrive), `window` (the global
 * object, with `cordova` and a `location`), `navigator.smartstore` /
 * `navigator.smartstoreClient`, and the `QuerySpec`, `SoupIndexSpec` and
 * `StoreCursor` constructors. Returns a function that puts the previous
 * globals back.
 *
 * @example
 * const uninstall = installCordovaGlobals();
 * // load force.js, mobilesync.js, app code…
 * uninstall();
 */
export function installCordovaGlobals(cordova: NodeCordova = createCordova()): () => void {
  const global = globalThis as Record<string, unknown>;
  const saved = GLOBALS.map((name) => Object.getOwnPropertyDescriptor(global, name));
  const set = (name: string, value: unknown) =>
    Object.defineProperty(global, name, { value, configurable: true, writable: true });
  set('cordova', cordova);
  set('document', cordova.document);
  if (global.window === undefined) set('window', globalThis);
  const window = global.window as Record<string, unknown>;
  window.location ??= new URL('http://localhost/index.html');
  const smartstore = cordova.require('com.salesforce.plugin.smartstore') as Record<string, unknown>;
  set('navigator', {
    ...(typeof global.navigator === 'object' ? global.navigator : {}),
    onLine: true,
    smartstore,
    smartstoreClient: cordova.require('com.salesforce.plugin.smartstore.client'),
  });
  // The constructors cordova.force.js leaves as globals, for older hybrid code.
  for (const name of ['QuerySpec', 'SoupIndexSpec', 'StoreCursor']) set(name, smartstore[name]);
  cordova.document.ready();
  return () => {
    GLOBALS.forEach((name, i) => {
      const descriptor = saved[i];
      if (descriptor === undefined) delete global[name];
      else Object.defineProperty(global, name, descriptor);
    });
  };
}
