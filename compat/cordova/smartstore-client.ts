/** `com.salesforce.plugin.smartstore.client`: every smartstore plugin function as a Promise. */
import { promiser } from './promiser.js';

const METHODS = [
  'alterSoup',
  'clearSoup',
  'closeCursor',
  'getDatabaseSize',
  'getSoupIndexSpecs',
  'moveCursorToNextPage',
  'moveCursorToPageIndex',
  'moveCursorToPreviousPage',
  'querySoup',
  'reIndexSoup',
  'registerSoup',
  'registerSoupWithSpec',
  'removeFromSoup',
  'removeSoup',
  'retrieveSoupEntries',
  'runSmartQuery',
  'soupExists',
  'upsertSoupEntries',
  'upsertSoupEntriesWithExternalId',
  'getAllStores',
  'getAllGlobalStores',
  'removeAllGlobalStores',
  'removeAllStores',
  'removeStore',
] as const;

/** The client over a smartstore plugin module. */
export function smartstoreClient(
  plugin: Record<string, unknown>,
): Record<(typeof METHODS)[number], (...args: unknown[]) => Promise<unknown>> {
  return Object.fromEntries(METHODS.map((name) => [name, promiser(plugin, name)])) as Record<
    (typeof METHODS)[number],
    (...args: unknown[]) => Promise<unknown>
  >;
}
