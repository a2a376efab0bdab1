/**
 * `com.salesforce.plugin.network`: `sendRequest(endPoint, path, successCB,
 * errorCB, method, payload, headerParams, fileParams, returnBinary,
 * doesNotRequireAuthentication)`, the one call force.js makes in Cordova.
 */
import { positionalRequest, sendRequest } from '../net-core.js';
import { answer } from './hybrid-call.js';

type Params = Record<string, unknown> | null | undefined;

/** The plugin module's exports. */
export function networkPlugin(): Record<string, unknown> {
  return {
    sendRequest: (
      endPoint: string | null | undefined,
      path: string,
      successCB: unknown,
      errorCB: unknown,
      method?: string | null,
      payload?: Params,
      headerParams?: Params,
      fileParams?: Params,
      returnBinary?: boolean,
      doesNotRequireAuthentication?: boolean,
    ) =>
      answer(
        () =>
          sendRequest(
            positionalRequest(
              endPoint,
              path,
              method,
              payload,
              headerParams,
              fileParams,
              returnBinary,
              doesNotRequireAuthentication,
            ),
          ),
        successCB,
        errorCB,
      ),
  };
}
