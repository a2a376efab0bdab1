/**
 * The part of a `SmartStore` the inspector may touch: reads only. The server
 * is written against this type, so no write method is within its reach.
 */
import type { SmartStore } from '../runtime/store/smart-store.js';

/** A store seen through its read methods. */
export type StoreView = Pick<
  SmartStore,
  | 'getAllSoupNames'
  | 'getSoupIndexSpecs'
  | 'soupExists'
  | 'query'
  | 'queryIsolated'
  | 'count'
  | 'retrieve'
  | 'openCursor'
  | 'moveCursorToPageIndex'
  | 'closeCursor'
>;
