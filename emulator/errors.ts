import { SoupkitError } from '../runtime/errors.js';

/**
 * Codes an {@link EmulatorError} may carry:
 *
 * - `EMULATOR_DESCRIBES_NOT_FOUND`: the describes directory does not exist or cannot be read.
 * - `EMULATOR_BAD_DESCRIBE`: a describe file is not JSON or is not a describe (no `name`, no `fields`).
 * - `EMULATOR_DUPLICATE_DESCRIBE`: two describes have the same sObject name.
 * - `EMULATOR_BAD_OPTION`: an option passed to `startEmulator` is invalid (port, token, user).
 * - `EMULATOR_LISTEN_FAILED`: the server could not bind (port in use, permission).
 * - `EMULATOR_BAD_RECORDS`: seed records cannot be read, or one of them is refused.
 * - `EMULATOR_WRITE_REFUSED`: a write through `emulator.org` was refused as the REST API
 *   would refuse it; `platformCode` holds the platform's code (`REQUIRED_FIELD_MISSING`, …).
 */
export type EmulatorErrorCode =
  | 'EMULATOR_DESCRIBES_NOT_FOUND'
  | 'EMULATOR_BAD_DESCRIBE'
  | 'EMULATOR_DUPLICATE_DESCRIBE'
  | 'EMULATOR_BAD_OPTION'
  | 'EMULATOR_LISTEN_FAILED'
  | 'EMULATOR_BAD_RECORDS'
  | 'EMULATOR_WRITE_REFUSED';

/**
 * The one error family of the REST emulator; thrown while starting it, never for an
 * HTTP request (those get Salesforce-shaped error responses instead).
 *
 * @example
 * try {
 *   await startEmulator({ describes: 'missing-dir' });
 * } catch (error) {
 *   if (error instanceof EmulatorError && error.code === 'EMULATOR_DESCRIBES_NOT_FOUND') {
 *     console.error(error.message);
 *   }
 * }
 */
export class EmulatorError extends SoupkitError {
  declare readonly code: EmulatorErrorCode;

  constructor(code: EmulatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
