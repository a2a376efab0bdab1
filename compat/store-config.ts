/**
 * Which store a call means, as the SDK reads its first argument: an object
 * with `isGlobalStore` (and maybe `storeName`), a bare boolean
 * (`isGlobalStore`), or anything else for the default user store.
 */

/** A store as the SDK's JS APIs name it. */
export interface StoreConfig {
  readonly isGlobalStore?: boolean;
  readonly storeName?: string | null;
}

/** A resolved store: global or user, and its name (`DEFAULT_STORE_NAME` when none is given). */
export interface StoreRef {
  readonly isGlobalStore: boolean;
  readonly storeName: string;
}

/** The name of the store used when a call names none, as in the SDK. */
export const DEFAULT_STORE_NAME = 'smartstore';

/** Whether a first argument is a store config (the SDK tests `hasOwnProperty('isGlobalStore')`). */
export function isStoreConfig(arg: unknown): arg is StoreConfig {
  return typeof arg === 'object' && arg !== null && Object.hasOwn(arg, 'isGlobalStore');
}

/**
 * The store a first argument means.
 *
 * @example
 * toStoreRef({ isGlobalStore: true, storeName: 'cache' }); // { isGlobalStore: true, storeName: 'cache' }
 * toStoreRef(false); // the default user store
 */
export function toStoreRef(arg: unknown): StoreRef {
  if (isStoreConfig(arg)) {
    const name = arg.storeName;
    return {
      isGlobalStore: arg.isGlobalStore === true,
      storeName: typeof name === 'string' && name !== '' ? name : DEFAULT_STORE_NAME,
    };
  }
  return { isGlobalStore: arg === true, storeName: DEFAULT_STORE_NAME };
}
