import { SoupkitError } from '../runtime/errors.js';

/**
 * Codes of the compatibility layer's own errors (those of the store and of
 * sync pass through as they are):
 *
 * | code | meaning |
 * | --- | --- |
 * | `COMPAT_NO_ORG` | a `net`, `oauth` or sync call before `configure({ org })` |
 * | `COMPAT_BAD_ARGUMENT` | an argument the SDK would refuse (null soup name, empty index specs, `smart` spec in `querySoup`, …) |
 * | `COMPAT_BAD_STORE_NAME` | a `storeName` that cannot be a file name |
 * | `COMPAT_UNKNOWN_MODULE` | `cordova.require` of a module the registry does not hold |
 */
export type CompatErrorCode =
  | 'COMPAT_NO_ORG'
  | 'COMPAT_BAD_ARGUMENT'
  | 'COMPAT_BAD_STORE_NAME'
  | 'COMPAT_UNKNOWN_MODULE';

/** An error of the compatibility layer (`soupkit/react-native-force`, `soupkit/cordova`). */
export class CompatError extends SoupkitError {
  declare readonly code: CompatErrorCode;

  constructor(code: CompatErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
